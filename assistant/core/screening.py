"""The safety screening's lines and endings, as data; the transition table decides the moves.

The doctor question comes first (the article makes a doctor's agreement the precondition),
then every contraindication question; each clear no is echoed back at once ("No fever."), so
a misheard answer is caught and can be corrected with "go back".
"""

from assistant.core.actions import End, Say
from assistant.core.content import Content
from assistant.core.spoken import join_words
from assistant.core.states import DoctorCheck, Screening

MAX_UNCLEAR = 2
"""Unclear answers asked again in one whole screening; the next one ends the session."""
DOCTOR_CONSULTATION = "doctor_consultation"
"""Not one of the 17 contraindications: the article's advice to consult a doctor first."""


def all_questions(content: Content) -> tuple[int, ...]:
    return tuple(range(len(content.screening)))


def is_last(state: Screening) -> bool:
    return state.position + 1 == len(state.questions)


def is_full(content: Content, state: Screening) -> bool:
    """The whole screening (after the doctor question), not a question asked again."""
    return state.questions == all_questions(content)


def questions_about(content: Content, contraindications: tuple[str, ...]) -> tuple[int, ...]:
    """The questions that ask about any of `contraindications`, in screening order."""
    return tuple(i for i, question in enumerate(content.screening)
                 if set(question.covers) & set(contraindications))  # fmt: skip


def question_line(content: Content, state: Screening | DoctorCheck) -> Say:
    if isinstance(state, DoctorCheck):
        return Say(content.phrases.doctor_question, "prompt")
    return Say(content.screening[state.index].text, "prompt")


def echo_line(content: Content, state: Screening) -> Say:
    return Say(content.screening[state.index].echo, "answer")


def plain_reason(content: Content, contraindications: tuple[str, ...]) -> str:
    return join_words([content.contraindication(c).plain for c in contraindications])


def contraindicated(content: Content, contraindications: tuple[str, ...]) -> tuple[Say, End]:
    line = content.phrases.contraindicated.format(reason=plain_reason(content, contraindications))
    return Say(line, "warning"), End("contraindicated", contraindications)


def unclear_end(content: Content, state: Screening | DoctorCheck) -> tuple[Say, End]:
    """Still unclear: what could not be ruled out is named, and ends the session as unclear."""
    if isinstance(state, Screening):
        covers = content.screening[state.index].covers
        reason = plain_reason(content, covers)
    else:
        covers = (DOCTOR_CONSULTATION,)
        reason = "whether a doctor has agreed"
    line = content.phrases.screening_unclear_end.format(reason=reason)
    return Say(line, "warning"), End("unclear", covers)


def not_consulted(content: Content) -> tuple[Say, End]:
    line = Say(content.phrases.doctor_not_consulted, "warning")
    return line, End("contraindicated", (DOCTOR_CONSULTATION,))
