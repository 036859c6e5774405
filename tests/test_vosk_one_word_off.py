"""Vosk's grammar swaps a small word of a long phrase for another phrase's ("what does self
massage"): such a result is taken for the phrase, but never where one word changes the answer.

Pure matching, no model: what the real engine hears is in test_recognition_vosk_en.py and
`benchmarks/utterances.py`."""

import json

from hypothesis import given
from hypothesis import strategies as st

from assistant.adapters.vosk_results import Listed, parse_final

MENU = Listed(
    [
        "what is self massage", "what is it", "how is it done", "how does it work",
        "how do i do it", "is it safe when pregnant", "what helps with bloating",
        "what helps with neck pain", "what helps with stress", "i want to vomit",
        "what does the article say", "my neck hurts", "my back hurts", "where do i start",
        "where do you start",
    ]
)  # fmt: skip
SCREENING = Listed(
    ["no", "nope", "yes", "i'm not sure", "i'm not ready", "a little bit", "i am pregnant",
     "i have a fever", "i don't know", "go back"]
)  # fmt: skip


def test_a_small_word_swapped_in_a_long_question_is_forgiven() -> None:
    assert MENU.near("what does self massage", ()) == ("what is self massage", "does")
    assert MENU.near("in it safe when pregnant", ()) == ("is it safe when pregnant", "in")
    assert MENU.near("i do i do it", ()) == ("how do i do it", "i")
    assert MENU.near("what feel with bloating", ()) == ("what helps with bloating", "feel")


def test_a_word_that_tells_the_phrase_apart_is_not() -> None:
    assert MENU.near("i want to relax", ()) is None  # not a sign of nausea
    assert MENU.near("my neck birth", ()) is None  # three words: "hurts" is the phrase's own
    assert MENU.near("what does the article say about", ()) is None  # about what?


def test_two_phrases_equally_close_are_neither() -> None:
    assert MENU.near("where do we start", ()) is None
    assert MENU.near("where do my start", ()) is None
    assert MENU.near("how is it", ()) is None  # "what is it"?


def test_one_word_never_turns_an_answer_around() -> None:
    assert SCREENING.near("i not pregnant", ()) is None
    assert SCREENING.near("i'm not drunk", ()) is None
    assert SCREENING.near("a little heart", ()) is None
    assert MENU.near("what helps with [unk]", ()) is None
    assert MENU.near("what go with stress", ("go",)) is None


@given(st.lists(st.sampled_from("no not i'm a am i little sure ready bit go is have fever".split()),
                max_size=5))  # fmt: skip
def test_no_slip_reaches_a_short_answer_or_a_negation(words: list[str]) -> None:
    near = SCREENING.near(" ".join(words), ("go",))
    if near is not None:
        phrase = near[0].split()
        assert len(phrase) >= 3 and "not" not in phrase and "don't" not in phrase


def test_the_forgiven_word_does_not_doubt_the_phrase_but_the_others_do() -> None:
    heard = [("what", 1.0), ("does", 0.39), ("self", 1.0), ("massage", 0.7)]
    result = json.dumps({"text": " ".join(w for w, _ in heard),
                         "result": [{"word": w, "conf": c} for w, c in heard]})  # fmt: skip
    assert parse_final(result) == ("what does self massage", 0.39)
    assert parse_final(result, "does") == ("what does self massage", 0.7)


def test_a_question_cut_short_is_not_completed() -> None:
    assert MENU.near("what helps with", ()) is None
    assert MENU.near("is it safe when", ()) is None
