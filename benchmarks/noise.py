"""Recognition in noise, and the screening decision it leads to, per engine and SNR.

The held-out speakers' clips (`speech_commands`) are mixed with three noises (`noise_mix`) at
20, 10, 5 and 0 dB SNR, and heard clean. Each engine runs with its shipped settings and the
dialog's own grammar: the screening question's for yes, no, other words, noise alone and
espeak-ng answers that are not a clear no; the massage step's for "stop". What each engine
heard for the screening inputs goes through the real dialog (`noise_dialog`): "unsafe no" is
any of them taken as "no". Run alone: `python -m benchmarks noise`.
"""

import os
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from multiprocessing import Pool
from multiprocessing.pool import Pool as PoolType
from pathlib import Path

import numpy as np

from assistant.adapters.factory import make_recognizer
from assistant.adapters.models import find_model
from assistant.adapters.noise_suppressor import NoiseSuppressedRecognizer
from assistant.commands.listen import hear_pcm
from assistant.config import Engine, Settings
from assistant.ports import UNKNOWN, Recognizer
from benchmarks.noise_dialog import (
    Hyp,
    at_step,
    decision,
    screening_grammar,
    stopped,
    voiced_answers,
)
from benchmarks.noise_mix import NOISES, Noises, active_power, noise_alone
from benchmarks.speech_commands import ATTRIBUTION, Clip, load_clips
from benchmarks.utterances import speak

SNRS_DB: tuple[float | None, ...] = (None, 20.0, 10.0, 5.0, 0.0)
PER_WORD: dict[Engine, int] = {"vosk": 30, "pocketsphinx": 12}
"""Clips per word and condition, the same at every SNR (held-out speakers). PocketSphinx
decodes the screening grammar at about 0.8 x real time on this machine: fewer clips."""
NOISE_ALONE = 6
ANSWER_VOICE = ("en-us", 140)
GRAMMARS = {"yes": "screening", "no": "screening", "go": "screening", "other": "screening",
            "noise": "screening", "answer": "screening", "stop": "session",
            "other@session": "session", "noise@session": "session"}  # fmt: skip


@dataclass(frozen=True)
class Job:
    engine: Engine
    group: str
    """What was said: a `GRAMMARS` key."""
    pcm: bytes
    suppression: int | None = None
    """WebRTC noise suppression level in front of the engine (0: none); None: as shipped
    (`Settings.noise_suppression`, for Vosk only)."""
    auto_gain_dbfs: int = 0
    """WebRTC's gain control with the suppressor (0: none, as shipped)."""


@dataclass(frozen=True)
class Heard:
    group: str
    hyps: list[Hyp]
    """Partials and finals, in order."""
    decode_s: float
    audio_s: float

    @property
    def chosen(self) -> str:
        """The first expected phrase of a final, "" for none."""
        return next((h.word for h in self.hyps if h.final and h.word != UNKNOWN), "")


_recognizers: dict[tuple[Engine, int | None, int], Recognizer] = {}


def _recognizer(job: Job) -> Recognizer:
    """The engine as shipped, or with the suppression and gain `job` names (one per worker)."""
    key = (job.engine, job.suppression, job.auto_gain_dbfs)
    if key not in _recognizers:
        if job.suppression is None:
            _recognizers[key] = make_recognizer(Settings(engine=job.engine))
        else:
            plain = make_recognizer(Settings(engine=job.engine, noise_suppression=0))
            _recognizers[key] = (NoiseSuppressedRecognizer(plain, job.suppression,
                                                           job.auto_gain_dbfs)
                                 if job.suppression or job.auto_gain_dbfs else plain)  # fmt: skip
    return _recognizers[key]


def decode(job: Job) -> Heard:
    """What the engine of `job` hears in its audio, with the grammar of its group."""
    recognizer = _recognizer(job)
    grammar = GRAMMARS[job.group]
    recognizer.set_expected(screening_grammar() if grammar == "screening" else
                            at_step()[1].expect)  # fmt: skip
    started = time.perf_counter()
    hyps = [Hyp(h.text, h.word, h.confidence, h.final) for h in hear_pcm(recognizer, job.pcm)]
    return Heard(job.group, hyps, time.perf_counter() - started, len(job.pcm) / 32000)


def _sample(clips: Sequence[Clip], per_word: int) -> dict[str, list[Clip]]:
    """`per_word` held-out clips of each word, chosen evenly over the sorted list."""

    def spread(items: list[Clip]) -> list[Clip]:
        step = max(1, len(items) // per_word)
        return items[::step][:per_word]

    held = [c for c in clips if c.held_out]
    groups = {w: spread([c for c in held if c.word == w]) for w in ("yes", "no", "stop", "go")}
    others = [c for c in held if c.word not in ("yes", "no", "stop", "go", "_silence_")]
    groups["other"] = spread(others)
    return groups


def _jobs(engine: Engine, snr: float | None, noise: str, noises: Noises,
          groups: dict[str, list[Clip]], answers: list[bytes],
          level: float) -> list[Job]:  # fmt: skip
    """Every input of one condition, each clip over its own cut of the noise."""
    jobs: list[Job] = []

    def add(group: str, pcm: bytes, seed: int) -> None:
        jobs.append(Job(engine, group, noises.over(noise, pcm, seed, snr)))

    for word, clips in groups.items():
        for seed, clip in enumerate(clips):
            add(word, clip.pcm, seed)
            if word == "other":
                add("other@session", clip.pcm, seed)
    for seed, pcm in enumerate(answers):
        add("answer", pcm, 1000 + seed)
    if snr is not None:
        for seed in range(NOISE_ALONE):
            pcm = noise_alone(noises.get(noise, 2000 + seed, 2.2), level / 10 ** (snr / 10), 2.2)
            jobs += [Job(engine, "noise", pcm), Job(engine, "noise@session", pcm)]
    return jobs


def _figures(heard: list[Heard]) -> dict[str, object]:
    by: dict[str, list[Heard]] = {}
    for h in heard:
        by.setdefault(h.group, []).append(h)

    def rate(hits: list[bool]) -> float:
        return round(sum(hits) / max(1, len(hits)), 3)

    def chose(group: str, word: str | None = None) -> list[bool]:
        return [(h.chosen == word if word else bool(h.chosen)) for h in by.get(group, [])]

    def stops(group: str) -> list[bool]:
        return [stopped(h.hyps) for h in by.get(group, [])]

    screening = [h for h in heard if GRAMMARS[h.group] == "screening"]
    outcomes = {g: Counter(decision(h.hyps) for h in by.get(g, []))
                for g in ("no", "yes", "go", "other", "noise", "answer")}  # fmt: skip
    unsafe = [f"{h.group}: {' / '.join(f'{f.text} ({f.confidence})' for f in h.hyps if f.final)}"
              for h in screening if h.group != "no" and decision(h.hyps) == "no"]  # fmt: skip
    return {
        "yes": rate(chose("yes", "yes")), "no": rate(chose("no", "no")),
        "stop": rate(stops("stop")), "go_as_no": rate(chose("go", "no")),
        "false_acceptance": rate(chose("go") + chose("other")),
        "noise_accepted": sum(chose("noise") + stops("noise@session")),
        "answers_accepted": rate(chose("answer")),
        "stop_false": rate(stops("other@session")),
        "unsafe_no": len(unsafe),
        "screening_inputs": len(screening) - len(by.get("no", [])),
        "dialog": {g: dict(c) for g, c in outcomes.items()},
        "unsafe_heard": unsafe,
    }  # fmt: skip


Condition = tuple[str, float | None]
CONDITIONS: list[Condition] = [("clean", None)] + [(n, s) for s in SNRS_DB if s is not None
                                                   for n in NOISES]  # fmt: skip
"""Clean, then each noise at each SNR."""


def measure(engine: Engine, pool: PoolType, clips: list[Clip], noises: Noises,
            answers: list[bytes], conditions: Sequence[Condition] = CONDITIONS,
            suppression: int | None = None,
            auto_gain_dbfs: int = 0) -> list[dict[str, object]]:  # fmt: skip
    """One row per condition; `suppression`, `auto_gain_dbfs` as in `Job`."""
    groups = _sample(clips, PER_WORD[engine])
    # Noise alone is played at the level it has under a typical word at each SNR.
    level = float(np.median([active_power(np.frombuffer(c.pcm, np.int16).astype(float))
                             for cs in groups.values() for c in cs]))  # fmt: skip
    rows: list[dict[str, object]] = []
    for noise, snr in conditions:
        jobs = [replace(job, suppression=suppression, auto_gain_dbfs=auto_gain_dbfs)
                for job in _jobs(engine, snr, noise, noises, groups, answers, level)]  # fmt: skip
        heard = pool.map(decode, jobs, chunksize=4)
        rtf = sum(h.decode_s for h in heard) / sum(h.audio_s for h in heard)
        rows.append({"noise": noise, "snr_db": "clean" if snr is None else snr,
                     **_figures(heard), "real_time_factor": round(rtf, 3)})  # fmt: skip
        print(engine, {k: v for k, v in rows[-1].items() if k != "dialog"}, flush=True)
    return rows


def voiced() -> list[bytes]:
    """The answers that are not a clear no, said by espeak-ng."""
    with tempfile.TemporaryDirectory() as folder:
        return [speak(text, *ANSWER_VOICE, Path(folder)) for text in voiced_answers()]


def run() -> dict[str, object]:
    clips = load_clips()
    noises = Noises(clips)
    answers = voiced()
    results: dict[str, object] = {"data": ATTRIBUTION, "per_word": dict(PER_WORD),
                                  "voiced_answers": list(voiced_answers())}  # fmt: skip
    with Pool(2) as pool:
        for engine in engines():
            results[engine] = measure(engine, pool, clips, noises, answers)
        if "vosk" in results:  # the same inputs without the suppressor, for the difference
            results["vosk, no noise suppression"] = measure("vosk", pool, clips, noises,
                                                            answers, suppression=0)  # fmt: skip
    return results


def engines() -> list[Engine]:
    """Vosk where its English model is installed (`make models`), and PocketSphinx."""
    vosk = find_model(Settings(), os.environ) is not None
    return ["vosk", "pocketsphinx"] if vosk else ["pocketsphinx"]
