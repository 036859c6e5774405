"""The moves the transition table makes: each carries out one outcome the table chose.

A move builds the next session and its actions; it does not look at what the user said. The
only branch left here is the timeline's (the next step, or the check-in after the last one),
which follows the clock and the content, not the user's words.
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
    Paused,
    ReadyCheck,
    Screening,
    State,
)  # fmt: skip


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


def answer(content: Content, session: Session, now: float, reply: Reply) -> Turn:
    """A menu answer; an offer waits for yes, a question about a contraindication is noted."""
    session = replace(session, reask=(*session.reask, *reply.asked_about))
    return go(content, session, Menu(offered=reply.offer, answered=True), now, *reply.lines)


def screen(content: Content, session: Session, technique: str, now: float) -> Turn:
    """The whole screening, the doctor question first; every question is asked in it."""
    fresh = replace(session, unclear=0, reask=())
    intro = Say(content.phrases.screening_intro, "prompt")
    return ask(content, fresh, DoctorCheck(technique), now, intro)


def screen_again(content: Content, session: Session, technique: str, now: float) -> Turn:
    """After clearance, the questions about each contraindication asked about since."""
    reason = screening.plain_reason(content, session.reask)
    intro = Say(content.phrases.reask_intro.format(reason=reason), "prompt")
    state = Screening(technique, screening.questions_about(content, session.reask))
    return ask(content, replace(session, unclear=0, reask=()), state, now, intro)


def ready(content: Content, session: Session, state: ReadyCheck, now: float,
          *before: Say) -> Turn:  # fmt: skip
    technique = content.technique(state.technique)
    introduced = technique.id in session.told
    session = replace(session, told=(*session.told, technique.id))
    return go(content, session, state, now, *before, *ready_lines(content, technique, introduced))


def next_question(content: Content, session: Session, state: Screening, now: float) -> Turn:
    """Echo the clear no, then the next question."""
    following = replace(state, position=state.position + 1)
    return ask(content, session, following, now, screening.echo_line(content, state))


def all_clear(content: Content, session: Session, state: Screening, now: float) -> Turn:
    """Echo the last no: the screen is clear for this session."""
    lines = (screening.echo_line(content, state), Say(content.phrases.screening_clear, "prompt"))
    cleared = replace(session, cleared=True, unclear=0)
    return ready(content, cleared, ReadyCheck(state.technique, state), now, *lines)


def ask_again(content: Content, session: Session, state: Screening | DoctorCheck,
              now: float) -> Turn:  # fmt: skip
    """An unclear answer: the question again, counted against the screening's bound."""
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


def settle(content: Content, session: Session, progress: guidance.Progress, now: float) -> Turn:
    """Where the timeline now stands: the next step, or the check-in after the last."""
    if progress.guiding is None:
        assert isinstance(session.state, Guiding)
        turn = complete(content, session, session.state, now)
        return Turn(turn.session, (*progress.lines, *turn.actions))
    instructions = tuple(line for line in progress.lines if line.kind == "instruction")
    remembered = instructions[-1:] or session.last_lines
    session = replace(session, state=progress.guiding, last_lines=remembered)
    return Turn(session, (*progress.lines, listen_for(content, progress.guiding, now)))


def to_step(content: Content, session: Session, guiding: Guiding, index: int, now: float) -> Turn:
    technique = content.technique(guiding.technique)
    return settle(content, session, guidance.start_step(technique, index, now), now)


def complete(content: Content, session: Session, guiding: Guiding, now: float) -> Turn:
    technique = content.technique(guiding.technique)
    session = replace(session, completed=(*session.completed, technique.id))
    line = Say(content.phrases.checkin.format(technique=technique.name), "prompt")
    return go(content, session, CheckIn(), now, line)


def reprompt(content: Content, session: Session,
             waiting: Menu | CheckIn | ReadyCheck | Paused, now: float) -> Turn:  # fmt: skip
    """After a silence: a shorter line, counted against the state's bound."""
    again = replace(waiting, misses=waiting.misses + 1)
    return go(content, session, again, now, Say(reprompt_line(content, again), "prompt"))


def missed(content: Content, session: Session, waiting: Menu | CheckIn | ReadyCheck,
           now: float) -> Turn:  # fmt: skip
    """Not understood: the question in force again, alone, counted against the bound."""
    line = content.phrases.not_understood
    if not isinstance(waiting, ReadyCheck) and not (isinstance(waiting, Menu) and waiting.offered):
        line = f"{line} {reprompt_line(content, waiting)}"
    counted = replace(session, state=replace(waiting, misses=waiting.misses + 1))
    return aside(content, counted, now, Say(line, "prompt"))


def finish(content: Content, session: Session) -> Turn:
    line = Say(content.phrases.no_response_end, "prompt")
    return end(session, End("completed" if session.completed else "no_response"), line)
