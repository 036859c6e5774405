"""WAV files in, the program's one audio format out: mono int16 at `SAMPLE_RATE_HZ`."""

import wave
from pathlib import Path

import numpy as np
import soxr

from assistant.config import SAMPLE_RATE_HZ
from assistant.errors import UserFacingError


def read_wav(path: Path) -> bytes:
    """Any PCM WAV (8/16/32-bit, any rate, any channels) as 16 kHz mono int16."""
    try:
        with wave.open(str(path)) as audio:
            width, channels, rate = audio.getsampwidth(), audio.getnchannels(), audio.getframerate()
            raw = audio.readframes(audio.getnframes())
    except FileNotFoundError as error:
        raise UserFacingError(f"{path}: no such file") from error
    except (wave.Error, EOFError) as error:
        raise UserFacingError(f"{path}: not a PCM WAV file ({error})") from error
    if width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width in (2, 4):
        kind = np.int16 if width == 2 else np.int32
        samples = np.frombuffer(raw, dtype=kind).astype(np.float32) / float(np.iinfo(kind).max)
    else:
        raise UserFacingError(f"{path}: {8 * width}-bit samples are not supported")
    mono = samples.reshape(-1, channels).mean(axis=1)
    resampled = soxr.resample(mono, rate, SAMPLE_RATE_HZ) if rate != SAMPLE_RATE_HZ else mono
    return bytes((np.clip(resampled, -1.0, 1.0) * 32767).astype(np.int16).tobytes())
