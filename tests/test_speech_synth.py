"""Real espeak-ng synthesis: lines become audio, repeated lines are rendered once."""

import numpy as np
import pytest

from assistant.adapters.speech_synth import SpeechSynth, Voice
from assistant.errors import UserFacingError

pytestmark = pytest.mark.slow


def test_a_line_becomes_audible_int16_audio(synth: SpeechSynth) -> None:
    line = synth.render("Press gently with your palm.", Voice())
    assert line.samples.dtype == np.int16
    assert 0.8 < line.duration_s < 5.0
    assert np.abs(line.samples).max() > 3000


def test_a_repeated_line_is_rendered_once(synth: SpeechSynth) -> None:
    before = synth.renders
    first = synth.render("Ten seconds left.", Voice())
    again = synth.render("Ten seconds left.", Voice())
    assert again is first
    assert synth.renders == before + 1


def test_a_slower_rate_gives_longer_audio(synth: SpeechSynth) -> None:
    text = "Move your hand in slow circles around the navel."
    slow = synth.render(text, Voice(rate_wpm=120))
    fast = synth.render(text, Voice(rate_wpm=220))
    assert slow.duration_s > fast.duration_s * 1.4


def test_another_voice_sounds_different(synth: SpeechSynth) -> None:
    ours = synth.render("stop", Voice("en-us"))
    theirs = synth.render("stop", Voice("en-gb-x-rp+f3"))
    assert not np.array_equal(ours.samples[:2000], theirs.samples[:2000])


def test_an_unknown_voice_is_one_clear_error(synth: SpeechSynth) -> None:
    with pytest.raises(UserFacingError, match="unknown espeak-ng voice 'klingon'"):
        synth.render("hello", Voice("klingon"))


def test_a_render_depends_only_on_its_own_settings(synth: SpeechSynth) -> None:
    """espeak-ng keeps state between lines: a change of rate or voice must not leak."""
    text = "Keep your breathing slow and even."
    lengths: dict[Voice, list[float]] = {}
    for voice in [Voice(rate_wpm=120), Voice("en-gb-x-rp+f3"), Voice(), Voice(rate_wpm=120)] * 3:
        synth._cache.clear()
        lengths.setdefault(voice, []).append(synth.render(text, voice).duration_s)
    # The same settings give the same length (to within espeak's last audio chunk).
    assert all(max(found) - min(found) < 0.1 for found in lengths.values()), lengths
