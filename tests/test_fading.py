"""Where a voice has faded out: measured against its own loudest moment of the last half second."""

import numpy as np

from assistant.adapters.fading import Fading


def tone(seconds: float, amplitude: float) -> bytes:
    t = np.arange(int(16000 * seconds)) / 16000
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.int16).tobytes()


def test_a_voice_has_faded_after_60_ms_far_below_its_loudest() -> None:
    fading = Fading()
    assert not fading.faded(tone(0.3, 10000))
    assert not fading.faded(tone(0.05, 300))  # 3% of the vowel, but only 50 ms of it
    assert fading.faded(tone(0.01, 300))


def test_a_quieter_voice_still_talking_has_not_faded() -> None:
    fading = Fading()
    fading.faded(tone(0.3, 10000))
    assert not fading.faded(tone(0.2, 1000))  # 10%: an unstressed syllable, not the end


def test_a_loud_noise_long_ago_does_not_make_the_voice_faded() -> None:
    fading = Fading()
    fading.faded(tone(0.1, 30000))
    fading.faded(tone(0.6, 1000))
    assert not fading.faded(tone(0.1, 1000))


def test_odd_sized_blocks_add_up_to_the_same_frames() -> None:
    whole, pieces = Fading(), Fading()
    audio = tone(0.3, 10000) + tone(0.07, 200)
    assert whole.faded(audio)
    assert [pieces.faded(audio[i : i + 333]) for i in range(0, len(audio), 333)][-1]
