"""Barge-in: the user talking over the assistant, and the assistant not obeying itself.

Urgent phrases (stop, symptoms) act from the first partial hypothesis that holds them; while
the assistant talks the recogniser hears it too, so an utterance runs on and its text grows
("place your palms ... stop"): a new urgent phrase anywhere in it counts. The same phrase heard
just when the assistant said it is its own echo; and while it talks, a phrase counts only if
the echo gate heard a voice louder than the echo just then. That voice also lowers the
assistant's, so that "stop" is heard clean rather than mixed with the echo.
"""

from collections import deque

from assistant.config import SAMPLE_RATE_HZ
from assistant.ports import EchoFilter, Hypothesis, Speaker
from assistant.voice.self_echo import STOP_PHRASES, URGENT_PHRASES, SelfEcho, urgent_in

DUCK_HOLD_S = 0.8
"""The voice stays lowered this long after the user last talked over it."""
USER_VOICE_RECENT_S = 1.5
"""How recent the user's voice above the echo must be for an urgent phrase heard over it."""
REPLAY_S = 0.4
"""The audio heard just before the user was found talking, fed again to the fresh utterance.
The gate knows only after 100 ms above the echo, and by then it has passed the start of the
word to the recogniser (the quiet "st" and the closure before the vowel, held as look-back).
Cut off by the restart, "stop" was heard late (a final 0.5 s after the word) or not at all:
2 of 12 bench stops, through the devices with and without the echo."""


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


class RecentAudio:
    """The last `REPLAY_S` of audio the recogniser heard, for a fresh utterance to hear again."""

    def __init__(self, keep_s: float = REPLAY_S) -> None:
        self._keep_bytes = int(keep_s * SAMPLE_RATE_HZ) * 2
        self._blocks: deque[bytes] = deque()
        self._size = 0

    def add(self, pcm: bytes) -> None:
        self._blocks.append(pcm)
        self._size += len(pcm)
        while self._blocks and self._size - len(self._blocks[0]) >= self._keep_bytes:
            self._size -= len(self._blocks.popleft())

    def take(self) -> bytes:
        """The audio kept (at most `REPLAY_S`, whole 16-bit samples), forgotten once taken."""
        kept = b"".join(self._blocks)[-self._keep_bytes :]
        self._blocks.clear()
        self._size = 0
        return kept
