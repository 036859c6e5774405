"""Echo cancellation on the microphone, with what the speaker played as the reference.

The speaker records every block it plays and when it is due at the device
(`PlayedAudio`); the microphone stamps when each block was captured. The two are put on one
16 kHz timeline, and the engine (`aec_engines`) gets, for every 10 ms of microphone, the
10 ms the speaker played at that same moment: the echo follows in the microphone by the
room's and the devices' delay, which the engine estimates. Adds at most one frame (10 ms).
"""

import logging
import time
from collections import deque
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
import soxr

from assistant.adapters.aec_engines import FRAME_SAMPLES, RATE_HZ, AecEngine
from assistant.adapters.capture_clock import SampleClock
from assistant.adapters.echo_delay import DelayTracker
from assistant.adapters.played_audio import PlayedAudio

log = logging.getLogger(__name__)

_KEEP_S = 2.0
"""Reference kept behind the microphone's time (the engines reach back well under this)."""
_GAP_S = 0.03
"""A jump in the speaker's due times larger than this is a restarted stream, not jitter."""
NO_REFERENCE_S = 1.0
CONVERGED_DB = 15.0
"""Echo removed over the last second of playing before the canceller counts as working."""
DIVERGED_DB = 8.0
"""Below this over the last three seconds of playing it no longer counts (the echo path
changed); the user talking over the echo alone lowers the figure to about 8.5 dB at 0 dB."""
_CONVERGED_FRAMES = 100
_DIVERGED_FRAMES = 300
_PLAYING = 300
"""int16 peak above which a reference frame counts as the speaker playing."""
"""A speaker stream that wrote nothing for this long gives no usable reference."""


@dataclass(frozen=True)
class CancellerStats:
    frames: int
    cpu_s: float
    no_reference_frames: int
    """Frames for which the speaker's record had no samples (cancelled against silence)."""
    echo_in_energy: float
    echo_out_energy: float
    """Microphone energy before and after, over frames while the speaker played: their ratio
    is the ERLE where the user was silent."""

    @property
    def erle_db(self) -> float:
        return float(10 * np.log10((self.echo_in_energy + 1.0) / (self.echo_out_energy + 1.0)))


class TimedMicrophone(Protocol):
    """A microphone that tells when its last block was captured (`SoundDeviceMicrophone`)."""

    block_ended_at: float

    def read(self, timeout_s: float) -> bytes | None: ...
    def close(self) -> None: ...



class ReferencedCanceller:
    """Fits `ports.EchoCanceller`: `cancel(pcm)` on each block the microphone gave."""

    def __init__(self, engine: AecEngine, played: PlayedAudio, microphone: TimedMicrophone) -> None:
        self.engine = engine
        self._played, self._mic = played, microphone
        self._resampler = soxr.ResampleStream(played.rate_hz, RATE_HZ, 1, dtype="float32")
        self._ref = np.zeros(0, np.float32)
        self._played_clock = SampleClock(played.rate_hz)
        self._dropped = 0
        """Samples (16 kHz) dropped from the front of `_ref` so far."""
        self._ref_end_at: float | None = None
        """When the last block taken ends."""
        self._near = np.zeros(0, np.int16)
        self._near_end_at = 0.0
        self._delay = DelayTracker(FRAME_SAMPLES)
        self._offset_s = 0.0
        """How much later than the stamps say the reference is taken (`DelayTracker`)."""
        self._first_near_at: float | None = None
        self._noticed = False
        self._frames = 0
        self._missing = 0
        self._cpu_s = 0.0
        self._energy = [0.0, 0.0]
        self._recent: deque[tuple[float, float]] = deque(maxlen=_DIVERGED_FRAMES)
        self._converged = False

    @property
    def stats(self) -> CancellerStats:
        return CancellerStats(self._frames, self._cpu_s, self._missing, *self._energy)

    def reference_alive(self, now: float) -> bool:
        """Whether the speaker is writing its record (a stream that runs, even silent)."""
        return self._ref_end_at is not None and now - self._ref_end_at < NO_REFERENCE_S

    @property
    def cancelling(self) -> bool:
        """The echo is being removed: the reference flows and the filter has converged (the
        first second or two of speech it has not, and the echo still comes through)."""
        if not self.reference_alive(self._near_end_at):
            self._converged = False
            self._recent.clear()
            self._notice_no_reference()
        return self._converged

    def _notice_no_reference(self) -> None:
        heard_s = self._near_end_at - (self._first_near_at or self._near_end_at)
        if not self._noticed and heard_s > NO_REFERENCE_S:
            self._noticed = True
            log.warning(
                "echo cancellation is off: the speaker gives no record of what it plays "
                "(only urgent phrases are heard over its voice)"
            )

    def cancel(self, pcm: bytes) -> bytes:
        """The microphone's last block, with the echo removed."""
        return self.cancel_at(pcm, self._mic.block_ended_at)

    def cancel_at(self, pcm: bytes, ended_at: float) -> bytes:
        """A 16 kHz int16 block captured up to `ended_at`, with the echo removed. Returns whole
        frames only: up to one frame waits for the next block."""
        started = time.process_time()
        self._take_reference()
        block = np.frombuffer(pcm, np.int16)
        self._near = np.concatenate([self._near, block])
        self._near_end_at = ended_at
        self._first_near_at = self._first_near_at or ended_at
        whole = len(self._near) // FRAME_SAMPLES * FRAME_SAMPLES
        first_at = ended_at - len(self._near) / RATE_HZ
        out = np.empty(whole, np.int16)
        for begin in range(0, whole, FRAME_SAMPLES):
            far = self._reference_at(first_at + begin / RATE_HZ + self._offset_s)
            near = self._near[begin : begin + FRAME_SAMPLES]
            out[begin : begin + FRAME_SAMPLES] = self.engine.process(near, far)
            self._offset_s = float(np.clip(self._offset_s + self._delay.push(near, far), -0.5, 0.5))
            if np.abs(far).max() > _PLAYING and np.abs(near).max() > _PLAYING:
                self._count_echo(near, out[begin : begin + FRAME_SAMPLES])
        self._near = self._near[whole:]
        self._frames += whole // FRAME_SAMPLES
        self._drop_reference_before(ended_at - _KEEP_S)
        self._cpu_s += time.process_time() - started
        return out.tobytes()

    def _count_echo(self, near: npt.NDArray[np.int16], out: npt.NDArray[np.int16]) -> None:
        energies = float(np.sum(near.astype(np.float64) ** 2)), float(np.sum(out**2.0))
        self._energy = [self._energy[0] + energies[0], self._energy[1] + energies[1]]
        self._recent.append(energies)
        if not self._converged and len(self._recent) >= _CONVERGED_FRAMES:
            self._converged = _erle_db(list(self._recent)[-_CONVERGED_FRAMES:]) >= CONVERGED_DB
        elif self._converged and len(self._recent) == _DIVERGED_FRAMES:
            self._converged = _erle_db(list(self._recent)) >= DIVERGED_DB

    def _take_reference(self) -> None:
        """The speaker's blocks, end to end on one timeline (`SampleClock`); a jump in their
        due times beyond `_GAP_S` is a restarted stream, filled with silence."""
        clock = self._played_clock
        for due_at, samples in self._played.take():
            gap_s = due_at - clock.time_of(clock.count) if clock.origin_at is not None else 0.0
            if gap_s > _GAP_S:
                silence = np.zeros(int(gap_s * clock.rate_hz), np.float32)
                self._feed(silence, due_at)
            self._feed(samples, due_at + len(samples) / clock.rate_hz)
        if clock.origin_at is not None:
            self._ref_end_at = clock.time_of(clock.count)

    def _feed(self, samples: npt.NDArray[np.float32], last_at: float) -> None:
        self._played_clock.add(len(samples), last_at)
        self._append(self._resampler.resample_chunk(samples))

    def _append(self, samples: npt.NDArray[np.float32]) -> None:
        self._ref = np.concatenate([self._ref, samples.astype(np.float32)])

    def _reference_at(self, at: float) -> npt.NDArray[np.int16]:
        """The 10 ms the speaker played from `at`; silence where its record has nothing."""
        frame = np.zeros(FRAME_SAMPLES, np.float32)
        if self._played_clock.origin_at is not None:
            start = round((at - self._played_clock.time_of(0)) * RATE_HZ) - self._dropped
            lo, hi = max(0, start), min(len(self._ref), start + FRAME_SAMPLES)
            if hi > lo:
                frame[lo - start : hi - start] = self._ref[lo:hi]
        if not self.reference_alive(at):
            self._missing += 1
        scaled: npt.NDArray[np.int16] = np.clip(frame * 32768.0, -32768, 32767).astype(np.int16)
        return scaled

    def _drop_reference_before(self, at: float) -> None:
        if self._played_clock.origin_at is None:
            return
        drop = int((at - self._played_clock.time_of(0)) * RATE_HZ) - self._dropped
        if drop > 0:
            self._ref = self._ref[drop:]
            self._dropped += drop



def _erle_db(energies: list[tuple[float, float]]) -> float:
    before, after = (sum(e[i] for e in energies) for i in (0, 1))
    return float(10 * np.log10((before + 1.0) / (after + 1.0)))
