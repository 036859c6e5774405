"""The live voice session: microphone blocks and clock ticks in, the dialog's actions out.

The microphone stays open while the assistant speaks, so "stop" works mid-sentence; the loop
acts on the first partial hypothesis that holds it. Its own voice is taken out of the
microphone by the echo canceller where there is one (`over_speech` says what can then be said
over it); what is left is gated (`EchoGate`), and an urgent phrase heard just when the
assistant itself said it is its own echo (`SelfEcho`).
"""

import time

from assistant.core.actions import Action, AdjustVoice, End, EndReason, Listen, Say, StopSpeaking
from assistant.core.events import Event, Heard, Silence, Start, Tick
from assistant.ports import (
    UNKNOWN,
    Clock,
    DialogPort,
    Display,
    EchoCanceller,
    EchoFilter,
    Hypothesis,
    Microphone,
    Recognizer,
    Speaker,
    View,
)
from assistant.voice.over_speech import grammar_over_speech
from assistant.voice.self_echo import STOP_PHRASES, URGENT_PHRASES, SelfEcho, urgent_in

STILL_TALKING_S = 1.0
"""A partial this recent holds off `Silence`: the user is still speaking."""
DUCK_HOLD_S = 0.8
"""The voice stays lowered this long after the user last talked over it."""
USER_VOICE_RECENT_S = 1.5
"""How recent the user's voice above the echo must be for an urgent phrase heard over it."""
MAX_WAIT_S = 0.1
"""The longest the loop waits for a block: ticks stay frequent even if the microphone stalls."""


class VoiceSession:
    """One session: runs until the dialog ends and the last line has been spoken."""

    def __init__(
        self,
        dialog: DialogPort,
        microphone: Microphone,
        recognizer: Recognizer,
        speaker: Speaker,
        clock: Clock,
        display: Display,
        self_echo: SelfEcho | None = None,
        echo_gate: EchoFilter | None = None,
        act_on_partials: bool = True,
        block_wait_s: float = MAX_WAIT_S,
        canceller: EchoCanceller | None = None,
    ) -> None:
        self._dialog, self._mic, self._recognizer = dialog, microphone, recognizer
        self._speaker, self._clock, self._display = speaker, clock, display
        self._self_echo, self._block_wait_s = self_echo or SelfEcho(), block_wait_s
        self.echo_gate, self._canceller = echo_gate, canceller
        self._act_on_partials = act_on_partials
        """False only to measure what acting on partial hypotheses saves."""
        self._listen: Listen | None = None
        self._window_ends_at: float | None = None
        self._grammar: tuple[str, ...] = ()
        self._eager = False
        self._was_speaking = False
        self._quiet_since = clock.now()
        self._partial_at: float | None = None
        """When the last partial of an unfinished utterance came: the user may be talking."""
        self._urgent_seen = 0
        """Urgent phrases already found in the utterance in progress (acted on or own echo)."""
        self._heard = ""
        self._ducked = False
        self.end: End | None = None

    def run(self) -> EndReason:
        """Raises `AudioDeviceLost` if a device disappears; the caller says so and exits."""
        self._send(Start())
        while self.end is None or self._speaker.is_speaking():
            now = self._clock.now()
            block = self._mic.read(self._wait_s(now))
            self._follow_speech(self._clock.now())
            if block is not None and self.end is None:
                self._hear(self._recognizer.accept(self._filtered(block)))
            if self.end is None:
                self._send(Tick())
                self._check_window()
            self._show()
        return self.end.reason

    def _filtered(self, block: bytes) -> bytes:
        """The one seam between microphone and recogniser: the canceller takes the echo out of
        every block; while the assistant speaks, the gate silences what is no louder than the
        echo still left (all of it, without a canceller)."""
        if self._canceller is not None:
            block = self._canceller.cancel(block)
        if self.echo_gate is not None and self._speaking_or_echoing():
            block = self.echo_gate.filter(block, self._clock.now())
        self._duck_while_the_user_talks()
        return block

    def _duck_while_the_user_talks(self) -> None:
        """Barge-in: the user's voice over the assistant's lowers it, so "stop" is heard clean
        rather than mixed with the echo; the voice comes back once they are quiet."""
        passed_at = self.echo_gate.passed_at if self.echo_gate is not None else None
        talking = passed_at is not None and self._clock.now() - passed_at < DUCK_HOLD_S
        if talking != self._ducked:
            self._ducked = talking
            self._speaker.duck(talking)
            if talking and self._grammar:
                # A fresh utterance from the user's first word: one-word grammars cannot pick
                # "stop" out of the middle of an utterance that began with the echo.
                self._recognizer.set_expected(self._grammar, self._eager)
                self._partial_at, self._urgent_seen = None, 0

    def _wait_s(self, now: float) -> float:
        deadline = self._dialog.next_deadline
        if deadline is None:
            return self._block_wait_s
        return min(self._block_wait_s, max(0.0, deadline - (now + self._speaker.output_delay_s)))

    def _dialog_now(self) -> float:
        """The dialog's clock runs ahead by the speaker's delay: its times are when lines are
        heard, so a cue due at 30.0 s is said early enough to sound at 30.0 s."""
        return self._clock.now() + self._speaker.output_delay_s

    def _send(self, event: Event) -> None:
        for action in self._dialog.handle(event, self._dialog_now()):
            self._do(action)

    def _do(self, action: Action) -> None:
        match action:
            case Say(text=text):
                self._speaker.say(text)
                self._was_speaking = True
            case Listen():
                self._listen, self._window_ends_at = action, None
                self._set_grammar()
            case StopSpeaking():
                self._speaker.abort()
            case AdjustVoice(rate_delta_wpm=rate, volume_delta=volume):
                self._speaker.adjust(rate, volume)
            case End():
                self.end, self._listen = action, None

    def _follow_speech(self, now: float) -> None:
        """Listen windows open, and the full grammar returns, once the assistant is quiet."""
        if self._speaker.is_speaking():
            self._was_speaking, self._quiet_since = True, now
        elif self._was_speaking:
            self._was_speaking = False
            self._quiet_since = now
        if self._listen is not None and self._window_ends_at is None and not self._was_speaking:
            self._window_ends_at = self._quiet_since + self._listen.timeout_s
        self._set_grammar()

    def _set_grammar(self) -> None:
        if self._listen is None:
            return
        cancelling = self._canceller is not None and self._canceller.cancelling
        grammar, eager = grammar_over_speech(
            self._listen.expect, self._speaking_or_echoing(), self.echo_gate is not None, cancelling
        )
        if (grammar, eager) != (self._grammar, self._eager):
            self._grammar, self._eager = grammar, eager
            self._recognizer.set_expected(grammar, eager)
            self._partial_at, self._urgent_seen = None, 0

    def _speaking_or_echoing(self) -> bool:
        now = self._clock.now()
        return self._was_speaking or now - self._quiet_since < self._self_echo.speech_tail_s

    def _hear(self, hypothesis: Hypothesis | None) -> None:
        """Urgent phrases act from the first partial that holds them; answers wait for a final.

        While the assistant talks the recogniser hears it too, so an utterance runs on and its
        text grows ("place your palms ... stop"): a new urgent phrase anywhere in it counts.
        """
        if hypothesis is None or (not hypothesis.final and not self._act_on_partials):
            self._partial_at = self._clock.now() if hypothesis is not None else self._partial_at
            return
        found = urgent_in(hypothesis.text)
        if not self._speaking_or_echoing():
            # In a full grammar a partial "pain" may yet become "which massage helps with
            # pain": when the assistant is quiet, symptoms wait for the final result.
            found = [phrase for phrase in found if phrase in STOP_PHRASES]
        new = found[self._urgent_seen :]
        self._urgent_seen = 0 if hypothesis.final else len(found)
        self._partial_at = None if hypothesis.final else self._clock.now()
        if new:
            now, played = self._clock.now(), self._speaker.history()
            if all(self._self_echo.is_own(phrase, now, played) for phrase in new):
                return
            if not self._user_over_echo(now):
                return
            if not hypothesis.final or hypothesis.word in URGENT_PHRASES:
                self._heard = new[-1]
                self._send(Heard(new[-1], hypothesis.confidence, partial=not hypothesis.final))
                return
        if not hypothesis.final or found:
            return
        if hypothesis.word == UNKNOWN and self._speaking_or_echoing():
            return
        if not self._user_over_echo(self._clock.now()):
            return  # over its voice, only what came with a voice louder than the echo left
        self._heard = hypothesis.word
        self._window_ends_at = None
        self._send(Heard(hypothesis.word, hypothesis.confidence))

    def _user_over_echo(self, now: float) -> bool:
        """While the assistant talks, a phrase counts only if the gate heard a voice louder
        than the echo just then: the echo alone sometimes decodes as "stop"."""
        if self.echo_gate is None or not self._speaking_or_echoing():
            return True
        passed_at = self.echo_gate.passed_at
        return passed_at is not None and now - passed_at < USER_VOICE_RECENT_S

    def _check_window(self) -> None:
        ends_at = self._window_ends_at
        now = self._clock.now()
        talking = self._partial_at is not None and now - self._partial_at < STILL_TALKING_S
        if ends_at is None or talking or now < ends_at:
            return
        self._listen, self._window_ends_at = None, None
        self._send(Silence())

    def _show(self) -> None:
        now = self._clock.now()
        saying = next(
            (
                line.text
                for line in self._speaker.history()
                if line.ended_at is None or line.ended_at > now
            ),
            "",
        )
        expect = self._listen.expect if self._listen is not None else ()
        status = self._dialog.status(self._dialog_now())
        self._display.show(View(status, self._heard, expect, saying))


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()
