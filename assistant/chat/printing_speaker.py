"""`chat --hear`'s speaker: the assistant's side printed, while the user speaks.

The same voice loop as the live session runs with it: only the transport of the assistant's
side differs.
"""

from typing import TextIO

from assistant.ports import PlayedLine


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

    def loudest(self, start: float, end: float) -> float:
        """Nothing is played aloud."""
        return 0.0

    def close(self) -> None:
        self._out.flush()
