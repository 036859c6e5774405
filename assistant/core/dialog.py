"""The whole behaviour of the assistant: events in, actions out, time as an argument.

Global commands (stop, symptoms, help, repeat, voice) are checked before the state's own
handling, in every state. Stop and symptoms act even on a partial hypothesis.
"""

from dataclasses import replace

from assistant.core import guidance, screening
from assistant.core.actions import Action, AdjustVoice, End, EndReason, Say, StopSpeaking
from assistant.core.commands import (
    Answer,
    Command,
    contains_phrase,
    find_command,
    find_symptom,
    normalise,
    parse_answer,
)
from assistant.core.content import Content, Technique
from assistant.core.events import Event, Heard, Silence, Start, Tick
from assistant.core.listening import help_key, listen_for, reprompt_key
from assistant.core.menu import AskTopic, Topic, parse_request
from assistant.core.replies import answer_request, begin_technique, ready_lines
from assistant.core.states import (
    CheckIn,
    DoctorCheck,
    Ended,
    Guiding,
    Idle,
    Menu,
    Paused,
    ReadBack,
    ReadyCheck,
    Screening,
    State,
)
from assistant.core.status import Status as Status  # re-exported for the transports
from assistant.core.status import status_of

MAX_MISSES = 2
MIN_CONFIDENCE = 0.5
"""Below this, a heard answer counts as unclear and is asked again."""

_VOICE_CHANGES = {
    Command.SLOWER: AdjustVoice(rate_delta_wpm=-20),
    Command.FASTER: AdjustVoice(rate_delta_wpm=20),
    Command.LOUDER: AdjustVoice(volume_delta=0.1),
    Command.QUIETER: AdjustVoice(volume_delta=-0.1),
}


class Dialog:
    """One session's conversation. Pure: no I/O, no threads, no clock reads."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.state: State = Idle()
        self.cleared = False
        """The screen came back clean in this session: techniques may be guided."""
        self.completed: tuple[str, ...] = ()
        self._last_lines: tuple[Say, ...] = ()

    @property
    def ended(self) -> bool:
        return isinstance(self.state, Ended)

    @property
    def next_deadline(self) -> float | None:
        """The next cue or step end while guiding: the transport ticks the dialog then."""
        if isinstance(self.state, Guiding):
            return guidance.next_deadline(self._technique(self.state), self.state)
        return None

    def status(self, now: float) -> Status:
        return status_of(self.content, self.state, now)

    def handle(self, event: Event, now: float) -> list[Action]:
        if isinstance(self.state, Ended):
            return []
        match event:
            case Start() if isinstance(self.state, Idle):
                return self._go(Menu(), now, Say(self.content.phrases["greeting"], "prompt"))
            case Tick() if isinstance(self.state, Guiding):
                return self._advance(self.state, now)
            case Silence():
                return self._on_silence(now)
            case Heard(partial=True):
                return self._on_urgent(normalise(event.text)) or []
            case Heard() if not isinstance(self.state, Idle):
                return self._on_heard(event, now)
        return []

    # -- speaking --------------------------------------------------------------------------

    def _go(self, state: State, now: float, *lines: Say) -> list[Action]:
        """Enter `state`, say `lines` and listen for what the state expects."""
        self.state = state
        if lines:
            self._last_lines = lines
        return [*lines, listen_for(self.content, state, now)]

    def _aside(self, line: Say, now: float) -> list[Action]:
        """Say `line` without losing the thread: a pending question is asked again after it."""
        pending = isinstance(self.state, (Screening, DoctorCheck, ReadBack, ReadyCheck)) or (
            isinstance(self.state, Menu) and self.state.offered is not None
        )
        again = self._last_lines if pending else ()
        return [line, *again, listen_for(self.content, self.state, now)]

    def _end(self, end: End, *lines: Say) -> list[Action]:
        self.state = Ended(end.reason)
        return [*lines, end]

    def _finish(self, *lines: Say) -> list[Action]:
        reason: EndReason = "completed" if self.completed else "no_response"
        return self._end(End(reason), *lines)

    def _technique(self, guiding: Guiding) -> Technique:
        return self.content.technique(guiding.technique)

    # -- events ----------------------------------------------------------------------------

    def _on_urgent(self, utterance: str) -> list[Action] | None:
        """Stop and symptoms win everywhere, at once, even on a partial hypothesis."""
        if find_command(utterance) is Command.STOP or contains_phrase(utterance, "stop"):
            line = Say(self.content.phrases["stop_confirm"], "prompt")
            return [StopSpeaking(), *self._end(End("stopped"), line)]
        symptom = find_symptom(utterance)
        if symptom is not None:
            line = Say(self.content.phrases["symptom_end"], "warning")
            return [StopSpeaking(), *self._end(End("symptom", (symptom,)), line)]
        return None

    def _on_heard(self, event: Heard, now: float) -> list[Action]:
        utterance = normalise(event.text)
        urgent = self._on_urgent(utterance)
        if urgent is not None:
            return urgent
        command = find_command(utterance)
        if command is not None:
            return self._on_command(command, now)
        clear = event.confidence is None or event.confidence >= MIN_CONFIDENCE
        answer = parse_answer(utterance) if clear else Answer.UNCLEAR
        return self._on_words(utterance, answer, now)

    def _on_command(self, command: Command, now: float) -> list[Action]:
        phrases = self.content.phrases
        state = self.state
        if command in _VOICE_CHANGES:
            return [
                _VOICE_CHANGES[command],
                *self._aside(Say(phrases["voice_changed"], "prompt"), now),
            ]
        if command is Command.REPEAT:
            return self._go(state, now, *self._last_lines)
        if command is Command.LIGHTER:
            return self._aside(Say(phrases["lighter_reminder"], "answer"), now)
        if command is Command.HELP:
            return self._aside(Say(phrases[help_key(state)], "prompt"), now)
        match state:
            case Guiding():
                return self._guiding_command(state, command, now)
            case Paused() if command is Command.RESUME:
                resumed = guidance.resumed(state.guiding, state.paused_at, now)
                return self._go(resumed, now, Say(phrases["resumed"], "prompt"))
            case Screening() if command is Command.BACK:
                previous = replace(state, index=max(0, state.index - 1), misses=0)
                return self._go(previous, now, *screening.ask(self.content, previous))
            case Screening() if command is Command.NEXT:
                line = Say(phrases["screening_cannot_skip"], "prompt")
                return self._go(state, now, line, *screening.ask(self.content, state))
            case Menu() | CheckIn() if command is Command.TIME_LEFT:
                return self._on_words("how long does it take", Answer.UNCLEAR, now)
        return self._aside(Say(phrases[help_key(state)], "prompt"), now)

    def _guiding_command(self, state: Guiding, command: Command, now: float) -> list[Action]:
        technique = self._technique(state)
        phrases = self.content.phrases
        match command:
            case Command.PAUSE:
                return self._go(Paused(state, now), now, Say(phrases["paused"], "prompt"))
            case Command.NEXT if state.step_index + 1 < len(technique.steps):
                progress = guidance.start_step(technique, state.step_index + 1, now)
                return self._settle(progress, now)
            case Command.NEXT:
                return self._complete(state)
            case Command.BACK:
                progress = guidance.start_step(technique, max(0, state.step_index - 1), now)
                return self._settle(progress, now)
            case Command.TIME_LEFT:
                line = guidance.time_left(phrases["time_left"], technique, state, now)
                return self._go(state, now, Say(line, "answer"))
        return self._go(state, now, Say(phrases["not_paused"], "prompt"))

    def _advance(self, state: Guiding, now: float) -> list[Action]:
        progress = guidance.catch_up(self._technique(state), state, now)
        if not progress.lines and progress.guiding == state:
            return []
        return self._settle(progress, now)

    def _settle(self, progress: guidance.Progress, now: float) -> list[Action]:
        if progress.guiding is None:
            return [*progress.lines, *self._complete(self.state)]
        instructions = tuple(line for line in progress.lines if line.kind == "instruction")
        self.state = progress.guiding
        if instructions:
            self._last_lines = instructions[-1:]
        return [*progress.lines, listen_for(self.content, progress.guiding, now)]

    def _complete(self, state: State) -> list[Action]:
        assert isinstance(state, Guiding)
        technique = self._technique(state)
        self.completed = (*self.completed, technique.id)
        line = self.content.phrases["checkin"].format(technique=technique.name)
        self.state = CheckIn()
        self._last_lines = (Say(line, "prompt"),)
        return [*self._last_lines, listen_for(self.content, self.state, 0.0)]

    def _on_silence(self, now: float) -> list[Action]:
        phrases = self.content.phrases
        match self.state:
            case Guiding():
                return [listen_for(self.content, self.state, now)]
            case Screening() | DoctorCheck() | ReadBack() as asking:
                return self._screening_step(
                    screening.retry(self.content, asking, unclear=False), now
                )
            case Menu() | CheckIn() | ReadyCheck() | Paused() as waiting:
                if waiting.misses >= MAX_MISSES:
                    return self._finish(Say(phrases["no_response_end"], "prompt"))
                again = replace(waiting, misses=waiting.misses + 1)
                return self._go(again, now, Say(phrases[reprompt_key(again)], "prompt"))
        return []

    def _screening_step(self, step: screening.Step, now: float) -> list[Action]:
        if step.end is not None:
            return self._end(step.end, *step.lines)
        if isinstance(step.state, ReadyCheck):
            self.cleared = True
            technique = self.content.technique(step.state.technique)
            return self._go(step.state, now, *ready_lines(self.content, technique))
        assert step.state is not None
        return self._go(step.state, now, *step.lines)

    def _on_words(self, utterance: str, answer: Answer, now: float) -> list[Action]:
        content = self.content
        match self.state:
            case Screening() as asking:
                return self._screening_step(screening.answer_question(content, asking, answer), now)
            case DoctorCheck() as asking:
                return self._screening_step(screening.answer_doctor(content, asking, answer), now)
            case ReadBack() as asking:
                return self._screening_step(screening.answer_readback(content, asking, answer), now)
            case ReadyCheck() if answer is Answer.YES:
                technique = content.technique(self.state.technique)
                return self._settle(guidance.start_step(technique, 0, now), now)
            case ReadyCheck() if answer is Answer.NO:
                return self._go(Menu(), now, Say(content.phrases["menu_prompt"], "prompt"))
            case Menu(offered=offered) if offered is not None and answer is Answer.YES:
                return self._begin(offered, now)
            case Menu(offered=offered) if offered is not None and answer is Answer.NO:
                return self._go(Menu(), now, Say(content.phrases["menu_prompt"], "prompt"))
            case Guiding() | Paused():
                return self._aside(Say(content.phrases[help_key(self.state)], "prompt"), now)
        request = parse_request(content, utterance)
        if request == AskTopic(Topic.FINISH) and isinstance(self.state, (Menu, CheckIn)):
            return self._finish(Say(content.phrases["completed_end"], "prompt"))
        if request is None or isinstance(self.state, ReadyCheck):
            return self._not_understood(now)
        reply = answer_request(content, request)
        if reply.start is not None:
            return self._begin(reply.start, now)
        return self._go(Menu(offered=reply.offer, answered=True), now, *reply.lines)

    def _begin(self, technique_id: str, now: float) -> list[Action]:
        step = begin_technique(self.content, technique_id, self.cleared)
        return self._screening_step(step, now)

    def _not_understood(self, now: float) -> list[Action]:
        state = self.state
        assert isinstance(state, (Menu, CheckIn, ReadyCheck))
        if state.misses >= MAX_MISSES:
            return self._finish(Say(self.content.phrases["no_response_end"], "prompt"))
        self.state = replace(state, misses=state.misses + 1)
        return self._aside(Say(self.content.phrases["not_understood"], "prompt"), now)
