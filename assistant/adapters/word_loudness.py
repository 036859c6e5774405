"""Which words of a Vosk result were said loudest: the user is nearer the microphone than the room.

In babble, or over a voice like the assistant's, Vosk adds the room's words to the user's and
the whole utterance is no listed phrase: "no can't", "i have no", "right yes", "no down"
(`benchmarks/README.md`, Noise). Measured on the fitting speakers at 10 dB SNR, the user's word
was 6-26 dB above the words the room added. A listed phrase whose every word is at least
`LOUDER_DB` above each other word of the utterance is taken for what the user said.
"""

import math
from collections import deque
from typing import NamedTuple

import numpy as np

from assistant.adapters.vosk_results import Listed, content_words, negation, timed_words

LOUDER_DB = 10.0
"""Chosen on the fitting speakers at 10 dB SNR (babble, background, the assistant's voice): at
10 dB it took no word for another one (8 dB took a "yes" for "cancel" and two "no"s for "i have"
and "nausea"), and it gave back "no" 16 -> 20 of 40 in babble, 1 -> 7 of 40 over the assistant's
voice. No input but a spoken "no" became a "no" at any value from 3 to 12 dB."""
FRAME_S = 0.01
KEPT_S = 30.0
"""Levels kept; an utterance is far shorter (Vosk ends one after 0.5 s of quiet, a listen
after seconds)."""


class WordLoudness:
    """The level of every 10 ms of the audio a recogniser was given, on its own time line:
    Vosk times its words from the recogniser's creation (its `Reset` does not restart them)."""

    def __init__(self, rate_hz: int) -> None:
        self._frame_bytes = 2 * int(rate_hz * FRAME_S)
        self._levels: deque[float] = deque(maxlen=int(KEPT_S / FRAME_S))
        self._heard = 0
        """Frames heard since creation, kept or not."""
        self._pending = b""

    def hear(self, pcm: bytes) -> None:
        self._pending += pcm
        whole = len(self._pending) // self._frame_bytes * self._frame_bytes
        if not whole:
            return
        samples = np.frombuffer(self._pending[:whole], np.int16).astype(np.float64)
        power = (samples.reshape(-1, self._frame_bytes // 2) ** 2).mean(axis=1)
        self._levels.extend(10 * np.log10(power + 1.0))
        self._heard += len(power)
        self._pending = self._pending[whole:]

    def level_db(self, start_s: float, end_s: float) -> float | None:
        """The word's loud part (90th percentile of its frames); None if not all kept."""
        first_kept = self._heard - len(self._levels)
        start, end = int(start_s / FRAME_S) - first_kept, math.ceil(end_s / FRAME_S) - first_kept
        if start < 0 or end > len(self._levels) or end - start < 1:
            return None
        return float(np.percentile(list(self._levels)[start:end], 90))


def loudest_phrase(
    result_json: str, loudness: WordLoudness, listed: Listed
) -> tuple[str, float] | None:
    """The listed phrase said `LOUDER_DB` above the rest of the utterance, with its words' lowest
    confidence; None if there is none, or more than one. Never where the rest holds a negation
    ("yes" over a quiet "not") or a listed phrase of its own (two answers: "no" and "ill"), nor
    where the word after it would go on to a longer listed phrase ("no" of "no idea")."""
    timed = timed_words(result_json)
    levels = [loudness.level_db(start, end) for _, _, start, end in timed]
    heard = [Word(w, c, level) for (w, c, _, _), level in zip(timed, levels, strict=True)
             if level is not None]  # fmt: skip
    if len(heard) < 2 or len(heard) < len(timed):
        return None
    found: dict[str, float] = {}
    for first in range(len(heard)):
        for last in range(first + 1, len(heard) + 1):
            before, said, after = heard[:first], heard[first:last], heard[last:]
            phrase = listed.exact(_text(said))
            doubted = _doubts(before, listed) or _doubts(after, listed)
            if not phrase or not before + after or doubted:
                continue
            softest_said = min(w.level_db for w in said)
            if softest_said - max(w.level_db for w in before + after) < LOUDER_DB:
                continue
            if after and _goes_on(said + after[:1], listed):
                continue
            found[phrase] = min(w.confidence for w in said)
    return next(iter(found.items())) if len(found) == 1 else None


class Word(NamedTuple):
    text: str
    confidence: float
    level_db: float


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _doubts(rest: list[Word], listed: Listed) -> bool:
    """Whether words beside the phrase hold a negation or a listed phrase of their own."""
    runs = (_text(rest[a:b]) for a in range(len(rest)) for b in range(a + 1, len(rest) + 1))
    return any(negation(w.text) for w in rest) or any(map(listed.exact, runs))


def _goes_on(words: list[Word], listed: Listed) -> bool:
    """Whether the phrase and the word heard after it begin a longer listed phrase."""
    begun = content_words(_text(words)).split()
    return any(content_words(p).split()[: len(begun)] == begun for p in listed.phrases)
