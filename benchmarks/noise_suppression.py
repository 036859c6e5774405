"""WebRTC noise suppression (`webrtc-noise-gain`) in front of the engine, measured as
`noise.py` measures the shipped path: Vosk, clean and each noise at 10 dB SNR, without and
with it. Not in the product (yet): `benchmarks/README.md` says why. Run alone:
`python -m benchmarks noise_suppression`.
"""

from collections.abc import Sequence
from multiprocessing import Pool

from webrtc_noise_gain import AudioProcessor

from assistant.ports import Hypothesis, Recognizer
from benchmarks.noise import measure, voiced
from benchmarks.noise_mix import NOISES, Noises
from benchmarks.speech_commands import load_clips

LEVEL = 2
"""WebRTC's suppression level, 0-4 ("moderate"); no automatic gain."""
FRAME_BYTES = 320
"""The processor takes 10 ms at 16 kHz."""
CONDITIONS = [("clean", None), *[(noise, 10.0) for noise in NOISES]]


class Suppressed:
    """A recogniser that hears the audio through WebRTC's noise suppressor, fresh for each
    listen."""

    def __init__(self, inner: Recognizer, level: int) -> None:
        self._inner, self._level = inner, level
        self.name, self.sample_rate_hz = f"{inner.name} + WebRTC NS", inner.sample_rate_hz
        self._processor, self._pending = AudioProcessor(0, level), b""

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        self._processor, self._pending = AudioProcessor(0, self._level), b""
        self._inner.set_expected(phrases, eager)

    def accept(self, pcm: bytes) -> Hypothesis | None:
        self._pending += pcm
        cut = len(self._pending) // FRAME_BYTES * FRAME_BYTES
        frames, self._pending = self._pending[:cut], self._pending[cut:]
        cleaned = b"".join(self._processor.Process10ms(frames[i : i + FRAME_BYTES]).audio
                           for i in range(0, cut, FRAME_BYTES))  # fmt: skip
        return self._inner.accept(cleaned) if cleaned else None

    def finish(self) -> Hypothesis | None:
        return self._inner.finish()


def run() -> dict[str, object]:
    clips = load_clips()
    noises = Noises(clips)
    answers = voiced()
    with Pool(2) as pool:
        return {
            f"vosk, suppression {level}": measure("vosk", pool, clips, noises, answers,
                                                  CONDITIONS, level)
            for level in (0, LEVEL)
        }  # fmt: skip
