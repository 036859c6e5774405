"""Lets the recogniser hear the user over the assistant's voice, but not the voice itself.

The microphone hears the assistant's own speech. Fed to the recogniser, it makes one long
utterance that never ends, and a user's "stop" inside it is never reported. The speaker
reports how loud each block it played was, and when. The gate learns the delay and level at
which that comes back into the microphone, and silences audio no louder than the echo the
assistant is causing at that moment. The user's voice over it passes, in short utterances the
recogniser can read.
"""

from collections import deque
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from assistant.config import SAMPLE_RATE_HZ

FRAME_S = 0.02
DELAYS_S = tuple(round(0.02 * i, 2) for i in range(18))
"""The speaker-to-microphone delays considered (device buffers on both sides)."""
LOOKBACK_FRAMES = 5
HANGOVER_FRAMES = 3
USER_TALKING_FRAMES = 5
"""Consecutive frames above the echo that count as the user talking (100 ms). Through the
virtual devices at -12 dB, the echo alone passed runs of at most 3 frames in 24 sessions; a
real "stop" over it, 6 to 23 (`benchmarks/README.md`)."""
_LEARN_FRAMES = 25
"""Frames of echo heard before the gate lets anything through (0.5 s of playing)."""
LoudestPlayed = Callable[[float, float], float]
"""`loudest(start, end)`: the highest block RMS (0..1) the speaker played in that time span."""


class EchoGate:
    """Learns how the speaker echoes into the microphone, and gates that echo out."""

    def __init__(
        self, loudest: LoudestPlayed, margin: float = 2.0, floor_rms: float = 0.002
    ) -> None:
        """`loudest`: the speaker's record of what it played (`ports.Speaker.loudest`).
        `margin`: how much louder than a loud echo the user must be to pass."""
        self._loudest = loudest
        self.margin = margin
        self.floor_rms = floor_rms
        self._ratios: deque[float] = deque(maxlen=250)
        """Microphone level over the level played one delay earlier (5 s of frames)."""
        self._sums = np.zeros((5, len(DELAYS_S)))
        """Decaying sums of x, y, xy, xx, yy: x the microphone's log level, y the log level
        played at each delay. Their correlation tells the delay of the echo."""
        self._weight = 0.0
        self._held: deque[tuple[npt.NDArray[np.int16], bool]] = deque()
        self._open_for = 0
        self.passed_at: float | None = None
        """When a frame last passed as louder than the echo: the user is talking over it."""
        self._run = 0
        self._judging = False
        """Whether the levels come from the full canceller's output (`filter`'s `judged`)."""

    def _delay_index(self) -> int:
        n, (x, y, xy, xx, yy) = self._weight, self._sums
        if n <= 0:
            return 0
        covariance = xy / n - (x / n) * (y / n)
        spread = np.sqrt(
            np.maximum(xx / n - (x / n) ** 2, 1e-9) * np.maximum(yy / n - (y / n) ** 2, 1e-9)
        )
        return int(np.argmax(covariance / spread))

    @property
    def echo_ratio(self) -> float:
        """A loud echo's level per unit of playing level (0 before any echo was heard)."""
        return float(np.percentile(self._ratios, 90)) if self._ratios else 0.0

    def relearn(self) -> None:
        """Forgets the echo's level: held over from before the canceller converged, it would
        keep the gate closed to the user for the next 5 s."""
        self._ratios.clear()

    def filter(self, pcm: bytes, ended_at: float, judged: bytes | None = None) -> bytes:
        """A microphone block that ended at `ended_at`, with the assistant's echo silenced.

        The output lags by `LOOKBACK_FRAMES`: a word's quiet start ("s" of "stop") is under the
        echo's level, and is let through only once the loud part that follows shows it is
        the user's. `judged` (as long as `pcm`): the levels are taken from it instead, the
        full canceller's output, where the echo left is 40-60 dB down rather than the linear
        filter's 15-25 dB (`ports.EchoCanceller.judged`).
        """
        start_at = ended_at - len(pcm) / 2 / SAMPLE_RATE_HZ
        if self._loudest(start_at - DELAYS_S[-1] - FRAME_S, ended_at) <= 0.0:
            return self._flush() + pcm  # nothing played lately: nothing to gate
        samples = np.frombuffer(pcm, np.int16)
        levels = samples if judged is None else np.frombuffer(judged, np.int16)
        if (judged is not None) != self._judging:  # another signal, another echo level
            self._judging = judged is not None
            self.relearn()
        frame = int(SAMPLE_RATE_HZ * FRAME_S)
        for begin in range(0, len(samples), frame):
            part = samples[begin : begin + frame]
            at = start_at + (begin + len(part)) / SAMPLE_RATE_HZ
            judged_part = levels[begin : begin + frame].astype(np.float64) / 32768.0
            level = float(np.sqrt(np.mean(judged_part**2))) if len(judged_part) else 0.0
            passes = self._passes(level, at)
            if passes:
                self._open_for = HANGOVER_FRAMES
                for index, (held, _) in enumerate(self._held):
                    self._held[index] = (held, True)
            elif self._open_for > 0:
                self._open_for -= 1
                passes = True
            self._held.append((part, passes))
        out = []
        while len(self._held) > LOOKBACK_FRAMES:
            held, passes = self._held.popleft()
            out.append(held if passes else np.zeros_like(held))
        return np.concatenate(out).tobytes() if out else b""

    def _flush(self) -> bytes:
        held = b"".join(p.tobytes() if passes else bytes(p.nbytes) for p, passes in self._held)
        self._held.clear()
        return held

    def _passes(self, level: float, at: float) -> bool:
        played = np.array([self._loudest(at - d - 2 * FRAME_S, at - d) for d in DELAYS_S])
        # Log levels, so quiet and loud passages count alike in telling the delay.
        x, y = np.log(level + 1e-4), np.log(played + 1e-4)
        self._sums = 0.995 * self._sums + np.stack(
            [np.full_like(y, x), y, x * y, np.full_like(y, x * x), y * y]
        )
        self._weight = 0.995 * self._weight + 1.0
        playing = float(played[self._delay_index()])
        if playing <= 0.0:
            return True
        ratio = level / playing
        threshold = max(self.floor_rms / playing, self.margin * self.echo_ratio)
        passes = len(self._ratios) >= _LEARN_FRAMES and ratio > threshold
        self._ratios.append(ratio)  # from every frame: the user talks over it only now and then
        self._run = self._run + 1 if passes else 0
        if self._run >= USER_TALKING_FRAMES:
            self.passed_at = at
        return passes
