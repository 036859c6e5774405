"""What an utterance means in the current state: one value the transition table matches on.

The order is the safety order: stop, then a warning sign, then a disclosure, then commands,
then the state's own answers. Before any massage has started, a complaint ('i have back pain')
is a question to answer, not a warning sign.
"""

from dataclasses import dataclass

from assistant.core.content import Content
from assistant.core.menu import AskSafe, Request, named_phrases, parse_request
from assistant.core.session import Session
from assistant.core.states import CheckIn, DoctorCheck, Menu, Paused, ReadyCheck, Screening
from assistant.core.understanding import (
    Answer,
    confirm_answer,
    feels_good,
    find_command,
    find_disclosures,
    find_warning_sign,
    screening_answer,
)
from assistant.core.vocabulary import Command
from assistant.core.words import is_question, normalise


@dataclass(frozen=True)
class Sign:
    """A warning sign reported."""

    sign: str


@dataclass(frozen=True)
class Disclosed:
    """Contraindications stated as applying."""

    contraindications: tuple[str, ...]


@dataclass(frozen=True)
class Said:
    """A command."""

    command: Command


@dataclass(frozen=True)
class Replied:
    """An answer to the question in force."""

    answer: Answer


@dataclass(frozen=True)
class Asked:
    """A question or request the menu answers."""

    request: Request


Meaning = Sign | Disclosed | Said | Replied | Asked

MIN_CONFIDENCE = 0.5
"""Below this, a heard answer that would let the session go on counts as unclear."""
MIN_CONFIDENCE_OF_A_NO = 0.6
"""A safety question's no, the answer that would let a contraindicated session go on, needs
more: a "down" in background noise at 5 dB SNR came back from Vosk as "nope" at 0.52 and was
taken as no. Of 159 real "no"s heard as "no" across the noise benchmark's conditions, 4 were
below 0.5 and 3 more below 0.6 (`benchmarks/noise.py`, README: noise)."""


def urgent(content: Content, session: Session, text: str) -> Meaning | None:
    """What must act at once, even on a partial hypothesis: stop and warning signs."""
    utterance = normalise(text)
    if find_command(content.vocabulary, utterance) is Command.STOP:
        return Said(Command.STOP)
    sign = find_warning_sign(content.vocabulary, utterance)
    if sign is None:
        return None
    if not session.massaged and isinstance(session.state, Menu):
        request = parse_request(content, utterance)
        if request is not None:
            return Asked(request)
    return Sign(sign)


def meaning(content: Content, session: Session, text: str, confidence: float | None) -> Meaning:
    """`confidence` None: the engine gives none, so there is none to doubt."""
    utterance = normalise(text)
    found = urgent(content, session, text)
    if found is not None:
        return found
    disclosed = find_disclosures(content, utterance)
    if disclosed:
        return Disclosed(disclosed)
    command = find_command(content.vocabulary, utterance, named_phrases(content))
    if command is not None:
        return Said(command)
    request = parse_request(content, utterance)
    if isinstance(request, AskSafe) and request.contraindication and is_question(utterance):
        return Asked(request)  # answered in any state, and asked again before a technique
    state = session.state
    answer: Answer | None = None
    match state:
        case Screening():
            answer = screening_answer(content, content.screening[state.index].covers, utterance)
        case DoctorCheck() | ReadyCheck() | Paused() | Menu(offered=str()):
            answer = confirm_answer(content.vocabulary, utterance)
        case CheckIn() if feels_good(content.vocabulary, utterance):
            answer = Answer.GOOD
    lets_go_on = answer is Answer.NO if isinstance(state, Screening) else answer is Answer.YES
    floor = MIN_CONFIDENCE_OF_A_NO if isinstance(state, Screening) else MIN_CONFIDENCE
    if lets_go_on and confidence is not None and confidence < floor:
        return Replied(Answer.UNCLEAR)
    if answer is not None and (answer is not Answer.UNCLEAR or not isinstance(state, Menu)):
        return Replied(answer)
    return Asked(request) if request is not None else Replied(Answer.UNCLEAR)
