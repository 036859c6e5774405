"""Talking to it naturally: answers as people say them, help that fits each state, commands
that do what the help says, and farewells."""

import pytest

from assistant.core.actions import AdjustVoice, End
from tests.conversation import Conversation, real_content

CONTENT = real_content()
PHRASES = CONTENT.phrases
ABDOMEN = CONTENT.technique("abdomen")


def offered() -> Conversation:
    chat = Conversation(CONTENT)
    chat.hear("which massage helps with constipation")
    return chat


def at_ready() -> Conversation:
    chat = Conversation(CONTENT)
    chat.hear("start the abdominal massage")
    chat.screen_clean()
    return chat


def guided() -> Conversation:
    chat = Conversation(CONTENT)
    chat.start_guided("abdominal massage")
    chat.wait(20)
    return chat


@pytest.mark.parametrize("yes", ["yes please", "sure", "ok", "okay", "go ahead", "start",
                                 "ready", "Yes.", "yes", "YES!", "yeah let's do it"])  # fmt: skip
def test_a_yes_as_people_say_it_accepts_the_offer(yes: str) -> None:
    chat = offered()
    chat.hear(yes)
    assert chat.said[-1] == PHRASES.doctor_question


@pytest.mark.parametrize("no", ["no thanks", "not now", "nope", "No.", "no thank you"])
def test_a_no_as_people_say_it_declines_the_offer(no: str) -> None:
    chat = offered()
    chat.hear(no)
    assert chat.said[-1] == PHRASES.menu_prompt and chat.listening.context == "menu"


@pytest.mark.parametrize("unsure", ["maybe", "I'm not sure", "yes but not now"])
def test_a_yes_with_a_doubt_does_not_confirm(unsure: str) -> None:
    chat = at_ready()
    chat.hear("yes")  # the other cautions
    chat.hear(unsure)
    assert chat.said_kind("instruction") == []


@pytest.mark.parametrize("wait", ["not yet", "wait", "give me a moment", "hold on"])
def test_not_yet_at_the_start_waits_with_a_short_line(wait: str) -> None:
    chat = at_ready()
    chat.hear(wait)
    assert chat.said[-1] == PHRASES.ready_wait and chat.ending is None
    chat.hear("skip")
    assert chat.said_kind("instruction")


def test_a_reply_not_understood_repeats_only_the_question() -> None:
    chat = at_ready()
    before = len(chat.said)
    chat.hear("banana")
    assert chat.said[before:] == [PHRASES.not_understood, PHRASES.cautions_prompt]


def test_help_at_the_start_then_only_the_question_again() -> None:
    chat = at_ready()
    before = len(chat.said)
    chat.hear("help")
    assert chat.said[before:] == [PHRASES.help_ready, PHRASES.cautions_prompt]


@pytest.mark.parametrize("words, state_help", [
    ("help", "help_menu"),
])  # fmt: skip
def test_help_in_the_menu(words: str, state_help: str) -> None:
    chat = Conversation(CONTENT)
    chat.hear(words)
    assert chat.said[-1] == getattr(PHRASES, state_help)


def test_help_fits_each_state_and_its_commands_work_there() -> None:
    chat = offered()
    chat.hear("help")
    assert chat.said[-2] == PHRASES.help_offer.format(technique=ABDOMEN.name)
    chat.hear("yes")
    chat.hear("help")
    assert chat.said[-2] == PHRASES.help_doctor and "go back" in PHRASES.help_doctor
    chat.hear("go back")  # to the offer, as the help says
    assert chat.said[-1] == PHRASES.offer_technique.format(technique=ABDOMEN.name)
    chat.hear("yes")
    chat.hear("yes")
    chat.hear("help")
    assert chat.said[-2] == PHRASES.help_screening and "go back" in PHRASES.help_screening
    chat.hear("go back")
    assert chat.said[-1] == PHRASES.doctor_question
    chat.hear("yes")
    while chat.listening.context == "screening":
        chat.hear("no")
    chat.hear("help")
    assert chat.said[-2] == PHRASES.help_ready and "go back" in PHRASES.help_ready
    chat.hear("go back")  # the last safety question again
    assert chat.said[-1] == CONTENT.screening[-1].text
    chat.hear("no")
    chat.hear("skip")
    chat.hear("help")
    assert chat.said[-1] == PHRASES.help_guiding
    chat.hear("hold on")
    chat.hear("help")
    assert chat.said[-1] == PHRASES.help_paused
    chat.hear("how much time is left")  # the paused help offers it
    assert chat.said[-1].startswith("About ")


def test_time_left_while_paused_is_the_time_kept() -> None:
    chat = guided()
    chat.hear("pause")
    chat.wait(100)
    chat.hear("how much time is left")
    assert chat.said[-1] == PHRASES.time_left.format(
        step="forty seconds", total="four minutes and twenty seconds")  # fmt: skip
    chat.hear("ready")  # a yes resumes
    assert chat.said[-1] == PHRASES.resumed


@pytest.mark.parametrize("words", ["how long left", "how much longer", "how much time is left"])
def test_time_left_as_people_ask_it(words: str) -> None:
    chat = guided()
    chat.hear(words)
    assert chat.said[-1].startswith("About forty seconds left in this step")


@pytest.mark.parametrize("words", ["wait", "hold on", "hang on"])
def test_wait_during_a_step_pauses(words: str) -> None:
    chat = guided()
    chat.hear(words)
    assert chat.dialog.status(chat.now).paused


@pytest.mark.parametrize("words", ["enough", "end", "that's enough", "stop"])
def test_enough_during_a_step_stops(words: str) -> None:
    chat = guided()
    assert chat.hear(words)[-1] == End("stopped")


@pytest.mark.parametrize("words", ["goodbye", "bye", "I'm done", "finish"])
def test_goodbye_at_the_first_menu_ends_as_stopped_with_a_farewell(words: str) -> None:
    chat = Conversation(CONTENT)
    chat.hear(words)
    assert chat.ending == End("stopped")
    assert chat.said[-1] == PHRASES.farewell


def test_goodbye_after_a_massage_ends_as_completed() -> None:
    chat = Conversation(CONTENT)
    chat.start_guided("palm massage")
    chat.wait(CONTENT.technique("palms").duration_s + 1)
    chat.hear("bye")
    assert chat.ending == End("completed")


def test_voice_commands_adjust_the_voice_and_keep_the_question() -> None:
    chat = offered()
    actions = chat.hear("slower")
    assert actions[0] == AdjustVoice(rate_delta_wpm=-20)
    assert chat.said[-1] == PHRASES.offer_technique.format(technique=ABDOMEN.name)


def test_back_in_a_complaint_is_not_a_command() -> None:
    chat = Conversation(CONTENT)
    chat.hear("which massage helps with back pain")
    assert chat.listening.context == "confirm"
