"""Shared fixtures and helpers: real audio devices from a private PulseAudio that the test run
starts, the real speech on disk, espeak-ng speech made on the spot."""

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.pulse import VirtualAudio, write_wav
from assistant.adapters.speech_synth import SpeechSynth
from assistant.adapters.wav import read_wav
from assistant.config import SAMPLE_RATE_HZ

SPEECH_COMMANDS = Path(__file__).resolve().parents[2] / "shared" / "speech" / "commands"
"""Real people's words, one folder per word (Speech Commands v0.02, CC BY 4.0)."""
PERSON_SAYING_STOP = SPEECH_COMMANDS / "stop" / "022cd682_nohash_0.wav"
PERSON_SAYING_YES = SPEECH_COMMANDS / "yes" / "022cd682_nohash_0.wav"


def seconds_of_silence(seconds: float) -> bytes:
    """Digital silence as 16-bit mono PCM at `SAMPLE_RATE_HZ`."""
    return bytes(2 * round(seconds * SAMPLE_RATE_HZ))


def espeak(text: str, folder: Path, voice: str = "en-us", speed_wpm: int = 140) -> bytes:
    """`text` in an espeak-ng voice, as 16-bit mono PCM at `SAMPLE_RATE_HZ`."""
    path = folder / f"{text.replace(' ', '_')}.espeak.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed_wpm), "-w", str(path), text], check=True
    )
    return read_wav(path)


def spoken_wav(folder: Path, text: str, speed_wpm: int = 140) -> Path:
    """`text` in espeak-ng's voice with 0.5 s of silence before and 1 s after, so that the
    utterance ends on its own: a WAV file named after it."""
    pcm = seconds_of_silence(0.5) + espeak(text, folder, speed_wpm=speed_wpm)
    path = folder / f"{text.replace(' ', '_')}.wav"
    write_wav(path, np.frombuffer(pcm + seconds_of_silence(1.0), dtype=np.int16))
    return path


@pytest.fixture(scope="module")
def synth() -> SpeechSynth:
    return SpeechSynth()


@pytest.fixture(scope="session")
def virtual_audio() -> Iterator[VirtualAudio]:
    """A virtual speaker and microphone with an echo path at a realistic level (-12 dB).

    `PULSE_SERVER` points at it for the whole test session, so sounddevice's "pulse" and
    "default" devices are these.
    """
    with VirtualAudio(echo_db=-12.0) as audio:
        yield audio


def ctrl_c_works() -> None:
    """`preexec_fn` for a child the test will send SIGINT: as from a terminal, Ctrl-C reaches
    it. A test run started in the background (`pytest ... &` from a script) ignores SIGINT, and
    a child inherits that, so Python would not even install its KeyboardInterrupt handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
