"""The menu's side of the utterance table: complaints name their condition, and every phrase the
recogniser can hear at the menu means something there."""

import pytest

from assistant.core.meanings import Asked, meaning
from assistant.core.menu import AskCondition, complaint, menu_phrases, parse_request
from assistant.core.session import Session
from assistant.core.states import Menu
from assistant.core.vocabulary import Command
from assistant.core.words import normalise
from tests.conversation import real_content
from tests.utterance_rows import TABLE
from tests.utterances import Row

CONTENT = real_content()
COMPLAINTS = [
    row for row in TABLE if isinstance(row.means, Asked)
    and isinstance(row.means.request, AskCondition) and not row.said.startswith("W")
]  # fmt: skip


@pytest.mark.parametrize("row", COMPLAINTS, ids=lambda row: row.said)
def test_a_complaint_names_its_condition(row: Row) -> None:
    assert isinstance(row.means, Asked) and isinstance(row.means.request, AskCondition)
    assert complaint(CONTENT, normalise(row.said)) == row.means.request.condition


@pytest.mark.parametrize("said", ["I feel dizzy", "I have a headache", "stop", "I'm pregnant"])
def test_a_warning_sign_or_a_disclosure_is_no_complaint(said: str) -> None:
    assert complaint(CONTENT, normalise(said)) is None


def test_every_grammar_phrase_means_its_request_at_the_menu() -> None:
    """What the recogniser can hear at the menu, the dialog takes as that request: no dead
    phrases, and no command word inside a longer question ('how does it help' is no 'help')."""
    commands = CONTENT.vocabulary.command_phrases(*Command)
    at_menu = Session(state=Menu())
    for phrase in menu_phrases(CONTENT):
        request = parse_request(CONTENT, phrase)
        assert request is not None, phrase
        if phrase not in commands:
            assert meaning(CONTENT, at_menu, phrase, 1.0) == Asked(request), phrase


def test_the_grammar_stays_small() -> None:
    """PocketSphinx and Vosk grammars slow down and err more as phrases grow (470 before the
    article questions were added)."""
    assert len(menu_phrases(CONTENT)) <= 1200
