"""Where the echo sits against its reference, measured on the signals themselves.

Even in one duplex stream the two directions slip apart: through ALSA's pulse plugin each
under-run moved the echo, from 0.22 to 0.78 s behind the block written beside it within a
minute, beyond the engine's reach (it lost the echo: 2 dB). So the raw microphone is
cross-correlated with the reference fed beside it, and the reference is delayed more or less
when the echo falls outside the window the engine handles.
"""

from collections import deque

import numpy as np
import numpy.typing as npt

from assistant.config import SAMPLE_RATE_HZ

WINDOW_S = 3.0
"""Audio correlated at a time: a few words of the assistant's speech."""
EVERY_S = 1.0
TARGET_LAG_S = 0.04
"""Where the echo is put behind its reference after a correction."""
REACH_S = (0.0, 0.3)
"""Lags the engine handles by itself: no correction inside."""
SEARCH_S = 1.0
"""Lags looked for on either side: device buffers, not a repeated phrase seconds apart."""
AGREEING = (2, 3)
"""Measures in a row (a second apart) that must find the same lag outside the reach: to find
it first, and to move it once found. Two were not enough to move it: for a second or two
after a "stop" cut the assistant off, the echo sat 0.47 s (the device's buffer) further from
its reference, twice in a row; the correction, and the one back, each started the canceller
over, which then did not work for the next 8 s."""
_CLEAR_PEAK = 6.0
"""The correlation peak over the median of its magnitude: below, no clear echo to measure."""


class DelayTracker:
    def __init__(self, frame_samples: int) -> None:
        frames = self._frames = int(WINDOW_S * SAMPLE_RATE_HZ / frame_samples)
        self._near: deque[npt.NDArray[np.int16]] = deque(maxlen=frames)
        self._far: deque[npt.NDArray[np.int16]] = deque(maxlen=frames)
        self._every = int(EVERY_S * SAMPLE_RATE_HZ / frame_samples)
        self._since = 0
        self._lags: deque[float | None] = deque(maxlen=max(AGREEING))
        self.corrections = 0

    def push(self, near: npt.NDArray[np.int16], far: npt.NDArray[np.int16]) -> float:
        """One frame of each; returns how much less (s) to delay the reference from now on."""
        self._near.append(near)
        self._far.append(far)
        self._since += 1
        if self._since < self._every or len(self._near) < self._frames // 2:
            return 0.0
        self._since = 0
        lag_s = self._lag_s()
        self._lags.append(lag_s)
        if lag_s is None or REACH_S[0] <= lag_s <= REACH_S[1]:
            return 0.0
        needed = AGREEING[min(self.corrections, 1)]
        agreeing = list(self._lags)[-needed:]
        if len(agreeing) < needed or any(
            lag is None or abs(lag - lag_s) > 0.01 for lag in agreeing
        ):
            return 0.0  # a chance peak, or the echo not yet settled where it went
        self.corrections += 1
        self._lags.clear()
        self._near.clear()
        self._far.clear()
        return TARGET_LAG_S - lag_s

    def _lag_s(self) -> float | None:
        near = np.concatenate(self._near).astype(np.float64)
        far = np.concatenate(self._far).astype(np.float64)
        if np.sqrt(np.mean(far**2)) < 100.0:
            return None  # the speaker was mostly quiet: nothing to measure on
        size = 1 << (2 * len(near) - 1).bit_length()
        spectrum = np.fft.rfft(near, size) * np.conj(np.fft.rfft(far, size))
        correlation = np.abs(np.fft.irfft(spectrum / (np.abs(spectrum) + 1e-9), size))
        reach = int(SEARCH_S * SAMPLE_RATE_HZ)
        lags = np.concatenate([correlation[-reach:], correlation[: reach + 1]])  # -reach..reach
        peak = int(np.argmax(lags))
        if lags[peak] < _CLEAR_PEAK * float(np.median(lags)) + 1e-12:
            return None
        return (peak - reach) / SAMPLE_RATE_HZ
