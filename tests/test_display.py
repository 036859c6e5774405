"""What the screen shows: a countdown bar, the step, what was heard and what can be said."""

import io

from assistant.core.dialog import Status
from assistant.ports import View
from assistant.voice.display import ScreenDisplay, countdown_bar, panel_lines

GUIDING = Status("Guiding", "Abdominal massage", "circles", 1, 3, 40.0, 60.0)


def test_the_bar_fills_as_the_step_goes_on() -> None:
    assert countdown_bar(60.0, 60.0, width=10) == "[..........] 1:00 left"
    assert countdown_bar(15.0, 60.0, width=10) == "[########..] 0:15 left"
    assert countdown_bar(-1.0, 60.0, width=10) == "[##########] 0:00 left"


def test_the_panel_shows_step_heard_and_what_can_be_said() -> None:
    lines = panel_lines(View(GUIDING, "pause", ("pause", "stop"), "Ten seconds left."))
    assert lines[0] == "Abdominal massage: circles"
    assert lines[1].endswith("0:40 left")
    assert "Saying: Ten seconds left." in lines
    assert "Heard:  pause" in lines
    assert "Say:    pause, stop" in lines


def test_without_a_terminal_each_change_is_one_plain_line() -> None:
    out = io.StringIO()
    screen = ScreenDisplay(out)
    for view in (
        View(GUIDING, "", (), "Circle slowly."),
        View(GUIDING, "", (), "Circle slowly."),
        View(GUIDING, "pause", (), ""),
    ):
        screen.show(view)
    assert out.getvalue().splitlines() == [
        "step: Abdominal massage: circles",
        "saying: Circle slowly.",
        "heard: pause",
    ]
