"""Speech that matched nothing expected is its own event, never the word "unknown": the screen
shows it as not understood, and the dialog treats it as an unclear answer (asked again, a
bounded number of times in a screening, then the end with the advice to see a doctor)."""

from assistant.core.actions import End
from assistant.core.events import Heard, NotUnderstood
from tests.conversation import Conversation, real_content
from tests.test_runtime import GREETING_ENDS, Session

CONTENT = real_content()


def test_unrecognised_speech_reaches_the_dialog_as_not_understood_never_as_a_word() -> None:
    session = Session({round(GREETING_ENDS + 1.0, 1): b"final:bingo"})
    assert session.run() == "no_response"
    events = [event for _, event in session.dialog.events]
    assert NotUnderstood() in events
    assert not [e for e in events if isinstance(e, Heard) and e.text == "unknown"]
    assert "heard: (not understood)" in session.screen.getvalue()
    assert "unknown" not in session.screen.getvalue()


def in_screening() -> Conversation:
    chat = Conversation(CONTENT)
    chat.hear("start the abdominal massage")
    chat.hear("yes")  # a doctor has agreed
    assert chat.listening.context == "screening"
    return chat


def test_in_screening_not_understood_is_asked_again_twice_then_ends_safely() -> None:
    chat = in_screening()
    question = chat.said[-1]
    for _ in range(2):
        chat._record(chat.dialog.handle(NotUnderstood(), chat.now))
        assert chat.said[-1] == question and chat.ending is None
    chat._record(chat.dialog.handle(NotUnderstood(), chat.now))
    assert chat.ending == End("unclear", CONTENT.screening[0].covers)
    assert "doctor" in chat.said[-1]


def test_not_understood_is_never_a_no() -> None:
    chat = in_screening()
    chat._record(chat.dialog.handle(NotUnderstood(), chat.now))
    chat.hear("no")
    assert chat.listening.covers == CONTENT.screening[1].covers  # one clear no: one question
