"""The voice loop's own logic, on a fake clock with fake devices: no real time passes."""

import io

import pytest

from assistant.core.events import Heard, Silence
from assistant.ports import AudioDeviceLost
from assistant.voice.barge_in import RecentAudio
from assistant.voice.display import ScreenDisplay
from assistant.voice.runtime import VoiceSession
from assistant.voice.self_echo import URGENT_PHRASES
from tests.runtime_fakes import (
    WORD_S,
    FakeCanceller,
    FakeClock,
    FakeDialog,
    FakeEchoGate,
    FakeMicrophone,
    FakeRecognizer,
    FakeSpeaker,
)


class Session:
    def __init__(
        self,
        script: dict[float, bytes],
        lost_at: float | None = None,
        speaker_delay_s: float = 0.0,
        user_over_echo_at: tuple[float, ...] | None = None,
        cancelling_from: float | None = None,
        hears_itself: bool = True,
    ) -> None:
        self.clock = FakeClock()
        self.dialog = FakeDialog()
        self.mic = FakeMicrophone(self.clock, script, lost_at)
        self.recognizer = FakeRecognizer(self.clock)
        self.speaker = FakeSpeaker(self.clock, output_delay_s=speaker_delay_s)
        self.screen = io.StringIO()
        gate = None if user_over_echo_at is None else FakeEchoGate(self.clock, user_over_echo_at)
        self.gate = gate
        self.canceller = None
        if cancelling_from is not None:
            self.canceller = FakeCanceller(self.clock, cancelling_from)
        self.loop = VoiceSession(
            self.dialog, self.mic, self.recognizer, self.speaker, self.clock,
            ScreenDisplay(self.screen), echo_gate=gate, canceller=self.canceller,
            hears_itself=hears_itself,
        )  # fmt: skip

    def run(self) -> str:
        return self.loop.run()


GREETING_ENDS = len(FakeDialog.greeting.split()) * WORD_S  # 2.1 s


def test_the_first_partial_stop_while_speaking_cuts_off_at_once() -> None:
    session = Session({1.5: b"partial:stop", 1.6: b"partial:stop", 2.4: b"final:stop"})
    assert session.run() == "stopped"
    assert session.speaker.aborted_at == [1.5]
    assert session.dialog.heard() == [(1.5, Heard("stop", 0.9, partial=True))]
    assert session.speaker.said[-1] == (1.5, "Stopped.")


def test_the_assistant_hearing_its_own_stop_goes_on() -> None:
    # "stop" is the 2nd word of the greeting: heard 0.3-0.6 s, its echo decoded until ~1.4 s.
    session = Session({0.5: b"partial:stop", 0.9: b"final:stop", 3.0: b"final:yes"})
    session.mic.script[80.0] = b"partial:stop"
    assert session.run() == "stopped"
    assert session.speaker.aborted_at == [80.0]
    assert next(e for _, e in session.dialog.heard()) == Heard("yes", 0.9)


def test_the_users_stop_after_the_assistants_own_is_still_obeyed() -> None:
    session = Session({0.5: b"partial:stop", 1.9: b"partial:stop"})
    assert session.run() == "stopped"
    assert session.speaker.aborted_at == [1.9]


def test_the_echo_alone_decoded_as_stop_does_not_stop_the_assistant() -> None:
    # "stop" decoded while the assistant talks, but no voice was heard above its echo.
    session = Session({1.5: b"partial:stop", 3.0: b"final:yes"}, user_over_echo_at=())
    session.mic.script[80.0] = b"partial:stop"
    assert session.run() == "stopped"
    assert session.speaker.aborted_at == [80.0]  # the user's stop later, when it is quiet


def test_the_users_voice_over_the_assistant_lowers_it_and_their_stop_is_obeyed() -> None:
    session = Session({1.4: b"partial:", 1.5: b"partial:stop"}, user_over_echo_at=(1.4,))
    assert session.run() == "stopped"
    assert session.speaker.aborted_at == [1.5]
    assert session.speaker.ducked[0] == (1.4, True)
    # A fresh utterance starts with the user's voice, so "stop" is not lost inside the echo's.
    assert session.recognizer.grammars[-1][0] == 1.4


def test_a_stop_begun_before_the_gate_heard_the_user_is_heard_again_after_the_restart() -> None:
    # "stop" decoded at 1.6 s, but the gate is sure of the user only at 1.7 s: the restart
    # there hears the start of the word again instead of losing it.
    session = Session({1.6: b"partial:stop"}, user_over_echo_at=(1.7,))
    assert session.run() == "stopped"
    assert session.speaker.aborted_at == [1.7]


def test_recent_audio_keeps_the_last_fraction_of_a_second_once() -> None:
    recent = RecentAudio(keep_s=0.1)  # 3200 bytes at 16 kHz
    for block in (b"a" * 1600, b"b" * 1600, b"c" * 1600):
        recent.add(block)
    assert recent.take() == b"b" * 1600 + b"c" * 1600
    assert recent.take() == b""


def test_while_speaking_only_urgent_phrases_are_listened_for() -> None:
    session = Session({3.0: b"final:yes", 5.0: b"partial:stop"})
    session.run()
    grammars = session.recognizer.grammars
    assert grammars[0] == (0.0, tuple(p for p in FakeDialog.EXPECT if p in URGENT_PHRASES))
    # The full grammar comes back once the greeting and its echo are over.
    assert grammars[1][1] == FakeDialog.EXPECT
    assert GREETING_ENDS < grammars[1][0] <= GREETING_ENDS + 0.4


def test_where_the_microphone_cannot_hear_the_speaker_the_whole_grammar_is_live_at_once() -> None:
    """`chat --hear` prints the assistant's side: a question begun as a line is printed must
    meet the menu's grammar, not the urgent phrases alone (which heard "which ..." as "quit")."""
    session = Session({3.0: b"final:yes", 5.0: b"partial:stop"}, hears_itself=False)
    session.run()
    assert session.recognizer.grammars[0] == (0.0, FakeDialog.EXPECT)
    assert not any(expect != FakeDialog.EXPECT for _, expect in session.recognizer.grammars)


def test_over_its_own_voice_with_an_echo_gate_the_recogniser_leans_towards_hearing_stop() -> None:
    session = Session({3.0: b"final:yes", 5.0: b"partial:stop"}, user_over_echo_at=(4.9,))
    session.run()
    grammars, eager = session.recognizer.grammars, session.recognizer.eager
    assert eager[0] is True  # urgent phrases only, while the greeting plays
    assert grammars[1][1] == FakeDialog.EXPECT and eager[1] is False  # quiet: refuse to guess


def test_without_an_echo_gate_the_recogniser_never_leans_towards_hearing_stop() -> None:
    session = Session({3.0: b"final:yes", 5.0: b"partial:stop"})
    session.run()
    assert session.recognizer.eager and not any(session.recognizer.eager)


def test_with_its_echo_cancelled_the_whole_grammar_is_live_while_it_speaks() -> None:
    # The canceller converges 1.0 s into the greeting; "slower" said over it at 1.6 s.
    session = Session(
        {1.6: b"final:slower", 5.0: b"partial:stop"}, user_over_echo_at=(1.5,),
        cancelling_from=1.0,
    )  # fmt: skip
    session.run()
    grammars, eager = session.recognizer.grammars, session.recognizer.eager
    assert grammars[0][1] != FakeDialog.EXPECT and eager[0]  # not converged yet: urgent only
    assert grammars[1] == (1.0, FakeDialog.EXPECT) and eager[1]
    assert session.dialog.heard()[0] == (1.6, Heard("slower", 0.9))
    assert session.canceller is not None and session.canceller.blocks > 0


def test_the_gate_learns_the_echo_afresh_once_the_canceller_has_converged() -> None:
    """What it learned of the echo before then is the echo uncancelled: kept, it would hold
    the gate shut to the user's "stop" for the next seconds."""
    session = Session({5.0: b"partial:stop"}, user_over_echo_at=(), cancelling_from=1.0)
    session.run()
    assert session.gate is not None and session.gate.relearned == 1


def test_with_its_echo_cancelled_a_phrase_over_it_still_needs_a_voice_above_the_rest() -> None:
    # "slower" decoded at 1.6 s while the gate heard no voice above what is left of the echo.
    session = Session({1.6: b"final:slower"}, user_over_echo_at=(), cancelling_from=0.0)
    session.run()
    assert next(e for _, e in session.dialog.heard()) == Silence()


def test_an_answer_heard_while_speaking_is_not_taken() -> None:
    session = Session({1.0: b"final:yes", 9.0: b"partial:stop"})
    session.run()
    assert next(e for _, e in session.dialog.heard()) == Silence()


def test_silence_is_counted_from_the_end_of_speech() -> None:
    session = Session({})
    assert session.run() == "no_response"
    ((silence_at, event),) = session.dialog.heard()
    assert event == Silence()
    assert silence_at == pytest.approx(GREETING_ENDS + 5.0, abs=0.11)


def test_no_silence_while_the_user_is_still_speaking() -> None:
    script = {round(7.0 + i / 10, 1): b"partial:" for i in range(1, 6)}  # still talking
    session = Session({7.0: b"partial:yes", **script, 7.6: b"final:", 30.0: b"partial:stop"})
    session.run()
    assert next(e for _, e in session.dialog.heard()) == Heard("yes", 0.9)


def test_cues_are_spoken_on_time_queued_behind_a_long_line_and_only_once() -> None:
    session = Session({3.0: b"final:yes", 40.0: b"partial:stop"})
    session.run()
    said = dict((text, t) for t, text in session.speaker.said)
    started = session.dialog.step_started_at
    assert started is not None
    assert said["Ten seconds."] == pytest.approx(started + 10.0, abs=1e-6)
    assert said["Twenty seconds."] == pytest.approx(started + 20.0, abs=1e-6)
    assert [text for _, text in session.speaker.said].count("Ten seconds.") == 1
    # The instruction runs past the first cue: the cue plays right after it, not over it.
    instruction, cue = session.speaker.played[1], session.speaker.played[2]
    assert instruction.ended_at is not None and instruction.ended_at > started + 10.0
    assert cue.started_at == instruction.ended_at


def test_a_cue_is_said_early_by_the_speakers_delay_so_that_it_sounds_on_time() -> None:
    session = Session({3.0: b"final:yes", 40.0: b"partial:stop"}, speaker_delay_s=0.06)
    session.run()
    said = dict((text, t) for t, text in session.speaker.said)
    started = session.dialog.step_started_at  # on the dialog's clock: when lines are heard
    assert started is not None
    assert said["Twenty seconds."] + 0.06 == pytest.approx(started + 20.0, abs=1e-6)


def test_a_microphone_that_disappears_ends_the_session_with_a_clear_error() -> None:
    session = Session({3.0: b"final:yes"}, lost_at=12.0)
    with pytest.raises(AudioDeviceLost, match="microphone"):
        session.run()


def test_the_screen_shows_step_heard_and_what_can_be_said() -> None:
    session = Session({3.0: b"final:yes", 15.0: b"partial:stop"})
    session.run()
    shown = session.screen.getvalue()
    assert "step: Tummy: circles" in shown
    assert "heard: yes" in shown
    assert "saying: Ten seconds." in shown


def test_a_symptom_word_in_a_question_waits_for_the_final_when_quiet() -> None:
    # "pain" first, as a partial of "which massage helps with pain": not a symptom report.
    session = Session(
        {4.0: b"partial:pain", 4.1: b"partial:", 4.8: b"final:", 9.0: b"partial:stop"}
    )
    session.run()
    assert Heard("pain", 0.9, partial=True) not in [e for _, e in session.dialog.heard()]


def test_a_symptom_word_over_the_assistants_speech_acts_at_once() -> None:
    session = Session({1.2: b"partial:it hurts"})
    assert session.run() == "stopped"
    assert session.speaker.aborted_at == [1.2]
