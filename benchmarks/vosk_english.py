"""Vosk with the small English model on the held-out Speech Commands speakers: the rejection
curve (minimum word confidence against recall and false acceptance) of each grammar, and the
shipped pipeline (decoys behind the noise suppressor, as `adapters.factory` builds it).

Each clip is decoded once per setting with no confidence floor; the floor is then applied to
the recorded confidence, so the whole curve costs one pass.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path
from typing import Literal

import numpy as np

from assistant.adapters.noise_suppressor import NoiseSuppressedRecognizer
from assistant.adapters.vosk import MIN_CONFIDENCE, VoskRecognizer, load_model
from assistant.config import Settings
from assistant.ports import UNKNOWN, Recognizer
from benchmarks.speech_commands import EXPECTED, Clip, scores, stream

CURVE_THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
_QUIET = np.random.default_rng(0).normal(0.0, 3.0, 8000).astype(np.int16).tobytes()
"""0.5 s of faint noise before and after each clip: the clips are cut tight around the word,
and Vosk misses a word that starts in its first frames (a microphone stream never does)."""
SHIPPED_SUPPRESSION = Settings().noise_suppression

Setting = Literal["unk_only", "decoys", "shipped"]
"""`[unk]` alone; `[unk]` and decoys (the engine alone); decoys behind the noise suppressor at
the shipped level (what `run` hears with)."""

_model_path: Path | None = None
_recognizers: dict[Setting, Recognizer] = {}


@dataclass(frozen=True)
class VoskOutcome:
    group: str
    chosen: str
    """The expected word of the final, "" if none (any confidence)."""
    confidence: float
    decode_s: float
    audio_s: float

    def accepted(self, threshold: float) -> str:
        return self.chosen if self.chosen and self.confidence >= threshold else ""


def _recognizer(setting: Setting) -> Recognizer:
    assert _model_path is not None
    engine = VoskRecognizer(load_model(_model_path), 0.0, setting != "unk_only")
    if setting == "shipped" and SHIPPED_SUPPRESSION:
        return NoiseSuppressedRecognizer(engine, SHIPPED_SUPPRESSION)
    return engine


def _decode(job: tuple[Setting, Clip]) -> VoskOutcome:
    setting, clip = job
    if setting not in _recognizers:
        _recognizers[setting] = _recognizer(setting)
    recognizer = _recognizers[setting]
    recognizer.set_expected(EXPECTED)
    pcm = _QUIET + clip.pcm + _QUIET
    started = time.perf_counter()
    finals = stream(recognizer, pcm)
    decode_s = time.perf_counter() - started
    heard = next((h for h in finals if h.word != UNKNOWN), None)
    return VoskOutcome(
        clip.group,
        heard.word if heard else "",
        (heard.confidence or 0.0) if heard else 0.0,
        decode_s,
        len(pcm) / 32000,
    )


def _init(path: Path) -> None:
    global _model_path
    _model_path = path


def decode_all(path: Path, clips: Sequence[Clip], setting: Setting) -> list[VoskOutcome]:
    with Pool(2, initializer=_init, initargs=(path,)) as pool:
        return pool.map(_decode, [(setting, c) for c in clips], chunksize=16)


def curve(outcomes: Sequence[VoskOutcome]) -> list[dict[str, object]]:
    rows = []
    for t in CURVE_THRESHOLDS:
        s = scores([(o.group, o.accepted(t)) for o in outcomes])
        recall = s["recall"]
        assert isinstance(recall, dict)
        rejected = {k: s[k] for k in ("false_acceptance", "go_as_no", "silence_accepted")}
        rows.append({"threshold": t, **recall, **rejected})
    return rows


def _at_shipped_floor(outcomes: Sequence[VoskOutcome]) -> dict[str, object]:
    return {
        "min_confidence": MIN_CONFIDENCE,
        **scores([(o.group, o.accepted(MIN_CONFIDENCE)) for o in outcomes]),
    }


def _real_time_factor(outcomes: Sequence[VoskOutcome]) -> float:
    return round(sum(o.decode_s for o in outcomes) / sum(o.audio_s for o in outcomes), 4)


def measure(path: Path, clips: Sequence[Clip]) -> dict[str, object]:
    started = time.perf_counter()
    VoskRecognizer(load_model(path)).set_expected(EXPECTED)
    load_s = time.perf_counter() - started
    plain = decode_all(path, clips, "unk_only")
    alone = decode_all(path, clips, "decoys")
    shipped = decode_all(path, clips, "shipped")
    return {
        "model": str(path),
        "clips": len(clips),
        "load_s": round(load_s, 3),
        "unk_only": curve(plain),
        "unk_and_decoys": curve(alone),
        "unk_and_decoys_suppressed": curve(shipped),
        "engine_alone": _at_shipped_floor(alone),
        "shipped": {"noise_suppression": SHIPPED_SUPPRESSION, **_at_shipped_floor(shipped)},
        "real_time_factor": _real_time_factor(shipped),
        "real_time_factor_engine_alone": _real_time_factor(alone),
    }
