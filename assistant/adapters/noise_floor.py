"""A microphone's faint noise floor, for audio that may be digitally silent.

A muted or virtual microphone gives exact zeros between words, which no real one does, and two
parts misjudge the words next to them: PocketSphinx, and WebRTC's noise suppressor (which took
7-13 dB off the whole next word after zeros; `benchmarks/README.md`, noise suppression).
"""

import numpy as np

from assistant.config import SAMPLE_RATE_HZ

FAINT_NOISE = np.random.default_rng(0).normal(0.0, 3.0, SAMPLE_RATE_HZ).astype(np.int16)
"""One second of Gaussian noise, sigma 3 LSB (about -80 dBFS): far below any real microphone's
own noise, so where one is present it changes nothing."""


def with_noise_floor(pcm: bytes, start: int = 0) -> bytes:
    """`pcm` with `FAINT_NOISE` added from its sample `start` on: the same floor for the same
    audio, continuous across blocks when `start` counts the samples before."""
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.int32)
    positions = (start + np.arange(len(samples))) % len(FAINT_NOISE)
    noisy = samples + FAINT_NOISE[positions]
    return bytes(np.clip(noisy, -32768, 32767).astype(np.int16).tobytes())
