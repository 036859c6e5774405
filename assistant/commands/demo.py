"""A whole spoken session with no sound card: virtual devices, and a synthetic user.

The assistant runs exactly as in `run` (the same loop, speaker, microphone and recogniser); the
user is an espeak-ng voice of its own played into the virtual microphone. It asks about
constipation, answers the screening, follows two steps (pausing the second for a few seconds with
"hold on", then "continue") and says "stop" halfway through the third. Both voices go to
`<out>/session.wav`, and what was said and heard, with times, to `<out>/transcript.txt`.
"""

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from assistant.adapters.factory import open_parts
from assistant.adapters.files import check_writable, write_atomic
from assistant.adapters.pulse import MIC, SPEAKER, Recording, VirtualAudio, write_wav
from assistant.adapters.speech_synth import SpeechSynth, Voice
from assistant.config import SAMPLE_RATE_HZ, Settings
from assistant.content_files import load_content
from assistant.core.actions import Action, Listen, Say
from assistant.core.dialog import Dialog, Status
from assistant.core.events import Event
from assistant.ports import Hypothesis, Recognizer, Speaker, View
from assistant.voice.display import ScreenDisplay
from assistant.voice.runtime import MonotonicClock
from assistant.voice.self_echo import URGENT_PHRASES
from assistant.voice.wiring import SessionParts, run_session

USER_VOICE = Voice("en-us+f3", 150)
"""Not the assistant's voice: the recogniser must not be tuned to one speaker."""
ANSWERS = {"screening": "no", "confirm": "yes"}
"""Plain answers, as people give them: Vosk hears them."""
POCKETSPHINX_ANSWERS = {"screening": "not at all", "confirm": "yes"}
"""PocketSphinx, the fallback, often hears a synthetic one-word "no" as "oh" and asks again."""
REPLY_AFTER_S = 0.6
"""How long the user waits after the assistant falls silent before answering."""
PAUSE_AFTER_S = 2.0
"""In the second step: how long after the instruction the user says "pause"."""
PAUSED_FOR_S = 5.0
"""How long the user stays paused (after the assistant's reply) before saying "resume"."""


@dataclass
class SyntheticUser:
    """Answers whatever the dialog listens for, once the assistant has finished speaking."""

    audio: VirtualAudio
    speaker: Speaker
    synth: SpeechSynth
    folder: Path
    clock: MonotonicClock
    answers: dict[str, str] = field(default_factory=lambda: dict(ANSWERS))
    said: list[tuple[float, str]] = field(default_factory=list)
    _reply: str | None = None
    _stop_at: float | None = None
    _pauses: list[tuple[float, str]] = field(default_factory=list)
    """What the user will say during the second step, each after that long a quiet spell."""
    _instructions: int = 0
    _quiet_since: float | None = None
    _heard_speech: bool = False
    _playing: list["subprocess.Popen[bytes]"] = field(default_factory=list)

    def observe(self, actions: list[Action], status: Status) -> None:
        for action in actions:
            if isinstance(action, Say):
                self._quiet_since, self._heard_speech = None, False
            if isinstance(action, Say) and action.kind == "instruction":
                self._instructions += 1
                if self._instructions == 2:
                    self._pauses = [(PAUSE_AFTER_S, "hold on"), (PAUSED_FOR_S, "continue")]
                if self._instructions == 3:
                    self._stop_at = self.clock.now() + status.step_duration_s / 2
            if isinstance(action, Listen):
                self._reply = self._answer(action)

    def _answer(self, listen: Listen) -> str | None:
        if listen.context in ("menu", "question") and not self.said:
            return "which massage helps with constipation"
        return self.answers.get(listen.context)

    def act(self) -> None:
        now = self.clock.now()
        if self._stop_at is not None and now >= self._stop_at:
            self._stop_at, self._reply = None, None
            self._say("stop")
            return
        if self.speaker.is_speaking():
            self._quiet_since, self._heard_speech = None, True
            return
        if not self._heard_speech:
            return  # a line is on its way to the speaker: wait for it, then answer
        self._quiet_since = self._quiet_since or now
        if self._reply is not None and now - self._quiet_since >= REPLY_AFTER_S:
            reply, self._reply = self._reply, None
            self._say(reply)
        elif self._pauses and now - self._quiet_since >= self._pauses[0][0]:
            self._say(self._pauses.pop(0)[1])
            self._heard_speech = False  # the next one waits for the assistant's reply

    def _say(self, text: str) -> None:
        rendered = self.synth.render(text, USER_VOICE)
        wav = self.folder / f"user_{len(self.said)}.wav"
        write_wav(wav, rendered.samples, rendered.rate_hz)
        self.said.append((self.clock.now(), text))
        self._playing = [p for p in self._playing if p.poll() is None]
        self._playing.append(self.audio.play_into_mic(wav))


@dataclass
class UserInTheLoop:
    """The dialog, with the synthetic user watching what it asks (a `ports.DialogPort`)."""

    dialog: Dialog
    user: SyntheticUser

    @property
    def ended(self) -> bool:
        return self.dialog.ended

    @property
    def next_deadline(self) -> float | None:
        return self.dialog.next_deadline

    def handle(self, event: Event, now: float) -> list[Action]:
        actions = self.dialog.handle(event, now)
        self.user.observe(actions, self.dialog.status(now))
        self.user.act()
        return actions

    def status(self, now: float) -> Status:
        return self.dialog.status(now)


@dataclass
class LoggedRecognizer:
    """The recogniser, with every final result kept for the transcript."""

    recognizer: Recognizer
    clock: MonotonicClock
    finals: list[tuple[float, str]] = field(default_factory=list)
    sample_rate_hz: int = SAMPLE_RATE_HZ

    @property
    def name(self) -> str:
        return self.recognizer.name

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        self.recognizer.set_expected(phrases, eager)

    def accept(self, pcm: bytes) -> Hypothesis | None:
        hypothesis = self.recognizer.accept(pcm)
        if hypothesis is not None and hypothesis.final:
            line = f"recognised: {hypothesis.text!r} as {hypothesis.word}"
            confidence = hypothesis.confidence
            shown = f" ({confidence:.2f})" if confidence is not None else ""
            self.finals.append((self.clock.now(), line + shown))
        return hypothesis

    def finish(self) -> Hypothesis | None:
        return self.recognizer.finish()


@dataclass
class Transcript:
    """A display that also keeps every change, with its time, for transcript.txt."""

    screen: ScreenDisplay
    clock: MonotonicClock
    lines: list[tuple[float, str]] = field(default_factory=list)
    _last: tuple[str, str] = ("", "")
    _paused: bool = False

    def show(self, view: View) -> None:
        self.screen.show(view)
        now = self.clock.now()
        if view.status.paused != self._paused:
            self._paused = view.status.paused
            change = "paused" if self._paused else "resumed"
            left = view.status.step_remaining_s
            self.lines.append((now, f"{change}:    {left:.1f} s left in {view.status.step}"))
        if view.saying and view.saying != self._last[0]:
            self.lines.append((now, f"assistant: {view.saying}"))
        if view.heard and view.heard != self._last[1]:
            self.lines.append((now, f"heard:     {view.heard}"))
        self._last = (view.saying, view.heard)


def main(args: argparse.Namespace, settings: Settings) -> int:
    out = Path(getattr(args, "out", Path("demo")))
    check_writable(out)
    print("Starting virtual audio devices (PulseAudio null sinks) for the demo...")
    clock = MonotonicClock()
    synth = SpeechSynth()
    dialog = Dialog(load_content(settings.content_dir))
    # The virtual devices are the defaults while they run.
    settings = replace(settings, input_device=None, output_device=None)
    with VirtualAudio() as audio, tempfile.TemporaryDirectory() as folder:
        parts = open_parts(settings, URGENT_PHRASES, synth)
        engine = parts.recognizer.name
        vosk = engine == "Vosk"
        print(f"Recogniser: {engine}", flush=True)
        recognizer = LoggedRecognizer(parts.recognizer, clock)
        parts = replace(parts, recognizer=recognizer)
        answers = ANSWERS if vosk else POCKETSPHINX_ANSWERS
        user = SyntheticUser(audio, parts.speaker, synth, Path(folder), clock, dict(answers))
        screen = ScreenDisplay(sys.stdout)
        transcript = Transcript(screen, clock)
        started = clock.now()
        with (
            screen,
            audio.record(f"{MIC}.monitor") as mic,
            audio.record(f"{SPEAKER}.monitor") as spoken,
        ):
            session = SessionParts(UserInTheLoop(dialog, user), parts, transcript, clock)
            reason = run_session(settings, session)
    write_wav(out / "session.wav", _mix(mic, spoken))
    said = [(t, f"user:      {text}") for t, text in user.said]
    lines = sorted([*transcript.lines, *said, *recognizer.finals])
    text = "".join(f"{t - started:7.2f}  {line}\n" for t, line in lines)
    write_atomic(out / "transcript.txt", (text + f"ended: {reason}\n").encode())
    print(f"Session ended: {reason}. Wrote {out / 'session.wav'} and {out / 'transcript.txt'}.")
    return 0


def _mix(first: Recording, second: Recording) -> "np.ndarray[tuple[int], np.dtype[np.int16]]":
    """Both recordings on one timeline (each started at its own moment)."""
    a, b = first.samples().astype(np.int32), second.samples().astype(np.int32)
    if not len(a) or not len(b):
        return np.concatenate([a, b]).astype(np.int16)
    shift = round((second.time_of(0) - first.time_of(0)) * SAMPLE_RATE_HZ)
    start = min(0, shift)
    mixed = np.zeros(max(len(a), shift + len(b)) - start, np.int32)
    mixed[-start : -start + len(a)] += a
    mixed[shift - start : shift - start + len(b)] += b
    return np.clip(mixed, -32768, 32767).astype(np.int16)
