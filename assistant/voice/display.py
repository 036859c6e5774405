"""What the screen shows someone glancing over mid-massage, hands busy.

On a terminal: a small panel redrawn in place (technique, step, a countdown bar, what was
heard, what can be said). Elsewhere (a log, a pipe): one plain line whenever that changes.
"""

import time
from collections.abc import Callable
from typing import TextIO

from assistant.ports import View

BAR_WIDTH = 30
_SAYABLE_SHOWN = 10
_REDRAW_S = 0.25


def countdown_bar(remaining_s: float, duration_s: float, width: int = BAR_WIDTH) -> str:
    """'[#########.........] 0:40 left': the filled part is the time already done."""
    done = 0.0 if duration_s <= 0 else min(1.0, max(0.0, 1 - remaining_s / duration_s))
    filled = round(done * width)
    seconds = max(0, round(remaining_s))
    return f"[{'#' * filled}{'.' * (width - filled)}] {seconds // 60}:{seconds % 60:02d} left"


def panel_lines(view: View) -> list[str]:
    status = view.status
    lines = []
    if status.technique is not None:
        paused = "  (paused)" if status.paused else ""
        lines.append(f"{status.technique}: {status.step}{paused}")
        lines.append(countdown_bar(status.step_remaining_s, status.step_duration_s))
    if view.saying:
        lines.append(f"Saying: {view.saying}")
    lines.append(f"Heard:  {view.heard or '-'}")
    sayable = ", ".join(view.can_say[:_SAYABLE_SHOWN])
    more = ", ..." if len(view.can_say) > _SAYABLE_SHOWN else ""
    lines.append(f"Say:    {sayable + more if sayable else '-'}")
    return lines


class ScreenDisplay:
    """Redraws in place on a terminal; prints a plain line per change otherwise."""

    def __init__(self, out: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._out = out
        self._terminal = out.isatty()
        self._last_plain: tuple[str, ...] = ()
        self._drawn_lines = 0
        self._drawn_at = float("-inf")
        self._clock = clock

    def show(self, view: View) -> None:
        if self._terminal:
            self._redraw(view)
        else:
            self._print_changes(view)

    def _redraw(self, view: View) -> None:
        now = self._clock()
        if now - self._drawn_at < _REDRAW_S:
            return
        self._drawn_at = now
        lines = panel_lines(view)
        up = f"\x1b[{self._drawn_lines}F" if self._drawn_lines else ""
        self._out.write(up + "".join(f"\x1b[2K{line}\n" for line in lines) + "\x1b[J")
        self._out.flush()
        self._drawn_lines = len(lines)

    def _print_changes(self, view: View) -> None:
        """The countdown is left out: a log line per second would bury what matters."""
        status = view.status
        step = f"{status.technique}: {status.step}" if status.technique else ""
        facts = (step, "paused" if status.paused else "", view.saying, view.heard)
        if facts == self._last_plain:
            return
        old = self._last_plain or ("", "", "", "")
        self._last_plain = facts
        if facts[0] != old[0] and step:
            self._out.write(f"step: {step}\n")
        if facts[1] != old[1]:
            self._out.write("paused\n" if status.paused else "resumed\n")
        if facts[2] != old[2] and view.saying:
            self._out.write(f"saying: {view.saying}\n")
        if facts[3] != old[3] and view.heard:
            self._out.write(f"heard: {view.heard}\n")
        self._out.flush()
