"""Menu questions understood: 100 of the menu's phrases said by four espeak-ng voices, heard by
each engine with the menu's whole grammar. Understood means the dialog would take the same
request from what was heard as from what was said; "wrong" counts another request taken.

Synthetic voices, not people: this measures the grammar and the refusal to guess on long
phrases, not acoustic robustness (for that, the Speech Commands figures of recognition.py).
"""

import os
import subprocess
import tempfile
import time
from pathlib import Path

from assistant.adapters.factory import make_recognizer
from assistant.adapters.models import find_model
from assistant.adapters.wav import read_wav
from assistant.config import DEFAULT_CONTENT_DIR, Engine, Settings
from assistant.content_files import load_content
from assistant.core.commands import normalise
from assistant.core.menu import menu_phrases, parse_request
from assistant.ports import UNKNOWN
from benchmarks.speech_commands import stream

VOICES = (("en-us", 140), ("en-us+f3", 140), ("en-us+f3", 185), ("en-gb-scotland", 140))
QUESTIONS = 100
_QUIET = bytes(16000)


def questions() -> list[str]:
    """Every k-th menu phrase: a fixed sample across conditions, safety, techniques, topics."""
    phrases = menu_phrases(load_content(DEFAULT_CONTENT_DIR))
    step = max(1, len(phrases) // QUESTIONS)
    return list(phrases[::step][:QUESTIONS])


def _speak(text: str, voice: str, speed: int, folder: Path) -> bytes:
    path = folder / "q.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text], check=True)
    return _QUIET + read_wav(path) + _QUIET


def _measure(engine: Engine, asked: list[str], audio: dict[tuple[str, str, int], bytes]) -> object:
    content = load_content(DEFAULT_CONTENT_DIR)
    recognizer = make_recognizer(Settings(engine=engine))
    grammar = menu_phrases(content)
    understood = wrong = 0
    decode_s = 0.0
    for (text, _, _), pcm in audio.items():
        recognizer.set_expected(grammar)
        started = time.perf_counter()
        heard = [h.word for h in stream(recognizer, pcm) if h.word != UNKNOWN]
        decode_s += time.perf_counter() - started
        said = parse_request(content, normalise(text))
        taken = parse_request(content, normalise(heard[0])) if heard else None
        understood += taken == said
        wrong += taken is not None and taken != said
    trials = len(audio)
    return {
        "trials": trials,
        "understood": round(understood / trials, 4),
        "wrong_request": round(wrong / trials, 4),
        "decode_s_per_question": round(decode_s / trials, 3),
    }


def run() -> dict[str, object]:
    asked = questions()
    with tempfile.TemporaryDirectory() as folder:
        audio = {
            (text, voice, speed): _speak(text, voice, speed, Path(folder))
            for text in asked
            for voice, speed in VOICES
        }
    engines: list[Engine] = ["pocketsphinx"]
    if find_model(Settings(), os.environ) is not None:
        engines.insert(0, "vosk")
    return {
        "questions": len(asked),
        "voices": [f"{v} {s} wpm" for v, s in VOICES],
        **{engine: _measure(engine, asked, audio) for engine in engines},
    }
