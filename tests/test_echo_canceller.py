"""The echo canceller on recorded signals: the assistant's espeak-ng voice through a room
(delay and reverberation) as the echo, a real person's "stop" (Speech Commands) as the user.

The speaker's record and the microphone's blocks are stamped on one clock, as the devices do.
"""

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soxr

from assistant.adapters.aec_engines import WebRtcAec
from assistant.adapters.echo_canceller import ReferencedCanceller
from assistant.adapters.played_audio import PlayedAudio
from assistant.adapters.room import Room, RoomEcho
from assistant.adapters.speech_synth import SpeechSynth, Voice

pytestmark = pytest.mark.slow

SPEECH = Path(__file__).resolve().parents[2] / "shared" / "speech" / "commands"
USER_STOP = SPEECH / "stop" / "022cd682_nohash_0.wav"
RATE_HZ = 16000
LINES = (
    "Place both palms on your belly and move them slowly in wide circles, clockwise, "
    "following the large intestine. Keep the pressure light and your breathing slow and even."
)
ERLE_FLOOR_DB = 20.0
"""The issue's floor for echo return loss enhancement after convergence."""
Signal = npt.NDArray[np.float64]


@pytest.fixture(scope="module")
def far_end() -> Signal:
    """What the speaker plays: the assistant's voice at the device's rate, -1..1."""
    rendered = SpeechSynth().render(LINES, Voice("en-us", 165))
    samples = rendered.samples.astype(np.float64) / 32768.0 * 0.9
    return np.asarray(soxr.resample(samples, rendered.rate_hz, RATE_HZ), np.float64)


def user_stop() -> Signal:
    with wave.open(str(USER_STOP)) as clip:
        pcm = clip.readframes(clip.getnframes())
    return np.frombuffer(pcm, np.int16).astype(np.float64)


def speech_rms(x: Signal) -> float:
    """RMS of the louder half of 20 ms frames: the level while someone speaks."""
    frames = x[: len(x) // 320 * 320].reshape(-1, 320)
    levels = np.sort(np.sqrt(np.mean(frames**2, axis=1)))
    return float(np.sqrt(np.mean(levels[len(levels) // 2 :] ** 2)))


@dataclass
class Capture:
    """The microphone's stamp of its last block, as `SoundDeviceMicrophone` keeps it."""

    block_ended_at: float = 0.0


def through_canceller(
    far: Signal, mic: Signal, block_s: float = 0.05
) -> tuple[Signal, ReferencedCanceller]:
    """Plays `far` and captures `mic` block by block, on one clock, through the canceller."""
    played, capture = PlayedAudio(RATE_HZ, 0.02), Capture()
    canceller = ReferencedCanceller(WebRtcAec(), played, capture)
    step, block, out = int(RATE_HZ * 0.02), int(RATE_HZ * block_s), []
    at = 0
    for begin in range(0, len(mic) - block + 1, block):
        while at < min(begin + block, len(far)):  # the speaker plays as the microphone captures
            played.append(at / RATE_HZ, far[at : at + step].astype(np.float32))
            at += step
        pcm = np.clip(mic[begin : begin + block], -32768, 32767).astype(np.int16).tobytes()
        capture.block_ended_at = (begin + block) / RATE_HZ
        out.append(np.frombuffer(canceller.cancel(pcm), np.int16))
    return np.concatenate(out).astype(np.float64), canceller


def energy_db(x: Signal) -> float:
    return float(10 * np.log10(np.sum(x**2) + 1.0))


def room_echo(far: Signal, level_db: float, buffers_s: float = 0.2) -> Signal:
    """The speaker through the room at `level_db` relative to the user's voice, `buffers_s`
    late besides (the devices' buffers, which the stamps do not fully account for)."""
    late = np.concatenate([np.zeros(int(buffers_s * RATE_HZ)), far * 32768.0])[: len(far)]
    echo = RoomEcho(Room(), 0.0).apply(late)
    return echo * speech_rms(user_stop()) * 10 ** (level_db / 20) / speech_rms(echo)


@pytest.mark.parametrize("level_db", [0.0, 6.0])
def test_it_converges_on_a_delayed_reverberant_echo_and_removes_it(
    far_end: Signal, level_db: float
) -> None:
    echo = room_echo(far_end, level_db)
    out, canceller = through_canceller(far_end, echo)
    settled = slice(3 * RATE_HZ, len(out))  # after convergence
    erle_db = energy_db(echo[settled]) - energy_db(out[settled])
    assert erle_db >= ERLE_FLOOR_DB
    assert canceller.cancelling


def test_a_voice_that_is_not_in_the_reference_passes(far_end: Signal) -> None:
    """The user's "stop" over the echo at the same level: the echo goes, the voice stays."""
    echo = room_echo(far_end, 0.0)
    user = user_stop()
    at = 4 * RATE_HZ
    mic = echo.copy()
    mic[at : at + len(user)] += user
    out, _ = through_canceller(far_end, mic)
    alone, _ = through_canceller(far_end, echo)
    word = slice(at, at + len(user))
    # The voice keeps most of its energy (within 6 dB), the echo around it loses 20 dB or more.
    assert energy_db(out[word]) >= energy_db(user) - 6.0
    assert energy_db(out[word]) - energy_db(alone[word]) >= 10.0


def test_without_a_speaker_record_it_does_not_count_as_cancelling() -> None:
    canceller = ReferencedCanceller(WebRtcAec(), PlayedAudio(RATE_HZ, 0.02), Capture(0.05))
    canceller.cancel(bytes(1600))
    assert not canceller.cancelling
    assert canceller.stats.no_reference_frames == 5
