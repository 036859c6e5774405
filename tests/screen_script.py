"""A scripted session for the screen test: feeds the real display a run of views inside a
terminal (tmux), in two phases, so the test can resize the terminal between them, with stray
lines written straight to the terminal as a C library would.

Usage: python -m tests.screen_script FOLDER. Writes FOLDER/phase1 and FOLDER/phase2 when each
phase is drawn; waits for FOLDER/resized between them and FOLDER/quit at the end.
"""

import itertools
import os
import sys
import time
from pathlib import Path

from assistant.core.status import Status
from assistant.ports import View
from assistant.voice.display import ScreenDisplay

SAYING = (
    "Place both palms on your abdomen below the navel and stroke slowly clockwise around it, "
    "with light pressure, following the line of the large intestine, breathing calmly."
)
CAN_SAY = ("pause", "resume", "next", "back", "how much time is left", "help", "repeat", "stop")


def views(first_s: float) -> list[View]:
    status = [
        Status("Guiding", "Abdominal massage", "circles", 1, 3, 60.0 - s, 60.0)
        for s in range(int(first_s), int(first_s) + 20)
    ]
    heard = itertools.cycle(("-", "how much time is left", "repeat"))
    return [View(s, next(heard), CAN_SAY, SAYING) for s in status]


def wait_for(flag: Path) -> None:
    while not flag.exists():
        time.sleep(0.05)


def main(folder: Path) -> None:
    ticks = itertools.count(step=1.0)  # every view is drawn: the throttle is not under test
    with ScreenDisplay(sys.stdout, clock=lambda: next(ticks)) as screen:
        for phase, first_s in (("phase1", 0.0), ("phase2", 20.0)):
            for number, view in enumerate(views(first_s)):
                screen.show(view)
                if number % 5 == 0:  # as ALSA does, behind the display's back
                    os.write(2, b"ALSA lib pcm.c:857:(snd_pcm_open) a C library's own message\n")
                time.sleep(0.01)
            (folder / phase).touch()
            wait_for(folder / ("resized" if phase == "phase1" else "quit"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
