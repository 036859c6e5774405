"""Invariants that hold whatever the user says, and whenever they say nothing."""

from hypothesis import event, given, settings
from hypothesis import strategies as st

from assistant.core.actions import Action, End, Listen, Say
from assistant.core.commands import (
    ANSWER_PHRASES,
    NO_PHRASES,
    YES_PHRASES,
    Answer,
    normalise,
    parse_answer,
)
from tests.conversation import Conversation, real_content

CONTENT = real_content()
STRANGERS = ["go", "bingo", "no way", "yes please", "know", "I don't", "no no", "", "um", "left"]

# One user turn: say a phrase the assistant expects now, say something else, keep quiet, or wait.
cooperate = st.tuples(st.just("cooperate"), st.integers(min_value=0, max_value=100))
turn = st.one_of(
    cooperate,
    st.tuples(st.just("answer"), st.integers(min_value=0, max_value=100)),
    st.tuples(st.just("expected"), st.integers(min_value=0, max_value=10_000)),
    st.tuples(st.just("stranger"), st.sampled_from(STRANGERS)),
    st.tuples(st.just("text"), st.text(max_size=20)),
    st.tuples(st.just("silence"), st.none()),
    st.tuples(st.just("wait"), st.floats(min_value=0, max_value=400)),
)

# Mostly the answers that lead into a guided step, with anything else mixed in.
mostly_cooperative = st.builds(
    lambda roll, pick, other: ("cooperate", pick) if roll < 92 else other,
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=100),
    turn,
)


def play(chat: Conversation, move: tuple[str, object]) -> list[Action]:
    """Takes one turn; returns the dialog's answer to it."""
    kind, value = move
    if kind == "cooperate":
        pick = int(str(value))
        replies = {
            "screening": NO_PHRASES[pick % len(NO_PHRASES)],
            "confirm": YES_PHRASES[pick % len(YES_PHRASES)],
            "session": "how much time is left",
        }
        return chat.hear(replies.get(chat.listening.context, "start the palm massage"))
    if kind == "answer":
        return chat.hear(ANSWER_PHRASES[int(str(value)) % len(ANSWER_PHRASES)])
    if kind == "expected":
        expect = chat.listening.expect
        return chat.hear(expect[int(str(value)) % len(expect)])
    if kind in ("stranger", "text"):
        return chat.hear(str(value))
    if kind == "silence":
        return chat.silence()
    return chat.wait(float(str(value)))


def heard_clean_screen(chat: Conversation) -> bool:
    """Every safety question was answered with a clear 'no' in this session."""
    answered_no = {
        covers
        for covers, words in chat.heard
        if covers and parse_answer(normalise(words)) is Answer.NO
    }
    return answered_no >= {question.covers for question in CONTENT.screening}


@settings(max_examples=300, deadline=None)
@given(st.lists(mostly_cooperative, min_size=30, max_size=80))
def test_no_instruction_before_a_clean_screen(moves: list[tuple[str, object]]) -> None:
    chat = Conversation(CONTENT)
    for move in moves:
        if chat.ending is not None:
            break
        play(chat, move)
        if chat.said_kind("instruction"):
            event("reached a guided step")
            assert chat.dialog.cleared
            assert heard_clean_screen(chat)


@settings(max_examples=300, deadline=None)
@given(st.lists(turn, max_size=40), st.sampled_from(["stop", "cancel", "quit", "that's enough"]))
def test_stop_always_ends_within_the_same_turn(moves: list[tuple[str, object]], stop: str) -> None:
    chat = Conversation(CONTENT)
    for move in moves:
        if chat.ending is not None:
            return
        play(chat, move)
    if chat.ending is None:
        actions = chat.hear(stop)
        assert actions[-1] == End("stopped")
        assert sum(isinstance(action, Say) for action in actions) <= 1


@settings(max_examples=200, deadline=None)
@given(st.lists(turn, max_size=40))
def test_every_session_ends_and_reprompts_stay_bounded(moves: list[tuple[str, object]]) -> None:
    chat = Conversation(CONTENT)
    for move in moves:
        if chat.ending is not None:
            return
        play(chat, move)
    if chat.ending is not None:
        return
    quiet_turns = 0
    while chat.ending is None:
        if chat.listening.context == "session":
            chat.wait(max(chat.listening.timeout_s, 1.0))
        else:
            prompts_before = len(chat.said)
            chat.silence()
            assert len(chat.said) - prompts_before <= 2
            quiet_turns += 1
            assert quiet_turns <= 3 * 3  # at most three states, each re-prompted twice
    assert chat.ending.reason in {"completed", "no_response", "contraindicated"}


@settings(max_examples=200, deadline=None)
@given(st.lists(turn, max_size=40))
def test_the_session_listens_after_every_turn_until_it_ends(
    moves: list[tuple[str, object]],
) -> None:
    """Each turn the user takes (words or silence) is answered with a listen for what may be
    said next, or with the end; time passing alone keeps the listen in force."""
    chat = Conversation(CONTENT)
    for move in moves:
        if chat.ending is not None:
            break
        answer = play(chat, move)
        ends = [action for action in answer if isinstance(action, End)]
        listens = [action for action in answer if isinstance(action, Listen)]
        if ends:
            assert ends == [answer[-1]] and not listens, "the end comes last, and only once"
        elif move[0] != "wait":
            assert listens and all(listen.expect for listen in listens), f"{move} -> {answer}"
