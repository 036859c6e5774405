"""One frozen settings object, built by the command line and passed down; the only defaults."""

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Engine = Literal["auto", "vosk", "pocketsphinx"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"
DEFAULT_MODELS_DIR = PROJECT_ROOT / "models"
SAMPLE_RATE_HZ = 16000
"""The one rate of audio inside the program: microphone blocks, recognisers, recordings."""
MIN_RATE_WPM, MAX_RATE_WPM = 80, 300
"""Speaking rates espeak-ng keeps intelligible; "slower" and "faster" stay inside them too."""
MIN_VOLUME, MAX_VOLUME = 0.1, 1.0
"""Quieter than a tenth is inaudible over a massage; louder than 1.0 clips."""


@dataclass(frozen=True)
class Settings:
    content_dir: Path = DEFAULT_CONTENT_DIR
    engine: Engine = "auto"
    model_path: Path | None = None
    """A Vosk model directory; else `ASSISTANT_VOSK_MODEL`, else the first one under `models/`."""
    models_dir: Path = DEFAULT_MODELS_DIR
    input_device: str | None = None
    """A sounddevice name or index; None for the system default."""
    output_device: str | None = None
    voice: str = "en-us"
    """The espeak-ng voice the assistant speaks with."""
    rate_wpm: int = 165
    volume: float = 0.9
    mic_block_ms: int = 50
    """Small blocks: "stop" is acted on at most one block after the recogniser could tell."""
    echo_cancel: bool = False
    """Remove the assistant's own voice from the microphone (WebRTC AEC3), with speaker and
    microphone on one duplex stream. Off by default: through ALSA's pulse plugin on a loaded
    machine that stream stalls and its lag moves, and the bench measured it below the present
    behaviour (benchmarks/README.md, echo cancellation). On, a "stop" leaves the stream running
    and lets the device's buffer (0.3 s) play out."""
    noise_suppression: int = 3
    """WebRTC noise suppression in front of Vosk, level 1 (mild) to 4 (strongest); 0: off.
    Level 3 was measured best of 0-3 in background noise and babble at 10 dB and the same as
    none clean (`benchmarks/noise_suppression.py`). PocketSphinx hears without it."""
    act_on_partials: bool = True
    """False only to measure what acting on partial hypotheses saves (`make bench`)."""

    def __post_init__(self) -> None:
        """Settings out of range would fail far from their cause (a division by a zero rate,
        time running backwards in a chat): they are refused where they are built."""
        if not MIN_RATE_WPM <= self.rate_wpm <= MAX_RATE_WPM:
            raise ValueError(
                f"rate must be {MIN_RATE_WPM} to {MAX_RATE_WPM} words per minute, "
                f"not {self.rate_wpm}"
            )
        if not 0 <= self.noise_suppression <= 4:
            raise ValueError(f"noise suppression must be 0 (off) to 4, not "
                             f"{self.noise_suppression}")  # fmt: skip
        if not MIN_VOLUME <= self.volume <= MAX_VOLUME:
            raise ValueError(f"volume must be {MIN_VOLUME} to {MAX_VOLUME}, not {self.volume}")
