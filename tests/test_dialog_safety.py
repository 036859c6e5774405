"""Safety said anywhere: a disclosure ends the session in every state, every warning sign the
cautions name is heard, complaints before a massage are questions, and a question about a
contraindication makes it asked again before the next technique."""

from collections.abc import Callable

import pytest

from assistant.core.actions import End
from assistant.core.understanding import find_warning_sign
from assistant.core.words import contains_phrase, normalise
from tests.conversation import Conversation, real_content

CONTENT = real_content()
WORDS = CONTENT.vocabulary
PALMS = CONTENT.technique("palms")


def talk() -> Conversation:
    return Conversation(CONTENT)


def offered(chat: Conversation) -> None:
    chat.hear("which massage helps with cold hands")


def doctor(chat: Conversation) -> None:
    chat.hear("start the palm massage")


def screening(chat: Conversation) -> None:
    doctor(chat)
    chat.hear("yes")
    chat.hear("no")


def ready(chat: Conversation) -> None:
    doctor(chat)
    chat.screen_clean()


def cautions_told(chat: Conversation) -> None:
    ready(chat)
    chat.hear("yes")


def guiding(chat: Conversation) -> None:
    chat.start_guided("palm massage")
    chat.wait(5)


def paused(chat: Conversation) -> None:
    guiding(chat)
    chat.hear("pause")


def check_in(chat: Conversation) -> None:
    chat.start_guided("palm massage")
    chat.wait(PALMS.duration_s + 1)


def menu_after_a_massage(chat: Conversation) -> None:
    check_in(chat)
    chat.hear("another massage")


STATES: dict[str, Callable[[Conversation], None]] = {
    "menu": lambda chat: None, "offer": offered, "doctor question": doctor,
    "screening": screening, "ready": ready, "cautions told": cautions_told,
    "guiding": guiding, "paused": paused, "check-in": check_in,
    "menu after a massage": menu_after_a_massage,
}  # fmt: skip


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("disclosure, because", [
    ("I'm pregnant", ("pregnancy",)), ("I have a fever", ("fever",)),
    ("I've had a drink", ("alcohol",)),
])  # fmt: skip
def test_a_disclosure_in_any_state_ends_the_session(
    state: str, disclosure: str, because: tuple[str, ...]
) -> None:
    chat = talk()
    STATES[state](chat)
    assert chat.ending is None
    instructions = len(chat.said_kind("instruction"))
    chat.hear(disclosure)
    assert chat.ending == End("contraindicated", because)
    assert "doctor" in chat.said[-1]
    assert len(chat.said_kind("instruction")) == instructions


@pytest.mark.parametrize("state", ["guiding", "paused", "check-in", "menu after a massage"])
@pytest.mark.parametrize("sign", ["I have a headache", "my arm is numb", "worse", "ouch"])
def test_a_warning_sign_during_or_after_a_massage_ends_it_with_the_advice(
    state: str, sign: str
) -> None:
    chat = talk()
    STATES[state](chat)
    chat.hear(sign)
    assert chat.ending is not None and chat.ending.reason == "symptom"
    assert chat.said[-1] == CONTENT.phrases.symptom_end


@pytest.mark.parametrize("complaint", [
    "I have back pain", "neck pain", "my neck hurts", "I have a sore neck", "pain",
])  # fmt: skip
def test_complaints_at_the_menu_are_questions_to_answer(complaint: str) -> None:
    chat = talk()
    chat.hear(complaint)
    assert chat.ending is None
    assert chat.listening.context == "confirm"  # a massage is offered
    assert CONTENT.phrases.symptom_end not in chat.said


def test_a_warning_sign_before_starting_advises_not_to_start() -> None:
    chat = talk()
    chat.hear("I feel dizzy")
    assert chat.ending == End("symptom", ("dizziness",))
    assert chat.said[-1] == CONTENT.phrases.symptom_before_start


@pytest.mark.parametrize("answer", ["worse", "a bit worse", "not good", "bad", "I feel worse"])
def test_feeling_worse_at_the_check_in_ends_with_the_advice(answer: str) -> None:
    chat = talk()
    check_in(chat)
    chat.hear(answer)
    assert chat.ending == End("symptom", ("feeling_worse",))


@pytest.mark.parametrize("answer", ["good", "fine", "better", "I feel great"])
def test_feeling_good_at_the_check_in_goes_on(answer: str) -> None:
    chat = talk()
    check_in(chat)
    chat.hear(answer)
    assert chat.ending is None and chat.said[-1] == CONTENT.phrases.checkin_good


def test_a_question_about_a_contraindication_asks_it_again_before_the_next_technique() -> None:
    chat = talk()
    check_in(chat)
    chat.hear("is it safe when pregnant")
    assert chat.said[-2].startswith("No.")
    chat.hear("abdominal massage")
    pregnancy = next(q for q in CONTENT.screening if "pregnancy" in q.covers)
    assert chat.said[-1] == pregnancy.text
    assert chat.listening.covers == pregnancy.covers
    chat.hear("yes")
    assert chat.ending == End("contraindicated", pregnancy.covers)


def test_after_asking_again_a_clear_no_leads_on_to_the_technique() -> None:
    chat = talk()
    check_in(chat)
    chat.hear("can I do it with a fever")
    chat.hear("neck massage")
    chat.hear("no")
    assert chat.said[-1] == CONTENT.phrases.cautions_prompt


LINKING_WORDS = {"if", "you", "your", "feel", "get", "a", "or", "any", "other", "in", "arms",
                 "condition", "health"}  # fmt: skip
"""Words of a 'stop the massage' caution that name no sign."""


def test_every_sign_a_caution_stops_for_is_recognised_as_a_warning_sign() -> None:
    names = sorted({n for sign in WORDS.warning_signs for n in sign.names}, key=len, reverse=True)
    cautions = [c for t in CONTENT.techniques for c in t.cautions] + list(CONTENT.article.warnings)
    stopping = [normalise(c) for c in cautions if "stop the massage" in normalise(c)]
    assert len(stopping) >= len(CONTENT.techniques)
    for caution in stopping:
        clause = f" {caution.split('stop the massage')[0]} "
        for name in names:
            if contains_phrase(clause, name):
                assert find_warning_sign(WORDS, name) is not None, name
                clause = clause.replace(f" {name} ", " ")
        leftover = [word for word in clause.split() if word not in LINKING_WORDS]
        assert leftover == [], f"{caution!r} names signs the dialog does not know: {leftover}"


@pytest.mark.parametrize("said", [
    "pain", "I have a headache", "numbness", "tingling", "I feel dizzy", "nausea",
    "I'm short of breath", "palpitations", "I'm bleeding", "I feel weak", "I feel ill",
    "I feel worse",
])  # fmt: skip
def test_the_articles_warning_signs_are_all_heard(said: str) -> None:
    assert find_warning_sign(WORDS, normalise(said)) is not None


@pytest.mark.parametrize("denied", ["it doesn't hurt", "I'm not dizzy", "not bad"])
def test_a_denied_sign_is_not_one(denied: str) -> None:
    assert find_warning_sign(WORDS, normalise(denied)) is None


def test_a_question_during_a_massage_is_answered_and_asked_again_before_the_next() -> None:
    chat = talk()
    guiding(chat)
    chat.hear("is it safe when pregnant?")
    assert chat.said[-1].startswith("No.") and chat.ending is None
    chat.wait(PALMS.duration_s)
    chat.hear("neck massage")
    assert chat.listening.covers == ("pregnancy", "postpartum")


@pytest.mark.parametrize("go_ahead", ["skip", "yes"])
def test_a_question_just_before_the_start_asks_it_again_first(go_ahead: str) -> None:
    chat = talk()
    ready(chat)
    chat.hear("can I do it with a fever?")
    assert chat.said[-2].startswith("No.")
    assert chat.said[-1] == CONTENT.phrases.cautions_prompt  # the question in force, again
    chat.hear(go_ahead)
    assert chat.said_kind("instruction") == []
    assert chat.listening.covers == ("fever",)
    chat.hear("no")
    chat.hear("skip")
    assert chat.said_kind("instruction")


def test_a_question_during_the_screening_is_asked_again_before_the_start() -> None:
    chat = talk()
    doctor(chat)
    chat.hear("yes")
    chat.hear("is it safe when pregnant")
    assert chat.listening.covers == CONTENT.screening[0].covers  # the question in force again
    while chat.listening.context == "screening":
        chat.hear("no")
    chat.hear("skip")
    assert chat.said_kind("instruction") == []
    assert chat.listening.covers == ("pregnancy", "postpartum")
