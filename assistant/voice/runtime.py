"""The live voice session: microphone blocks and clock ticks in, the dialog's actions out.

The loop takes a block of audio, cleans it of the assistant's own voice (the echo canceller,
where there is one, then the echo gate), feeds it to the
recogniser, turns what was heard and the passing time into events for the dialog, and carries
out the dialog's actions. Each job it delegates has a part of its own: the listen window and
its grammar (`listen_window`), whether the assistant's voice is in the microphone
(`self_echo.OwnVoice`), and the barge-in policy (`barge_in`).
"""

import time

from assistant.core.actions import Action, AdjustVoice, End, EndReason, Listen, Say, StopSpeaking
from assistant.core.events import Event, Heard, NotUnderstood, Silence, Start, Tick
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
from assistant.voice.barge_in import BargeIn, RecentAudio
from assistant.voice.listen_window import Grammar, ListenWindow
from assistant.voice.self_echo import OwnVoice

NOT_UNDERSTOOD_SHOWN = "(not understood)"
"""What the screen shows for speech that matched nothing expected."""
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
        echo_gate: EchoFilter | None = None,
        act_on_partials: bool = True,
        canceller: EchoCanceller | None = None,
        hears_itself: bool = True,
    ) -> None:
        """`act_on_partials`: False only to measure what acting on partial hypotheses saves.
        `canceller`: takes the speaker's echo out of every block, before the gate.
        `hears_itself`: whether the microphone can hear the speaker at all."""
        self._dialog, self._mic, self._recognizer = dialog, microphone, recognizer
        self._speaker, self._clock, self._display = speaker, clock, display
        self._gate, self._act_on_partials = echo_gate, act_on_partials
        self._canceller = canceller
        self._was_cancelling = False
        self._own_voice = OwnVoice(clock.now(), audible=hears_itself)
        self._window = ListenWindow()
        self._grammar = Grammar(recognizer, gated=echo_gate is not None)
        self._barge_in = BargeIn(speaker, echo_gate)
        self._recent = RecentAudio()
        self._heard = ""
        self.end: End | None = None

    def run(self) -> EndReason:
        """Raises `AudioDeviceLost` if a device disappears; the caller says so and exits."""
        self._send(Start())
        while self.end is None or self._speaker.is_speaking():
            block = self._mic.read(self._wait_s())
            self._follow_speech()
            if block is not None and self.end is None:
                block = self._without_own_voice(block)
                self._duck_while_the_user_talks()
                if self.end is None:  # the start of the word, heard again, may have ended it
                    self._hear(self._recognizer.accept(block))
                self._recent.add(block)
            if self.end is None:
                self._send(Tick())
                if self._window.expired(self._clock.now()):
                    self._send(Silence())
            self._show()
        return self.end.reason

    def _without_own_voice(self, block: bytes) -> bytes:
        """The one place microphone audio is cleaned of the assistant's voice before the
        recogniser hears it: the canceller takes the echo out of every block; while the
        assistant speaks, the gate silences what is no louder than the echo still left."""
        now = self._clock.now()
        judged = None
        if self._canceller is not None:
            block = self._canceller.cancel(block)
            judged = self._canceller.judged
            cancelling = self._cancelling()
            if cancelling and not self._was_cancelling and self._gate is not None:
                self._gate.relearn()
            self._was_cancelling = cancelling
        if self._gate is None or not self._own_voice.in_the_mic(now):
            return block
        return self._gate.filter(block, now, judged)

    def _duck_while_the_user_talks(self) -> None:
        """A fresh utterance where the user began, with the start of their word heard again."""
        if self._barge_in.duck_while_the_user_talks(self._clock.now()) and self._grammar.restart():
            self._new_utterance()
            if replay := self._recent.take():
                self._hear(self._recognizer.accept(replay))

    def _wait_s(self) -> float:
        deadline = self._dialog.next_deadline
        if deadline is None:
            return MAX_WAIT_S
        return min(MAX_WAIT_S, max(0.0, deadline - self._dialog_now()))

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
                self._own_voice.queued()
            case Listen():
                self._window.open(action)
                self._set_grammar()
            case StopSpeaking():
                self._speaker.abort()
            case AdjustVoice(rate_delta_wpm=rate, volume_delta=volume):
                self._speaker.adjust(rate, volume)
            case End():
                self.end = action
                self._window.open(None)

    def _follow_speech(self) -> None:
        """Listen windows open, and the full grammar returns, once the assistant is quiet."""
        self._own_voice.follow(self._speaker.is_speaking(), self._clock.now())
        self._window.follow(self._own_voice.quiet_since)
        self._set_grammar()

    def _set_grammar(self) -> None:
        if self._window.listen is None:
            return
        own_voice = self._own_voice.in_the_mic(self._clock.now())
        if self._grammar.update(self._window.expect, own_voice, self._cancelling()):
            self._new_utterance()

    def _cancelling(self) -> bool:
        return self._canceller is not None and self._canceller.cancelling

    def _new_utterance(self) -> None:
        self._window.new_utterance()
        self._barge_in.new_utterance()

    def _hear(self, hypothesis: Hypothesis | None) -> None:
        """Urgent phrases act from the first partial that holds them; answers wait for a final,
        and are not taken from the assistant's own voice."""
        if hypothesis is None:
            return
        now = self._clock.now()
        self._window.heard(hypothesis.final, now)
        if not hypothesis.final and not self._act_on_partials:
            return
        own_voice = self._own_voice.in_the_mic(now)
        urgent = self._barge_in.to_act_on(hypothesis, now, own_voice)
        if urgent is not None:
            self._heard = urgent
            self._send(Heard(urgent, hypothesis.confidence, partial=not hypothesis.final))
        elif hypothesis.final and not self._barge_in.urgent_in(hypothesis.text, own_voice):
            if hypothesis.word == UNKNOWN and own_voice:
                return
            if self._cancelling() and not self._barge_in.user_over_echo(now, own_voice):
                return  # the whole grammar over its voice: only with a voice above the echo
            self._window.answered()
            if hypothesis.word == UNKNOWN:  # the engine's placeholder is not the user's word
                self._heard = NOT_UNDERSTOOD_SHOWN
                self._send(NotUnderstood())
                return
            self._heard = hypothesis.word
            self._send(Heard(hypothesis.word, hypothesis.confidence))

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
        status = self._dialog.status(self._dialog_now())
        self._display.show(View(status, self._heard, self._window.expect, saying))


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()
