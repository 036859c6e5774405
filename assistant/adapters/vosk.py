"""Vosk, preferred whenever a model is installed: a streaming Kaldi recogniser whose grammar is
switched per listen, with an explicit unknown-word path so that unexpected speech is not forced
onto the nearest expected phrase."""

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import vosk

from assistant.config import SAMPLE_RATE_HZ
from assistant.ports import UNKNOWN, Hypothesis

log = logging.getLogger(__name__)

UNKNOWN_TOKENS = ("[unk]", "<UNK>", "<unk>")
"""How models spell the unknown word: English models use `[unk]`, some others `<UNK>`."""


def load_model(path: Path) -> "vosk.Model":
    """Loads once (seconds and hundreds of MB); raises RuntimeError with Vosk's reason."""
    vosk.SetLogLevel(-1)
    with _kaldi_errors() as errors:
        try:
            return vosk.Model(str(path))
        except Exception as error:
            reason = errors.read().strip().splitlines() or [str(error)]
            raise RuntimeError(
                f"Vosk could not load the model in {path}: {reason[-1].split(') ', 1)[-1]}"
            ) from error


@contextlib.contextmanager
def _kaldi_errors() -> Iterator[IO[str]]:
    """Kaldi writes its errors straight to file descriptor 2, whatever the log level: caught
    here, so a junk model is one line of ours, with Kaldi's reason in it."""
    with tempfile.TemporaryFile("w+") as caught:
        saved = os.dup(2)
        os.dup2(caught.fileno(), 2)
        try:
            yield caught
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)


class VoskRecognizer:
    """Partials as they change, a final when Vosk's endpointer hears the utterance end."""

    sample_rate_hz = SAMPLE_RATE_HZ

    def __init__(self, model: "vosk.Model") -> None:
        self._model = model
        self._unknown = next((t for t in UNKNOWN_TOKENS if model.vosk_model_find_word(t) >= 0), "")
        self._recognizer = vosk.KaldiRecognizer(model, float(self.sample_rate_hz))
        self._recognizer.SetWords(True)
        self._phrases: tuple[str, ...] = ()
        self._last_partial = ""

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        """`eager` is not needed: Vosk's `[unk]` costs little recall, so it stays."""
        wanted = dict.fromkeys(" ".join(p.lower().split()) for p in phrases)
        self._phrases = tuple(p for p in wanted if p and self._known(p))
        grammar = [*self._phrases, self._unknown] if self._unknown else list(self._phrases)
        self._recognizer.SetGrammar(json.dumps(grammar or ["[unk]"], ensure_ascii=False))
        self._recognizer.Reset()
        self._last_partial = ""

    def _known(self, phrase: str) -> bool:
        missing = [w for w in phrase.split() if self._model.vosk_model_find_word(w) < 0]
        if missing:
            log.warning("dropping %r: not in the model's vocabulary: %s", phrase, missing)
        return not missing

    def accept(self, pcm: bytes) -> Hypothesis | None:
        if self._recognizer.AcceptWaveform(pcm):
            self._last_partial = ""
            return self._final(self._recognizer.Result())
        text = str(json.loads(self._recognizer.PartialResult()).get("partial", ""))
        if not text or text == self._last_partial:
            return None
        self._last_partial = text
        return Hypothesis(text, self._match(text), 0.0, final=False)

    def finish(self) -> Hypothesis | None:
        self._last_partial = ""
        return self._final(self._recognizer.FinalResult())

    def _final(self, result_json: str) -> Hypothesis | None:
        parsed = parse_final(result_json)
        if parsed is None:
            return None
        text, confidence = parsed
        return Hypothesis(text, self._match(text), confidence, final=True)

    def _match(self, text: str) -> str:
        """The phrase only if the whole utterance is exactly it; `[unk]` anywhere means unknown."""
        return text if text in self._phrases else UNKNOWN


def parse_final(result_json: str) -> tuple[str, float] | None:
    """The words and the lowest word confidence (0..1) of a Vosk result; None when it holds no
    words, or is not the JSON object Vosk documents (nothing heard is safer than a guess)."""
    try:
        result = json.loads(result_json)
    except ValueError:
        return None
    text = result.get("text") if isinstance(result, dict) else None
    if not isinstance(text, str) or not text.strip():
        return None
    words = result.get("result")
    confidences = [
        word.get("conf") for word in (words if isinstance(words, list) else [])
        if isinstance(word, dict)
    ]  # fmt: skip
    numbers = [
        float(c) for c in confidences
        if isinstance(c, int | float) and not isinstance(c, bool) and 0 <= c <= 1
    ]  # fmt: skip
    return " ".join(text.split()), min(numbers, default=0.0)
