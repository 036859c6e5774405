"""Choosing the echo canceller: the candidates side by side on the same recorded signals.

The far end is the assistant's espeak-ng voice, through a room (`adapters.room`: 30 ms,
RT60 0.35 s) and a further delay that stands for the devices' buffers; the user is a held-out
speaker's "stop" (Speech Commands) said 8 s in, at -12 / -6 / 0 / +6 dB of echo relative to
the user's voice. 200 ms after the word starts the voice is ducked by 20 dB, as the session
does once it hears the user. Per engine: ERLE after convergence (echo alone, from 3 s on),
how many of the "stop"s the recogniser then hears with the whole grammar (none of them when
nothing cancels: the echo runs into the word), and CPU per second of audio.
"""

import os
import random
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import soxr

from assistant.adapters.aec_engines import (
    FRAME_SAMPLES,
    RATE_HZ,
    AecEngine,
    SpeexLinearAec,
    WebRtcAec,
)
from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer
from assistant.adapters.room import Room, RoomEcho
from assistant.adapters.speech_synth import SpeechSynth, Voice
from benchmarks.speech_commands import ATTRIBUTION, Clip, load_clips

LEVELS_DB = (-12.0, -6.0, 0.0, 6.0)
DEVICE_DELAYS_S = (0.06, 0.25)
"""Beyond the room: buffers on both sides (the virtual devices measured 0.15-0.25 s)."""
USER_AT_S = 8.0
USER_RMS = 3000.0
GRAMMAR = ("yes", "no", "stop", "repeat", "slower", "pause")
TALK = (
    "Place both palms on your belly and move them slowly in wide circles, clockwise, "
    "following the large intestine. Keep the pressure light and your breathing slow and even. "
    "After a few circles, let your hands rest and feel the warmth spreading. Stop at once if "
    "you feel worse."
)
Signal = npt.NDArray[np.float64]


class SpeexAec(SpeexLinearAec):
    """SpeexDSP's canceller through `pyaec`, optionally with its preprocessor (residual echo
    suppression and denoising)."""

    def __init__(self, preprocess: bool, tail_s: float = 0.4) -> None:
        super().__init__(tail_s)
        if preprocess:  # the same engine, made again with the preprocessor
            self._lib.AecDestroy(self._handle)
            self._handle = self._lib.AecNew(FRAME_SAMPLES, int(tail_s * RATE_HZ), RATE_HZ, True)
        self.name = "speex" + ("+preprocess" if preprocess else "")


ENGINES: dict[str, Callable[[], AecEngine]] = {
    "webrtc-aec3": WebRtcAec,
    "speex": lambda: SpeexAec(preprocess=False),
    "speex+preprocess": lambda: SpeexAec(preprocess=True),
}


def speech_rms(x: Signal) -> float:
    frames = x[: len(x) // 320 * 320].reshape(-1, 320)
    levels = np.sort(np.sqrt(np.mean(frames**2, axis=1)))
    return float(np.sqrt(np.mean(levels[len(levels) // 2 :] ** 2)))


def _far_end() -> Signal:
    rendered = SpeechSynth().render(TALK, Voice("en-us", 165))
    far = soxr.resample(rendered.samples.astype(np.float64), rendered.rate_hz, RATE_HZ)
    return np.asarray(far[: 14 * RATE_HZ], np.float64)


def _scene(far: Signal, user: Signal, level_db: float, delay_s: float) -> dict[str, Signal]:
    """Reference, echo alone and microphone (echo + user + a faint noise floor), ducked."""
    duck_at = int((USER_AT_S + 0.2) * RATE_HZ)
    played = far.copy()
    played[duck_at : duck_at + 2 * RATE_HZ] *= 0.1
    room = RoomEcho(Room(), 0.0)
    full_level = speech_rms(RoomEcho(Room(), 0.0).apply(far))
    echo = np.concatenate([np.zeros(int(delay_s * RATE_HZ)), room.apply(played)])[: len(far)]
    echo *= USER_RMS * 10 ** (level_db / 20) / full_level
    noise = np.random.default_rng(0).standard_normal(len(far)) * 30
    mic = echo + noise
    at = int(USER_AT_S * RATE_HZ)
    mic[at : at + len(user)] += user * USER_RMS / speech_rms(user)
    return {"reference": played, "echo": echo + noise, "mic": mic}


def _cancel(engine: AecEngine, near: Signal, far: Signal) -> tuple[Signal, float]:
    near16, far16 = (np.clip(x, -32768, 32767).astype(np.int16) for x in (near, far))
    out = np.zeros(len(near16), np.int16)
    started = time.process_time()
    for i in range(0, len(near16) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        out[i : i + FRAME_SAMPLES] = engine.process(
            near16[i : i + FRAME_SAMPLES], far16[i : i + FRAME_SAMPLES]
        )
    cpu_share = (time.process_time() - started) / (len(near) / RATE_HZ)
    return out.astype(np.float64), cpu_share


def _hears_stop(recognizer: PocketSphinxRecognizer, signal: Signal) -> bool:
    """The whole grammar on the second around the word (the echo before it included)."""
    at = int(USER_AT_S * RATE_HZ)
    pcm = np.clip(signal[at - RATE_HZ : at + 2 * RATE_HZ], -32768, 32767).astype(np.int16)
    recognizer.set_expected(GRAMMAR)
    data, heard = pcm.tobytes(), []
    for i in range(0, len(data), 1600):
        heard.append(recognizer.accept(data[i : i + 1600]))
    heard.append(recognizer.finish())
    return any(h is not None and "stop" in h.text.split() for h in heard)


def _clips(count: int) -> list[Clip]:
    clips = [c for c in load_clips() if c.word == "stop" and c.held_out]
    return random.Random(1).sample(clips, count)


def run() -> dict[str, object]:
    trials = int(os.environ.get("VOICE_BENCH_TRIALS", "12"))
    far, clips = _far_end(), _clips(trials)
    users = [np.frombuffer(c.pcm, np.int16).astype(np.float64) for c in clips]
    recognizer = PocketSphinxRecognizer()
    rows: list[dict[str, object]] = []
    for delay_s in DEVICE_DELAYS_S:
        for level_db in LEVELS_DB:
            scenes = [_scene(far, user, level_db, delay_s) for user in users]
            heard = sum(_hears_stop(recognizer, s["mic"]) for s in scenes)
            rows.append(_row("none", delay_s, level_db, heard, trials, None, None))
            for name, make in ENGINES.items():
                alone, cpu = _cancel(make(), scenes[0]["echo"], scenes[0]["reference"])
                settled = slice(3 * RATE_HZ, None)
                erle = 10 * np.log10(
                    np.sum(scenes[0]["echo"][settled] ** 2) / max(np.sum(alone[settled] ** 2), 1)
                )
                heard = sum(
                    _hears_stop(recognizer, _cancel(make(), s["mic"], s["reference"])[0])
                    for s in scenes
                )
                rows.append(_row(name, delay_s, level_db, heard, trials, erle, cpu))
    clean = sum(_hears_stop(recognizer, _scene(far, user, -120.0, 0.0)["mic"]) for user in users)
    return {
        "data": ATTRIBUTION,
        "stop_heard_without_echo": f"{clean} / {trials}",
        "by_engine": rows,
    }


def _row(
    engine: str, delay_s: float, level_db: float, heard: int, trials: int,
    erle_db: float | None, cpu: float | None,
) -> dict[str, object]:  # fmt: skip
    return {
        "engine": engine,
        "device_delay_ms": round(delay_s * 1000),
        "echo_db": level_db,
        "erle_db": None if erle_db is None else round(float(erle_db), 1),
        "stop_heard": f"{heard} / {trials}",
        "cpu_share": None if cpu is None else round(cpu, 3),
    }
