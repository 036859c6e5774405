"""The utterance table through the text path: every row, said where it belongs, gets its meaning
from the dialog's own parser, whatever its capitals and punctuation."""

from collections import Counter

import pytest

from assistant.core.meanings import meaning
from assistant.core.words import normalise
from tests.conversation import real_content
from tests.utterance_rows import TABLE
from tests.utterances import KINDS, Row, grammar, session_for

CONTENT = real_content()


def test_the_table_is_large_and_covers_every_listen() -> None:
    kinds = Counter(row.kind for row in TABLE)
    assert len(TABLE) >= 150 and set(kinds) == set(KINDS)
    assert min(kinds.values()) >= 20, kinds
    said = Counter((row.kind, row.at, normalise(row.said)) for row in TABLE)
    assert [key for key, count in said.items() if count > 1] == [], "a row is there twice"


def test_most_rows_are_phrases_of_their_listen() -> None:
    """What the recogniser can hear of the table (the rest is text only: typed sentences)."""
    spoken = Counter(row.kind for row in TABLE if normalise(row.said) in grammar(CONTENT, row))
    assert all(spoken[kind] >= 20 for kind in KINDS), spoken


@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.kind}{row.at}: {row.said}")
def test_each_utterance_gets_its_meaning(row: Row) -> None:
    assert meaning(CONTENT, session_for(CONTENT, row), row.said, 1.0) == row.means


@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.kind}{row.at}: {row.said}")
def test_shouting_and_punctuation_do_not_change_the_meaning(row: Row) -> None:
    shouted = f"  {row.said.upper()} ?!  "
    assert meaning(CONTENT, session_for(CONTENT, row), shouted, 1.0) == row.means
