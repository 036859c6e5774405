"""Every (state, event) pair the dialog knows, decided in one table.

In the spirit of h11's `_state.py`: what the session does next is chosen here and only here,
in `transition`, `_on_meaning` and `_on_silence` (and `_begin`, the way into a technique);
`moves` carries each choice out, and the other helpers only compute lines and values. Stop,
warning signs, disclosures and commands are matched before a state's own answers, in every
state.
"""

from dataclasses import replace

from assistant.core import guidance, screening
from assistant.core.actions import AdjustVoice, End, Say, StopSpeaking
from assistant.core.content import Content
from assistant.core.events import Event, Heard, NotUnderstood, Silence, Start, Tick
from assistant.core.listening import help_line
from assistant.core.meanings import Asked, Disclosed, Meaning, Replied, Said, Sign, meaning, urgent
from assistant.core.menu import AskSafe, AskTopic, StartTechnique, Topic
from assistant.core.moves import (
    Turn,
    all_clear,
    answer,
    aside,
    ask,
    ask_again,
    cautions,
    end,
    finish,
    go,
    missed,
    next_question,
    ready,
    reprompt,
    say,
    screen,
    screen_again,
    settle,
    start,
    to_step,
)
from assistant.core.replies import answer_request, offer, time_left_line
from assistant.core.session import Session
from assistant.core.states import (
    CheckIn,
    DoctorCheck,
    Ended,
    Guiding,
    Idle,
    Menu,
    Paused,
    ReadyCheck,
    Screening,
)
from assistant.core.understanding import Answer
from assistant.core.vocabulary import Command

MAX_MISSES = 2
"""Re-prompts for silence or words not understood, per waiting state, before ending."""
_VOICE_CHANGES = {
    Command.SLOWER: AdjustVoice(rate_delta_wpm=-20),
    Command.FASTER: AdjustVoice(rate_delta_wpm=20),
    Command.LOUDER: AdjustVoice(volume_delta=0.1),
    Command.QUIETER: AdjustVoice(volume_delta=-0.1),
}
_GO_AHEAD = (Said(Command.NEXT), Replied(Answer.SKIP), Replied(Answer.YES))


def transition(content: Content, session: Session, event: Event, now: float) -> Turn:
    """The next session and what to do, for one event at time `now`."""
    match session.state, event:
        case Ended(), _:
            return Turn(session)
        case Idle(), Start():
            return go(content, session, Menu(), now, Say(content.phrases.greeting, "prompt"))
        case Idle(), _:
            return Turn(session)
        case Guiding() as guiding, Tick():
            progress = guidance.catch_up(content.technique(guiding.technique), guiding, now)
            if not progress.lines and progress.guiding == guiding:
                return Turn(session)
            return settle(content, session, progress, now)
        case _, Silence():
            return _on_silence(content, session, now)
        case _, Heard(text=text, partial=True):
            found = urgent(content, session, text)
            acts_at_once = isinstance(found, Sign) or found == Said(Command.STOP)
            if found is None or not acts_at_once:
                return Turn(session)
            return _on_meaning(content, session, found, now)
        case _, Heard(text=text, confidence=confidence):
            return _on_meaning(content, session, meaning(content, session, text, confidence), now)
        case _, NotUnderstood():
            return _on_meaning(content, session, Replied(Answer.UNCLEAR), now)
    return Turn(session)


def _on_meaning(content: Content, session: Session, said: Meaning, now: float) -> Turn:
    phrases = content.phrases
    match session.state, said:
        case _, Said(Command.STOP):
            return end(session, End("stopped"), StopSpeaking(), Say(phrases.stop_confirm, "prompt"))
        case _, Said(Command.GOODBYE):
            return end(session, End("completed" if session.completed else "stopped"),
                       Say(phrases.farewell, "prompt"))  # fmt: skip
        case _, Sign(sign) if session.massaged:
            return end(session, End("symptom", (sign,)), StopSpeaking(),
                       Say(phrases.symptom_end, "warning"))  # fmt: skip
        case _, Sign(sign):
            line = Say(phrases.symptom_before_start, "warning")
            return end(session, End("symptom", (sign,)), line)
        case _, Disclosed(items):
            line, ending = screening.contraindicated(content, items)
            return end(replace(session, disclosed=items), ending, StopSpeaking(), line)
        case state, Said(command) if command in _VOICE_CHANGES:
            return aside(content, session, now, Say(phrases.voice_changed, "prompt"),
                         _VOICE_CHANGES[command])  # fmt: skip
        case state, Said(Command.REPEAT):
            return go(content, session, state, now, *session.last_lines)
        case state, Said(Command.HELP):
            return aside(content, session, now, Say(help_line(content, state), "prompt"))
        case _, Said(Command.LIGHTER):
            return aside(content, session, now, Say(phrases.lighter_reminder, "answer"))
        case Guiding() as guiding, Said(Command.PAUSE):
            return go(content, session, Paused(guiding, now), now, Say(phrases.paused, "prompt"))
        case Guiding() as guiding, Said(Command.NEXT):
            following = guiding.step_index + 1
            if following == len(content.technique(guiding.technique).steps):
                return settle(content, session, guidance.Progress(None, ()), now)
            return to_step(content, session, guiding, following, now)
        case Guiding() as guiding, Said(Command.BACK):
            return to_step(content, session, guiding, max(0, guiding.step_index - 1), now)
        case Guiding() as guiding, Said(Command.TIME_LEFT):
            return say(content, session, now, time_left_line(content, guiding, now))
        case Paused() as paused, Said(Command.RESUME) | Replied(Answer.YES):
            resumed = guidance.resumed(paused.guiding, paused.paused_at, now)
            return go(content, session, resumed, now, Say(phrases.resumed, "prompt"))
        case Paused() as paused, Said(Command.TIME_LEFT):
            kept = time_left_line(content, paused.guiding, paused.paused_at)
            return say(content, session, now, kept)
        case Guiding(), Said():
            return say(content, session, now, Say(phrases.not_paused, "prompt"))
        case DoctorCheck() as doctor, Said(Command.BACK):
            return answer(content, session, now, offer(content, doctor.technique))
        case Screening() as asking, Said(Command.BACK) if asking.position > 0:
            return ask(content, session, replace(asking, position=asking.position - 1), now)
        case Screening() as asking, Said(Command.BACK) if screening.is_full(content, asking):
            return ask(content, session, DoctorCheck(asking.technique), now)
        case Screening() as asking, Said(Command.NEXT):
            return ask(content, session, asking, now, Say(phrases.screening_cannot_skip, "prompt"))
        case ReadyCheck(screening=Screening() as last), Said(Command.BACK):
            return ask(content, session, last, now)
        case ReadyCheck() as waiting, _ if said in _GO_AHEAD and session.reask:
            return screen_again(content, session, waiting.technique, now)
        case ReadyCheck() as waiting, Said(Command.NEXT) | Replied(Answer.SKIP):
            return start(content, session, waiting.technique, now)
        case ReadyCheck() as waiting, Said(Command.PAUSE) | Replied(Answer.WAIT):
            return go(content, session, waiting, now, Say(phrases.ready_wait, "prompt"))
        case ReadyCheck(cautions_told=False) as waiting, Replied(Answer.YES):
            return cautions(content, session, waiting, now)
        case ReadyCheck() as waiting, Replied(Answer.YES):
            return start(content, session, waiting.technique, now)
        case ReadyCheck() | Menu(offered=str()), Replied(Answer.NO) | Said(Command.BACK):
            return go(content, session, Menu(), now, Say(phrases.menu_prompt, "prompt"))
        case Menu(offered=str() as technique), Replied(Answer.YES):
            told = replace(session, told=(*session.told, technique))
            return _begin(content, told, technique, now)
        case Menu() | CheckIn(), Said(Command.TIME_LEFT):
            return answer(content, session, now, answer_request(content, AskTopic(Topic.DURATION)))
        case state, Said():
            return aside(content, session, now, Say(help_line(content, state), "prompt"))
        case DoctorCheck() as doctor, Replied(Answer.YES):
            questions = screening.all_questions(content)
            return ask(content, session, Screening(doctor.technique, questions), now)
        case DoctorCheck(), Replied(Answer.NO):
            line, ending = screening.not_consulted(content)
            return end(session, ending, line)
        case Screening() as asking, Replied(Answer.YES):
            covers = content.screening[asking.index].covers
            line, ending = screening.contraindicated(content, covers)
            return end(replace(session, disclosed=ending.because), ending, line)
        case Screening() as asking, Replied(Answer.NO) if screening.is_last(asking):
            return all_clear(content, session, asking, now)
        case Screening() as asking, Replied(Answer.NO):
            return next_question(content, session, asking, now)
        case Screening() | DoctorCheck() as asking, Replied():
            return _unclear(content, session, asking, now)
        case CheckIn(), Replied(Answer.GOOD):
            return go(content, session, CheckIn(), now, Say(phrases.checkin_good, "prompt"))
        case Menu() | CheckIn(), Asked(AskTopic(Topic.FINISH)):
            if session.completed:
                return end(session, End("completed"), Say(phrases.completed_end, "prompt"))
            return end(session, End("stopped"), Say(phrases.farewell, "prompt"))
        case Menu() | CheckIn(), Asked(StartTechnique(technique)):
            return _begin(content, session, technique, now)
        case Menu() | CheckIn(), Asked(request):
            return answer(content, session, now, answer_request(content, request))
        case _, Asked(AskSafe(contraindication=str() as item) as request):
            noted = replace(session, reask=(*session.reask, item))
            return aside(content, noted, now, answer_request(content, request).lines[0])
        case Guiding() | Paused() as state, _:
            return aside(content, session, now, Say(help_line(content, state), "prompt"))
        case Menu() | CheckIn() | ReadyCheck() as waiting, _ if waiting.misses >= MAX_MISSES:
            return finish(content, session)
        case Menu() | CheckIn() | ReadyCheck() as waiting, _:
            return missed(content, session, waiting, now)
    return Turn(session)


def _on_silence(content: Content, session: Session, now: float) -> Turn:
    """Nothing heard for the whole window: a safety question counts it as unclear."""
    match session.state:
        case Guiding() as guiding:
            return go(content, session, guiding, now)
        case Screening() | DoctorCheck() as asking:
            return _unclear(content, session, asking, now)
        case Menu() | CheckIn() | ReadyCheck() | Paused() as waiting:
            if waiting.misses >= MAX_MISSES:
                return finish(content, session)
            return reprompt(content, session, waiting, now)
    return Turn(session)


def _unclear(content: Content, session: Session, asking: Screening | DoctorCheck,
             now: float) -> Turn:  # fmt: skip
    """Asked again at most `MAX_UNCLEAR` times in the whole screening; then the end."""
    if session.unclear >= screening.MAX_UNCLEAR:
        line, ending = screening.unclear_end(content, asking)
        return end(session, ending, line)
    return ask_again(content, session, asking, now)


def _begin(content: Content, session: Session, technique: str, now: float) -> Turn:
    """The way into a technique: the whole screening once a session; after that, again each
    contraindication asked about since; then the position and the cautions."""
    if not session.cleared:
        return screen(content, session, technique, now)
    if session.reask:
        return screen_again(content, session, technique, now)
    return ready(content, session, ReadyCheck(technique), now)

