"""Time for the text chat (`ports.ChatClock`): real (cues fire while you type) or virtual (no
waiting at all)."""

import select
import time
from typing import TextIO


class VirtualClock:
    """Waiting costs no real time: a ten-minute session runs in well under a second."""

    def __init__(self) -> None:
        self._t = 0.0

    def now(self) -> float:
        return self._t

    def speak(self, duration_s: float) -> None:
        self._t += duration_s

    def wait_until(self, t: float) -> None:
        self._t = max(self._t, t)

    def read_line(self, lines: TextIO, window_end: float) -> str | None:
        raw = lines.readline()
        return raw.rstrip("\n") if raw else None


class RealClock:
    """The monotonic clock; a line not typed before the window ends is silence."""

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._input_ended = False

    def now(self) -> float:
        return time.monotonic() - self._start

    def speak(self, duration_s: float) -> None:
        """Text appears at once; nothing to wait for."""

    def wait_until(self, t: float) -> None:
        delay = t - self.now()
        if delay > 0:
            time.sleep(delay)

    def read_line(self, lines: TextIO, window_end: float) -> str | None:
        if not self._input_ended:
            ready, _, _ = select.select([lines], [], [], max(0.0, window_end - self.now()))
            if ready:
                raw = lines.readline()
                if raw:
                    return raw.rstrip("\n")
                self._input_ended = True
        self.wait_until(window_end)
        return None
