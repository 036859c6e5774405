"""The safety answers as people say them: each utterance, asked where it fits, must have its
outcome. Only a clear no lets the screening go on; anything that admits or hedges ends it, and
anything else is asked again."""

import pytest

from assistant.core.actions import End
from assistant.core.meanings import Disclosed, Meaning, Replied, Said
from assistant.core.understanding import Answer
from assistant.core.vocabulary import Command
from tests.conversation import Conversation, real_content
from tests.utterance_rows import TABLE as ROWS

CONTENT = real_content()
QUESTION = {question.id: index for index, question in enumerate(CONTENT.screening)}

ENDS, AGAIN, NO = "ends", "asked again", "no"


def outcome(means: Meaning) -> str | None:
    """What an answer does to the screening; None for a command or a sign (their own tests)."""
    match means:
        case Replied(Answer.NO):
            return NO
        case Replied(Answer.YES) | Disclosed():
            return ENDS
        case Replied(Answer.UNCLEAR) | Said(Command.PAUSE):  # "wait": asked again, whole
            return AGAIN
    return None


TABLE = [(row.at, row.said, found) for row in ROWS
         if row.kind == "screening" and (found := outcome(row.means))]  # fmt: skip
"""The screening rows of the utterance table (tests/utterance_rows.py) that answer."""


def at_question(question_id: str) -> Conversation:
    chat = Conversation(CONTENT)
    chat.hear("start the palm massage")
    chat.hear("yes")  # a doctor has agreed
    for _ in range(QUESTION[question_id]):
        chat.hear("no")
    return chat


def test_the_table_is_large_and_covers_every_outcome() -> None:
    outcomes = [result for _, _, result in TABLE]
    assert len(TABLE) >= 60
    assert all(outcomes.count(result) >= 10 for result in (ENDS, AGAIN, NO))


@pytest.mark.parametrize("question_id, words, outcome", TABLE, ids=[w for _, w, _ in TABLE])
def test_each_answer_has_its_outcome(question_id: str, words: str, outcome: str) -> None:
    chat = at_question(question_id)
    question = CONTENT.screening[QUESTION[question_id]]
    before = len(chat.said)
    chat.hear(words)
    if outcome == ENDS:
        assert chat.ending is not None and chat.ending.reason == "contraindicated"
        assert "doctor" in chat.said[-1]
    elif outcome == AGAIN:
        assert chat.ending is None and chat.said[-1] == question.text
        assert chat.listening.covers == question.covers
    else:
        assert chat.ending is None and chat.said[before] == question.echo
    # Whatever follows, an answer that admits or hedges never leads to an instruction.
    for _ in range(12):
        chat.hear("no" if chat.listening.context == "screening" else "yes")
        if chat.ending is not None:
            break
    if outcome == ENDS:
        assert chat.said_kind("instruction") == []


def test_a_yes_is_final_go_back_cannot_undo_it() -> None:
    chat = at_question("pregnancy")
    chat.hear("maybe")
    assert chat.hear("go back") == []  # the session has ended: nothing more is done
    assert chat.ending == End("contraindicated", ("pregnancy", "postpartum"))


def test_unclear_answers_are_bounded_over_the_whole_screening_go_back_included() -> None:
    chat = at_question("fever")
    chat.hear("not sure")
    chat.hear("not sure")
    chat.hear("no")
    chat.hear("go back")
    assert chat.said[-1] == CONTENT.screening[0].text and chat.ending is None
    chat.hear("not sure")  # the third unclear answer in this screening
    assert chat.ending == End("unclear", CONTENT.screening[0].covers)
    assert "doctor" in chat.said[-1]


def test_silence_counts_as_unclear_and_ends_as_unclear_not_contraindicated() -> None:
    chat = at_question("cancer")
    chat.silence()
    chat.silence()
    assert chat.ending is None
    chat.silence()
    assert chat.ending == End("unclear", ("malignant_tumour",))
