"""The real-speech dev set (../shared/speech/commands) and PocketSphinx runs over it.

The speakers are split as they were when a verifier was fitted on some of them (it has since
been removed: `benchmarks/README.md`), so the held-out figures stay comparable.
"""

import csv
import hashlib
import time
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer, Rejection
from assistant.commands.listen import hear_pcm
from assistant.config import SAMPLE_RATE_HZ
from assistant.ports import UNKNOWN, Hypothesis, Recognizer

SPEECH_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "speech" / "commands"
ATTRIBUTION = (
    "Speech Commands dataset v0.02 (test set subset), Pete Warden / Google, CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/); Warden P., arXiv:1804.03209, 2018"
)
EXPECTED = ("yes", "no", "stop")


@dataclass(frozen=True)
class Clip:
    path: Path
    word: str
    """What was said: a word, or `_silence_` for background noise."""
    speaker: str

    @property
    def group(self) -> str:
        """The word said, with every `_unknown_` word counted as one group."""
        return "_unknown_" if "_unknown_" in self.path.parts else self.word

    @property
    def pcm(self) -> bytes:
        with wave.open(str(self.path)) as audio:
            return bytes(audio.readframes(audio.getnframes()))

    @property
    def held_out(self) -> bool:
        """Two speakers in five are only ever measured on, never fitted on."""
        key = self.speaker or self.path.name
        return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 5 < 2


@dataclass(frozen=True)
class Outcome:
    clip: Clip
    chosen: str
    """The expected phrase the recogniser settled on, or "" for unknown or nothing."""
    decode_s: float
    audio_s: float

    @property
    def clip_group(self) -> str:
        return self.clip.group


def load_clips() -> list[Clip]:
    with (SPEECH_DIR / "index.csv").open(newline="") as index:
        return [
            Clip(SPEECH_DIR / row["path"], row["word"], row["speaker"])
            for row in csv.DictReader(index)
        ]


def stream(recognizer: Recognizer, pcm: bytes) -> list[Hypothesis]:
    """The finals heard when `pcm` is fed in 100 ms blocks (as `listen` feeds a file)."""
    return [h for h in hear_pcm(recognizer, pcm) if h.final]


def _decode(job: tuple[Rejection, Clip]) -> Outcome:
    rejection, clip = job
    recognizer = PocketSphinxRecognizer(rejection)
    recognizer.set_expected(EXPECTED)
    pcm = clip.pcm
    started = time.perf_counter()
    finals = stream(recognizer, pcm)
    decode_s = time.perf_counter() - started
    heard = next((h for h in finals if h.word != UNKNOWN), None)
    return Outcome(
        clip=clip,
        chosen=heard.word if heard else "",
        decode_s=decode_s,
        audio_s=len(pcm) / 2 / SAMPLE_RATE_HZ,
    )


def decode_all(rejection: Rejection, clips: Sequence[Clip]) -> list[Outcome]:
    """Every clip through the streaming recogniser in 100 ms blocks, as the microphone feeds it."""
    with Pool(2) as pool:
        return pool.map(_decode, [(rejection, c) for c in clips], chunksize=16)


def scores(results: Sequence[tuple[str, str]]) -> dict[str, object]:
    """From (what was said, what was accepted or ""): recall per expected word, and false
    acceptance overall, per word, of "go" as "no", and of background noise."""

    def share(items: Sequence[tuple[str, str]], as_word: str | None = None) -> float:
        hits = [a for _, a in items if (a == as_word if as_word else a)]
        return round(len(hits) / max(len(items), 1), 4)

    by_word: dict[str, list[tuple[str, str]]] = {}
    for said, accepted in results:
        by_word.setdefault(said, []).append((said, accepted))
    others = [r for r in results if r[0] not in EXPECTED]
    return {
        "recall": {w: share(by_word.get(w, []), w) for w in EXPECTED},
        "false_acceptance": share(others),
        "go_as_no": share(by_word.get("go", []), "no"),
        "silence_accepted": sum(1 for _, a in by_word.get("_silence_", []) if a),
        "false_acceptance_by_word": {
            w: share(items) for w, items in sorted(by_word.items()) if w not in EXPECTED
        },
    }
