"""Long sessions: one hour of virtual time through the dialog, and minutes of real time through
the real runtime on the virtual devices. Memory growth (RSS and tracemalloc), input overflows,
cue error at the end against the start, and file descriptors, threads and child processes left
behind. Floors: growth under 5 MB per hour, no overflow, no drift, nothing left behind.

`SOAK_REAL_S` sets the real-time part (default 600 s, the ten minutes the issue asks).
"""

import gc
import io
import os
import statistics
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.adapters.factory import open_parts
from assistant.adapters.pulse import VirtualAudio
from assistant.adapters.speech_synth import SpeechSynth
from assistant.config import DEFAULT_CONTENT_DIR, Settings
from assistant.content_files import load_content
from assistant.core.actions import Action, End, Listen, Say
from assistant.core.dialog import Dialog, Status
from assistant.core.events import Event, Heard, Silence, Start, Tick
from assistant.ports import Speaker
from assistant.voice.display import ScreenDisplay
from assistant.voice.self_echo import URGENT_PHRASES
from assistant.voice.wiring import SessionParts, run_session

VIRTUAL_S = 3600.0
WORDS_PER_S = 165 / 60
ANSWERS = {"screening": "no", "confirm": "yes"}
MENU_CHOICES = ("abdominal massage", "palm massage", "that's all")
"""A cooperative user: is clear of every contraindication, follows two massages, then ends."""
MAX_TURNS = 400


def rss_bytes() -> int:
    """Resident memory now (not the peak), from /proc."""
    fields = Path("/proc/self/statm").read_text().split()
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE")


def leftovers() -> tuple[int, int, int]:
    """Open file descriptors, live threads, live child processes."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    return len(os.listdir("/proc/self/fd")), threading.active_count(), len(children)


def one_session(dialog: Dialog, now: float) -> tuple[float, str, list[float]]:
    """A whole cooperative session in virtual time: (end time, end reason, cue lateness)."""
    actions, late = dialog.handle(Start(), now), list[float]()
    choices = list(MENU_CHOICES)
    for _ in range(MAX_TURNS):
        listen: Listen | None = None
        for action in actions:
            if isinstance(action, Say):
                now += len(action.text.split()) / WORDS_PER_S
            elif isinstance(action, Listen):
                listen = action
            elif isinstance(action, End):
                return now, action.reason, late
        deadline = dialog.next_deadline
        event: Event
        if listen is not None and listen.context in ("menu", "question") and choices:
            event = Heard(choices.pop(0))
        elif listen is not None and listen.context in ANSWERS:
            event = Heard(ANSWERS[listen.context])
        elif deadline is not None:
            late.append(max(0.0, now - deadline))
            now, event = max(now, deadline), Tick()
        else:
            now, event = now + (listen.timeout_s if listen else 1.0), Silence()
        actions = dialog.handle(event, now)
    return now, "stuck", late


def virtual_hour() -> dict[str, Any]:
    content = load_content(DEFAULT_CONTENT_DIR)
    one_session(Dialog(content), 0.0)  # warm up: imports, caches
    gc.collect()
    tracemalloc.start()
    rss_before, traced_before = rss_bytes(), tracemalloc.get_traced_memory()[0]
    now, reasons, late = 0.0, [], []
    started = time.perf_counter()
    while now < VIRTUAL_S:
        now, reason, cue_late = one_session(Dialog(content), now)
        reasons.append(reason)
        late += cue_late
    gc.collect()
    traced_growth = tracemalloc.get_traced_memory()[0] - traced_before
    tracemalloc.stop()
    hours = now / 3600
    return {
        "virtual_s": round(now, 1),
        "real_s": round(time.perf_counter() - started, 2),
        "sessions": len(reasons),
        "completed": reasons.count("completed"),
        "stuck": reasons.count("stuck"),
        "rss_growth_mb_per_hour": round((rss_bytes() - rss_before) / 1e6 / hours, 2),
        "traced_growth_mb_per_hour": round(traced_growth / 1e6 / hours, 3),
        "cue_late_max_ms": round(1000 * max(late, default=0.0), 1),
    }


@dataclass
class CueDialog:
    """One long step, a cue every `every_s` until `length_s`; keeps when each cue was due."""

    length_s: float
    every_s: float = 5.0
    started_at: float | None = None
    due: list[float] = field(default_factory=list)
    ended_with: End | None = None

    @property
    def ended(self) -> bool:
        return self.ended_with is not None

    @property
    def next_deadline(self) -> float | None:
        if self.started_at is None or self.ended:
            return None
        return self.started_at + self.every_s * (len(self.due) + 1)

    def handle(self, event: Event, now: float) -> list[Action]:
        if isinstance(event, Start):
            self.started_at = now
            return [Say("Begin.", "prompt"), Listen(("stop",), 3600.0, "session")]
        deadline = self.next_deadline
        if isinstance(event, Tick) and deadline is not None and now >= deadline:
            self.due.append(deadline)
            if deadline - (self.started_at or 0.0) >= self.length_s:
                self.ended_with = End("completed")
                return [Say("Well done.", "prompt"), self.ended_with]
            return [Say(f"Cue {len(self.due) % 10}.", "cue")]
        return []

    def status(self, now: float) -> Status:
        return Status("Guiding", "Soak", "cues", 1, 1, 0.0, self.length_s)


class _Quiet(io.StringIO):
    """The screen's stream, thrown away (not a terminal)."""

    def write(self, text: str) -> int:
        return len(text)


def real_run(duration_s: float, synth: SpeechSynth | None = None) -> dict[str, Any]:
    """`duration_s` of a real session (real runtime, speaker, microphone, recogniser) on the
    virtual devices with the echo path on; what it leaves behind counted after it closes."""
    synth = synth or SpeechSynth()
    settings = Settings(engine="pocketsphinx")
    with VirtualAudio(echo_db=-12.0):
        before = leftovers()
        parts = open_parts(settings, URGENT_PHRASES, synth)
        microphone: Any = parts.microphone
        dialog = CueDialog(duration_s)
        watch = _Watch(parts.speaker)
        watch.start()
        reason = run_session(settings, SessionParts(dialog, parts, ScreenDisplay(_Quiet())))
        watch.stop()
        after = leftovers()
    errors = watch.cue_errors_ms(dialog.due)
    return {
        "real_s": round(duration_s, 1),
        "reason": reason,
        "overflows": int(microphone.overflows),
        **rss_growth(watch.rss),
        "cues": len(errors),
        "cue_error_first5_ms": _mean(errors[:5]),
        "cue_error_last5_ms": _mean(errors[-5:]),
        "fds_left": after[0] - before[0],
        "threads_left": after[1] - before[1],
        "children_left": after[2] - before[2],
    }


def rss_growth(samples: list[tuple[float, int]]) -> dict[str, Any]:
    """Slope of resident memory, whole run and second half: a leak grows in both."""
    half = [(t, r) for t, r in samples if t >= samples[0][0] + (samples[-1][0] - samples[0][0]) / 2]
    return {
        "rss_growth_mb_per_hour": _slope_mb_per_hour(samples),
        "rss_growth_second_half_mb_per_hour": _slope_mb_per_hour(half),
        "rss_mb_start_end": [round(samples[0][1] / 1e6, 1), round(samples[-1][1] / 1e6, 1)],
    }


def _slope_mb_per_hour(samples: list[tuple[float, int]]) -> float:
    if len(samples) < 2:
        return float("nan")
    fit = statistics.linear_regression([t for t, _ in samples], [r for _, r in samples])
    return round(fit.slope / 1e6 * 3600, 2)


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 1) if values else float("nan")


class _Watch:
    """While the session runs, on a thread of its own: when each cue was heard (the speaker
    keeps only its last lines), and the resident memory after a warm-up."""

    WARM_UP_S = 10.0

    def __init__(self, speaker: Speaker) -> None:
        self.rss: list[tuple[float, int]] = []
        self.heard: dict[float, str] = {}
        self._speaker = speaker
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._look()

    def _look(self) -> None:
        self.heard |= {line.started_at: line.text for line in self._speaker.history()}
        now = time.monotonic()
        if now - self._started >= self.WARM_UP_S and (not self.rss or now - self.rss[-1][0] > 30):
            self.rss.append((now, rss_bytes()))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self._look()
        self.rss.append((time.monotonic(), rss_bytes()))

    def cue_errors_ms(self, due: list[float]) -> list[float]:
        """Each cue heard minus when it was due (the dialog's times are when lines sound)."""
        cues = [at for at, text in sorted(self.heard.items()) if text.startswith("Cue ")]
        return [round(1000 * (at - when), 1) for at, when in zip(cues, due, strict=False)]


def run(measure_real: Callable[[float], dict[str, Any]] = real_run) -> dict[str, Any]:
    return {
        "virtual_hour": virtual_hour(),
        "real": measure_real(float(os.environ.get("SOAK_REAL_S", "600"))),
        "floors": "growth < 5 MB/hour, overflows 0, cue error last5 within 20 ms of first5, "
        "nothing left",
    }
