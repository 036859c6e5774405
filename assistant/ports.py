"""Every interface the edges fit, and the messages that cross them.

Real adapters and test fakes plug in without inheritance. This module imports nothing of ours
but the core's plain data (actions, events, the dialog's status), so every floor can use it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO

from assistant.core.actions import Action
from assistant.core.events import Event
from assistant.core.status import Status

UNKNOWN = "unknown"
"""The `word` of a hypothesis that matched none of the expected phrases."""


@dataclass(frozen=True)
class Hypothesis:
    """What a recogniser heard in the current utterance so far (partial) or in all of it (final)."""

    text: str
    """The raw words the engine decoded (may include filler or `[unk]`)."""
    word: str
    """The expected phrase it matched, or `UNKNOWN`: never the nearest phrase by guess."""
    confidence: float | None
    """0..1, the engine's belief that `word` is right; None from an engine that has no usable
    one (PocketSphinx): then its grammar's rejection (`UNKNOWN`) is the only filter."""
    final: bool
    """True at the end of an utterance; False for a partial result."""


class Recognizer(Protocol):
    """Streaming speech recognition restricted to the phrases the dialog expects."""

    sample_rate_hz: int

    @property
    def name(self) -> str:
        """The engine as users know it ("Vosk", "PocketSphinx"), for the screen and reports."""

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
    """Blocks of mono int16 audio at `config.SAMPLE_RATE_HZ` from an input device."""

    def read(self, timeout_s: float) -> bytes | None:
        """The next block, or None if none arrived in `timeout_s`. Raises `AudioDeviceLost`."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class PlayedLine:
    """A line that reached the speaker, on the session's monotonic clock."""

    text: str
    started_at: float
    """When its first sample was due at the device (callback time plus output latency)."""
    ended_at: float | None
    """When its last sample was due (or it was cut off); None while it plays."""
    marked: tuple[tuple[str, float, float], ...]
    """Each marked phrase (stop, symptoms) it speaks, with its start and end times."""


class Speaker(Protocol):
    """Speech out that can be cut off at once, and that tells what it played and when, so the
    runtime can tell its own voice coming back through the microphone from the user's."""

    def say(self, text: str) -> None:
        """Queue a line; lines are spoken in order, each after the one before."""

    def abort(self) -> None:
        """Silence at once and drop everything queued."""

    def is_speaking(self) -> bool: ...

    def adjust(self, rate_delta_wpm: int, volume_delta: float) -> None:
        """Change rate and volume for the lines that follow."""

    def duck(self, ducked: bool) -> None:
        """Lower the voice while the user talks over it; restore it when False."""

    def history(self) -> tuple[PlayedLine, ...]:
        """The last lines played (the current one last), with their marked phrases."""

    def loudest(self, start: float, end: float) -> float:
        """The highest block RMS (0..1) played between `start` and `end`: the echo gate's
        reference."""

    def close(self) -> None: ...

    @property
    def output_delay_s(self) -> float:
        """From `say` to the line's first sound at the device, when nothing else is playing."""


class EchoCanceller(Protocol):
    """Removes the speaker's echo from the microphone's blocks, with what the speaker played as
    the reference (`adapters.echo_canceller`)."""

    @property
    def cancelling(self) -> bool:
        """Whether the echo is being removed now (converged, and the reference flows)."""

    def cancel(self, pcm: bytes) -> bytes:
        """The block the microphone just gave, with the echo removed (every block, in order)."""

    @property
    def judged(self) -> bytes:
        """The samples `cancel` last returned, as the full canceller left them: nearly only
        the user's voice, its onset cut in double talk. What the echo gate judges by, where
        the recogniser hears a signal with more echo left and the word whole."""


@dataclass(frozen=True)
class AudioParts:
    """The devices and the engine of one voice session, opened from `Settings`."""

    microphone: Microphone
    recognizer: Recognizer
    speaker: Speaker
    hears_itself: bool = True
    """The microphone can hear the speaker (a loudspeaker, not a printed line): the echo gate
    must stand between them."""
    canceller: EchoCanceller | None = None
    """None where the speaker gives no reference or the canceller is off."""

    def close(self) -> None:
        self.microphone.close()
        self.speaker.close()


class Clock(Protocol):
    """Monotonic seconds; the only source of time for the runtime."""

    def now(self) -> float: ...


class DialogPort(Protocol):
    """What the runtime needs of `assistant.core.dialog.Dialog` (tests pass a small fake)."""

    @property
    def ended(self) -> bool: ...

    @property
    def next_deadline(self) -> float | None: ...

    def handle(self, event: Event, now: float) -> list[Action]: ...

    def status(self, now: float) -> Status: ...


class EchoFilter(Protocol):
    """What the runtime needs of `assistant.voice.echo_gate.EchoGate`: the one place where
    microphone audio is cleaned of the assistant's own voice before the recogniser hears it."""

    @property
    def passed_at(self) -> float | None:
        """When the user's voice was last heard above the assistant's echo."""

    def relearn(self) -> None:
        """The echo left has changed (the canceller has just converged): what was learned of
        its level no longer holds."""

    def filter(self, pcm: bytes, ended_at: float, judged: bytes | None = None) -> bytes:
        """`pcm` with the echo silenced; `judged`, where given, is what to tell the user's
        voice from the echo by (`EchoCanceller.judged`)."""


@dataclass(frozen=True)
class View:
    """One moment of the session as the screen shows it."""

    status: Status
    heard: str
    """The last phrase the recogniser matched."""
    can_say: tuple[str, ...]
    saying: str
    """The line being spoken now, if any."""


class Display(Protocol):
    """Where the session shows its state: a terminal panel, a log, a transcript."""

    def show(self, view: View) -> None: ...


class ChatClock(Protocol):
    """Time for the text chat: real (cues fire while you type) or virtual (no waiting)."""

    def now(self) -> float:
        """Seconds since the session started."""

    def speak(self, duration_s: float) -> None:
        """A line is being said for `duration_s`."""

    def wait_until(self, t: float) -> None: ...

    def read_line(self, lines: TextIO, window_end: float) -> str | None:
        """The next input line, or None for silence until `window_end` (or end of input)."""

    @property
    def input_ended(self) -> bool:
        """No more lines will come: silence from now on."""


class AudioDeviceLost(RuntimeError):
    """An audio device disappeared or failed; the session ends with a clear message."""
