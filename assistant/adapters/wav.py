"""WAV files in, the program's one audio format out: mono int16 at `SAMPLE_RATE_HZ`.

Files are streamed a block at a time, so an hours-long recording costs one block of memory,
and anything that is not a PCM WAV is one clear line, never a stack trace.
"""

import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soxr

from assistant.config import SAMPLE_RATE_HZ
from assistant.errors import UserFacingError

BLOCK_FRAMES = 1 << 16
"""Frames read at a time (about 1.4 s at 48 kHz)."""
_FULL_SCALE = {1: 128.0, 2: 32767.0, 4: 2147483647.0}
"""Sample widths (bytes) read, with the value of full scale (16-bit audio comes out unchanged)."""


def read_wav(path: Path) -> bytes:
    """The whole file as 16 kHz mono int16 (short files: tests, single utterances)."""
    return b"".join(iter_wav(path))


def iter_wav(path: Path, block_frames: int = BLOCK_FRAMES) -> Iterator[bytes]:
    """Any PCM WAV (8/16/32-bit, any rate, any channels) as 16 kHz mono int16, block by block."""
    try:
        with wave.open(str(path)) as audio:
            width, channels, rate = audio.getsampwidth(), audio.getnchannels(), audio.getframerate()
            if rate <= 0:
                raise UserFacingError(f"{path}: not a PCM WAV file (frame rate {rate})")
            if width not in _FULL_SCALE:
                raise UserFacingError(f"{path}: {8 * width}-bit samples are not supported")
            resampler = None
            if rate != SAMPLE_RATE_HZ:
                resampler = soxr.ResampleStream(rate, SAMPLE_RATE_HZ, 1, dtype="float32")
            while raw := audio.readframes(block_frames):
                mono = _mono(raw, width, channels)
                if resampler is not None:
                    mono = resampler.resample_chunk(mono)
                yield _int16(mono)
            if resampler is not None:
                yield _int16(resampler.resample_chunk(np.zeros(0, np.float32), last=True))
    except FileNotFoundError as error:
        raise UserFacingError(f"{path}: no such file") from error
    except (wave.Error, EOFError) as error:
        raise UserFacingError(f"{path}: not a PCM WAV file ({error})") from error
    except OSError as error:
        raise UserFacingError(f"{path}: cannot read it ({error.strerror or error})") from error


def _mono(raw: bytes, width: int, channels: int) -> npt.NDArray[np.float32]:
    raw = raw[: len(raw) // (width * channels) * width * channels]  # a truncated last frame
    if width == 1:
        samples = np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0
    else:
        samples = np.frombuffer(raw, dtype=np.int16 if width == 2 else np.int32).astype(np.float32)
    scaled = samples / np.float32(_FULL_SCALE[width])
    return np.asarray(scaled.reshape(-1, channels).mean(axis=1), dtype=np.float32)


def _int16(samples: npt.NDArray[np.float32]) -> bytes:
    return bytes((np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16).tobytes())
