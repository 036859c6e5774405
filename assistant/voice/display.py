"""What the screen shows someone glancing over mid-massage, hands busy.

On a terminal: a small panel redrawn in place by rich (technique, step, a countdown bar, what was
heard, what can be said). Elsewhere (a log, a pipe): one plain line whenever that changes.
"""

import contextlib
import os
import time
from collections.abc import Callable
from typing import TextIO

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

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
    """Redraws in place on a terminal; prints a plain line per change otherwise.

    On a terminal the panel is a `rich.live.Live` on the alternate screen, redrawn whole from
    the top at the terminal's width of the moment: a long line, a resize, or a C library
    writing to the same terminal (ALSA does) cannot leave copies behind, as they did when the
    redraw moved the cursor up by the lines it believed it had drawn. Each panel line is cut to
    one row ("..."). Use it as a context manager, so the terminal's own screen comes back.
    """

    def __init__(
        self, out: TextIO, clock: Callable[[], float] = time.monotonic, panel: bool = True
    ) -> None:
        """`panel=False`: plain lines even on a terminal, for a transport that prints its own
        lines there too (a full-screen panel would cover them)."""
        self._out = out
        self._live: Live | None = None
        if panel and out.isatty():
            self._console = Console(file=out)
            self._live = Live(console=self._console, auto_refresh=False, screen=True)
        self._last_plain: tuple[str, ...] = ()
        self._drawn_at = float("-inf")
        self._clock = clock

    def __enter__(self) -> "ScreenDisplay":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._live is not None and self._live.is_started:
            self._live.stop()

    def show(self, view: View) -> None:
        if self._live is not None:
            self._redraw(self._live, view)
        else:
            self._print_changes(view)

    def _redraw(self, live: Live, view: View) -> None:
        """Every view is kept; the terminal is redrawn at most every `_REDRAW_S`."""
        with contextlib.suppress(OSError):
            # The terminal's own size, asked each time: a resize is drawn at its new width, and
            # a stale COLUMNS in the environment (which rich would believe) is not.
            self._console.size = os.get_terminal_size(self._out.fileno())
        rows = [Text(line, no_wrap=True, overflow="ellipsis") for line in panel_lines(view)]
        live.update(Group(*rows))
        if not live.is_started:
            live.start()
        now = self._clock()
        if now - self._drawn_at >= _REDRAW_S:
            self._drawn_at = now
            live.refresh()

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
