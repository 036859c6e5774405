"""The quick start and the timeline, through the real `chat --jsonl --virtual-clock`: turns
and virtual seconds are upper bounds of the scripted dialog, not wall-clock measurements."""

from tests.conversation import real_content
from tests.test_chat_protocol import chat, listens, spoken

CONTENT = real_content()
CONSTIPATION = [
    "which massage helps with constipation", "yes",  # the offer
    "yes",  # a doctor has agreed
    *["no"] * len(CONTENT.screening),
    "skip",  # the cautions are known: only the warnings are said
]  # fmt: skip


def test_constipation_from_the_greeting_to_the_first_step_within_120_s_and_13_turns() -> None:
    records = chat(*CONSTIPATION)
    first_step = spoken(records, "instruction")[0]
    assert first_step["say"].startswith("Stroking.")
    assert first_step["t"] <= 120.0
    assert len(CONSTIPATION) <= 13
    heard_before = [r for r in listens(records) if r["context"] == "screening"]
    assert len({item for listen in heard_before for item in listen["covers"]}) == 17
    said = [r["say"] for r in spoken(records) if r["t"] < first_step["t"]]
    assert len(said) == len(set(said)), "no line is said twice"
    assert sum("safety questions" in line for line in said) == 1
    for question in CONTENT.screening:
        assert question.echo in said
    warning = next(c for c in CONTENT.technique("abdomen").cautions if "sharp pain" in c)
    assert any(warning in line for line in said), "skip never skips a warning sign"


def test_with_every_caution_read_the_first_step_comes_one_turn_later() -> None:
    records = chat(*CONSTIPATION[:-1], "yes", "yes")
    first_step = spoken(records, "instruction")[0]
    said = " ".join(r["say"] for r in spoken(records) if r["t"] < first_step["t"])
    for caution in CONTENT.technique("abdomen").cautions:
        assert caution in said


def test_after_help_in_a_step_no_cue_sounds_once_its_step_has_ended() -> None:
    palms = CONTENT.technique("palms")
    records = chat("palm massage", "yes", *["no"] * len(CONTENT.screening), "skip", "@1 help")
    steps = spoken(records, "instruction")
    first, second = steps[0], steps[1]
    first_end = first["t"] + palms.steps[0].duration_s
    halfway = palms.steps[0].cues[0].text
    assert all(r["t"] < first_end for r in spoken(records, "cue") if r["say"] == halfway)
    # The help line ran past the step's end: the next step follows it at once, and its own
    # cues keep their deadlines from the step's planned start.
    assert second["t"] - first_end < 3.0
    switch = next(r for r in spoken(records, "cue") if r["t"] > second["t"])
    assert switch["t"] == first_end + palms.steps[1].cues[0].at_s


def test_after_repeat_in_a_step_the_cues_keep_their_deadlines() -> None:
    palms = CONTENT.technique("palms")
    records = chat("palm massage", "yes", *["no"] * len(CONTENT.screening), "skip", "@1 repeat")
    first = spoken(records, "instruction")[0]
    second = next(r for r in spoken(records, "instruction") if r["say"] != first["say"])
    assert second["t"] == first["t"] + palms.steps[0].duration_s
