"""The dialog, tested as conversations: what is said, what is heard, and what follows."""

import pytest

from assistant.core.actions import End, Say, StopSpeaking
from assistant.core.content import Condition
from tests.conversation import Conversation, real_content

CONTENT = real_content()
ABDOMEN = CONTENT.technique("abdomen")


def talk() -> Conversation:
    return Conversation(CONTENT)


def test_greets_and_listens_for_questions() -> None:
    chat = talk()
    assert "self-massage" in chat.said[0]
    assert chat.listening.context == "menu"
    assert "which massage helps with constipation" in chat.listening.expect
    assert "stop" in chat.listening.expect


def test_constipation_question_is_answered_with_the_abdominal_massage() -> None:
    chat = talk()
    chat.hear("Which massage helps with constipation?")
    assert "abdominal massage" in chat.said[-2]
    assert "abdominal massage" in chat.said[-1]  # the offer
    assert chat.listening.context == "confirm"


@pytest.mark.parametrize(
    "condition",
    CONTENT.conditions,
    ids=[condition.id for condition in CONTENT.conditions],
)  # fmt: skip
def test_every_condition_can_be_asked_about(condition: Condition) -> None:
    for phrase in condition.phrases:
        chat = talk()
        assert f"which massage helps with {phrase}" in chat.listening.expect
        chat.hear(f"which massage helps with {phrase}")
        assert condition.answer in chat.said, phrase


def test_accepting_the_offer_starts_the_safety_questions_not_the_massage() -> None:
    chat = talk()
    chat.hear("which massage helps with constipation")
    chat.hear("yes")
    assert chat.said[-1] == CONTENT.phrases.doctor_question  # the article's precondition first
    chat.hear("yes")
    assert chat.listening.context == "screening"
    assert chat.said_kind("instruction") == []


def test_contraindications_are_listed_from_the_article() -> None:
    chat = talk()
    chat.hear("what are the contraindications?")
    spoken = " ".join(chat.said)
    for item in CONTENT.contraindications:
        assert item.article_text in spoken
    assert chat.listening.context == "question"


def test_safe_when_pregnant_is_answered_no() -> None:
    chat = talk()
    chat.hear("is it safe when pregnant?")
    assert chat.said[-2].startswith("No.")
    assert CONTENT.contraindication("pregnancy").plain in chat.said[-2]


def test_how_long_names_every_technique() -> None:
    chat = talk()
    chat.hear("how long does it take?")
    for technique in CONTENT.techniques:
        assert technique.name in chat.said[-2]


def test_benefits_indications_and_objectives_come_from_the_article() -> None:
    for question, items in [
        ("what are the benefits", CONTENT.article.benefits),
        ("what is it good for", CONTENT.article.indications),
        ("what are the objectives", CONTENT.article.objectives),
    ]:
        chat = talk()
        chat.hear(question)
        for item in items:
            assert item in chat.said


def test_pregnancy_ends_the_session_before_any_instruction() -> None:
    chat = talk()
    chat.hear("start the abdominal massage")
    chat.hear("yes")  # a doctor has agreed
    while "pregnant" not in chat.said[-1]:
        chat.hear("no")
    chat.hear("yes")
    assert chat.ending == End("contraindicated", ("pregnancy", "postpartum"))
    assert "doctor" in chat.said[-1]
    assert chat.said_kind("instruction") == []


@pytest.mark.parametrize("question_index", range(len(CONTENT.screening)))
def test_any_yes_in_screening_ends_it_naming_the_reason(question_index: int) -> None:
    chat = talk()
    chat.hear("start the palm massage")
    chat.hear("yes")  # a doctor has agreed
    for _ in range(question_index):
        chat.hear("no")
    covers = CONTENT.screening[question_index].covers
    assert chat.listening.covers == covers
    chat.hear("yes")
    assert chat.ending == End("contraindicated", covers)
    for item in covers:
        assert CONTENT.contraindication(item).plain in chat.said[-1]


def test_screening_covers_all_seventeen_contraindications() -> None:
    covered = {item for question in CONTENT.screening for item in question.covers}
    assert covered == {item.id for item in CONTENT.contraindications}
    assert len(covered) == 17


def screening_started(technique: str = "palm massage") -> Conversation:
    """At the first safety question, the doctor's agreement confirmed."""
    chat = talk()
    chat.hear(f"start the {technique}")
    chat.hear("yes")
    return chat


@pytest.mark.parametrize("unsure", ["I don't know", "not sure", "go", "bingo"])
def test_unclear_answers_are_asked_again_twice_then_end_safely(unsure: str) -> None:
    chat = screening_started()
    first_question = chat.said[-1]
    chat.hear(unsure)
    assert chat.said[-1] == first_question and chat.ending is None
    chat.hear(unsure)
    assert chat.said[-1] == first_question and chat.ending is None
    chat.hear(unsure)
    assert chat.ending == End("unclear", CONTENT.screening[0].covers)
    assert "doctor" in chat.said[-1]


def test_i_dont_know_is_never_no() -> None:
    chat = screening_started()
    chat.hear("I don't know")
    assert chat.listening.context == "screening"
    assert chat.said[-1] == CONTENT.screening[0].text


def test_a_low_confidence_no_is_asked_again() -> None:
    chat = screening_started()
    chat.hear("no", confidence=0.3)
    assert chat.said[-1] == CONTENT.screening[0].text


def test_a_safety_questions_no_needs_more_confidence_than_a_yes_to_go_on() -> None:
    chat = screening_started()
    chat.hear("nope", confidence=0.55)  # a "down" in noise came back so
    assert chat.said[-1] == CONTENT.screening[0].text
    chat.hear("no", confidence=0.65)
    assert chat.said[-1] == CONTENT.screening[1].text


def test_a_no_from_an_engine_without_confidence_counts_as_no() -> None:
    chat = screening_started()
    chat.hear("no", confidence=None)
    assert chat.said[-1] == CONTENT.screening[1].text


def test_screening_questions_cannot_be_skipped_but_can_go_back() -> None:
    chat = screening_started()
    chat.hear("no")
    chat.hear("skip")
    assert chat.said[-1] == CONTENT.screening[1].text
    chat.hear("go back")
    assert chat.said[-1] == CONTENT.screening[0].text
    chat.hear("go back")
    assert chat.said[-1] == CONTENT.phrases.doctor_question


def test_each_no_is_echoed_and_the_end_is_a_short_confirmation() -> None:
    chat = screening_started()
    for question in CONTENT.screening:
        chat.hear("no")
        assert question.echo in chat.said
    assert CONTENT.phrases.screening_clear in chat.said
    assert len(CONTENT.phrases.screening_clear.split()) <= 5
    assert chat.listening.context == "confirm"
    chat.hear("go back")  # a misheard last answer can still be put right
    assert chat.said[-1] == CONTENT.screening[-1].text
    chat.hear("yes")
    assert chat.ending == End("contraindicated", CONTENT.screening[-1].covers)
    assert chat.said_kind("instruction") == []


def test_no_doctor_consultation_ends_in_one_turn_with_the_articles_advice() -> None:
    chat = talk()
    chat.hear("start the palm massage")
    chat.hear("no")
    assert chat.ending == End("contraindicated", ("doctor_consultation",))
    assert "doctor" in chat.said[-1]


def test_position_then_every_caution_is_read_before_the_first_step() -> None:
    chat = talk()
    chat.hear("start the abdominal massage")
    chat.screen_clean()
    assert ABDOMEN.position in " ".join(chat.said)
    chat.hear("yes")  # the other cautions
    assert chat.said_kind("instruction") == []
    chat.hear("yes")  # in position
    spoken = " ".join(chat.said)
    first_step = spoken.index(ABDOMEN.steps[0].instruction)
    for caution in ABDOMEN.cautions:
        assert -1 < spoken.index(caution) < first_step


@pytest.mark.parametrize("known", ["skip", "I know", "I know the cautions"])
def test_skip_leaves_out_only_the_cautions_that_are_not_warnings(known: str) -> None:
    chat = talk()
    chat.hear("start the abdominal massage")
    chat.screen_clean()
    chat.hear(known)
    spoken = " ".join(chat.said)
    assert "If you feel sharp pain, nausea, or any other worsening" in spoken
    assert "Always move clockwise" not in spoken
    assert chat.said_kind("instruction")


def test_a_full_session_speaks_every_cue_at_its_time() -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    started = chat.now
    chat.wait(ABDOMEN.duration_s + 1)
    expected: list[tuple[float, str]] = []
    step_start = started
    for step in ABDOMEN.steps:
        expected.append((step_start, f"{step.name.capitalize()}. {step.instruction}"))
        expected += [(step_start + cue.at_s, cue.text) for cue in step.cues]
        step_start += step.duration_s
    spoken = [(t, text) for t, text in [*chat.said_kind("instruction"), *chat.said_kind("cue")]]
    assert sorted(spoken) == sorted(expected)
    assert "How do you feel" in chat.said[-1]
    chat.hear("finish")
    assert chat.ending == End("completed")


def test_a_late_tick_catches_up_without_repeating_and_drops_cues_of_ended_steps() -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    chat.jump(145)  # one tick, two minutes late: the third step is at 25 s of 60
    assert chat.said_kind("cue") == []  # no "halfway" for steps that are over
    instructions = [text for _, text in chat.said_kind("instruction")]
    headings = [text.split(".")[0] for text in instructions]
    assert headings == ["Stroking", "Rubbing", "Gentle kneading"]
    assert chat.dialog.status(chat.now).step == ABDOMEN.steps[2].name
    chat.jump(10)  # the third step's halfway cue, once
    chat.jump(1)
    assert [text for _, text in chat.said_kind("cue")] == [ABDOMEN.steps[2].cues[0].text]


def test_stop_in_the_middle_of_a_step_ends_at_once() -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    chat.wait(20)
    actions = chat.hear("stop")
    assert actions[0] == StopSpeaking()
    assert actions[-1] == End("stopped")
    assert sum(isinstance(action, Say) for action in actions) <= 1


@pytest.mark.parametrize("words", ["cancel", "quit", "that's enough", "please stop now"])
def test_every_way_of_saying_stop_ends_the_session(words: str) -> None:
    chat = talk()
    chat.hear("start the palm massage")
    assert chat.hear(words)[-1] == End("stopped")


def test_a_partial_stop_acts_before_the_final_result() -> None:
    chat = talk()
    chat.start_guided("palm massage")
    actions = chat.hear_partial("stop")
    assert actions[0] == StopSpeaking() and actions[-1] == End("stopped")


def test_a_partial_that_is_not_stop_changes_nothing() -> None:
    chat = talk()
    chat.start_guided("palm massage")
    assert chat.hear_partial("how much") == []


def test_pause_and_resume_keep_the_time_left() -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    chat.wait(20)
    left_before = chat.dialog.status(chat.now).step_remaining_s
    chat.hear("pause")
    chat.wait(300)
    assert chat.dialog.status(chat.now).paused
    assert chat.dialog.status(chat.now).step_remaining_s == left_before
    chat.hear("resume")
    assert chat.dialog.status(chat.now).step_remaining_s == left_before
    halfway = ABDOMEN.steps[0].cues[0]
    chat.wait(halfway.at_s - 20)
    assert chat.said[-1] == halfway.text


def test_time_left_is_answered_in_words() -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    chat.wait(30)
    chat.hear("how much time is left")
    assert "thirty seconds" in chat.said[-1]


def test_next_and_back_move_between_steps() -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    chat.hear("next")
    assert chat.dialog.status(chat.now).step == ABDOMEN.steps[1].name
    chat.hear("go back")
    assert chat.dialog.status(chat.now).step == ABDOMEN.steps[0].name


def test_repeat_says_the_current_instruction_again() -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    chat.hear("repeat")
    assert ABDOMEN.steps[0].instruction in chat.said[-1]


@pytest.mark.parametrize("symptom", ["it hurts", "I feel dizzy", "I feel sick", "I feel worse"])
def test_symptoms_end_the_session_with_the_articles_advice(symptom: str) -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    actions = chat.hear(symptom)
    assert actions[0] == StopSpeaking()
    assert chat.ending is not None and chat.ending.reason == "symptom"
    assert "consult a doctor" in chat.said[-1]


def test_press_lighter_reminds_to_dose_the_force() -> None:
    chat = talk()
    chat.start_guided("abdominal massage")
    chat.hear("press lighter")
    assert "Dose the force" in chat.said[-1]
    assert chat.ending is None


def test_asides_during_screening_keep_the_question_pending() -> None:
    chat = screening_started()
    chat.hear("no")
    chat.hear("slower")
    assert chat.said[-1] == CONTENT.screening[1].text
    chat.hear("pause")
    assert chat.said[-1] == CONTENT.screening[1].text
    assert chat.listening.covers == CONTENT.screening[1].covers


def test_voice_commands_adjust_the_voice() -> None:
    from assistant.core.actions import AdjustVoice

    chat = talk()
    assert AdjustVoice(rate_delta_wpm=-20) in chat.hear("slower")
    assert AdjustVoice(volume_delta=0.1) in chat.hear("louder")


def test_silence_reprompts_twice_then_ends_politely() -> None:
    chat = talk()
    chat.silence()
    chat.silence()
    assert chat.ending is None
    chat.silence()
    assert chat.ending == End("no_response")


def test_silence_during_a_step_is_just_listening() -> None:
    chat = talk()
    chat.start_guided("palm massage")
    assert chat.silence()[-1].__class__.__name__ == "Listen"
    assert chat.ending is None


def test_a_second_technique_needs_no_second_screening() -> None:
    chat = talk()
    chat.start_guided("palm massage")
    chat.wait(CONTENT.technique("palms").duration_s + 1)
    chat.hear("neck and shoulder massage")
    assert chat.listening.context == "confirm"
    assert chat.said[-1] == CONTENT.phrases.cautions_prompt


def test_help_says_what_can_be_said_now() -> None:
    chat = talk()
    chat.hear("help")
    assert "constipation" in chat.said[-1]
    chat.hear("start the palm massage")
    chat.hear("yes")
    chat.hear("no")
    chat.hear("help")
    assert "yes or no" in chat.said[-2]
    assert chat.said[-1] == CONTENT.screening[1].text  # and the question is asked again
