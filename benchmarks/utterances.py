"""The menu's utterance table (tests/menu_utterances.py), understood by text and by voice.

Text: every row through the menu's parser. Voice: the rows whose words are a phrase of the
listen's grammar, spoken by espeak-ng voices and heard by PocketSphinx with that grammar, then
parsed; "understood" means the request is the one the row must get. Synthetic voices, not a
human benchmark. Run alone with `python -m benchmarks utterances`.
"""

import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer
from assistant.adapters.wav import read_wav
from assistant.config import DEFAULT_CONTENT_DIR
from assistant.content_files import load_content
from assistant.core.content import Content
from assistant.core.listening import listen_for
from assistant.core.menu import Request, menu_phrases, parse_request
from assistant.core.states import Menu
from assistant.core.words import normalise
from assistant.ports import UNKNOWN
from tests.menu_utterances import TABLE, Row

VOICES = (("en-us", 140), ("en-us+f3", 140), ("en-us+f3", 185), ("en-gb-scotland", 140))
MENU_PHRASES_BEFORE = 470
"""`menu_phrases` before the article questions and complaints were added (2026-12-02)."""
KINDS = ("menu", "question")


def grammar(content: Content, kind: str) -> tuple[str, ...]:
    """What the listen of `kind` expects: the first menu, or the menu after an answer."""
    return listen_for(content, Menu(answered=kind == "question"), 0.0).expect


def in_grammar(content: Content, rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if normalise(row.said) in grammar(content, row.kind)]


def speak(text: str, voice: str, speed: int, folder: Path) -> bytes:
    path = folder / "said.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text], check=True)
    return read_wav(path) + bytes(8000)


def heard_request(
    content: Content, recognizer: PocketSphinxRecognizer, pcm: bytes
) -> tuple[str, Request | None]:
    """What the recogniser heard in `pcm` (its first final), and the request that makes."""
    finals = [h for i in range(0, len(pcm), 3200) if (h := recognizer.accept(pcm[i : i + 3200]))]
    last = recognizer.finish()
    words = [h.word for h in (*finals, last) if h is not None and h.final and h.word != UNKNOWN]
    if not words:
        return UNKNOWN, None
    return words[0], parse_request(content, normalise(words[0]))


def _voice(content: Content, rows: list[Row], voice: str, speed: int) -> dict[str, object]:
    recognizer = PocketSphinxRecognizer()
    understood = {kind: 0 for kind in KINDS}
    misheard: list[str] = []
    decode_s = audio_s = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for kind in KINDS:
            recognizer.set_expected(grammar(content, kind))
            for row in (r for r in rows if r.kind == kind):
                pcm = speak(normalise(row.said), voice, speed, Path(folder))
                started = time.perf_counter()
                words, request = heard_request(content, recognizer, pcm)
                decode_s += time.perf_counter() - started
                audio_s += len(pcm) / 32000
                understood[kind] += request == row.means
                if request != row.means:
                    misheard.append(f"{normalise(row.said)} -> {words}")
    totals = {kind: sum(r.kind == kind for r in rows) for kind in KINDS}
    return {
        **{kind: round(understood[kind] / totals[kind], 3) for kind in KINDS},
        "real_time_factor": round(decode_s / audio_s, 3),
        "misheard": misheard,
    }


def run() -> dict[str, object]:
    content = load_content(DEFAULT_CONTENT_DIR)
    spoken = in_grammar(content, TABLE)
    rows = {kind: [r for r in TABLE if r.kind == kind] for kind in KINDS}
    text = {
        kind: round(sum(parse_request(content, normalise(r.said)) == r.means for r in rows[kind])
                    / len(rows[kind]), 3)
        for kind in KINDS
    }  # fmt: skip
    phrases = menu_phrases(content)
    return {
        "rows": {kind: len(rows[kind]) for kind in KINDS},
        "rows_in_grammar": {kind: sum(r.kind == kind for r in spoken) for kind in KINDS},
        "text_understood": text,
        "grammar": {
            "menu_phrases_before": MENU_PHRASES_BEFORE,
            "menu_phrases": len(phrases),
            "menu_words": len({w for p in phrases for w in p.split()}),
            **{f"{kind}_listen_phrases": len(grammar(content, kind)) for kind in KINDS},
        },
        "pocketsphinx_understood": {
            f"{voice} {speed} wpm": _voice(content, spoken, voice, speed) for voice, speed in VOICES
        },
    }
