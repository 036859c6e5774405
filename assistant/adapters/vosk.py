"""Vosk, the default whenever a model is installed: a streaming Kaldi recogniser whose grammar is
switched per listen, built so that it refuses to guess.

Vosk's grammar mode returns the nearest listed phrase for speech that is not listed, often with
confidence 1.0 (vosk-api issues 741, 1191, 1339). So the grammar offers more than the expected
phrases: the unknown word `[unk]`, and decoys, words that sound like an expected word without
being it ("go" against "no"). A result counts only if it is one expected phrase, word for word
but for light words and contractions (the grammar is a bigram model and can join words into
phrases nobody listed) or but for one small word of a long phrase (`vosk_results.one_word_off`),
and each of its words reached the confidence chosen from the rejection curve
(`benchmarks/vosk_english.py`).
"""

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

import vosk

from assistant.adapters.fading import Fading
from assistant.adapters.pocketsphinx.endpointing import Endpointer
from assistant.adapters.vosk_results import Listed, normalise, parse_final, unlike_a_no
from assistant.adapters.word_loudness import WordLoudness, loudest_phrase
from assistant.config import SAMPLE_RATE_HZ
from assistant.core.vocabulary import URGENT_SIGNS, URGENT_STOP
from assistant.errors import UserFacingError
from assistant.ports import UNKNOWN, Hypothesis

log = logging.getLogger(__name__)

UNKNOWN_TOKENS = ("[unk]", "<UNK>", "<unk>")
"""How models spell the unknown word: English models use `[unk]`, some others `<UNK>`."""

DECOYS = {"no": ("go", "so", "low", "down", "nine"), "stop": ("up",)}
"""Words Vosk took for "no" or "stop" among the fitting speakers of Speech Commands ("go" as
"no" 22 times in 98 with `[unk]` alone). Each kept decoy stopped false acceptances there and
cost no recall; "yet", "guess", "top", "step" stopped none and took real answers (7 of 94
"yes"), "now" took 29 of 145 "no"s: left out (benchmarks/README.md). Over the assistant's
voice none stands against "stop": a missed stop is the worse error there, and a "stop" whose
start the canceller muted is heard "up"."""

_DECOYS = tuple(d for words in DECOYS.values() for d in words)

EAGER_PHRASES = ("stop", "cancel", "quit")
"""What Vosk listens for while the assistant speaks, its echo not cancelled. Mixed with its voice
(-6 and 0 dB), 8 real "stop"s were heard 0 times with `[unk]` in the grammar, 0-1 times among
all urgent phrases (the voice decodes as "unwell", "sore"), 7-8 times with these three alone.
The echo gate keeps the assistant's voice alone out (it decodes as "stop" in this grammar).
Cancelled, the whole grammar is heard (`_only_urgent`): "repeat" over it, 12 of 12 at 0 dB."""

_URGENT = frozenset(normalise(p) for p in (*URGENT_STOP, *URGENT_SIGNS))

QUIET_FRAMES_TO_END = 2
"""60 ms of quiet after a whole expected phrase ends the utterance. Vosk's partial already is
its final (PocketSphinx decodes again and needs 0.24 s): on 30 held-out "yes"/"no" clips the
end of the word to the final went from 590 ms (0.24 s) to 400 ms (median), none lost."""

MIN_CONFIDENCE = 0.5
"""Every word of the result must reach this (Vosk's per-word posterior). On both speaker groups
any floor from 0 to 0.6 gave the same figures (the decoys do the work); 0.5 is also the
dialog's floor for a clear answer, so what Vosk accepts the dialog does not doubt."""


def load_model(path: Path) -> "vosk.Model":
    """Loads once (about a second, ~100 MB); raises RuntimeError with Vosk's reason."""
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
    """Partials as they change; a final when the words are a whole expected phrase and the voice
    has paused (60 ms) or faded (`fading`: only if no longer expected phrase begins with these
    words, since "no" may yet become "no idea"), else when Vosk's own endpointer hears 0.5 s
    of silence."""

    name = "Vosk"
    sample_rate_hz = SAMPLE_RATE_HZ

    def __init__(
        self,
        model: "vosk.Model",
        min_confidence: float = MIN_CONFIDENCE,
        decoys: bool = True,
    ) -> None:
        self._model = model
        self._min_confidence = min_confidence
        self._decoys = decoys
        self._unknown = next((t for t in UNKNOWN_TOKENS if model.vosk_model_find_word(t) >= 0), "")
        self._recognizer = vosk.KaldiRecognizer(model, float(self.sample_rate_hz))
        self._recognizer.SetWords(True)
        self._loudness = WordLoudness(self.sample_rate_hz)
        self._phrases: tuple[str, ...] = ()
        self._eager = False
        self._warned: set[str] = set()
        self._last_partial = ""
        self._pending = b""
        self._endpointer = Endpointer(QUIET_FRAMES_TO_END)
        self._fading = Fading()
        self._listed = Listed(())

    def missing_words(self, phrases: Sequence[str]) -> list[str]:
        """Words of these phrases the model's vocabulary lacks: Vosk would silently drop them."""
        words = dict.fromkeys(w for p in phrases for w in normalise(p).split())
        return [w for w in words if self._model.vosk_model_find_word(w) < 0]

    def grammar(self) -> list[str]:
        """The expected phrases, the decoys of their words, and the unknown word; only the stop
        commands when eager over the echo itself (`EAGER_PHRASES`)."""
        if self._eager and self._only_urgent():
            return [p for p in self._phrases if p in EAGER_PHRASES] or list(self._phrases)
        against = [p for p in self._phrases if p != "stop" or not self._eager]  # leans to a stop
        decoys = [d for p in against for d in DECOYS.get(p, ()) if self._decoys]
        extra = [d for d in dict.fromkeys(decoys) if d not in self._phrases]
        unknown = [self._unknown] if self._unknown else []
        return [*self._phrases, *[d for d in extra if not self.missing_words([d])], *unknown]

    def _only_urgent(self) -> bool:
        """Over the uncancelled echo only the urgent phrases are expected (`over_speech`);
        with the echo cancelled the whole grammar is, and is heard as when the assistant is
        quiet: over the canceller's residue, "repeat" is told from "stop" and the rest."""
        return all(p in _URGENT for p in self._phrases)

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        """`eager` (a word over the assistant's own voice): with only the urgent phrases
        expected (the echo is in the microphone, behind the echo gate), only the stop commands
        (`EAGER_PHRASES`); with the whole grammar (the echo cancelled), as when quiet."""
        self._eager = eager
        wanted = dict.fromkeys(unlike_a_no(tuple(normalise(p) for p in phrases)))
        self._phrases = tuple(p for p in wanted if p and self._known(p))
        self._listed = Listed(self._phrases)
        # Reset first: Vosk aborts the process on a grammar change in mid-utterance.
        self._recognizer.Reset()
        self._recognizer.SetGrammar(json.dumps(self.grammar() or ["[unk]"], ensure_ascii=False))
        self._reset_utterance()

    def _known(self, phrase: str) -> bool:
        missing = self.missing_words([phrase])
        if missing and phrase not in self._warned:
            self._warned.add(phrase)  # once, not at every listen
            log.warning("dropping %r: not in the model's vocabulary: %s", phrase, missing)
        return not missing

    def accept(self, pcm: bytes) -> Hypothesis | None:
        self._loudness.hear(pcm)
        if self._recognizer.AcceptWaveform(pcm):
            self._reset_utterance()
            return self._final(self._recognizer.Result())
        text = str(json.loads(self._recognizer.PartialResult()).get("partial", ""))
        paused, faded = self._voice_paused(pcm)
        phrase = self._listed.exact(text)
        if phrase and (paused or (faded and phrase not in self._listed.extended)):
            return self.finish()  # Vosk starts a new utterance after its final result
        if not text or text == self._last_partial:
            return None
        self._last_partial = text
        return Hypothesis(text, self._match(phrase, 1.0), None, final=False)

    def _voice_paused(self, pcm: bytes) -> tuple[bool, bool]:
        """Whether the voice detector has heard quiet long enough since the voice last spoke,
        and whether the voice has faded far below its recent loudest (`FADED_SHARE`)."""
        self._pending += pcm
        size, paused = self._endpointer.frame_bytes, False
        while len(self._pending) >= size:
            frame, self._pending = self._pending[:size], self._pending[size:]
            self._endpointer.process(frame)
            paused = paused or self._endpointer.pausing
        return paused, self._fading.faded(pcm)

    def finish(self) -> Hypothesis | None:
        self._reset_utterance()
        return self._final(self._recognizer.FinalResult())

    def _final(self, result_json: str) -> Hypothesis | None:
        parsed = parse_final(result_json)
        if parsed is None:
            return None
        text, confidence = parsed
        phrase = self._listed.exact(text)
        near = None if phrase else self._listed.near(text, _DECOYS)
        if near is not None:  # one word off a long phrase: that word cannot doubt it
            phrase, confidence = near[0], (parse_final(result_json, near[1]) or parsed)[1]
        if loud := None if phrase else loudest_phrase(result_json, self._loudness, self._listed):
            phrase, confidence = loud  # said over quieter words of the room (`word_loudness`)
        return Hypothesis(text, self._match(phrase, confidence), confidence, final=True)

    def _match(self, phrase: str, confidence: float) -> str:
        """The phrase the whole utterance is ("" for none), if each word was confident enough."""
        return phrase if phrase and confidence >= self._min_confidence else UNKNOWN

    def _reset_utterance(self) -> None:
        self._last_partial = ""
        self._pending = b""
        self._endpointer = Endpointer(QUIET_FRAMES_TO_END)
        self._fading = Fading()


class VoskLoadingInBackground:
    """A `VoskRecognizer` whose model loads on a thread (C code: Python runs meanwhile) while
    the session starts; the first call waits for it, or fails there with one clear line."""

    name = "Vosk"
    sample_rate_hz = SAMPLE_RATE_HZ

    def __init__(self, path: Path) -> None:
        self._loading = ThreadPoolExecutor(1, thread_name_prefix="vosk-load")
        self._recognizer = self._loading.submit(lambda: VoskRecognizer(load_model(path)))
        self._loading.shutdown(wait=False)

    def _ready(self) -> VoskRecognizer:
        try:
            return self._recognizer.result()
        except RuntimeError as error:
            raise UserFacingError(str(error)) from error

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        self._ready().set_expected(phrases, eager)

    def accept(self, pcm: bytes) -> Hypothesis | None:
        return self._ready().accept(pcm)

    def finish(self) -> Hypothesis | None:
        return self._ready().finish()
