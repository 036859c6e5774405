"""The listen window, and the grammar the recogniser is given while it is open.

The dialog's `Listen` says what it expects and for how long. The time runs from the moment the
assistant falls quiet (a question is not answered while it is still being asked), and a user
still talking holds the window open. While the assistant's voice is in the microphone, only the
urgent phrases are listened for: an answer cannot be told from the echo of the question.
"""

from assistant.core.actions import Listen
from assistant.ports import Recognizer
from assistant.voice.over_speech import grammar_over_speech

STILL_TALKING_S = 1.0
"""A partial this recent holds off `Silence`: the user is still speaking."""


class ListenWindow:
    """The `Listen` in force and when it runs out."""

    def __init__(self) -> None:
        self.listen: Listen | None = None
        self._ends_at: float | None = None
        self._partial_at: float | None = None
        """When the last partial of an unfinished utterance came: the user may be talking."""

    @property
    def expect(self) -> tuple[str, ...]:
        return self.listen.expect if self.listen is not None else ()

    def open(self, listen: Listen | None) -> None:
        """A new `Listen` (None: the session ended); its time starts once the assistant is
        quiet."""
        self.listen, self._ends_at = listen, None

    def follow(self, quiet_since: float | None) -> None:
        """Starts the time of a window waiting for the assistant to fall quiet."""
        if self.listen is not None and self._ends_at is None and quiet_since is not None:
            self._ends_at = quiet_since + self.listen.timeout_s

    def heard(self, final: bool, now: float) -> None:
        """A hypothesis came: a partial means the user is talking; a final, that they stopped."""
        self._partial_at = None if final else now

    def answered(self) -> None:
        """A final result went to the dialog: the window's time starts again."""
        self._ends_at = None

    def new_utterance(self) -> None:
        self._partial_at = None

    def expired(self, now: float) -> bool:
        """True once, when the time ran out with nobody talking; the window is then closed."""
        talking = self._partial_at is not None and now - self._partial_at < STILL_TALKING_S
        if self._ends_at is None or talking or now < self._ends_at:
            return False
        self.open(None)
        return True


class Grammar:
    """Gives the recogniser the phrases to listen for, and only when they change (each change
    starts a new utterance)."""

    def __init__(self, recognizer: Recognizer, gated: bool) -> None:
        """`gated`: an echo gate stands guard, so over its own voice the recogniser may lean
        towards hearing "stop"."""
        self._recognizer = recognizer
        self._gated = gated
        self._phrases: tuple[str, ...] = ()
        self._eager = False

    def update(self, expect: tuple[str, ...], own_voice: bool, cancelling: bool = False) -> bool:
        """True if the recogniser was given a new grammar (a new utterance starts).
        `cancelling`: the echo canceller is removing the assistant's voice (`over_speech`)."""
        expect, eager = grammar_over_speech(expect, own_voice, self._gated, cancelling)
        if (expect, eager) == (self._phrases, self._eager):
            return False
        self._phrases, self._eager = expect, eager
        self._recognizer.set_expected(expect, eager)
        return True

    def restart(self) -> bool:
        """A fresh utterance with the same phrases; False if there are none to listen for."""
        if self._phrases:
            self._recognizer.set_expected(self._phrases, self._eager)
        return bool(self._phrases)
