"""The safety screening: every contraindication asked, any 'yes' ends the session.

Unclear answers are asked again at most twice; still unclear, the session ends and the user
is advised to see a doctor. A read-back catches an answer the recogniser got wrong.
"""

from dataclasses import dataclass, replace

from assistant.core.actions import End, Say
from assistant.core.commands import Answer
from assistant.core.content import Content
from assistant.core.spoken import join_words
from assistant.core.states import DoctorCheck, ReadBack, ReadyCheck, Screening, State

MAX_RETRIES = 2
DOCTOR_CONSULTATION = "doctor_consultation"
"""Not one of the 17 contraindications: the article's advice to consult a doctor first."""


@dataclass(frozen=True)
class Step:
    """Where screening goes next, and what to say on the way (a Listen follows if not ended)."""

    state: State | None
    lines: tuple[Say, ...] = ()
    end: End | None = None


def ask(content: Content, state: Screening) -> tuple[Say, ...]:
    return (Say(content.screening[state.index].text, "prompt"),)


def begin(content: Content, technique: str, second_round: bool = False) -> Step:
    first = Screening(technique, second_round=second_round)
    intro = Say(content.phrases["screening_intro"], "prompt")
    return Step(first, (intro, *ask(content, first)))


def _end_unclear(content: Content, state: Screening | DoctorCheck | ReadBack) -> Step:
    """Still unclear after asking again: what we could not rule out ends the session."""
    if isinstance(state, Screening):
        covers = content.screening[state.index].covers
        reason = join_words([content.contraindication(c).plain for c in covers])
    else:
        covers = (DOCTOR_CONSULTATION,) if isinstance(state, DoctorCheck) else ()
        reason = "whether self-massage is safe for you"
    line = content.phrases["screening_unclear_end"].format(reason=reason)
    return Step(None, (Say(line, "warning"),), End("contraindicated", covers))


def _contraindicated(content: Content, covers: tuple[str, ...]) -> Step:
    plain = join_words([content.contraindication(c).plain for c in covers])
    line = content.phrases["contraindicated"].format(reason=plain)
    return Step(None, (Say(line, "warning"),), End("contraindicated", covers))


def answer_question(content: Content, state: Screening, answer: Answer) -> Step:
    question = content.screening[state.index]
    if answer is Answer.YES:
        return _contraindicated(content, question.covers)
    if answer is Answer.NO:
        if state.index + 1 < len(content.screening):
            following = replace(state, index=state.index + 1, misses=0)
            return Step(following, ask(content, following))
        doctor = DoctorCheck(state.technique, second_round=state.second_round)
        return Step(doctor, (Say(content.phrases["doctor_question"], "prompt"),))
    return retry(content, state, unclear=True)


def retry(content: Content, state: Screening | DoctorCheck | ReadBack, unclear: bool) -> Step:
    """Ask again after an unclear answer or silence; the third time, end safely."""
    if state.misses >= MAX_RETRIES:
        if not unclear:
            return Step(None, (Say(content.phrases["no_response_end"], "prompt"),),
                        End("no_response"))  # fmt: skip
        return _end_unclear(content, state)
    again = replace(state, misses=state.misses + 1)
    lead = (Say(content.phrases["screening_unclear"], "prompt"),) if unclear else ()
    match again:
        case Screening():
            return Step(again, lead + ask(content, again))
        case DoctorCheck():
            return Step(again, (*lead, Say(content.phrases["doctor_question"], "prompt")))
        case ReadBack():
            return Step(again, (*lead, readback_line(content)))


def answer_doctor(content: Content, state: DoctorCheck, answer: Answer) -> Step:
    if answer is Answer.YES:
        readback = ReadBack(state.technique, second_round=state.second_round)
        return Step(readback, (readback_line(content),))
    if answer is Answer.NO:
        line = Say(content.phrases["doctor_not_consulted"], "warning")
        return Step(None, (line,), End("contraindicated", (DOCTOR_CONSULTATION,)))
    return retry(content, state, unclear=True)


def readback_line(content: Content) -> Say:
    items = join_words([question.readback for question in content.screening])
    return Say(content.phrases["readback"].format(items=items), "prompt")


def answer_readback(content: Content, state: ReadBack, answer: Answer) -> Step:
    """'Yes' clears the screen for this session; 'no' asks everything again, once."""
    if answer is Answer.YES:
        return Step(ReadyCheck(state.technique))
    if answer is Answer.NO:
        if state.second_round:
            line = Say(content.phrases["readback_denied_end"], "warning")
            return Step(None, (line,), End("contraindicated"))
        restart = begin(content, state.technique, second_round=True)
        return replace(restart, lines=(Say(content.phrases["readback_denied"], "prompt"),
                                       *restart.lines))  # fmt: skip
    return retry(content, state, unclear=True)
