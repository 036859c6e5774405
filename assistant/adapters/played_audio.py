"""What the speaker actually played, sample by sample, on the monotonic clock.

The echo canceller's reference: the blocks the output stream's callback wrote (silence
included, so the timeline has no holes while the stream runs), each with the time its first
sample was due at the device. Written by the audio thread, drained by the canceller.
"""

import threading
from collections import deque

import numpy as np
import numpy.typing as npt

KEEP_S = 10.0
"""Blocks not taken within this long are dropped: the canceller is not reading."""


class PlayedAudio:
    def __init__(self, rate_hz: int, block_s: float) -> None:
        self.rate_hz = rate_hz
        self._lock = threading.Lock()
        self._blocks: deque[tuple[float, npt.NDArray[np.float32]]] = deque(
            maxlen=max(1, int(KEEP_S / block_s))
        )
        self.appended = 0
        """Blocks written so far: a reference that never grows is not usable."""

    def append(self, due_at: float, samples: npt.NDArray[np.float32]) -> None:
        """A block the device will play from `due_at` (float samples, -1..1)."""
        with self._lock:
            self._blocks.append((due_at, samples.copy()))
            self.appended += 1

    def take(self) -> list[tuple[float, npt.NDArray[np.float32]]]:
        """Every block written since the last call, oldest first."""
        with self._lock:
            blocks = list(self._blocks)
            self._blocks.clear()
        return blocks
