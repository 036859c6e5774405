"""Fake clock, microphone, recogniser, speaker and dialog for the runtime's own logic.

Time is a number the fakes move: the microphone "waits" by advancing the clock, so a
ten-minute session costs no real time. A block of audio is a script token: b"partial:stop"
makes the recogniser report a partial "stop".
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.config import SAMPLE_RATE_HZ
from assistant.core.actions import Action, End, Listen, Say, StopSpeaking
from assistant.core.dialog import Status
from assistant.core.events import Event, Heard, Silence, Start, Tick
from assistant.ports import UNKNOWN, AudioDeviceLost, Hypothesis, PlayedLine

BLOCK_S = 0.1
WORD_S = 0.3
"""How long the fake speaker takes per word."""


@dataclass
class FakeClock:
    t: float = 0.0

    def now(self) -> float:
        return self.t


@dataclass
class FakeMicrophone:
    """Delivers `script[t]` for the block that ends at t (rounded to blocks); silence otherwise."""

    clock: FakeClock
    script: dict[float, bytes] = field(default_factory=dict)
    lost_at: float | None = None

    def read(self, timeout_s: float) -> bytes | None:
        if self.lost_at is not None and self.clock.t >= self.lost_at:
            raise AudioDeviceLost("the microphone (fake) stopped working")
        next_block = (round(self.clock.t / BLOCK_S) + 1) * BLOCK_S
        if next_block - self.clock.t > timeout_s + 1e-9:
            self.clock.t += timeout_s
            return None
        self.clock.t = round(next_block, 6)
        return self.script.get(round(self.clock.t, 1), b"")

    def close(self) -> None: ...


@dataclass
class FakeEchoGate:
    """Lets every block through; the user's voice is "heard above the echo" at `user_at` times."""

    clock: FakeClock
    user_at: tuple[float, ...] = ()

    @property
    def passed_at(self) -> float | None:
        return max((t for t in self.user_at if t <= self.clock.t + 1e-9), default=None)

    relearned: int = 0

    def relearn(self) -> None:
        self.relearned += 1

    def filter(self, pcm: bytes, ended_at: float, judged: bytes | None = None) -> bytes:
        return pcm


@dataclass
class FakeCanceller:
    """Passes every block; counts as converged from `cancelling_from` on."""

    clock: FakeClock
    cancelling_from: float = 0.0
    blocks: int = 0
    judged: bytes = b""

    @property
    def cancelling(self) -> bool:
        return self.clock.t >= self.cancelling_from

    def cancel(self, pcm: bytes) -> bytes:
        self.blocks += 1
        self.judged = pcm
        return pcm


@dataclass
class FakeRecognizer:
    clock: FakeClock
    sample_rate_hz: int = SAMPLE_RATE_HZ
    name: str = "Fake"
    grammars: list[tuple[float, tuple[str, ...]]] = field(default_factory=list)
    eager: list[bool] = field(default_factory=list)
    utterance: list[str] = field(default_factory=list)

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        self.grammars.append((self.clock.t, tuple(phrases)))
        self.eager.append(eager)
        self.utterance = []

    def accept(self, pcm: bytes) -> Hypothesis | None:
        """Each token adds its word (if any) to the utterance in progress; a final ends it."""
        if not pcm:
            return None
        kind, word = pcm.decode().split(":")
        self.utterance += [word] if word else []
        text = " ".join(self.utterance)
        if kind == "final":
            self.utterance = []
        expected = self.grammars[-1][1] if self.grammars else ()
        heard = text if text in expected else UNKNOWN
        return Hypothesis(text, heard, 0.9, final=kind == "final")

    def finish(self) -> Hypothesis | None:
        return None


@dataclass
class FakeSpeaker:
    """Lines take WORD_S a word; a marked phrase ('stop') is placed at its word."""

    clock: FakeClock
    marked: tuple[str, ...] = ("stop",)
    played: list[PlayedLine] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)
    said: list[tuple[float, str]] = field(default_factory=list)
    aborted_at: list[float] = field(default_factory=list)
    adjusted: list[tuple[int, float]] = field(default_factory=list)
    output_delay_s: float = 0.0
    ducked: list[tuple[float, bool]] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.said.append((self.clock.t, text))
        start = max(self.clock.t, self._busy_until())
        words = text.lower().replace(".", "").replace(",", "").split()
        marks = tuple(
            (word, start + i * WORD_S, start + (i + 1) * WORD_S)
            for i, word in enumerate(words)
            if word in self.marked
        )
        self.played.append(PlayedLine(text, start, start + len(words) * WORD_S, marks))

    def _busy_until(self) -> float:
        return max((line.ended_at or 0.0 for line in self.played), default=0.0)

    def abort(self) -> None:
        """Queued lines are dropped; the one playing is cut off now."""
        now = self.clock.t
        self.aborted_at.append(now)
        self.played = [
            line
            if (line.ended_at or 0.0) <= now
            else PlayedLine(line.text, line.started_at, now, line.marked)
            for line in self.played
            if line.started_at <= now
        ]

    def is_speaking(self) -> bool:
        return self._busy_until() > self.clock.t

    def duck(self, ducked: bool) -> None:
        self.ducked.append((self.clock.t, ducked))

    def adjust(self, rate_delta_wpm: int, volume_delta: float) -> None:
        self.adjusted.append((rate_delta_wpm, volume_delta))

    def history(self) -> tuple[PlayedLine, ...]:
        return tuple(line for line in self.played if line.started_at <= self.clock.t)

    def close(self) -> None: ...


@dataclass
class FakeDialog:
    """Greets, waits for 'yes', then guides one 60 s step with cues at 10 s and 20 s; with
    `step_s`, a step that long ends the session as completed."""

    greeting: str = "Say stop at any time. Shall we begin?"
    instruction: str = "Circle your palm slowly around the navel, " + "gently " * 30
    events: list[tuple[float, Event]] = field(default_factory=list)
    step_started_at: float | None = None
    cues_spoken: int = 0
    ended_with: End | None = None
    step_s: float | None = None

    CUES = ((10.0, "Ten seconds."), (20.0, "Twenty seconds."))
    EXPECT = ("yes", "no", "stop", "it hurts", "slower", "repeat")

    @property
    def ended(self) -> bool:
        return self.ended_with is not None

    @property
    def next_deadline(self) -> float | None:
        if self.step_started_at is None or self.cues_spoken == len(self.CUES):
            return None
        return self.step_started_at + self.CUES[self.cues_spoken][0]

    def status(self, now: float) -> Status:
        if self.step_started_at is None:
            return Status("Menu")
        length = self.step_s or 60.0
        remaining = self.step_started_at + length - now
        return Status("Guiding", "Tummy", "circles", 1, 1, remaining, length)

    def handle(self, event: Event, now: float) -> list[Action]:
        if not isinstance(event, Tick):
            self.events.append((now, event))
        if self.ended:
            return []
        match event:
            case Start():
                return [Say(self.greeting, "prompt"), Listen(self.EXPECT, 5.0, "confirm")]
            case Heard(text="stop" | "it hurts"):
                self.ended_with = End("stopped")
                return [StopSpeaking(), Say("Stopped.", "prompt"), self.ended_with]
            case Heard(text="repeat", partial=False) if self.step_started_at is None:
                return [StopSpeaking(), Say(self.greeting, "prompt")]
            case Heard(text="yes", partial=False) if self.step_started_at is None:
                self.step_started_at = now
                return [Say(self.instruction, "instruction"), Listen(self.EXPECT, 10.0, "session")]
            case Tick() if self._step_over(now):
                self.ended_with = End("completed")
                return [Say("Well done.", "prompt"), self.ended_with]
            case Tick() if self.next_deadline is not None and now >= self.next_deadline:
                self.cues_spoken += 1
                return [Say(self.CUES[self.cues_spoken - 1][1], "cue")]
            case Silence() if self.step_started_at is None:
                self.ended_with = End("no_response")
                return [Say("Goodbye.", "prompt"), self.ended_with]
        return []

    def _step_over(self, now: float) -> bool:
        started, length = self.step_started_at, self.step_s
        return started is not None and length is not None and now >= started + length

    def heard(self) -> list[tuple[float, Event]]:
        return [(t, e) for t, e in self.events if isinstance(e, Heard | Silence)]
