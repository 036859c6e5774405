"""The full-duplex voice loop through real (virtual) audio devices: stop, response, cue timing.

Every figure comes from the runtime, speaker, microphone and recogniser the live session uses,
on PulseAudio null sinks; the user's "stop" and "yes" are real recordings (Speech Commands).
Times come from recordings of the virtual microphone and speaker on the monotonic clock.
`VOICE_BENCH_CUE_S` shortens the cue-timing session (default: the 10 minutes the issue asks),
`VOICE_BENCH_TRIALS` the number of spoken stops per condition (default 12),
`VOICE_BENCH_ENGINES` the engines (default both).
"""

import os
import random
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from assistant.adapters.factory import open_parts
from assistant.adapters.models import find_model
from assistant.adapters.pulse import MIC, SPEAKER, Recording, VirtualAudio
from assistant.adapters.speech_synth import SpeechSynth
from assistant.config import Engine, Settings
from assistant.core.actions import Action, End, Listen, Say, StopSpeaking
from assistant.core.dialog import Status
from assistant.core.events import Event, Heard, Silence, Start, Tick
from assistant.ports import AudioDeviceLost
from assistant.voice.runtime import MonotonicClock
from assistant.voice.self_echo import URGENT_PHRASES, urgent_in
from assistant.voice.wiring import SessionParts, build_session
from benchmarks.start import start_and_memory

SPEECH = Path(__file__).resolve().parents[1].parent / "shared" / "speech" / "commands"
ECHO_DB = -12.0
LOUD = 1500
"""int16 level that counts as sound in the recordings."""
TALK = (
    "Place both palms on your belly and move them slowly in wide circles, clockwise, "
    "following the large intestine. Keep the pressure light and your breathing slow and even. "
    "After a few circles, let your hands rest and feel the warmth spreading."
)
OWN_STOPS = (
    "Stop at once if you feel worse, and consult a doctor.",
    "If it hurts, stop, and press more lightly next time.",
    "Say stop at any time to end. Do not stop breathing while you press.",
)


@dataclass
class BenchDialog:
    """Says its lines, listens; ends on stop (no closing line, so the cut is audible)."""

    lines: tuple[str, ...]
    listen_s: float = 2.0
    reply: str | None = None
    cue_every_s: float = 0.0
    cue_until_s: float = 0.0
    started_at: float = 0.0
    heard: list[tuple[float, Heard]] = field(default_factory=list)
    deadlines: list[float] = field(default_factory=list)
    ended: bool = False

    @property
    def next_deadline(self) -> float | None:
        if not self.cue_every_s:
            return None
        due = self.started_at + self.cue_every_s * (len(self.deadlines) + 1)
        return due if due <= self.started_at + self.cue_until_s else None

    def status(self, now: float) -> Status:
        return Status("Bench")

    def handle(self, event: Event, now: float) -> list[Action]:
        if self.ended:
            return []
        if isinstance(event, Heard):
            self.heard.append((now, event))
        match event:
            case Start():
                self.started_at = now
                says: list[Action] = [Say(line, "instruction") for line in self.lines]
                return [*says, Listen(("yes", "no", "stop"), self.listen_s, "session")]
            case Heard(text=text) if urgent_in(text):
                self.ended = True
                return [StopSpeaking(), End("stopped")]
            case Heard(text="yes") if self.reply:
                self.ended = True
                return [Say(self.reply, "answer"), End("completed")]
            case Tick() if self.next_deadline is not None and now >= self.next_deadline:
                self.deadlines.append(self.next_deadline)
                return [Say(f"Cue number {len(self.deadlines)}.", "cue")]
            case Heard():
                return [Listen(("yes", "no", "stop"), self.listen_s, "session")]
            case Silence():
                deadline = self.next_deadline
                if deadline is None:
                    self.ended = True
                    return [End("no_response")]
                return [Listen(("stop",), deadline - now, "session")]
        return []


class Rig:
    """One set of virtual devices and the session's real adapters on them."""

    def __init__(
        self,
        audio: VirtualAudio,
        synth: SpeechSynth,
        engine: Engine = "pocketsphinx",
        echo_cancel: bool = False,
    ) -> None:
        self.audio = audio
        self.settings = Settings(engine=engine, echo_cancel=echo_cancel)
        self._synth = synth
        self.parts = open_parts(self.settings, URGENT_PHRASES, synth)
        self.speaker, self.microphone = self.parts.speaker, self.parts.microphone
        self.clock = MonotonicClock()

    def session(self, dialog: BenchDialog, act_on_partials: bool = True) -> str:
        canceller = self.parts.canceller
        while (block := self.microphone.read(0.0)) is not None:
            if canceller is not None:  # skipped, the reference would jump and the lag seem to move
                canceller.cancel(block)
        settings = replace(self.settings, act_on_partials=act_on_partials)
        parts = SessionParts(dialog, self.parts, _NoDisplay(), self.clock)
        return build_session(settings, parts).run()

    def session_or_lost(self, dialog: BenchDialog) -> str:
        """A session; "device lost" where a stream stalled, and the devices opened again."""
        try:
            return self.session(dialog)
        except AudioDeviceLost:
            self.close()
            self.parts = open_parts(self.settings, URGENT_PHRASES, self._synth)
            self.speaker, self.microphone = self.parts.speaker, self.parts.microphone
            return "device lost"

    def close(self) -> None:
        self.parts.close()


class _NoDisplay:
    def show(self, view: object) -> None: ...


def _clips(word: str, count: int, seed: int) -> list[Path]:
    clips = sorted((SPEECH / word).glob("*.wav"))
    return random.Random(seed).sample(clips, count)


def _last_loud(recording: Recording, after: float = 0.0) -> float | None:
    samples = recording.samples()
    loud = np.flatnonzero(np.abs(samples) > LOUD)
    times = [recording.time_of(int(i)) for i in loud[-1:]] if loud.size else []
    return times[-1] if times and times[-1] > after else None


def _first_loud_after(recording: Recording, after: float) -> float | None:
    samples = recording.samples()
    for index in np.flatnonzero(np.abs(samples) > LOUD):
        at = recording.time_of(int(index))
        if at > after:
            return at
    return None


def _at(delay_s: float, action: Callable[[], object]) -> threading.Timer:
    timer = threading.Timer(delay_s, action)
    timer.start()
    return timer


def _stops(rig: Rig, clips: list[Path], talking: bool, partials: bool) -> dict[str, object]:
    """Latency from the end of the user's "stop" (in the microphone) to the decision/silence."""
    latencies, missed, early = [], 0, 0
    for clip in clips:
        dialog = BenchDialog((TALK,) if talking else ("Ready.",), listen_s=6.0)
        played_at: list[float] = []
        with (
            rig.audio.record(f"{MIC}.monitor") as mic,
            rig.audio.record(f"{SPEAKER}.monitor") as out,
        ):
            time.sleep(0.2)
            timer = _at(random.uniform(2.0, 5.0), _player(rig.audio, clip, played_at))
            reason = rig.session(dialog, act_on_partials=partials)
            timer.cancel()
            time.sleep(0.3)
        said_end = _last_loud(mic) if rig.audio.echo_db is None else None
        if reason != "stopped":
            missed += 1
            continue
        # The dialog's clock runs ahead by the speaker's delay (runtime.VoiceSession).
        decided_at = dialog.heard[-1][0] - rig.speaker.output_delay_s
        if not played_at or decided_at < played_at[0]:
            early += 1  # stopped by something else than the user's "stop": not a success
            continue
        silent_at = _last_loud(out) if talking else decided_at
        if said_end is not None and silent_at is not None:
            latencies.append(
                max(silent_at, decided_at) - said_end if talking else decided_at - said_end
            )
    return {
        "trials": len(clips),
        "missed": missed,
        "stopped_before_the_user": early,
        **_spread(latencies),
    }


def _player(audio: VirtualAudio, clip: Path, played_at: list[float]) -> Callable[[], None]:
    """Plays `clip` into the microphone, noting when it started."""

    def play() -> None:
        played_at.append(time.monotonic())
        audio.play_into_mic(clip)

    return play


def _spread(values: list[float]) -> dict[str, object]:
    if not values:
        return {"median_ms": None, "p95_ms": None}
    ms = np.array(values) * 1000
    return {"median_ms": round(float(np.median(ms))), "p95_ms": round(float(np.percentile(ms, 95)))}


def _responses(rig: Rig, clips: list[Path]) -> dict[str, object]:
    """End of the user's "yes" to the first sound of the reply."""
    delays = []
    for clip in clips:
        dialog = BenchDialog(("Shall we begin?",), listen_s=4.0, reply="Good. Let us begin.")
        with (
            rig.audio.record(f"{MIC}.monitor") as mic,
            rig.audio.record(f"{SPEAKER}.monitor") as out,
        ):
            _at(2.0, _player(rig.audio, clip, []))
            reason = rig.session(dialog)
            time.sleep(1.5)
        said_end = _last_loud(mic)
        reply_at = _first_loud_after(out, said_end) if said_end is not None else None
        if reason == "completed" and reply_at is not None and said_end is not None:
            delays.append(reply_at - said_end)
    return {"trials": len(clips), "answered": len(delays), **_spread(delays)}


def _cues(rig: Rig, session_s: float) -> dict[str, object]:
    """|cue start at the speaker - its deadline|, over a session on the real clock."""
    dialog = BenchDialog(
        ("Cue timing session.",), listen_s=1.0, cue_every_s=7.5, cue_until_s=session_s
    )
    starts: dict[str, float] = {}
    done = threading.Event()

    resident_mb: list[float] = []

    def watch() -> None:  # the speaker keeps its last few lines; collect them as they go
        while not done.wait(0.5):
            starts.update((line.text, line.started_at) for line in rig.speaker.history())
            resident_mb.append(_resident_mb())

    watcher = threading.Thread(target=watch)
    watcher.start()
    cpu_before, wall_before = _cpu_s(), time.monotonic()
    rig.session(dialog)
    cpu_share = (_cpu_s() - cpu_before) / (time.monotonic() - wall_before)
    done.set()
    watcher.join()
    starts.update((line.text, line.started_at) for line in rig.speaker.history())
    errors = [
        starts[f"Cue number {i + 1}."] - due
        for i, due in enumerate(dialog.deadlines)
        if f"Cue number {i + 1}." in starts
    ]
    late = np.array(errors) * 1000
    first, last = late[: len(late) // 2], late[len(late) // 2 :]
    return {
        "session_s": session_s,
        "cues": len(late),
        "abs_error_median_ms": round(float(np.median(np.abs(late))), 1),
        "abs_error_p95_ms": round(float(np.percentile(np.abs(late), 95)), 1),
        "drift_ms_second_half_minus_first": round(float(np.mean(last) - np.mean(first)), 1),
        "cpu_share_of_one_core": round(cpu_share, 3),
        "memory_mb_while_running": round(max(resident_mb, default=0.0), 1),
        "process_peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _resident_mb() -> float:
    """This process's resident memory now (the peak would include earlier benchmarks)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _false_stops(rig: Rig, sessions: int) -> dict[str, object]:
    stopped = sum(
        rig.session(BenchDialog(OWN_STOPS, listen_s=1.5)) == "stopped" for _ in range(sessions)
    )
    return {"sessions": sessions, "lines_with_stop": len(OWN_STOPS), "false_stops": stopped}


def _engines() -> list[Engine]:
    """Both recognisers side by side when the English Vosk model is installed
    (`VOICE_BENCH_ENGINES=vosk`: one of them, for a quicker run)."""
    vosk = find_model(Settings(), os.environ) is not None
    engines: list[Engine] = ["vosk", "pocketsphinx"] if vosk else ["pocketsphinx"]
    wanted = os.environ.get("VOICE_BENCH_ENGINES", "").split(",")
    return [e for e in engines if e in wanted] or engines


def _by_engine(synth: SpeechSynth, stops: list[Path], yeses: list[Path]) -> dict[str, object]:
    """The figures that depend on the recogniser, for each engine on the same clips."""
    results: dict[str, object] = {}
    for engine in _engines():
        figures: dict[str, object] = {"start": start_and_memory(engine)}
        with VirtualAudio() as audio:
            rig = Rig(audio, synth, engine)
            try:
                figures["stop_while_talking_partial"] = _stops(rig, stops, True, True)
                figures["response"] = _responses(rig, yeses)
            finally:
                rig.close()
        with VirtualAudio(echo_db=ECHO_DB) as audio:
            rig = Rig(audio, synth, engine)
            try:
                figures["false_stops_echo"] = _false_stops(rig, 4)
                figures["stop_over_speech_echo"] = _stops(rig, stops, True, True)
            finally:
                rig.close()
        results[engine] = figures
    return results


def run() -> dict[str, object]:
    random.seed(4)
    synth = SpeechSynth()
    trials = int(os.environ.get("VOICE_BENCH_TRIALS", "12"))
    stops, yeses = _clips("stop", trials, 1), _clips("yes", max(4, trials * 2 // 3), 2)
    results: dict[str, object] = {
        "echo_path_db": ECHO_DB,
        "data": "Speech Commands v0.02, CC BY 4.0",
        "engines": _by_engine(synth, stops, yeses),
    }
    default = _engines()[0]
    with VirtualAudio() as audio:
        rig = Rig(audio, synth, default)
        results["default_engine"] = default
        try:
            results["stop_while_quiet_partial"] = _stops(rig, stops[:8], False, True)
            results["stop_while_talking_final"] = _stops(rig, stops[:8], True, False)
            results["stop_while_quiet_final"] = _stops(rig, stops[:8], False, False)
            results["cue_timing"] = _cues(rig, float(os.environ.get("VOICE_BENCH_CUE_S", "600")))
        finally:
            rig.close()
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
