"""The utterance table: what people say in each kind of listen, and the meaning the dialog must
take from it there. Shared by the text tests, the voice test and `benchmarks/utterances.py`.

Utterances are written as people type them (capitals, punctuation); the text path ignores
both. `kind` is the listen the utterance is said in (menu, question, confirm, screening,
session, check-in); `at` narrows it: the screening question asked, the confirm question
("offer", "doctor", "ready"), or "paused" in a session. The rows themselves are in
tests/utterance_rows.py.
"""

from dataclasses import dataclass
from typing import Literal

from assistant.core.content import Content
from assistant.core.listening import listen_for
from assistant.core.meanings import Meaning
from assistant.core.session import Session
from assistant.core.states import (
    CheckIn,
    DoctorCheck,
    Guiding,
    Menu,
    Paused,
    ReadyCheck,
    Screening,
    State,
)

Kind = Literal["menu", "question", "confirm", "screening", "session", "checkin"]
KINDS: tuple[Kind, ...] = ("menu", "question", "confirm", "screening", "session", "checkin")
TECHNIQUE = "abdomen"
"""The technique every state is about: its screening asks all the questions."""


@dataclass(frozen=True)
class Row:
    kind: Kind
    said: str
    means: Meaning
    at: str = ""
    """The screening question's id; "offer", "doctor" or "ready" (default) for confirm;
    "paused" for a paused session."""


def _state(content: Content, row: Row) -> State:
    guiding = Guiding(TECHNIQUE, 0, 0.0)
    match row.kind:
        case "menu" | "question":
            return Menu(answered=row.kind == "question")
        case "confirm" if row.at == "offer":
            return Menu(offered=TECHNIQUE)
        case "confirm" if row.at == "doctor":
            return DoctorCheck(TECHNIQUE)
        case "confirm":
            return ReadyCheck(TECHNIQUE)
        case "screening":
            ids = [question.id for question in content.screening]
            return Screening(TECHNIQUE, tuple(range(len(ids))), ids.index(row.at))
        case "session":
            return Paused(guiding, 10.0) if row.at == "paused" else guiding
    return CheckIn()


def session_for(content: Content, row: Row) -> Session:
    """The session in which the row is said: a massage has started in a session or check-in."""
    state = _state(content, row)
    massaged = row.kind in ("session", "checkin")
    completed = (TECHNIQUE,) if row.kind == "checkin" else ()
    cleared = massaged or isinstance(state, ReadyCheck)
    return Session(state=state, cleared=cleared, massaged=massaged, completed=completed)


def grammar(content: Content, row: Row) -> tuple[str, ...]:
    """The phrases the recogniser expects where the row is said: its listen's grammar."""
    return listen_for(content, session_for(content, row).state, 0.0).expect
