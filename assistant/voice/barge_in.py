"""Barge-in: the user talking over the assistant, and the assistant not obeying itself.

Urgent phrases (stop, symptoms) act from the first partial hypothesis that holds them; while
the assistant talks the recogniser hears it too, so an utterance runs on and its text grows
("place your palms ... stop"): a new urgent phrase anywhere in it counts. The same phrase heard
just when the assistant said it is its own echo; and while it talks, a phrase counts only if
the echo gate heard a voice louder than the echo just then. That voice also lowers the
assistant's, so that "stop" is heard clean rather than mixed with the echo.
"""

from assistant.ports import EchoFilter, Hypothesis, Speaker
from assistant.voice.self_echo import STOP_PHRASES, URGENT_PHRASES, SelfEcho, urgent_in

DUCK_HOLD_S = 0.8
"""The voice stays lowered this long after the user last talked over it."""
USER_VOICE_RECENT_S = 1.5
"""How recent the user's voice above the echo must be for an urgent phrase heard over it."""


class BargeIn:
    """Decides which urgent phrases the dialog hears, and ducks the speaker under the user."""

    def __init__(self, speaker: Speaker, gate: EchoFilter | None) -> None:
        self._speaker, self._gate = speaker, gate
        self._self_echo = SelfEcho()
        self._seen = 0
        """Urgent phrases already found in the utterance in progress (acted on or own echo)."""
        self._ducked = False

    def new_utterance(self) -> None:
        self._seen = 0

    def urgent_in(self, text: str, own_voice: bool) -> list[str]:
        """The urgent phrases a hypothesis holds. When the assistant is quiet only "stop"
        counts from a partial: in a full grammar a partial "pain" may yet become "which
        massage helps with pain"."""
        found = urgent_in(text)
        return found if own_voice else [p for p in found if p in STOP_PHRASES]

    def to_act_on(self, hypothesis: Hypothesis, now: float, own_voice: bool) -> str | None:
        """The urgent phrase the dialog must hear now, if this hypothesis brings a new one."""
        found = self.urgent_in(hypothesis.text, own_voice)
        new = found[self._seen :]
        self._seen = 0 if hypothesis.final else len(found)
        if not new:
            return None
        played = self._speaker.history()
        if all(self._self_echo.is_own(phrase, now, played) for phrase in new):
            return None
        if not self.user_over_echo(now, own_voice):
            return None
        if hypothesis.final and hypothesis.word not in URGENT_PHRASES:
            return None  # a longer answer that holds the word: the dialog reads the final
        return new[-1]

    def user_over_echo(self, now: float, own_voice: bool) -> bool:
        """While the assistant talks, a phrase counts only if the gate heard a voice louder
        than the echo just then: the echo alone sometimes decodes as "stop"."""
        if self._gate is None or not own_voice:
            return True
        passed_at = self._gate.passed_at
        return passed_at is not None and now - passed_at < USER_VOICE_RECENT_S

    def duck_while_the_user_talks(self, now: float) -> bool:
        """Lowers the voice while the user talks over it, restores it once they are quiet.
        True when they just began: the recogniser should start a fresh utterance there, since
        one-word grammars cannot pick "stop" out of one that began with the echo."""
        passed_at = self._gate.passed_at if self._gate is not None else None
        talking = passed_at is not None and now - passed_at < DUCK_HOLD_S
        if talking == self._ducked:
            return False
        self._ducked = talking
        self._speaker.duck(talking)
        return talking
