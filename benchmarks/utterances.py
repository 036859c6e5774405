"""The utterance table (tests/utterance_rows.py), understood by text and by voice, per listen kind.

Text: every row through the dialog's own parser (`meaning`) in the state where it is said.
Voice: the rows whose words are a phrase of that state's grammar, spoken by four espeak-ng voices
and heard by each engine (Vosk where its model is installed, and PocketSphinx) with that grammar;
the first final phrase, with its confidence, goes through the same parser, and "understood" means
it gets the row's meaning (nothing heard is a miss, even where the meaning is "not understood").
Synthetic voices, not a human benchmark. Run alone with `python -m benchmarks utterances`.
"""

import os
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from assistant.adapters.factory import make_recognizer
from assistant.adapters.models import find_model
from assistant.adapters.wav import read_wav
from assistant.config import DEFAULT_CONTENT_DIR, Engine, Settings
from assistant.content_files import load_content
from assistant.core.content import Content
from assistant.core.meanings import Meaning, Replied, meaning
from assistant.core.menu import menu_phrases
from assistant.core.understanding import Answer
from assistant.core.words import normalise
from assistant.ports import UNKNOWN, Hypothesis, Recognizer
from tests.utterance_rows import TABLE
from tests.utterances import KINDS, Row, grammar, session_for

VOICES = (("en-us", 140), ("en-us+f3", 140), ("en-us+f3", 185), ("en-gb-scotland", 140))
LEAD_IN = bytes(16000)
"""0.5 s of quiet before the words, as a microphone gives: Vosk loses a first word that starts
in its first frames ("palm massage" heard as "massage")."""
MENU_QUESTIONS = ("menu", "question")
"""Issue 11's "menu questions understood" (Vosk, floor 90%): these two kinds pooled."""


def in_grammar(content: Content, rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if normalise(row.said) in grammar(content, row)]


def speak(text: str, voice: str, speed: int, folder: Path) -> bytes:
    path = folder / "said.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), normalise(text)],
                   check=True)  # fmt: skip
    return LEAD_IN + read_wav(path) + bytes(8000)


def first_heard(recognizer: Recognizer, pcm: bytes) -> Hypothesis | None:
    """The first final expected phrase the recogniser reports in `pcm`, fed in 100 ms blocks."""
    finals = [h for i in range(0, len(pcm), 3200) if (h := recognizer.accept(pcm[i : i + 3200]))]
    last = recognizer.finish()
    return next((h for h in (*finals, last) if h and h.final and h.word != UNKNOWN), None)


def heard_meaning(content: Content, row: Row, heard: Hypothesis | None) -> Meaning | None:
    """What the dialog takes from what was heard where the row is said; None: nothing heard."""
    if heard is None:
        return None
    return meaning(content, session_for(content, row), heard.word, heard.confidence)


def text_meaning(content: Content, row: Row) -> Meaning:
    """What the dialog takes from the row typed where it is said."""
    return meaning(content, session_for(content, row), row.said, 1.0)


def by_grammar(content: Content, rows: Sequence[Row]) -> dict[tuple[str, ...], list[Row]]:
    """Rows grouped by the grammar they are heard with: each is set once per voice."""
    groups: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(grammar(content, row), []).append(row)
    return groups


def _shares(hits: Counter[str], trials: Counter[str]) -> dict[str, float]:
    shares: dict[str, float] = {
        kind: round(hits[kind] / trials[kind], 3) for kind in KINDS if trials[kind]
    }
    pooled = sum(hits[k] for k in MENU_QUESTIONS) / sum(trials[k] for k in MENU_QUESTIONS)
    overall = sum(hits.values()) / sum(trials.values())
    return {**shares, "menu_questions": round(pooled, 3), "all": round(overall, 3)}


def _engine(content: Content, spoken: list[Row], engine: Engine) -> dict[str, object]:
    """Every voice says every spoken row; the share understood per kind, per voice and pooled."""
    recognizer = make_recognizer(Settings(engine=engine))
    hits: dict[str, Counter[str]] = {}
    trials = Counter[str](row.kind for row in spoken)
    misheard: list[str] = []
    false_no = 0
    decode_s = audio_s = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for voice, speed in VOICES:
            name = f"{voice} {speed} wpm"
            hits[name] = Counter()
            for expected, rows in by_grammar(content, spoken).items():
                recognizer.set_expected(expected)
                for row in rows:
                    pcm = speak(row.said, voice, speed, Path(folder))
                    started = time.perf_counter()
                    heard = first_heard(recognizer, pcm)
                    decode_s += time.perf_counter() - started
                    audio_s += len(pcm) / 32000
                    got = heard_meaning(content, row, heard)
                    if got == row.means:
                        hits[name][row.kind] += 1
                    else:
                        false_no += row.kind == "screening" and got == Replied(Answer.NO)
                        word = heard.word if heard else UNKNOWN
                        misheard.append(f"{name}, {row.kind}: {normalise(row.said)} -> {word}")
    pooled = sum(hits.values(), Counter())
    return {
        "all_voices": _shares(pooled, Counter({k: n * len(VOICES) for k, n in trials.items()})),
        **{name: _shares(counts, trials) for name, counts in hits.items()},
        "another_meaning": sum(not line.endswith(f"-> {UNKNOWN}") for line in misheard),
        "screening_no_not_said": false_no,
        "real_time_factor": round(decode_s / audio_s, 3),
        "misheard": misheard,
    }


def run() -> dict[str, object]:
    content = load_content(DEFAULT_CONTENT_DIR)
    spoken = in_grammar(content, TABLE)
    rows = Counter(row.kind for row in TABLE)
    text = Counter(row.kind for row in TABLE if text_meaning(content, row) == row.means)
    engines: list[Engine] = ["pocketsphinx"]
    if find_model(Settings(), os.environ) is not None:
        engines.insert(0, "vosk")
    sizes = {kind: max((len(g) for g in by_grammar(content, [r for r in spoken if r.kind == kind])),
                       default=0) for kind in KINDS}  # fmt: skip
    return {
        "rows": dict(rows),
        "rows_in_grammar": dict(Counter(row.kind for row in spoken)),
        "text_understood": {kind: round(text[kind] / rows[kind], 3) for kind in KINDS},
        "grammar_phrases": sizes,
        "menu_phrases": len(menu_phrases(content)),
        **{f"{engine}_understood": _engine(content, spoken, engine) for engine in engines},
    }
