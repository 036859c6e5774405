"""A second opinion on safety-critical words, because PocketSphinx alone hears "go" as "no".

Each verifier is a logistic regression over MFCC summaries of the word's own frames, fitted on
some speakers of the Speech Commands set and measured on others (`benchmarks/fit_verifier.py`
writes `verifiers.json`; the figures it reached are stored beside the weights).
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.config import SAMPLE_RATE_HZ

VERIFIERS_FILE = Path(__file__).with_name("verifiers.json")
FRAME_HOP = 160
"""Samples per 10 ms frame at 16 kHz: PocketSphinx's frame rate, so its segments index ours."""
_WINDOW = 400
_CHUNKS = 6
_N_MELS = 40
_N_CEPS = 13

Vector = npt.NDArray[np.float64]


def _mel_filterbank(n_fft: int = 512, rate_hz: int = SAMPLE_RATE_HZ) -> Vector:
    def mel(f: Vector) -> Vector:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    edges_mel = np.linspace(mel(np.array(60.0)), mel(np.array(7600.0)), _N_MELS + 2)
    edges_hz = 700.0 * (10.0 ** (edges_mel / 2595.0) - 1.0)
    bins = np.floor((n_fft + 1) * edges_hz / rate_hz).astype(int)
    bank = np.zeros((_N_MELS, n_fft // 2 + 1))
    for i in range(_N_MELS):
        low, mid, high = bins[i], bins[i + 1], bins[i + 2]
        bank[i, low:mid] = (np.arange(low, mid) - low) / max(mid - low, 1)
        bank[i, mid:high] = (high - np.arange(mid, high)) / max(high - mid, 1)
    return bank


_BANK = _mel_filterbank()
_DCT = np.cos(np.pi / _N_MELS * (np.arange(_N_MELS)[None, :] + 0.5) * np.arange(_N_CEPS)[:, None])


def mfcc(samples: npt.NDArray[np.int16]) -> Vector:
    """13 cepstra per 10 ms frame, mean-normalised over the utterance (channel and level)."""
    x = samples.astype(np.float64)
    if len(x) < _WINDOW:
        x = np.pad(x, (0, _WINDOW - len(x)))
    x = np.append(x[0], x[1:] - 0.97 * x[:-1])
    n_frames = 1 + (len(x) - _WINDOW) // FRAME_HOP
    starts = np.arange(n_frames)[:, None] * FRAME_HOP + np.arange(_WINDOW)[None, :]
    power = np.abs(np.fft.rfft(x[starts] * np.hamming(_WINDOW), 512)) ** 2
    ceps: Vector = np.log(power @ _BANK.T + 1e-3) @ _DCT.T
    centred: Vector = ceps - ceps.mean(axis=0)
    return centred


def word_features(samples: npt.NDArray[np.int16], start_frame: int, end_frame: int) -> Vector:
    """The word's frames in six equal slices, each slice's mean cepstrum, plus log duration."""
    ceps = mfcc(samples)
    start = max(0, start_frame - 2)
    end = min(len(ceps), end_frame + 3)
    if end - start < _CHUNKS:
        end = min(len(ceps), start + _CHUNKS)
        start = max(0, end - _CHUNKS)
    slices = np.array_split(ceps[start:end], _CHUNKS)
    means = [s.mean(axis=0) if len(s) else np.zeros(_N_CEPS) for s in slices]
    return np.concatenate([*means, [np.log(max(end - start, 1))]])


@dataclass(frozen=True, eq=False)
class WordVerifier:
    """P(the word really is this word | the decoder said so), with the threshold chosen."""

    mean: Vector
    scale: Vector
    weights: Vector
    bias: float
    threshold: float
    """Accept when the probability reaches this; chosen in the fitting script, see its notes."""

    def probability(self, features: Vector) -> float:
        z = float(((features - self.mean) / self.scale) @ self.weights + self.bias)
        return float(1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0))))

    def to_json(self) -> dict[str, Any]:
        return {
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
        }


def load_verifiers(path: Path = VERIFIERS_FILE) -> dict[str, WordVerifier]:
    """The shipped verifiers by word; none if the file is absent (then only garbage rejects)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        word: WordVerifier(
            mean=np.array(v["mean"]),
            scale=np.array(v["scale"]),
            weights=np.array(v["weights"]),
            bias=float(v["bias"]),
            threshold=float(v["threshold"]),
        )
        for word, v in data["verifiers"].items()
    }


def save_verifiers(
    path: Path, verifiers: Mapping[str, WordVerifier], notes: Mapping[str, Any]
) -> None:
    body = {"notes": dict(notes), "verifiers": {w: v.to_json() for w, v in verifiers.items()}}
    path.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
