"""Time for the text chat (`ports.ChatClock`): real (cues fire while you type) or virtual (no
waiting at all).

Both treat end of input the same way: silence from then on, and the session runs to its end.
"""

import codecs
import io
import os
import queue
import threading
import time
from collections.abc import Iterator
from typing import TextIO


class VirtualClock:
    """Waiting costs no real time: a ten-minute session runs in well under a second."""

    def __init__(self) -> None:
        self._t = 0.0
        self.input_ended = False

    def now(self) -> float:
        return self._t

    def speak(self, duration_s: float) -> None:
        self._t += duration_s

    def wait_until(self, t: float) -> None:
        self._t = max(self._t, t)

    def read_line(self, lines: TextIO, window_end: float) -> str | None:
        raw = "" if self.input_ended else lines.readline()
        if not raw:
            self.input_ended = True
            return None
        return raw.rstrip("\r\n")


class RealClock:
    """The monotonic clock; a line not typed before the window ends is silence.

    Once the input has ended nobody is left to answer, so waiting stops: the rest of the
    session (re-prompts, cues, the goodbye) is printed at once, with the times it would have had.
    """

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._skipped_s = 0.0
        self._lines: queue.Queue[str | None] | None = None
        self.input_ended = False

    def now(self) -> float:
        return time.monotonic() - self._start + self._skipped_s

    def speak(self, duration_s: float) -> None:
        """Text appears at once; nothing to wait for."""

    def wait_until(self, t: float) -> None:
        delay = t - self.now()
        if delay <= 0:
            return
        if self.input_ended:
            self._skipped_s += delay
        else:
            time.sleep(delay)

    def read_line(self, lines: TextIO, window_end: float) -> str | None:
        if self.input_ended:
            return None
        if self._lines is None:
            self._lines = queue.Queue()
            threading.Thread(target=_read_lines, args=(lines, self._lines), daemon=True).start()
        try:
            raw = self._lines.get(timeout=max(0.0, window_end - self.now()))
        except queue.Empty:
            return None
        if raw is None:
            self.input_ended = True
        return raw


def _read_lines(lines: TextIO, into: "queue.Queue[str | None]") -> None:
    """Hands over every complete line as soon as it arrives, then None at end of input.

    A thread, because a buffered readline after `select` stalls: lines piped in one write sit
    in the buffer while `select` waits on the descriptor for the next write.
    """
    pending = ""
    try:
        for text in _text_chunks(lines):
            pending += text
            *complete, pending = pending.split("\n")
            for line in complete:
                into.put(line.rstrip("\r"))
    except OSError:
        pass  # a closed or broken input is an ended one
    if pending:
        into.put(pending.rstrip("\r"))
    into.put(None)


def _text_chunks(lines: TextIO) -> Iterator[str]:
    """Reads the raw descriptor when there is one: a daemon thread blocked inside the buffered
    stream's lock would stop the interpreter from shutting down. Bytes that are not UTF-8 come
    through as replacement characters rather than a traceback."""
    try:
        fd = lines.fileno()
    except (OSError, io.UnsupportedOperation):
        yield from iter(lines.readline, "")
        return
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while chunk := os.read(fd, 4096):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)
