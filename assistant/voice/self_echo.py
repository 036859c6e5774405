"""Telling the assistant's own voice from the user's.

The microphone stays open while the assistant speaks, and its lines contain "stop" ("stop at
once if you feel worse"). The speaker reports when it said each urgent phrase; the same
phrase heard just then is its own echo, not the user.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.vocabulary import URGENT_SIGNS, URGENT_STOP
from assistant.core.words import normalise
from assistant.ports import PlayedLine

STOP_PHRASES = URGENT_STOP
URGENT_PHRASES = (*URGENT_STOP, *URGENT_SIGNS)
"""What the dialog acts on from a partial hypothesis: the only grammar while speaking."""
_URGENT = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(URGENT_PHRASES, key=len, reverse=True)) + r")\b"
)


@dataclass(frozen=True)
class SelfEcho:
    """When an urgent phrase heard is the assistant's own voice coming back through the room."""

    tail_s: float = 0.8
    """How long after the assistant said a marked phrase the recogniser may still report it."""
    lead_s: float = 0.1
    speech_tail_s: float = 0.3
    """How long after the speaker falls silent its echo may still be in the microphone."""

    def is_own(self, phrase: str, heard_at: float, played: Sequence[PlayedLine]) -> bool:
        return any(
            said == phrase and start - self.lead_s <= heard_at <= end + self.tail_s
            for line in played
            for said, start, end in line.marked
        )


def urgent_in(text: str) -> list[str]:
    """The urgent phrases in a hypothesis, in the order they were said."""
    return _URGENT.findall(normalise(text))


class OwnVoice:
    """Whether the assistant's voice, or its echo, may be in the microphone now."""

    def __init__(
        self, now: float, tail_s: float = SelfEcho.speech_tail_s, audible: bool = True
    ) -> None:
        """`audible`: False where the microphone cannot hear the speaker (`chat --hear` prints
        the assistant's side): the user's words then never meet the over-speech grammar."""
        self._speaking = False
        self._quiet_since = now
        self._tail_s = tail_s
        self._audible = audible

    def queued(self) -> None:
        """A line went to the speaker: it counts as speaking until the speaker says otherwise."""
        self._speaking = True

    def follow(self, speaking: bool, now: float) -> None:
        if speaking or self._speaking:
            self._speaking, self._quiet_since = speaking, now

    @property
    def quiet_since(self) -> float | None:
        """When the assistant fell quiet; None while it speaks."""
        return None if self._speaking else self._quiet_since

    def in_the_mic(self, now: float) -> bool:
        return self._audible and (self._speaking or now - self._quiet_since < self._tail_s)
