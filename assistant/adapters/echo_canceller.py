"""Echo cancellation on the microphone, with the block the speaker played beside it.

The microphone of a full-duplex stream (`duplex.DuplexMicrophone`) hands out, with each
block it read, the block written to the speaker in the same callbacks: both on the device's
clock, sample for sample. The engine (`aec_engines`) gets them 10 ms at a time; the echo
follows its reference by the stream's latency plus the room's delay, which the engine finds
within its reach (about half a second). The lag changes with each start of the stream
(0.47 or 0.55 s here), and further out of reach: the reference is delayed to match
(`echo_delay`), and after such a jump the engine starts afresh, which re-converges in about
0.3 s where one that had settled on the old lag took seconds; a converged pair is kept for the
lag it left, and taken up again if the echo comes back there (as after a "stop" here). Adds at
most one frame (10 ms).

Two engines may run side by side on the same frames: the full canceller (AEC3: its adaptive
filter, then a suppressor of what is left) tells whether the echo path is learned, and a
linear one (`aec_engines.SpeexLinearAec`) gives what the recogniser hears. AEC3's suppressor,
in double talk, cut the first 100-300 ms of the user's "stop" by 20-50 dB: with the echo 12 dB
above the user, Vosk then heard 6 of 12 held-out stops offline, and 10 of 12 through the
linear filter (`benchmarks/README.md`). The echo gate after it deals with what the filter
leaves.
"""

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from assistant.adapters.aec_engines import FRAME_SAMPLES, RATE_HZ, AecEngine
from assistant.adapters.echo_delay import DelayTracker

CONVERGED_DB = 15.0
"""Echo removed over the last second of playing before the canceller counts as working."""
HEARD_CONVERGED_DB = 10.0
"""The same for the linear filter's output, where one is heard (it settles at 13-17 dB)."""
DIVERGED_DB = 8.0
"""Below this in the median frame of the last three seconds of playing it no longer counts
(the echo path changed). The median, not the energy of the whole stretch: the user talking
over the echo counts as echo left, and took that figure to 8.5 dB at 0 dB and below 8 dB when
the user was louder, so the canceller stopped counting, the grammar over its voice shrank in
mid-word and "slower" was lost."""
_CONVERGED_FRAMES = 100
_DIVERGED_FRAMES = 300
_PLAYING = 300
"""int16 peak above which a frame counts as the speaker playing (and echoing)."""
_MAX_DELAY_S = 1.0
"""The most the reference is held back (`echo_delay.SEARCH_S`)."""
_Frame = tuple[float, float, float, float, float]
"""A frame of echo: the energy of the microphone, of the full canceller's output and of the
one heard; and the echo removed from each of the two outputs (dB)."""
_SAME_LAG_SAMPLES = 160  # lags within 10 ms are one to a kept filter
_ECHO_REACH_FRAMES = 50
"""The echo follows what was written by the stream's latency (0.2-0.25 s here) and the
room's: frames within 0.5 s after a loud reference are counted as echo."""


@dataclass(frozen=True)
class CancellerStats:
    frames: int
    cpu_s: float
    echo_in_energy: float
    echo_out_energy: float
    """Microphone energy before and after, over frames while the speaker played: their ratio
    is the ERLE where the user was silent."""
    heard_out_energy: float = 0.0
    """The same after the engine the recogniser hears (the full canceller's where it is one)."""

    @property
    def erle_db(self) -> float:
        return _db(self.echo_in_energy, self.echo_out_energy)

    @property
    def heard_erle_db(self) -> float:
        """Echo removed from what the recogniser hears."""
        return _db(self.echo_in_energy, self.heard_out_energy)

    def since(self, earlier: "CancellerStats") -> "CancellerStats":
        """The counts between an earlier reading and this one (the ERLE of that stretch)."""
        return CancellerStats(
            self.frames - earlier.frames,
            self.cpu_s - earlier.cpu_s,
            self.echo_in_energy - earlier.echo_in_energy,
            self.echo_out_energy - earlier.echo_out_energy,
            self.heard_out_energy - earlier.heard_out_energy,
        )


class ReferencedMicrophone(Protocol):
    """A microphone that gives, with each block, what was played beside it (`reference`)."""

    reference: bytes
    run: int
    """Which start of the stream the block came from."""

    def read(self, timeout_s: float) -> bytes | None: ...
    def close(self) -> None: ...


class PairedCanceller:
    """Fits `ports.EchoCanceller`: `cancel(pcm)` on each block the microphone gave."""

    def __init__(
        self,
        make_engine: Callable[[], AecEngine],
        microphone: ReferencedMicrophone,
        make_heard: Callable[[], AecEngine] | None = None,
    ) -> None:
        """`make_engine`: the full canceller; `make_heard`: the engine whose output is handed
        on, where not the full canceller's."""
        self._make_engine, self._make_heard = make_engine, make_heard
        self.engine = make_engine()
        self.heard = make_heard() if make_heard is not None else None
        self._mic = microphone
        self._run = microphone.run
        self.restarts = 0
        """Times the engine started afresh: a new run of the stream, or a corrected delay."""
        self._near = np.zeros(0, np.int16)
        self._far = np.zeros(int(_MAX_DELAY_S * RATE_HZ), np.int16)
        """The reference: `_MAX_DELAY_S` of history, then what the microphone has not
        caught up with."""
        self._delay = DelayTracker(FRAME_SAMPLES)
        self.delay_samples = 0
        """How long the reference is held back beyond the stream's pairing."""
        self._frames = 0
        self._cpu_s = 0.0
        self._energy = [0.0, 0.0, 0.0]
        self._recent: deque[_Frame] = deque(maxlen=_DIVERGED_FRAMES)
        self._loud: deque[bool] = deque(maxlen=_ECHO_REACH_FRAMES)
        """Whether each of the last reference frames was loud."""
        self._converged = False
        self._proven = False  # converged since they started (they may have lost it since)
        self._kept: tuple[int, AecEngine, AecEngine | None] | None = None
        """The last converged engines and the lag they were left at (`_follow`)."""
        self.judged = b""
        """The full canceller's output of the samples `cancel` last returned."""

    @property
    def stats(self) -> CancellerStats:
        return CancellerStats(self._frames, self._cpu_s, *self._energy)

    @property
    def cancelling(self) -> bool:
        """The echo is being removed: the filter has converged (in the first second or two of
        speech it has not, and the echo still comes through)."""
        return self._converged

    def cancel(self, pcm: bytes) -> bytes:
        """The microphone's last block, with the echo removed."""
        if self._mic.run != self._run:
            self._run, self._kept = self._mic.run, None  # a new start pairs at a new lag
            self._restart(DelayTracker(FRAME_SAMPLES))
        return self.cancel_pair(pcm, self._mic.reference)

    def _restart(self, delay: DelayTracker) -> None:
        """A fresh engine, not yet counted as cancelling (the delay it learned is wrong now)."""
        self.engine = self._make_engine()
        self.heard = self._make_heard() if self._make_heard is not None else None
        self._delay = delay
        self._recent.clear()
        self._converged = self._proven = False
        self.restarts += 1

    def cancel_pair(self, pcm: bytes, reference: bytes) -> bytes:
        """A 16 kHz int16 block and the one played beside it, as long; whole frames come back,
        up to one frame waits for the next block."""
        started = time.process_time()
        self._near = np.concatenate([self._near, np.frombuffer(pcm, np.int16)])
        self._far = np.concatenate([self._far, np.frombuffer(reference, np.int16)])
        history = int(_MAX_DELAY_S * RATE_HZ)
        whole = min(len(self._near), len(self._far) - history) // FRAME_SAMPLES * FRAME_SAMPLES
        out, judged = np.empty(whole, np.int16), np.empty(whole, np.int16)
        for begin in range(0, whole, FRAME_SAMPLES):
            near = self._near[begin : begin + FRAME_SAMPLES]
            at = history + begin - self.delay_samples
            far = self._far[at : at + FRAME_SAMPLES]
            full = self.engine.process(near, far)
            heard = full if self.heard is None else self.heard.process(near, far)
            out[begin : begin + FRAME_SAMPLES], judged[begin : begin + FRAME_SAMPLES] = heard, full
            self._follow(self._delay.push(near, far))
            if np.abs(near).max() > _PLAYING and self._echo_expected():
                self._count_echo(near, full, heard)
            self._loud.append(bool(np.abs(far).max() > _PLAYING))
        self._near, self._far = self._near[whole:], self._far[whole:]
        self._frames += whole // FRAME_SAMPLES
        self._cpu_s += time.process_time() - started
        self.judged = judged.tobytes()
        return out.tobytes()

    def _follow(self, less_s: float) -> None:
        """Moves the reference where the echo was found, unless the linear filter is removing
        the echo where it is: then a peak elsewhere is the user's voice or a phrase said again.
        AEC3's own figure does not tell: its suppressor reaches 15 dB with the echo misplaced.
        A converged pair of engines is kept for the lag it left: after a "stop" the echo moved
        by the device's buffer (0.47 s) for a few seconds and came back, and a pair started
        afresh at each move lost the echo for 5-8 s."""
        if less_s == 0.0 or self._filter_aligned():
            return
        left = self.delay_samples
        delay = int(np.clip(left - round(less_s * RATE_HZ), 0, int(_MAX_DELAY_S * RATE_HZ)))
        kept = self._kept
        self._kept = (left, self.engine, self.heard) if self._proven else None
        self.delay_samples = delay
        self._restart(self._delay)
        if kept is not None and abs(kept[0] - delay) <= _SAME_LAG_SAMPLES:
            _, self.engine, self.heard = kept
            self._converged = self._proven = True

    def _filter_aligned(self) -> bool:
        last = list(self._recent)[-_CONVERGED_FRAMES:]
        heard = self.heard is not None and len(last) == _CONVERGED_FRAMES
        return heard and self._converged and _median_db(last, 2) >= HEARD_CONVERGED_DB

    def _echo_expected(self) -> bool:
        """A loud microphone then holds echo, with or without the user."""
        return any(self._loud)

    def _count_echo(self, *frames: npt.NDArray[np.int16]) -> None:
        """`frames`: the microphone's, the full canceller's output and the one heard."""
        energies = tuple(float(np.sum(frame.astype(np.float64) ** 2)) for frame in frames)
        self._energy = [
            total + energy for total, energy in zip(self._energy, energies, strict=True)
        ]
        mic, full, heard = energies
        self._recent.append((mic, full, heard, _db(mic, full), _db(mic, heard)))
        if not self._converged and len(self._recent) >= _CONVERGED_FRAMES:
            last = list(self._recent)[-_CONVERGED_FRAMES:]
            heard_db = HEARD_CONVERGED_DB if self.heard is not None else CONVERGED_DB
            self._converged = _erle_db(last, 1) >= CONVERGED_DB and _erle_db(last, 2) >= heard_db
            self._proven = self._proven or self._converged
        elif self._converged and len(self._recent) == _DIVERGED_FRAMES:
            self._converged = _median_db(self._recent, 1) >= DIVERGED_DB
            if not self._converged:
                self._recent.clear()  # converging again takes a fresh second, not one frame


def _median_db(frames: Iterable[_Frame], out: int) -> float:
    """The echo removed from output `out` in the median frame: not moved by the user talking
    in a few of them, as the energy of the whole stretch is."""
    return float(np.median([frame[out + 2] for frame in frames]))


def _erle_db(energies: list[_Frame], out: int) -> float:
    return _db(sum(e[0] for e in energies), sum(e[out] for e in energies))


def _db(before: float, after: float) -> float:
    return float(10 * np.log10((before + 1.0) / (after + 1.0)))
