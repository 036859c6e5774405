"""`chat --hear`: the user speaks into the microphone; the assistant's side is printed.

The same voice loop as the live session (`runtime.VoiceSession`), with a speaker that prints:
only the transport of the assistant's side differs.
"""

import sys
from typing import TextIO

from assistant.adapters.speaker import PlayedLine
from assistant.config import Settings
from assistant.core.content import Content
from assistant.core.dialog import Dialog
from assistant.display import ScreenDisplay
from assistant.errors import UserFacingError
from assistant.hearing import make_microphone, make_recognizer
from assistant.ports import AudioDeviceLost
from assistant.runtime import MonotonicClock, VoiceSession


class PrintingSpeaker:
    """Says each line by printing it at once; there is never anything to cut off."""

    output_delay_s = 0.0

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def say(self, text: str) -> None:
        self._out.write(f"assistant: {text}\n")
        self._out.flush()

    def abort(self) -> None:
        """Printed text cannot be taken back; nothing is queued."""

    def is_speaking(self) -> bool:
        return False

    def adjust(self, rate_delta_wpm: int, volume_delta: float) -> None:
        """A printed voice has no rate or volume."""

    def duck(self, ducked: bool) -> None:
        """Nothing sounds, so nothing is in the user's way."""

    def history(self) -> tuple[PlayedLine, ...]:
        return ()

    def close(self) -> None:
        self._out.flush()


def run_heard_chat(content: Content, settings: Settings) -> int:
    recognizer = make_recognizer(settings)
    microphone = make_microphone(settings)
    clock = MonotonicClock()
    session = VoiceSession(
        Dialog(content), microphone, recognizer, PrintingSpeaker(sys.stdout), clock,
        ScreenDisplay(sys.stderr),
    )  # fmt: skip
    try:
        reason = session.run()
    except AudioDeviceLost as lost:
        raise UserFacingError(f"{lost}; the session has ended") from lost
    finally:
        microphone.close()
    print(f"(session ended: {reason})")
    return 0
