"""Vosk, preferred whenever a model is installed: a streaming Kaldi recogniser whose grammar is
switched per listen, with an explicit unknown-word path so that unexpected speech is not forced
onto the nearest expected phrase."""

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import vosk

from assistant.config import SAMPLE_RATE_HZ
from assistant.ports import UNKNOWN, Hypothesis

log = logging.getLogger(__name__)

UNKNOWN_TOKENS = ("[unk]", "<UNK>", "<unk>")
"""How models spell the unknown word: English models use `[unk]`, some others `<UNK>`."""


def load_model(path: Path) -> "vosk.Model":
    """Loads once (seconds and hundreds of MB); raises RuntimeError with Vosk's reason."""
    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(str(path))
    except Exception as error:
        raise RuntimeError(f"Vosk could not load the model in {path}: {error}") from error


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
        result = json.loads(result_json)
        text = str(result.get("text", ""))
        if not text:
            return None
        confidences = [float(w.get("conf", 0.0)) for w in result.get("result", [])]
        confidence = min(confidences, default=0.0)
        return Hypothesis(text, self._match(text), confidence, final=True)

    def _match(self, text: str) -> str:
        """The phrase only if the whole utterance is exactly it; `[unk]` anywhere means unknown."""
        return text if text in self._phrases else UNKNOWN
