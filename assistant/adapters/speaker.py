"""Speech out through a sounddevice output stream, in small blocks that can be cut off at once.

The stream runs for the whole session and plays silence between lines, so a line starts
within one block of being queued. It remembers what it played and when, so the runtime can
tell its own voice (echoing back into the microphone) from the user's.
"""

import contextlib
import logging
import re
import threading
import time
import wave
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from assistant.adapters.speech_synth import Rendered, SpeechSynth, Voice
from assistant.config import MAX_RATE_WPM, MAX_VOLUME, MIN_RATE_WPM, MIN_VOLUME, Settings
from assistant.ports import AudioDeviceLost, PlayedLine

log = logging.getLogger(__name__)

BLOCK_S = 0.02
_SYNTH_FAILURES = (RuntimeError, OSError, EOFError, ValueError, wave.Error)
"""How pyttsx3 and espeak-ng fail on a line: a stuck run loop, a missing or truncated file."""
_HISTORY_LINES = 8
_LEVELS_S = 4.0
DUCKED_GAIN = 0.1
"""-20 dB while the user talks over the assistant: the echo drops below their voice."""
STALLED_S = 2.0
"""A stream whose callback has not asked for audio this long has lost its device (a suspended
or vanished sink stalls it without an error): otherwise a line would be "speaking" forever."""


@dataclass
class _Line:
    text: str
    samples: npt.NDArray[np.float32]
    marks_s: tuple[tuple[str, float, float], ...]
    """Offsets of the marked phrases within the line, in seconds."""
    position: int = 0


class OutputStream(Protocol):
    """What the speaker needs of its stream: sounddevice's, or the duplex one."""

    @property
    def latency(self) -> float: ...
    @property
    def active(self) -> bool: ...
    def start(self) -> None: ...
    def abort(self, ignore_errors: bool = False) -> None: ...
    def close(self, ignore_errors: bool = False) -> None: ...


OpenStream = Callable[[int, Callable[..., None]], OutputStream]


class SoundDeviceSpeaker:
    """A `ports.Speaker` over a sounddevice output stream; one rendering voice, one queue."""

    def __init__(
        self,
        settings: Settings,
        synth: SpeechSynth,
        marked_phrases: Sequence[str] = (),
        clock: Callable[[], float] = time.monotonic,
        open_stream: "OpenStream | None" = None,
    ) -> None:
        """`marked_phrases`: phrases whose playing times `history()` reports (self-echo).
        `open_stream`: opens and starts a stream shared with the microphone at the voice's rate
        with `_fill` as its callback (`duplex.DuplexStream.open_output`), which an abort leaves
        running; by default an output stream of its own."""
        import sounddevice

        self._sd = sounddevice
        self._synth = synth
        self._clock = clock
        self._voice = Voice(settings.voice, settings.rate_wpm)
        self.volume = settings.volume
        self._gain = 1.0
        self._marked = [
            (p, re.compile(rf"\b{re.escape(p)}\b", re.IGNORECASE)) for p in marked_phrases
        ]
        self._device = _device(settings.output_device)
        self._lock = threading.Lock()
        self._queue: deque[_Line] = deque()
        self._current: _Line | None = None
        self._history: deque[PlayedLine] = deque(maxlen=_HISTORY_LINES)
        self._levels: deque[tuple[float, float]] = deque(maxlen=int(_LEVELS_S / BLOCK_S))
        """(due time, RMS 0..1) of each block played lately, for telling echo from the user."""
        self._closed = False
        self._filled_at = self._block_end_at = clock()
        """When the last block was taken, and when it will have been heard (its due time)."""
        self._keep_running = open_stream is not None
        self._rate_hz = synth.render(".", self._voice).rate_hz
        try:
            self._stream = (open_stream or self._open_output)(self._rate_hz, self._fill)
        except (sounddevice.PortAudioError, ValueError) as error:
            raise AudioDeviceLost(f"cannot open the speaker ({self._name()}): {error}") from error

    def _open_output(self, rate_hz: int, fill: Callable[..., None]) -> "OutputStream":
        blocksize = int(rate_hz * BLOCK_S)
        stream: OutputStream = self._sd.OutputStream(
            rate_hz, blocksize, self._device, 1, "float32", "low", callback=fill
        )
        stream.start()
        return stream

    @property
    def output_delay_s(self) -> float:
        """The device's output latency plus up to one block before the callback takes a line."""
        return float(self._stream.latency) + BLOCK_S

    def say(self, text: str) -> None:
        """A line the synthesiser fails on twice is printed instead, and the session goes on:
        the next line (a re-asked question, "Stopped.") may well render."""
        self._check()
        try:
            rendered = self._render(text)
        except _SYNTH_FAILURES as error:
            log.warning("could not speak this line (%s): %s", error, text)
            return
        samples = rendered.samples.astype(np.float32) * (self.volume / 32768.0)
        line = _Line(text, samples, self._marks(text))
        with self._lock:
            self._queue.append(line)

    def _render(self, text: str) -> Rendered:
        try:
            return self._synth.render(text, self._voice)
        except _SYNTH_FAILURES:
            return self._synth.render(text, self._voice)

    def abort(self) -> None:
        """Silence from the next block on. A stream of its own is restarted, which drops what
        the device holds too. A duplex stream keeps running, and what it holds plays out (its
        latency): restarted, it would pair its directions at a new lag (`duplex.DuplexStream
        .runs`) and the echo canceller would start over, at every "stop"."""
        with self._lock:
            self._queue.clear()
            if self._current is not None:
                now = self._clock()
                self._finish(max(now, self._block_end_at) if self._keep_running else now)
        if self._keep_running:
            return
        try:
            self._stream.abort()
            self._filled_at = self._clock()
            self._stream.start()
        except self._sd.PortAudioError as error:
            raise AudioDeviceLost(f"the speaker ({self._name()}) stopped: {error}") from error

    def duck(self, ducked: bool) -> None:
        """Lower the voice while the user talks over it, so that they are heard; then restore."""
        self._gain = DUCKED_GAIN if ducked else 1.0

    def is_speaking(self) -> bool:
        self._check()
        with self._lock:
            return self._current is not None or bool(self._queue)

    def adjust(self, rate_delta_wpm: int, volume_delta: float) -> None:
        rate = min(MAX_RATE_WPM, max(MIN_RATE_WPM, self._voice.rate_wpm + rate_delta_wpm))
        self._voice = replace(self._voice, rate_wpm=rate)
        self.volume = min(MAX_VOLUME, max(MIN_VOLUME, self.volume + volume_delta))

    def history(self) -> tuple[PlayedLine, ...]:
        """The last lines played (the current one last, `ended_at` None)."""
        with self._lock:
            return tuple(self._history)

    def loudest(self, start: float, end: float) -> float:
        """The highest RMS (0..1) of the blocks that played between `start` and `end`."""
        with self._lock:
            return max(
                (rms for at, rms in self._levels if start - BLOCK_S <= at <= end), default=0.0
            )

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(self._sd.PortAudioError):
            self._stream.abort()
        self._stream.close(ignore_errors=True)

    def _check(self) -> None:
        if self._closed:
            return
        stalled_s = self._clock() - self._filled_at
        if not self._stream.active or stalled_s > STALLED_S:
            raise AudioDeviceLost(f"the speaker ({self._name()}) stopped working: unplugged?")

    def _name(self) -> str:
        return "the default output" if self._device is None else f"'{self._device}'"

    def _marks(self, text: str) -> tuple[tuple[str, float, float], ...]:
        """Where each marked phrase is heard: the length of the line rendered up to it."""
        spans = []
        for phrase, pattern in self._marked:
            for match in pattern.finditer(text):
                start, end = (self._synth.spoken_s(text[:at], self._voice) for at in match.span())
                spans.append((phrase, start, end))
        return tuple(sorted(spans, key=lambda span: span[1]))

    def _fill(self, out: npt.NDArray[np.float32], frames: int, timing: Any, status: Any) -> None:
        """The stream's callback: the next block of the current line, or silence."""
        self._filled_at = self._clock()
        due_at = self._filled_at + max(0.0, timing.outputBufferDacTime - timing.currentTime)
        self._block_end_at = due_at + frames / self._rate_hz
        out.fill(0.0)
        written = 0
        with self._lock:
            while written < frames:
                if self._current is None:
                    if not self._queue:
                        break
                    self._start(self._queue.popleft(), due_at + written / self._rate_hz)
                line = self._current
                assert line is not None
                chunk = line.samples[line.position : line.position + frames - written]
                out[written : written + len(chunk), 0] = chunk * self._gain
                line.position += len(chunk)
                written += len(chunk)
                if line.position >= len(line.samples):
                    self._finish(due_at + written / self._rate_hz)
            level = float(np.sqrt(np.mean(out[:, 0] ** 2))) if written else 0.0
            self._levels.append((due_at, level))

    def _start(self, line: _Line, at: float) -> None:
        self._current = line
        marked = tuple((phrase, at + start, at + end) for phrase, start, end in line.marks_s)
        self._history.append(PlayedLine(line.text, at, None, marked))

    def _finish(self, at: float) -> None:
        self._current = None
        self._history[-1] = replace(self._history[-1], ended_at=at)


def _device(name: str | None) -> int | str | None:
    """A sounddevice index given as digits, else a name (or None for the default)."""
    if name is None:
        return None
    return int(name) if name.isdigit() else name
