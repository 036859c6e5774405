"""The virtual devices carry sound: what is played into them can be recorded back."""

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.pulse import MIC, SPEAKER, VirtualAudio, write_wav
from assistant.config import SAMPLE_RATE_HZ
from assistant.errors import UserFacingError

pytestmark = pytest.mark.slow


def _tone(seconds: float, amplitude: int = 8000) -> np.ndarray:
    t = np.arange(int(SAMPLE_RATE_HZ * seconds)) / SAMPLE_RATE_HZ
    return (amplitude * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


def _wait_for_sound(recording_samples: Callable[[], np.ndarray], level: int) -> np.ndarray:
    """Polls until the recording holds sound (parec delivers as it goes), or gives up."""
    for _ in range(100):
        samples = recording_samples()
        if samples.size and np.abs(samples).max() >= level:
            return samples
        time.sleep(0.05)
    return recording_samples()


def test_a_wav_played_into_the_mic_is_recorded_back(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    wav = tmp_path / "tone.wav"
    write_wav(wav, _tone(0.5))
    with virtual_audio.record(f"{MIC}.monitor") as mic:
        virtual_audio.play_into_mic(wav).wait(timeout=10)
        samples = _wait_for_sound(mic.samples, 6000)
    assert np.abs(samples).max() >= 6000


def test_sounddevice_plays_on_the_virtual_speaker_and_echoes_into_the_mic(
    virtual_audio: VirtualAudio,
) -> None:
    import sounddevice

    names = [device["name"] for device in sounddevice.query_devices()]
    assert "pulse" in names
    with (
        virtual_audio.record(f"{SPEAKER}.monitor") as speaker,
        virtual_audio.record(f"{MIC}.monitor") as mic,
    ):
        sounddevice.play(_tone(0.5), SAMPLE_RATE_HZ, device="pulse", blocking=True)
        played = _wait_for_sound(speaker.samples, 6000)
        echoed = _wait_for_sound(mic.samples, 1000)
    assert np.abs(played).max() >= 6000
    # The echo path is quieter than the speaker (-12 dB is about a quarter of the amplitude).
    assert 1000 <= np.abs(echoed).max() < np.abs(played).max()


def test_a_server_that_cannot_be_reached_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(VirtualAudio, "socket", property(lambda self: "unix:/nonexistent/native"))
    monkeypatch.setattr("assistant.adapters.pulse_server._START_TIMEOUT_S", 0.5)
    with pytest.raises(UserFacingError, match="could not start PulseAudio"):
        VirtualAudio().__enter__()


def test_no_pulseaudio_installed_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(UserFacingError, match="PulseAudio is not installed"):
        VirtualAudio().__enter__()
