"""The moves the transition table makes: each builds the next session and its actions.

A move carries out one outcome the table chose; the few that still branch (the next safety
question or the end of the screening, the next step or the check-in) follow the content's
order, not the user's words.
"""

from dataclasses import dataclass, replace

from assistant.core import guidance, screening
from assistant.core.actions import Action, End, Say
from assistant.core.content import Content
from assistant.core.listening import listen_for, reprompt_line
from assistant.core.replies import Reply, caution_lines, ready_lines
from assistant.core.session import Session
from assistant.core.states import (
    CheckIn,
    DoctorCheck,
    Ended,
    Guiding,
    Menu,
    ReadyCheck,
    Screening,
    State,
)  # fmt: skip

MAX_MISSES = 2
"""Re-prompts for silence or words not understood, per waiting state, before ending."""


@dataclass(frozen=True)
class Turn:
    session: Session
    actions: tuple[Action, ...] = ()


_PENDING = (Screening, DoctorCheck, ReadyCheck)
"""States with a question in force: an aside asks it again."""


def go(content: Content, session: Session, state: State, now: float, *lines: Say) -> Turn:
    """Enter `state`, say `lines` (remembered for 'repeat') and listen for what it expects."""
    session = replace(session, state=state, last_lines=lines or session.last_lines)
    return Turn(session, (*lines, listen_for(content, state, now)))


def say(content: Content, session: Session, now: float, line: Say) -> Turn:
    """Say one line and listen again in the same state ('repeat' then says this line)."""
    return go(content, session, session.state, now, line)


def aside(content: Content, session: Session, now: float, line: Say, *first: Action) -> Turn:
    """Say `line` without losing the thread: a pending question alone is asked again after it."""
    state = session.state
    pending = isinstance(state, _PENDING) or (isinstance(state, Menu) and state.offered)
    again = session.question if pending else ()
    return Turn(session, (*first, line, *again, listen_for(content, state, now)))


def end(session: Session, ending: End, *actions: Action) -> Turn:
    return Turn(replace(session, state=Ended(ending.reason)), (*actions, ending))


def ask(content: Content, session: Session, state: Screening | DoctorCheck, now: float,
        *before: Say) -> Turn:  # fmt: skip
    """A safety question, after `before` ('No fever.'); 'repeat' says the question alone."""
    turn = go(content, session, state, now, screening.question_line(content, state))
    return Turn(turn.session, (*before, *turn.actions))


def reply(content: Content, session: Session, now: float, answer: Reply) -> Turn:
    """A menu answer: an offer waits for yes, a technique named starts its screening."""
    if answer.start is not None:
        return begin(content, session, answer.start, now)
    session = replace(session, reask=(*session.reask, *answer.asked_about))
    state = Menu(offered=answer.offer, answered=True)
    return go(content, session, state, now, *answer.lines)


def begin(content: Content, session: Session, technique: str, now: float) -> Turn:
    """The way into a technique: the whole screening once a session, and after that again
    each contraindication asked about since."""
    if not session.cleared:
        fresh = replace(session, unclear=0)
        intro = Say(content.phrases.screening_intro, "prompt")
        return ask(content, fresh, DoctorCheck(technique), now, intro)
    again = screening.questions_about(content, session.reask)
    if again:
        reason = screening.plain_reason(content, session.reask)
        intro = Say(content.phrases.reask_intro.format(reason=reason), "prompt")
        state = Screening(technique, again)
        return ask(content, replace(session, unclear=0, reask=()), state, now, intro)
    return ready(content, session, ReadyCheck(technique), now)


def ready(content: Content, session: Session, state: ReadyCheck, now: float,
          *before: Say) -> Turn:  # fmt: skip
    technique = content.technique(state.technique)
    introduced = technique.id in session.told
    session = replace(session, told=(*session.told, technique.id))
    return go(content, session, state, now, *before, *ready_lines(content, technique, introduced))


def answered_no(content: Content, session: Session, state: Screening, now: float) -> Turn:
    """Echo the no; then the next question, or the end of the screening."""
    echo = screening.echo_line(content, state)
    if state.position + 1 < len(state.questions):
        return ask(content, session, replace(state, position=state.position + 1), now, echo)
    clear = Say(content.phrases.screening_clear, "prompt")
    cleared = replace(session, cleared=True, unclear=0)
    return ready(content, cleared, ReadyCheck(state.technique, state), now, echo, clear)


def unclear(content: Content, session: Session, state: Screening | DoctorCheck,
            now: float) -> Turn:  # fmt: skip
    """Asked again, at most `MAX_UNCLEAR` times in the whole screening; then the end."""
    if session.unclear >= screening.MAX_UNCLEAR:
        return end(session, screening.unclear_end(content, state)[1],
                   screening.unclear_end(content, state)[0])  # fmt: skip
    again = replace(session, unclear=session.unclear + 1)
    return ask(content, again, state, now, Say(content.phrases.screening_unclear, "prompt"))


def cautions(content: Content, session: Session, state: ReadyCheck, now: float) -> Turn:
    technique = content.technique(state.technique)
    told = replace(state, cautions_told=True, misses=0)
    return go(content, session, told, now, *caution_lines(content, technique))


def start(content: Content, session: Session, technique_id: str, now: float) -> Turn:
    """The first step's instruction opens the turn: its timeline starts as it is said."""
    first = guidance.start_step(content.technique(technique_id), 0, now)
    return settle(content, replace(session, massaged=True), first, now)


def settle(content: Content, session: Session, progress: guidance.Progress, now: float,
           *before: Say) -> Turn:  # fmt: skip
    """Where the timeline now stands: the next step, or the check-in after the last."""
    if progress.guiding is None:
        assert isinstance(session.state, Guiding)
        return complete(content, session, session.state, now, *before, *progress.lines)
    instructions = tuple(line for line in progress.lines if line.kind == "instruction")
    remembered = instructions[-1:] or session.last_lines
    session = replace(session, state=progress.guiding, last_lines=remembered)
    return Turn(session, (*before, *progress.lines, listen_for(content, progress.guiding, now)))


def complete(content: Content, session: Session, guiding: Guiding, now: float,
             *before: Say) -> Turn:  # fmt: skip
    technique = content.technique(guiding.technique)
    session = replace(session, completed=(*session.completed, technique.id))
    line = Say(content.phrases.checkin.format(technique=technique.name), "prompt")
    turn = go(content, session, CheckIn(), now, line)
    return Turn(turn.session, (*before, *turn.actions))


def not_understood(content: Content, session: Session, now: float) -> Turn:
    """The question in force again, alone; after `MAX_MISSES` the session ends."""
    state = session.state
    assert isinstance(state, (Menu, CheckIn, ReadyCheck))
    if state.misses >= MAX_MISSES:
        return finish(content, session)
    missed = replace(session, state=replace(state, misses=state.misses + 1))
    line = content.phrases.not_understood
    if isinstance(state, (Menu, CheckIn)) and not (isinstance(state, Menu) and state.offered):
        line = f"{line} {reprompt_line(content, state)}"
    return aside(content, missed, now, Say(line, "prompt"))


def finish(content: Content, session: Session) -> Turn:
    line = Say(content.phrases.no_response_end, "prompt")
    return end(session, End("completed" if session.completed else "no_response"), line)
