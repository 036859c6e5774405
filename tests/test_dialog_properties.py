"""Invariants that hold whatever the user says, and whenever they say nothing."""

from hypothesis import event, given, settings
from hypothesis import strategies as st

from assistant.core.actions import End, Say
from assistant.core.understanding import Answer, screening_answer
from assistant.core.words import normalise
from tests.conversation import Conversation, real_content

CONTENT = real_content()
WORDS = CONTENT.vocabulary
STRANGERS = ["go", "bingo", "no way", "yes please", "know", "I don't", "no no", "", "um", "left"]
DISCLOSURES = ["I'm pregnant", "yes I am pregnant", "I have a fever", "I've had a drink",
               "no but I had a miscarriage", "I am drunk", "I gave birth last month",
               "I have cancer", "I'm exhausted"]  # fmt: skip
QUESTIONS = ["is it safe when pregnant", "can I do it with a fever", "is it safe with cancer",
             "what are the contraindications", "how long does it take"]  # fmt: skip
ANSWERS = (*WORDS.screening_phrases(), *WORDS.confirm_phrases())

# One user turn: say a phrase the assistant expects now, say something else, keep quiet, or wait.
cooperate = st.tuples(st.just("cooperate"), st.integers(min_value=0, max_value=100))
turn = st.one_of(
    cooperate,
    st.tuples(st.just("answer"), st.sampled_from(ANSWERS)),
    st.tuples(st.just("expected"), st.integers(min_value=0, max_value=10_000)),
    st.tuples(st.just("stranger"), st.sampled_from(STRANGERS)),
    st.tuples(st.just("text"), st.text(max_size=20)),
    st.tuples(st.just("back"), st.sampled_from(["go back", "back", "previous question"])),
    st.tuples(st.just("question"), st.sampled_from(QUESTIONS)),
    st.tuples(st.just("silence"), st.none()),
    st.tuples(st.just("wait"), st.floats(min_value=0, max_value=400)),
)
disclose = st.tuples(st.just("disclose"), st.sampled_from(DISCLOSURES))

# Mostly the answers that lead into a guided step, with anything else mixed in.
mostly_cooperative = st.builds(
    lambda roll, pick, other: ("cooperate", pick) if roll < 92 else other,
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=100),
    st.one_of(turn, disclose),
)


def play(chat: Conversation, move: tuple[str, object]) -> None:
    kind, value = move
    if kind == "cooperate":
        pick = int(str(value))
        replies = {
            "screening": WORDS.screening.no[pick % len(WORDS.screening.no)],
            "confirm": WORDS.confirm.yes[pick % len(WORDS.confirm.yes)],
            "session": "how much time is left",
        }
        chat.hear(replies.get(chat.listening.context, "start the palm massage"))
    elif kind == "expected":
        expect = chat.listening.expect
        chat.hear(expect[int(str(value)) % len(expect)])
    elif kind == "silence":
        chat.silence()
    elif kind == "wait":
        chat.wait(float(str(value)))
    else:
        chat.hear(str(value))


def heard_clean_screen(chat: Conversation) -> bool:
    """Every safety question was answered with a clear 'no' in this session."""
    answered_no = {
        covers
        for covers, words in chat.heard
        if covers and screening_answer(CONTENT, covers, normalise(words)) is Answer.NO
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
@given(st.lists(mostly_cooperative, min_size=30, max_size=80))
def test_no_instruction_after_a_disclosure(moves: list[tuple[str, object]]) -> None:
    chat = Conversation(CONTENT)
    disclosed_at: int | None = None
    for move in moves:
        if chat.ending is not None:
            break
        if move[0] == "disclose" and disclosed_at is None:
            disclosed_at = len(chat.transcript)
            event("disclosed")
        play(chat, move)
    if disclosed_at is not None:
        after = [a for _, a in chat.transcript[disclosed_at:]]
        assert not any(isinstance(a, Say) and a.kind == "instruction" for a in after)
        assert chat.ending is not None and chat.ending.reason in {"contraindicated", "stopped"}


@settings(max_examples=300, deadline=None)
@given(st.lists(turn, max_size=60))
def test_unclear_answers_are_asked_again_at_most_twice_per_screening(
    moves: list[tuple[str, object]],
) -> None:
    chat = Conversation(CONTENT)
    for move in moves:
        if chat.ending is not None:
            break
        play(chat, move)
    re_asks = 0
    for _, action in chat.transcript:
        if isinstance(action, Say) and action.text == CONTENT.phrases.screening_intro:
            re_asks = 0
        if isinstance(action, Say) and action.text == CONTENT.phrases.screening_unclear:
            re_asks += 1
            assert re_asks <= 2


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
@given(st.lists(st.one_of(turn, disclose), max_size=40))
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
    assert chat.ending.reason in {"completed", "no_response", "unclear"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(turn, disclose), max_size=40))
def test_every_turn_listens_until_the_session_ends(moves: list[tuple[str, object]]) -> None:
    """Each turn's own actions end with a listen window, or with the end of the session."""
    chat = Conversation(CONTENT)
    for move in moves:
        if chat.ending is not None:
            break
        before = len(chat.transcript)
        play(chat, move)
        actions = [action for _, action in chat.transcript[before:]]
        if actions:
            assert type(actions[-1]).__name__ in {"Listen", "End"}, actions
            if isinstance(actions[-1], End):
                assert chat.ending is not None
            else:
                assert actions[-1].expect  # type: ignore[union-attr]
    ends = [action for _, action in chat.transcript if isinstance(action, End)]
    assert len(ends) <= 1
