"""The menu's utterance table through the text path: each phrasing gets its request, whatever
its capitals and punctuation."""

from collections import Counter

import pytest

from assistant.core.menu import AskCondition, complaint, menu_phrases, parse_request
from assistant.core.words import normalise
from tests.conversation import real_content
from tests.menu_utterances import TABLE, Row

CONTENT = real_content()


def test_the_table_is_large_and_covers_both_listens() -> None:
    kinds = Counter(row.kind for row in TABLE)
    assert len(TABLE) >= 100 and kinds["menu"] >= 40 and kinds["question"] >= 40
    assert len({normalise(row.said) for row in TABLE}) == len(TABLE), "a row is there twice"


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.said)
def test_each_utterance_gets_its_request(row: Row) -> None:
    assert parse_request(CONTENT, normalise(row.said)) == row.means


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.said)
def test_shouting_and_punctuation_do_not_change_the_request(row: Row) -> None:
    shouted = f"  {row.said.upper()} ?!  "
    assert parse_request(CONTENT, normalise(shouted)) == row.means


COMPLAINTS = [
    row for row in TABLE if isinstance(row.means, AskCondition) and not row.said.startswith("W")
]


@pytest.mark.parametrize("row", COMPLAINTS, ids=lambda row: row.said)
def test_a_complaint_names_its_condition(row: Row) -> None:
    assert isinstance(row.means, AskCondition)
    assert complaint(CONTENT, normalise(row.said)) == row.means.condition


@pytest.mark.parametrize("said", ["I feel dizzy", "I have a headache", "stop", "I'm pregnant"])
def test_a_warning_sign_or_a_disclosure_is_no_complaint(said: str) -> None:
    assert complaint(CONTENT, normalise(said)) is None


def test_every_grammar_phrase_means_something_at_the_menu() -> None:
    """What the recogniser can hear at the menu, the menu understands: no dead phrases."""
    for phrase in menu_phrases(CONTENT):
        assert parse_request(CONTENT, phrase) is not None, phrase


def test_the_grammar_stays_small() -> None:
    """PocketSphinx and Vosk grammars slow down and err more as phrases grow (470 before the
    article questions were added)."""
    assert len(menu_phrases(CONTENT)) <= 1200
