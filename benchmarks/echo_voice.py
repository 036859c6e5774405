"""The voice session over a loud echo, with the echo canceller off and on, in one run.

The rig of `voice.py` (real speaker, microphone, recogniser and session on PulseAudio null
sinks, the default recogniser: Vosk where its model is installed); the echo path delayed by
60 ms and through a reverberant room (`VirtualAudio(room=True)`: 39 ms later, RT60 0.34 s), at
-12 / -6 / 0 / +6 dB relative to the user's voice (`_calibrated`). At each level and setting:
false stops in sessions whose lines say "stop", the user's "stop" (held-out Speech Commands
speakers) said over the assistant's speech, its end to the speaker silent, and the canceller's
ERLE and CPU. At 0 dB, "repeat", "slower" and "pause" said over its speech (espeak-ng's Scottish
voice: no corpus here holds those words). `VOICE_BENCH_TRIALS` sets the trials per cell.
"""

import json
import os
import random
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

from assistant.adapters.echo_canceller import CancellerStats
from assistant.adapters.pulse import MIC, SPEAKER, VirtualAudio, write_wav
from assistant.adapters.speech_synth import SpeechSynth, Voice
from assistant.config import Engine
from assistant.core.actions import Action, End, Listen, Say, StopSpeaking
from assistant.core.dialog import Status
from assistant.core.events import Event, Heard, Start
from assistant.ports import AudioDeviceLost
from benchmarks.echo_offline import speech_rms
from benchmarks.speech_commands import load_clips
from benchmarks.voice import (
    TALK,
    BenchDialog,
    Rig,
    _at,
    _engines,
    _false_stops,
    _last_loud,
    _spread,
)

LEVELS_DB: tuple[float | None, ...] = (None, 0.0, 6.0, -6.0, -12.0)
"""No echo first (the canceller off): the stops the recogniser misses in this rig with no echo
at all, which no canceller can give back; then loudest first, where the canceller matters.
`ECHO_BENCH_LEVELS` picks some ("none,0,6")."""
USER_SPEECH_RMS = 2000.0
"""The user's voice at the microphone (int16, `echo_offline.speech_rms`): every clip is played
at this level, near the held-out stops' median (1,900; they range from 770 to 7,100). The echo
level is set against it: `echo_db` of `VirtualAudio` is the gain of the path, and through the
room at 0 dB the assistant's voice reaches the microphone at about 4,100, so before this the
"0 dB" cell had the echo 6-7 dB above a typical user and 14 dB above the quietest."""
DELAY_MS = 60
COMMANDS = ("repeat", "slower", "pause")


def _said_end(mic: np.ndarray, clip: np.ndarray, mic_time: float, played_at: float) -> float:
    """When the clip's last loud sample reached the microphone: found by correlating it with
    the recording near where it was played (the echo makes the level alone useless)."""
    start = max(0, int((played_at - mic_time) * 16000))
    segment = mic[start : start + 32000].astype(np.float64)
    size = 1 << (len(segment) + len(clip)).bit_length()
    score = np.fft.irfft(np.fft.rfft(segment, size) * np.conj(np.fft.rfft(clip, size)), size)
    offset = int(np.argmax(score[: len(segment)]))
    loud = np.flatnonzero(np.abs(clip) > 1500)
    last = int(loud[-1]) if loud.size else len(clip) - 1
    return mic_time + (start + offset + last) / 16000


def _stops_over_speech(rig: Rig, clips: list[Path]) -> dict[str, object]:
    """Missed stops, and the time from the end of each heard one to the speaker silent, split
    into the time to decide and the time the output then still played."""
    latencies, to_decide, to_silence, missed, early, lost = [], [], [], [], 0, 0
    for clip in clips:
        dialog = BenchDialog((TALK,), listen_s=6.0)
        played_at: list[float] = []
        with (
            rig.audio.record(f"{MIC}.monitor") as mic,
            rig.audio.record(f"{SPEAKER}.monitor") as out,
        ):
            time.sleep(0.2)
            timer = _at(random.uniform(2.0, 5.0), _play(rig.audio, clip, played_at))
            reason = rig.session_or_lost(dialog)
            timer.cancel()
            time.sleep(0.3)
        if reason == "device lost":
            lost += 1
            continue
        if reason != "stopped":
            missed.append(clip.name.removeprefix("at_user_level_"))
            continue
        decided_at = dialog.heard[-1][0] - rig.speaker.output_delay_s
        if not played_at or decided_at < played_at[0]:
            early += 1
            continue
        samples = np.frombuffer(clip.read_bytes()[44:], np.int16).astype(np.float64)
        said_end = _said_end(mic.samples(), samples, mic.time_of(0), played_at[0])
        silent_at = _last_loud(out)
        to_decide.append(decided_at - said_end)
        if silent_at is not None:
            latencies.append(max(silent_at, decided_at) - said_end)
            to_silence.append(max(0.0, silent_at - decided_at))
    return {"trials": len(clips), "missed": len(missed), "missed_clips": missed,
            "stopped_before_the_user": early, "device_lost": lost,
            **_spread(latencies), "to_decide": _spread(to_decide),
            "decided_to_silent": _spread(to_silence),
            "output_delay_s": round(rig.speaker.output_delay_s, 3)}  # fmt: skip


def _play(audio: VirtualAudio, clip: Path, played_at: list[float]) -> Callable[[], None]:
    def play() -> None:
        played_at.append(time.monotonic())
        audio.play_into_mic(clip)

    return play


@dataclass
class CommandDialog:
    """Says its line with the whole set of commands expected; ends on the first one heard."""

    heard: list[str] = field(default_factory=list)
    ended: bool = False
    next_deadline: float | None = None

    def status(self, now: float) -> Status:
        return Status("Bench")

    def handle(self, event: Event, now: float) -> list[Action]:
        match event:
            case Start():
                return [Say(TALK, "instruction"), Listen(("stop", *COMMANDS), 3.0, "session")]
            case Heard(text=text) if not self.ended:
                self.heard.append(text)
                self.ended = True
                return [StopSpeaking(), End("stopped")]
        if not self.ended and event.__class__.__name__ == "Silence":
            self.ended = True
            return [End("no_response")]
        return []


def _commands(rig: Rig, wavs: dict[str, Path], trials: int) -> dict[str, object]:
    understood = 0
    for index in range(trials):
        word = COMMANDS[index % len(COMMANDS)]
        dialog = CommandDialog()
        timer = _at(random.uniform(2.0, 5.0), partial(rig.audio.play_into_mic, wavs[word]))
        rig.session_or_lost(dialog)  # type: ignore[arg-type]
        timer.cancel()
        understood += dialog.heard == [word]
    return {"trials": trials, "understood": understood}


def _held_out_stops(count: int) -> list[Path]:
    """Stops by speakers no fitted part heard (`speech_commands.Clip.held_out`)."""
    clips = sorted(c.path for c in load_clips() if c.word == "stop" and c.held_out)
    return random.Random(1).sample(clips, count)


def _at_user_level(wav: Path, folder: Path) -> Path:
    """A copy of a clip played at `USER_SPEECH_RMS`."""
    with wave.open(str(wav)) as source:
        rate_hz = source.getframerate()
        samples = np.frombuffer(source.readframes(source.getnframes()), np.int16)
    name = f"at_user_level_{wav.parent.name}_{wav.name}"  # "yes" and "stop" clips share names
    return _write_at_user_level(folder / name, samples, rate_hz)


def _write_at_user_level(path: Path, samples: np.ndarray, rate_hz: int) -> Path:
    level = speech_rms(samples.astype(np.float64))
    scaled = samples.astype(np.float64) * USER_SPEECH_RMS / max(level, 1.0)
    write_wav(path, np.clip(scaled, -32768, 32767).astype(np.int16), rate_hz)
    return path


def _echo_at_0_db(synth: SpeechSynth, engine: Engine) -> float:
    """The assistant's voice at the microphone through the room with the path at 0 dB."""
    with VirtualAudio(echo_db=0.0, echo_delay_ms=DELAY_MS, room=True) as audio:
        rig = Rig(audio, synth, engine)
        try:
            with audio.record(f"{MIC}.monitor") as mic:
                rig.session_or_lost(BenchDialog((TALK,)))
                samples = mic.samples()
        finally:
            rig.close()
    return speech_rms(samples.astype(np.float64))


def _calibrated(level_db: float, echo_at_0_db: float) -> float:
    """The path's gain that puts the echo `level_db` above the user's voice."""
    return level_db + 20 * float(np.log10(USER_SPEECH_RMS / echo_at_0_db))


def _cell(rig: Rig, stops: list[Path]) -> dict[str, object]:
    """Two sessions whose lines say "stop", the stops over speech, and two more such sessions:
    the canceller's echo removed with no user is measured in each of those two, the first
    just after the stops (the user's voice and the cut-off lines unsettle the filters), the
    second once it has settled again."""
    canceller = rig.parts.canceller
    started_at = time.monotonic()
    readings: list[CancellerStats] = []

    def read() -> None:
        if canceller is not None:
            readings.append(canceller.stats)  # type: ignore[attr-defined]

    read()
    false_stops = [_false_stops_or_lost(rig, 2)]
    cell: dict[str, object] = {"stop_over_speech": _stops_over_speech(rig, stops)}
    read()
    false_stops.append(_false_stops_or_lost(rig, 1))
    read()
    false_stops.append(_false_stops_or_lost(rig, 1))
    read()
    lost = any(count is None for count in false_stops)
    cell["false_stops"] = "device lost" if lost else f"{sum(c or 0 for c in false_stops)} / 4"
    if canceller is not None:
        first, after_stops, settled, last = readings
        cell["erle_db_just_after_the_stops"] = _erle_db(after_stops, settled)
        cell["erle_db_user_silent_settled"] = _erle_db(settled, last)
        cell["erle_db_heard_user_silent_settled"] = round(last.since(settled).heard_erle_db, 1)
        """What the recogniser hears: the linear filter's output (`PairedCanceller`)."""
        cell["erle_db_while_playing"] = _erle_db(first, last)
        cpu_s, wall_s = last.cpu_s - first.cpu_s, time.monotonic() - started_at
        cell["canceller_cpu_share"] = round(cpu_s / wall_s, 3)
        cell["canceller_restarts"] = canceller.restarts  # type: ignore[attr-defined]
    cell["load_average_1_min"] = round(os.getloadavg()[0], 1)
    """The machine is shared: a loaded one under-runs the stream, and the figures move."""
    return cell


def _false_stops_or_lost(rig: Rig, sessions: int) -> int | None:
    """Sessions whose lines say "stop" that stopped; None where a device was lost."""
    try:
        stopped = _false_stops(rig, sessions)["false_stops"]
    except AudioDeviceLost:
        rig.session_or_lost(BenchDialog(("Again.",)))  # opens the devices again
        return None
    assert isinstance(stopped, int)
    return stopped


def _erle_db(before: CancellerStats, after: CancellerStats) -> float:
    """Echo removed between two readings of the canceller's counts. Where the user talks over
    the echo their voice counts as echo too, in and out alike, which caps the figure (at 0 dB,
    a voice a fifth of the time caps it near 8 dB): the sessions whose lines say "stop", with
    no user, give the canceller's own figure (`erle_db_user_silent_settled`)."""
    return round(after.since(before).erle_db, 1)


def run() -> dict[str, object]:
    random.seed(5)
    synth = SpeechSynth()
    trials = int(os.environ.get("VOICE_BENCH_TRIALS", "12"))
    engine = _engines()[0]
    echo_at_0_db = _echo_at_0_db(synth, engine)
    results: dict[str, object] = {
        "engine": engine,
        "echo_delay_ms": DELAY_MS,
        "room": "three feedback combs (swh-plugins comb_c), RT60 0.34 s",
        "user_speech_rms": USER_SPEECH_RMS,
        "echo_speech_rms_path_at_0_db": round(echo_at_0_db),
    }
    chosen = [x for x in os.environ.get("ECHO_BENCH_LEVELS", "").split(",") if x]
    levels = [None if x == "none" else float(x) for x in chosen]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        stops = [_at_user_level(stop, folder) for stop in _held_out_stops(trials)]
        wavs = {}
        for word in COMMANDS:
            user = synth.render(word, Voice("en-gb-scotland", 150))
            wavs[word] = _write_at_user_level(folder / f"{word}.wav", user.samples, user.rate_hz)
        for level in levels or LEVELS_DB:
            gain_db = None if level is None else _calibrated(level, echo_at_0_db)
            with VirtualAudio(echo_db=gain_db, echo_delay_ms=DELAY_MS, room=True) as audio:
                for cancel in (False,) if level is None else (False, True):
                    rig = Rig(audio, synth, engine, echo_cancel=cancel)
                    try:
                        cell = _cell(rig, stops)
                        if level == 0.0:
                            cell["commands_over_speech"] = _commands(rig, wavs, trials)
                    finally:
                        rig.close()
                    echo = "no echo" if level is None else f"echo {level:+.0f} dB"
                    name = f"{echo}, canceller {'on' if cancel else 'off'}"
                    results[name] = cell
                    print(name, json.dumps(cell), file=sys.stderr, flush=True)
    return results
