"""The live panel holds still in a real terminal: tmux at 60, 110 and 200 columns, and resized.

Once a wrapped "Saying:" line broke the cursor-up redraw and the panel repeated down the screen.
"""

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PANEL_STARTS = ("Abdominal massage: circles", "[#", "Saying: ", "Heard: ", "Say: ")


class Tmux:
    """A private tmux server (its own socket) running the scripted session in one pane."""

    def __init__(self, folder: Path, width: int) -> None:
        self.socket, self.folder = folder / "tmux.sock", folder
        script = f"{sys.executable} -m tests.screen_script {folder}; sleep 60"
        # A stale COLUMNS, as shells and test runners often export: the panel must not trust it.
        size = ("-x", str(width), "-y", "30", "-e", "COLUMNS=80")
        self("new-session", "-d", *size, script)

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, timeout=10
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen_after(self, phase: str) -> list[str]:
        deadline = time.monotonic() + 15
        while not (self.folder / phase).exists():
            assert time.monotonic() < deadline, f"the scripted session never reached {phase}"
            time.sleep(0.05)
        time.sleep(0.2)  # the terminal has drawn what it was sent
        return self("capture-pane", "-p").splitlines()


@pytest.fixture
def terminal(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is missing: run scripts/system-deps.sh")
    tmux = Tmux(tmp_path, request.param)
    try:
        yield tmux
    finally:
        (tmp_path / "resized").touch()
        (tmp_path / "quit").touch()
        subprocess.run(["tmux", "-S", str(tmux.socket), "kill-server"], capture_output=True)


def assert_each_panel_line_once(screen: list[str], width: int) -> None:
    for start in PANEL_STARTS:
        rows = [row for row in screen if row.startswith(start)]
        assert len(rows) == 1, f"{start!r} at {width} columns:\n" + "\n".join(screen)
    assert all(len(row) <= width for row in screen)


@pytest.mark.parametrize(
    ("terminal", "resized_to"), [(60, 200), (110, 60), (200, 110)], indirect=["terminal"]
)
def test_the_panel_is_drawn_once_at_any_width_and_after_a_resize(
    terminal: Tmux, resized_to: int
) -> None:
    width = int(terminal("display-message", "-p", "#{window_width}"))
    assert_each_panel_line_once(terminal.screen_after("phase1"), width)
    terminal("resize-window", "-x", str(resized_to))
    (terminal.folder / "resized").touch()
    assert_each_panel_line_once(terminal.screen_after("phase2"), resized_to)
