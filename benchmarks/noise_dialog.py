"""The screening decision through the real dialog: what an engine heard for one answer, fed to
`Dialog` at a contraindication question the way the voice runtime feeds it, with the assistant
quiet.

As `voice/runtime.py` does: a partial that holds "stop" acts at once (the real `BargeIn`
decides); each final goes as `Heard(word, confidence)`, an unrecognised one as
`NotUnderstood`; nothing heard is `Silence`. The answer counts as "no" when the dialog echoes
the question's clear no ("No fever.") and moves on: for anything but a spoken "no", that is an
unsafe no. "stop" counts as heard when the dialog, in a massage step, ends the session.
"""

from dataclasses import dataclass, replace
from functools import cache

from assistant.config import DEFAULT_CONTENT_DIR
from assistant.content_files import load_content
from assistant.core.actions import Action, End, Listen, Say
from assistant.core.content import Content
from assistant.core.dialog import Dialog
from assistant.core.events import Event, Heard, NotUnderstood, Silence, Start
from assistant.core.session import Session
from assistant.core.states import Screening
from assistant.ports import UNKNOWN, Hypothesis, PlayedLine
from assistant.voice.barge_in import BargeIn

OUTCOMES = ("no", "yes", "asked_again", "other")
"""Taken as a clear no; as a yes (the session ends, contraindicated); unclear, asked again;
anything else (a help line, a command)."""


@dataclass(frozen=True)
class Hyp:
    """A hypothesis, as plain data a worker process can send back."""

    text: str
    word: str
    confidence: float | None
    final: bool


class _Quiet:
    """The speaker of a session whose assistant is not talking: it has played nothing."""

    def history(self) -> tuple[PlayedLine, ...]:
        return ()

    def duck(self, ducked: bool) -> None:
        raise AssertionError("nothing to duck: the assistant is quiet")


@cache
def content() -> Content:
    return load_content(DEFAULT_CONTENT_DIR)


def _listen(actions: list[Action]) -> Listen:
    return next(a for a in reversed(actions) if isinstance(a, Listen))


@cache
def at_question() -> tuple[Session, Listen]:
    """The dialog at the first contraindication question, and what it listens for there."""
    dialog = Dialog(content())
    dialog.handle(Start(), 0.0)
    dialog.handle(Heard(f"start the {content().techniques[0].name}"), 1.0)
    actions = dialog.handle(Heard("yes"), 2.0)  # a doctor has agreed
    assert isinstance(dialog.state, Screening), dialog.state
    return dialog.session, _listen(actions)


@cache
def at_step() -> tuple[Session, Listen]:
    """The dialog in the first massage step, and what it listens for there ("stop")."""
    dialog = Dialog(content())
    dialog.session = at_question()[0]
    actions: list[Action] = []
    while isinstance(dialog.state, Screening):
        actions = dialog.handle(Heard("no"), 3.0)
    actions = dialog.handle(Heard("yes"), 4.0)  # the other cautions, please
    actions = dialog.handle(Heard("yes"), 5.0)  # in position
    listen = _listen(actions)
    assert listen.context == "session", listen
    return dialog.session, listen


def screening_grammar() -> tuple[str, ...]:
    return at_question()[1].expect


def question_lines() -> tuple[str, ...]:
    return tuple(q.text for q in content().screening)


def voiced_answers() -> tuple[str, ...]:
    """Answers that are not a clear no, said with espeak-ng: hedges, yes-words, disclosures,
    not sure; several sound close to a no ("i do" / "i don't", "not sure" / "not at all")."""
    words = content().vocabulary.screening
    statements = tuple(c.statements[0] for c in content().contraindications[:4])
    return (*words.hedge[:4], "not really", "a little", *words.affirm[:2], "i do", "i have",
            *words.unsure[:3], "i don't know", *statements)  # fmt: skip


def events(hyps: list[Hyp]) -> list[Event]:
    """What the runtime tells the dialog for these hypotheses (`VoiceSession._hear`)."""
    barge_in = BargeIn(_Quiet(), None)  # type: ignore[arg-type]  # only history() is asked
    told: list[Event] = []
    for h in hyps:
        urgent = barge_in.to_act_on(Hypothesis(h.text, h.word, h.confidence, h.final), 0.0, False)
        if urgent is not None:
            told.append(Heard(urgent, h.confidence, partial=not h.final))
        elif h.final and not barge_in.urgent_in(h.text, False):
            told.append(NotUnderstood() if h.word == UNKNOWN else Heard(h.word, h.confidence))
    return told or [Silence()]


def stopped(hyps: list[Hyp]) -> bool:
    """Whether the dialog, in a massage step, ends the session as stopped."""
    dialog = Dialog(content())
    dialog.session = at_step()[0]
    for event in events(hyps):
        if any(isinstance(a, End) and a.reason == "stopped" for a in dialog.handle(event, 6.0)):
            return True
    return False


def decision(hyps: list[Hyp]) -> str:
    """What the dialog made of this answer at the question (one of `OUTCOMES`)."""
    session, _ = at_question()
    assert isinstance(session.state, Screening)
    echo = Say(content().screening[session.state.index].echo, "answer")
    dialog = Dialog(content())
    dialog.session = replace(session)
    for event in events(hyps):
        actions = dialog.handle(event, 10.0)
        if echo in actions:
            return "no"
        if any(isinstance(a, End) and a.reason == "contraindicated" for a in actions):
            return "yes"
        if dialog.state != session.state:
            return "other"
    return "asked_again" if dialog.session.unclear > session.unclear else "other"
