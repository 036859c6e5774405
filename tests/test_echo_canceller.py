"""The echo canceller on recorded signals: the assistant's espeak-ng voice through a room
(delay and reverberation) as the echo, a real person's "stop" (Speech Commands) as the user.

The speaker's blocks and the microphone's come in pairs, as a full-duplex stream gives them.
"""

import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soxr

from assistant.adapters.aec_engines import AecEngine, SpeexLinearAec, WebRtcAec
from assistant.adapters.echo_canceller import PairedCanceller
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


def assistant_voice() -> Signal:
    """What the speaker plays: the assistant's voice at the device's rate, -1..1."""
    rendered = SpeechSynth().render(LINES, Voice("en-us", 165))
    samples = rendered.samples.astype(np.float64) / 32768.0 * 0.9
    return np.asarray(soxr.resample(samples, rendered.rate_hz, RATE_HZ), np.float64)


@pytest.fixture(scope="module")
def far_end() -> Signal:
    return assistant_voice()


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
class DuplexCapture:
    """A duplex stream's microphone, as `DuplexMicrophone` keeps it: with each block, the
    block the speaker played in the same callbacks, and which start of the stream it was."""

    reference: bytes = b""
    run: int = 1


def through_canceller(
    far: Signal,
    mic: Signal,
    block_s: float = 0.02,
    restart_at_s: float | None = None,
    heard: Callable[[], AecEngine] | None = None,
    watch: Callable[[PairedCanceller], None] = lambda canceller: None,
) -> tuple[Signal, PairedCanceller]:
    """Plays `far` and captures `mic` block by block through the canceller; the stream is
    started again at `restart_at_s`. `heard`: the engine whose output comes back; `watch` sees
    the canceller after each block."""
    capture = DuplexCapture()
    canceller = PairedCanceller(WebRtcAec, capture, heard)
    block, out = int(RATE_HZ * block_s), []
    for begin in range(0, len(mic) - block + 1, block):
        played = far[begin : begin + block] * 32768.0
        capture.reference = _pcm(np.pad(played, (0, block - len(played))))
        if restart_at_s is not None and begin >= restart_at_s * RATE_HZ:
            capture.run = 2
        out.append(np.frombuffer(canceller.cancel(_pcm(mic[begin : begin + block])), np.int16))
        watch(canceller)
    return np.concatenate(out).astype(np.float64), canceller


def _pcm(x: Signal) -> bytes:
    return np.clip(x, -32768, 32767).astype(np.int16).tobytes()


def energy_db(x: Signal) -> float:
    return float(10 * np.log10(np.sum(x**2) + 1.0))


def room_echo(far: Signal, level_db: float, buffers_s: float = 0.47) -> Signal:
    """The speaker through the room at `level_db` relative to the user's voice, `buffers_s`
    late besides (a duplex stream's buffers through ALSA's pulse plugin: 0.47 or 0.55 s,
    beyond the engine's own reach)."""
    late = np.concatenate([np.zeros(int(buffers_s * RATE_HZ)), far * 32768.0])[: len(far)]
    echo = RoomEcho(Room(), 0.0).apply(late)
    return echo * speech_rms(user_stop()) * 10 ** (level_db / 20) / speech_rms(echo)


@pytest.mark.parametrize("level_db", [0.0, 6.0])
def test_it_converges_on_a_delayed_reverberant_echo_and_removes_it(
    far_end: Signal, level_db: float
) -> None:
    echo = room_echo(far_end, level_db)
    out, canceller = through_canceller(far_end, echo)
    settled = slice(5 * RATE_HZ, len(out))  # after the delay is found and the filter converged
    erle_db = energy_db(echo[settled]) - energy_db(out[settled])
    assert erle_db >= ERLE_FLOOR_DB
    assert canceller.cancelling
    # held back to put the echo (0.47 s of buffers, 0.03 s of room) 40 ms behind it
    assert canceller.delay_samples == pytest.approx(0.46 * RATE_HZ, abs=0.01 * RATE_HZ)


def test_a_voice_that_is_not_in_the_reference_passes(far_end: Signal) -> None:
    """The user's "stop" over the echo at the same level: the echo goes, the voice stays."""
    echo = room_echo(far_end, 0.0)
    user = user_stop()
    at = 6 * RATE_HZ
    mic = echo.copy()
    mic[at : at + len(user)] += user
    out, _ = through_canceller(far_end, mic)
    alone, _ = through_canceller(far_end, echo)
    word = slice(at, at + len(user))
    # The voice keeps most of its energy (within 6 dB), the echo around it loses 20 dB or more.
    assert energy_db(out[word]) >= energy_db(user) - 6.0
    assert energy_db(out[word]) - energy_db(alone[word]) >= 10.0


def test_a_new_start_of_the_stream_counts_as_cancelling_only_once_it_converged_again(
    far_end: Signal,
) -> None:
    echo = room_echo(far_end, 0.0)
    out, canceller = through_canceller(far_end, echo, restart_at_s=6.0)
    assert canceller.cancelling
    assert canceller.restarts == 2  # the delay found, then the new start
    settled = slice(7 * RATE_HZ, len(out))
    assert energy_db(echo[settled]) - energy_db(out[settled]) >= ERLE_FLOOR_DB


def test_the_recogniser_hears_the_start_of_a_word_said_over_an_echo_louder_than_the_user(
    far_end: Signal,
) -> None:
    """With the echo 6 dB above the user, AEC3's suppressor takes the start of "stop" (the
    "st" and the vowel's onset) for echo; the linear filter's output, which the recogniser
    hears, keeps it, with the echo around it lowered."""
    echo = room_echo(far_end, 6.0)
    user = user_stop()
    at = 6 * RATE_HZ
    mic = echo.copy()
    mic[at : at + len(user)] += user
    out, canceller = through_canceller(far_end, mic, heard=SpeexLinearAec)
    alone, _ = through_canceller(far_end, echo, heard=SpeexLinearAec)
    voiced = np.flatnonzero(np.abs(user) > 0.1 * np.abs(user).max())
    onset = slice(int(voiced[0]), int(voiced[0]) + int(0.15 * RATE_HZ))
    word_onset = slice(at + onset.start, at + onset.stop)
    assert energy_db(out[word_onset]) >= energy_db(user[onset]) - 3.0
    settled = slice(5 * RATE_HZ, at)
    assert energy_db(echo[settled]) - energy_db(alone[settled]) >= 10.0
    assert canceller.cancelling
    stats = canceller.stats
    assert stats.erle_db > stats.heard_erle_db  # the full canceller's figure, reported apart


@pytest.fixture(scope="module")
def long_far_end(far_end: Signal) -> Signal:
    return np.concatenate([far_end, far_end, far_end])


def test_the_user_talking_over_the_echo_does_not_make_it_stop_counting_as_cancelling(
    long_far_end: Signal,
) -> None:
    """Counted as echo left, the user's voice took the figure of the last 3 s below the
    divergence floor: the canceller stopped counting, the grammar over the assistant's voice
    shrank to the urgent phrases in mid-word, and "slower" was lost (the echo bench)."""
    echo = room_echo(long_far_end, 0.0)
    mic = echo.copy()
    user = user_stop()
    for at_s in (8.0, 9.2, 10.4, 11.6):
        at = int(at_s * RATE_HZ)
        mic[at : at + len(user)] += user[: len(mic) - at]
    states: list[bool] = []
    through_canceller(
        long_far_end, mic, heard=SpeexLinearAec, watch=lambda c: states.append(c.cancelling)
    )
    assert True in states[: 8 * 50]  # converged before the user spoke
    assert all(states[states.index(True) :])


def moved_for_a_while(far: Signal, moved_s: tuple[float, float], by_s: float = 0.47) -> Signal:
    """The echo, with the device's buffer adding `by_s` to its path between two times (as
    after a "stop" cut the assistant off, through the virtual devices)."""
    echo, moved = room_echo(far, 0.0), room_echo(far, 0.0, buffers_s=0.47 + by_s)
    begin, end = (int(t * RATE_HZ) for t in moved_s)
    echo[begin:end] = moved[begin:end]
    return echo


def test_an_echo_that_moves_for_two_seconds_and_back_leaves_the_filter_alone(
    long_far_end: Signal,
) -> None:
    """For a second or two after a "stop" the echo came 0.47 s later (the device's buffer,
    through the virtual devices). Followed there and back, the canceller started over twice
    and did not count as cancelling for 5-8 s, so "pause" said then was not listened for."""
    mic = moved_for_a_while(long_far_end, (10.0, 12.0))
    states: list[bool] = []
    _, canceller = through_canceller(
        long_far_end, mic, heard=SpeexLinearAec, watch=lambda c: states.append(c.cancelling)
    )
    assert canceller.restarts == 1  # the delay found at the start, and no move
    assert all(states[states.index(True) :])


def test_an_echo_that_comes_back_to_where_it_was_finds_its_filter_converged(
    long_far_end: Signal,
) -> None:
    """Moved for longer, the reference follows the echo with a fresh filter; back where it
    was, the filter it had there works at once, rather than after seconds of converging."""
    mic = moved_for_a_while(long_far_end, (10.0, 18.0))
    seen: list[tuple[int, bool]] = []
    through_canceller(
        long_far_end, mic, heard=SpeexLinearAec,
        watch=lambda c: seen.append((c.restarts, c.cancelling)),
    )  # fmt: skip
    restarts = [r for r, _ in seen]
    assert max(restarts) == 3  # the delay found at the start, the move, and back
    back = restarts.index(3)
    assert all(cancelling for _, cancelling in seen[back : back + 10])
