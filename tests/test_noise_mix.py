"""The noise benchmark's mixer: the SNR it reports is the SNR in the audio it makes.

The check does not reuse the mixer's level measure: the speech is a tone burst whose active
power is known (A²/2), and the mix is taken apart again by least squares into its speech and
noise parts.
"""

import numpy as np
import pytest

from assistant.config import SAMPLE_RATE_HZ
from benchmarks.noise_mix import LEAD_S, TAIL_S, mix

AMPLITUDE = 8000.0


def tone_burst() -> np.ndarray:
    """One second: 0.3 s quiet, 0.4 s of a 440 Hz tone, 0.3 s quiet (a word in its clip)."""
    t = np.arange(int(0.4 * SAMPLE_RATE_HZ)) / SAMPLE_RATE_HZ
    quiet = np.zeros(int(0.3 * SAMPLE_RATE_HZ))
    return np.concatenate([quiet, AMPLITUDE * np.sin(2 * np.pi * 440 * t), quiet])


def measured_snr_db(speech: np.ndarray, noise: np.ndarray, pcm: bytes) -> float:
    lead = int(LEAD_S * SAMPLE_RATE_HZ)
    padded = np.concatenate([np.zeros(lead), speech, np.zeros(int(TAIL_S * SAMPLE_RATE_HZ))])
    mixed = np.frombuffer(pcm, dtype=np.int16).astype(np.float64)
    parts = np.stack([padded, noise[: len(padded)]], axis=1)
    (speech_gain, noise_gain), *_ = np.linalg.lstsq(parts, mixed, rcond=None)
    speech_power = speech_gain**2 * AMPLITUDE**2 / 2
    return float(10 * np.log10(speech_power / np.mean((noise_gain * noise[: len(padded)]) ** 2)))


@pytest.mark.parametrize("snr_db", [20.0, 10.0, 5.0, 0.0])
def test_a_word_over_white_noise_is_mixed_at_the_snr_asked(snr_db: float) -> None:
    speech = tone_burst()
    noise = np.random.default_rng(1).normal(0.0, 1000.0, 3 * SAMPLE_RATE_HZ)
    mixed = mix(speech.astype(np.int16).tobytes(), noise, snr_db)
    assert measured_snr_db(speech, noise, mixed.pcm) == pytest.approx(snr_db, abs=0.1)
    assert mixed.speech_gain == 1.0  # nothing clipped, nothing scaled


def test_a_loud_mix_is_scaled_down_whole_so_the_snr_holds() -> None:
    speech = tone_burst() * 3.5  # peaks at 28000: with noise at 0 dB the sum would clip
    noise = np.random.default_rng(2).normal(0.0, 50.0, 3 * SAMPLE_RATE_HZ)
    mixed = mix(speech.astype(np.int16).tobytes(), noise, 0.0)
    assert mixed.speech_gain < 1.0
    samples = np.frombuffer(mixed.pcm, dtype=np.int16)
    assert np.abs(samples.astype(np.int32)).max() < 32767
    speech_power = (mixed.speech_gain * 3.5 * AMPLITUDE) ** 2 / 2
    noise_power = np.mean((mixed.noise_gain * noise[: len(samples)]) ** 2)
    assert 10 * np.log10(speech_power / noise_power) == pytest.approx(0.0, abs=0.1)


def test_clean_speech_keeps_its_words_and_only_a_faint_hiss_around_them() -> None:
    speech = tone_burst()
    mixed = np.frombuffer(mix(speech.astype(np.int16).tobytes(), np.zeros(0), None).pcm, np.int16)
    lead = int(LEAD_S * SAMPLE_RATE_HZ)
    assert len(mixed) == len(speech) + lead + int(TAIL_S * SAMPLE_RATE_HZ)
    assert np.abs(mixed[:lead]).max() < 20
    assert np.abs(mixed[lead : lead + len(speech)] - speech).max() < 20
