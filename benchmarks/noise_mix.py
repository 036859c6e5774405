"""Real speech mixed with background noise at a chosen signal-to-noise ratio, and the noises.

The SNR is the speech's active level (the mean power of its 20 ms frames within 30 dB of its
loudest, so the quiet around a one-second clip's word does not count) over the noise's mean
power across the whole mix. Three noises: the background recordings of the dev set
(`_silence_`), babble of six other speakers talking at once, and the assistant's own voice
(espeak-ng with the shipped voice and rate) saying its screening questions.
"""

import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.adapters.wav import read_wav
from assistant.config import SAMPLE_RATE_HZ, Settings
from benchmarks.speech_commands import EXPECTED, Clip

Samples = npt.NDArray[np.float64]
FRAME = SAMPLE_RATE_HZ // 50
ACTIVE_RANGE_DB = 30.0
LEAD_S, TAIL_S = 0.5, 0.7
"""Noise before and after the word: a microphone never starts at the first word, and the
endpointers need a pause to end the utterance."""
NOISES = ("background", "babble", "own_voice")
BABBLE_TALKERS = 6
QUIET_RMS = 100.0
"""Background clips quieter than this (RMS of int16) are near digital silence, not a noise:
scaled to 0 dB they would be quantisation hiss, so they are left out."""


def active_power(speech: Samples) -> float:
    """Mean power of the frames within `ACTIVE_RANGE_DB` of the loudest frame."""
    frames = speech[: len(speech) // FRAME * FRAME].reshape(-1, FRAME)
    power = (frames**2).mean(axis=1)
    return float(power[power >= power.max() * 10 ** (-ACTIVE_RANGE_DB / 10)].mean())


@dataclass(frozen=True)
class Mix:
    pcm: bytes
    """The mix as 16-bit mono PCM at `SAMPLE_RATE_HZ`: lead-in, speech, tail."""
    speech_gain: float
    """What the speech was multiplied by (below 1 only if the mix would have clipped)."""
    noise_gain: float


def mix(speech: bytes, noise: Samples, snr_db: float | None) -> Mix:
    """`speech` padded with `LEAD_S` and `TAIL_S`, over `noise` (at least as long) at `snr_db`;
    None: clean, the padding faintly noisy as a quiet room's. Both are scaled down together
    if the sum would clip, so the ratio stays what was asked."""
    lead, tail = int(LEAD_S * SAMPLE_RATE_HZ), int(TAIL_S * SAMPLE_RATE_HZ)
    words = np.frombuffer(speech, dtype=np.int16).astype(np.float64)
    padded = np.concatenate([np.zeros(lead), words, np.zeros(tail)])
    if snr_db is None:
        noise, noise_gain = np.random.default_rng(0).normal(0.0, 3.0, len(padded)), 1.0
    else:
        noise = noise[: len(padded)]
        wanted = active_power(words) / 10 ** (snr_db / 10)
        noise_gain = float(np.sqrt(wanted / (noise**2).mean()))
    total = padded + noise_gain * noise
    peak = float(np.abs(total).max())
    scale = min(1.0, 32000.0 / peak) if peak else 1.0
    pcm = np.round(total * scale).astype(np.int16).tobytes()
    return Mix(pcm, scale, noise_gain * scale)


def noise_alone(noise: Samples, level: float, seconds: float) -> bytes:
    """Noise with mean power `level` (what a typical word's would be over it), no speech."""
    part = noise[: int(seconds * SAMPLE_RATE_HZ)]
    scaled = part * np.sqrt(level / (part**2).mean())
    return bytes(np.clip(np.round(scaled), -32768, 32767).astype(np.int16).tobytes())


def _samples(pcm: bytes) -> Samples:
    return np.frombuffer(pcm, dtype=np.int16).astype(np.float64)


class Noises:
    """Deterministic noise of each kind, cut to length for each clip by a seed."""

    def __init__(self, clips: Sequence[Clip]) -> None:
        background = [_samples(c.pcm) for c in clips if c.word == "_silence_"]
        self._background = [b for b in background if np.sqrt((b**2).mean()) >= QUIET_RMS]
        # Other people's speech, never the expected words (a "no" in the babble is someone
        # else's answer), from the speakers the held-out set does not hold.
        talk = [c for c in clips if c.word not in (*EXPECTED, "_silence_")]
        self._talk = [_samples(c.pcm) for c in talk if not c.held_out]
        self._own_voice = own_voice()

    def get(self, kind: str, seed: int, seconds: float) -> Samples:
        rng = np.random.default_rng(seed)
        length = int(seconds * SAMPLE_RATE_HZ)
        if kind == "background":
            return np.resize(self._background[rng.integers(len(self._background))], length)
        if kind == "own_voice":
            start = int(rng.integers(len(self._own_voice) - length))
            return self._own_voice[start : start + length]
        if kind == "babble":
            return sum((self._talker(rng, length) for _ in range(BABBLE_TALKERS)),
                       np.zeros(length))  # fmt: skip
        raise ValueError(f"no such noise: {kind}")

    def over(self, kind: str, speech: bytes, seed: int, snr_db: float | None) -> bytes:
        """`speech` over its own cut (`seed`) of noise `kind` at `snr_db` (None: clean)."""
        seconds = len(speech) / 2 / SAMPLE_RATE_HZ + LEAD_S + TAIL_S + 0.1
        cut = self.get(kind, seed, seconds) if snr_db is not None else np.zeros(0)
        return mix(speech, cut, snr_db).pcm

    def _talker(self, rng: np.random.Generator, length: int) -> Samples:
        """One voice of the babble: clips end to end, each at its own active level of 1."""
        stream: list[Samples] = []
        while sum(map(len, stream)) < length + SAMPLE_RATE_HZ:
            clip = self._talk[rng.integers(len(self._talk))]
            stream.append(clip / np.sqrt(active_power(clip)))
        return np.concatenate(stream)[int(rng.integers(SAMPLE_RATE_HZ)) :][:length]


def own_voice(lines: Sequence[str] = ()) -> Samples:
    """The assistant's voice (espeak-ng, the shipped voice and rate) saying `lines` (by
    default its screening questions), end to end with short pauses."""
    if not lines:
        from benchmarks.noise_dialog import question_lines

        lines = question_lines()
    settings = Settings()
    parts: list[Samples] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "line.wav"
        for line in lines:
            voice = ["-v", settings.voice, "-s", str(settings.rate_wpm)]
            subprocess.run(["espeak-ng", *voice, "-w", str(path), line], check=True)
            parts += [_samples(read_wav(path)), np.zeros(SAMPLE_RATE_HZ // 4)]
    return np.concatenate(parts)
