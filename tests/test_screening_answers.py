"""The safety answers as people say them: each utterance, asked where it fits, must have its
outcome. Only a clear no lets the screening go on; anything that admits or hedges ends it, and
anything else is asked again."""

import pytest

from assistant.core.actions import End
from tests.conversation import Conversation, real_content

CONTENT = real_content()
QUESTION = {question.id: index for index, question in enumerate(CONTENT.screening)}

ENDS, AGAIN, NO = "ends", "asked again", "no"

TABLE: list[tuple[str, str, str]] = [
    # Yes words, anywhere in the answer.
    ("pregnancy", "yes", ENDS),
    ("pregnancy", "Yes.", ENDS),
    ("pregnancy", "yeah", ENDS),
    ("pregnancy", "yep", ENDS),
    ("pregnancy", "yes I am", ENDS),
    ("pregnancy", "yes I am pregnant", ENDS),
    ("pregnancy", "uh yes", ENDS),
    ("pregnancy", "sure", ENDS),
    ("pregnancy", "of course", ENDS),
    ("pregnancy", "correct", ENDS),
    ("fever", "I do", ENDS),
    ("fever", "yeah a bit", ENDS),
    ("circulation", "I have", ENDS),
    # Statements of the condition.
    ("pregnancy", "I am pregnant", ENDS),
    ("pregnancy", "I'm pregnant", ENDS),
    ("pregnancy", "I was pregnant last month", ENDS),
    ("pregnancy", "I had a baby last month", ENDS),
    ("pregnancy", "I gave birth", ENDS),
    ("pregnancy", "gave birth", ENDS),
    ("pregnancy", "no but I had a miscarriage", ENDS),
    ("pregnancy", "no, but I had a baby last month", ENDS),
    ("pregnancy", "I've had an abortion", ENDS),
    ("alcohol", "I am drunk", ENDS),
    ("alcohol", "I've had a drink", ENDS),
    ("alcohol", "just a glass of wine", ENDS),
    ("alcohol", "I had a beer", ENDS),
    ("alcohol", "I'm tipsy", ENDS),
    ("fever", "I have a temperature", ENDS),
    ("fever", "I have a fever", ENDS),
    ("fever", "I've got the flu", ENDS),
    ("fatigue", "I'm exhausted", ENDS),
    ("fatigue", "I am very tired", ENDS),
    ("cancer", "I have cancer", ENDS),
    ("cancer", "I'm on chemotherapy", ENDS),
    ("circulation", "I have a blood clot in my leg", ENDS),
    ("fever", "no, but I'm pregnant", ENDS),  # another condition, disclosed anywhere
    # Hedges: they may admit it.
    ("pregnancy", "I think so", ENDS),
    ("pregnancy", "probably", ENDS),
    ("pregnancy", "maybe", ENDS),
    ("pregnancy", "perhaps", ENDS),
    ("pregnancy", "possibly", ENDS),
    ("pregnancy", "sometimes", ENDS),
    ("alcohol", "a little", ENDS),
    ("alcohol", "a bit", ENDS),
    ("fatigue", "kind of", ENDS),
    ("fatigue", "sort of", ENDS),
    ("pregnancy", "not really sure but maybe", ENDS),
    ("pregnancy", "I guess", ENDS),
    ("pregnancy", "could be", ENDS),
    ("pregnancy", "probably not", ENDS),
    ("fever", "slightly", ENDS),
    # Unclear: asked again.
    ("pregnancy", "I don't know", AGAIN),
    ("pregnancy", "not sure", AGAIN),
    ("pregnancy", "I'm not sure", AGAIN),
    ("pregnancy", "no idea", AGAIN),
    ("pregnancy", "I can't remember", AGAIN),
    ("pregnancy", "I don't think so", AGAIN),
    ("pregnancy", "bingo", AGAIN),
    ("pregnancy", "go", AGAIN),
    ("pregnancy", "um", AGAIN),
    ("pregnancy", "know", AGAIN),
    ("pregnancy", "I'm not pregnant", AGAIN),  # says nothing about a recent birth
    ("pregnancy", "no wait yes", AGAIN),  # "wait": the question is asked again, whole
    # Clear noes.
    ("pregnancy", "no", NO),
    ("pregnancy", "No.", NO),
    ("pregnancy", "nope", NO),
    ("pregnancy", "nah", NO),
    ("pregnancy", "no I'm not", NO),
    ("pregnancy", "not at all", NO),
    ("pregnancy", "never", NO),
    ("pregnancy", "definitely not", NO),
    ("pregnancy", "I'm not pregnant and I haven't given birth", NO),
    ("fever", "no fever", NO),
    ("fever", "I don't have a fever", NO),
    ("alcohol", "no alcohol", NO),
    ("alcohol", "I'm not drunk", NO),
    ("fatigue", "no I am not", NO),
    ("cancer", "no I don't", NO),
]


def at_question(question_id: str) -> Conversation:
    chat = Conversation(CONTENT)
    chat.hear("start the palm massage")
    chat.hear("yes")  # a doctor has agreed
    for _ in range(QUESTION[question_id]):
        chat.hear("no")
    return chat


def test_the_table_is_large_and_covers_every_outcome() -> None:
    outcomes = [outcome for _, _, outcome in TABLE]
    assert len(TABLE) >= 60
    assert {outcome: outcomes.count(outcome) for outcome in (ENDS, AGAIN, NO)} == {
        ENDS: 51, AGAIN: 12, NO: 15}  # fmt: skip


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
