"""Where a voice has faded out: a faster end of an utterance than a voice detector's.

The voice detector (`pocketsphinx.Vad`, loose) still calls the fading "s" of "yes" voiced for
about 250 ms after the word; measured against the voice's own loudest moment, the word is over
much sooner. Used by Vosk, whose partial result already is its final.
"""

from collections import deque

import numpy as np

from assistant.config import SAMPLE_RATE_HZ

FADED_SHARE = 0.05
FADED_FRAMES = 6
"""60 ms (six 10 ms frames) below 5% of the loudest frame of the last half second. Chosen on
the fitting Speech Commands speakers: end of "yes" or "no" to the final, median 378 -> 127 ms,
no word taken for another (benchmarks/README.md)."""
FRAME_SAMPLES = SAMPLE_RATE_HZ // 100
WINDOW_FRAMES = 50


class Fading:
    """Feeds on 16-bit audio; tells whether the voice has faded far below its recent loudest."""

    def __init__(self) -> None:
        self._levels: deque[float] = deque(maxlen=WINDOW_FRAMES)
        self._faded_run = 0
        self._pending = b""

    def faded(self, pcm: bytes) -> bool:
        """After this audio: `FADED_FRAMES` in a row below `FADED_SHARE` of the loudest."""
        pending = self._pending + pcm
        whole = len(pending) // (2 * FRAME_SAMPLES) * (2 * FRAME_SAMPLES)
        self._pending = pending[whole:]
        samples = np.frombuffer(pending[:whole], np.int16).astype(np.float64)
        for frame in samples.reshape(-1, FRAME_SAMPLES):
            level = float(np.sqrt(np.mean(frame**2)))
            self._levels.append(level)
            self._faded_run = self._faded_run + 1 if level < FADED_SHARE * max(self._levels) else 0
        return self._faded_run >= FADED_FRAMES
