"""The small interfaces the edges fit. Real adapters and test fakes plug in without inheritance."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

UNKNOWN = "unknown"
"""The `word` of a hypothesis that matched none of the expected phrases."""


@dataclass(frozen=True)
class Hypothesis:
    """What a recogniser heard in the current utterance so far (partial) or in all of it (final)."""

    text: str
    """The raw words the engine decoded (may include filler or `[unk]`)."""
    word: str
    """The expected phrase it matched, or `UNKNOWN`: never the nearest phrase by guess."""
    confidence: float
    """0..1, the engine's belief that `word` is right."""
    final: bool
    """True at the end of an utterance; False for a partial result."""


class Recognizer(Protocol):
    """Streaming speech recognition restricted to the phrases the dialog expects."""

    sample_rate_hz: int

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        """Limit recognition to these phrases (plus an unknown path); starts a new utterance.

        `eager`: lean towards hearing an expected phrase rather than refusing. For "stop" over
        the assistant's own voice, where a missed stop costs more than a false one and the
        echo gate stands guard. An engine whose rejection costs little recall may ignore it.
        """

    def accept(self, pcm: bytes) -> Hypothesis | None:
        """Feed 16-bit mono PCM at `sample_rate_hz`; returns a new partial or final, if any."""

    def finish(self) -> Hypothesis | None:
        """End of audio: the final hypothesis of the utterance in progress, if it holds speech."""


class Microphone(Protocol):
    """Blocks of 16 kHz mono int16 audio from an input device."""

    def read(self, timeout_s: float) -> bytes | None:
        """The next block, or None if none arrived in `timeout_s`. Raises `AudioDeviceLost`."""

    def close(self) -> None: ...


class Speaker(Protocol):
    """Speech out that can be cut off at once."""

    def say(self, text: str) -> None:
        """Queue a line; lines are spoken in order, each after the one before."""

    def abort(self) -> None:
        """Silence at once and drop everything queued."""

    def is_speaking(self) -> bool: ...

    def adjust(self, rate_delta_wpm: int, volume_delta: float) -> None:
        """Change rate and volume for the lines that follow."""

    def close(self) -> None: ...


class Clock(Protocol):
    """Monotonic seconds; the only source of time for the runtime."""

    def now(self) -> float: ...


class AudioDeviceLost(RuntimeError):
    """An audio device disappeared or failed; the session ends with a clear message."""
