"""End to end through the virtual devices with a loud, delayed echo (0 and +6 dB, 60 ms; the
reverberant room is in `test_echo_canceller`), the echo canceller on: a session whose lines say
"stop" does not stop itself. The user's "stop" and "repeat" over its speech are measured in the
bench (`benchmarks/voice.py`): through these devices they are not yet reliable (see README).
"""

import io
import threading
from collections.abc import Iterator

import pytest

from assistant.adapters.factory import make_canceller, open_parts
from assistant.adapters.pulse import VirtualAudio
from assistant.adapters.speech_synth import SpeechSynth
from assistant.chat.printing_speaker import PrintingSpeaker
from assistant.config import Settings
from assistant.voice.display import ScreenDisplay
from assistant.voice.self_echo import URGENT_PHRASES
from assistant.voice.wiring import SessionParts, build_session
from tests.conftest import PERSON_SAYING_YES
from tests.runtime_fakes import FakeDialog

pytestmark = pytest.mark.slow

OWN_STOPS = (
    "Stop at once if you feel worse. If it hurts, stop. Say stop at any time, "
    "and do not stop breathing while you press. "
)


@pytest.fixture(scope="module")
def synth() -> SpeechSynth:
    return SpeechSynth()


@pytest.fixture(params=[0.0, 6.0], ids=["echo 0 dB", "echo +6 dB"])
def loud_room(request: pytest.FixtureRequest) -> Iterator[VirtualAudio]:
    with VirtualAudio(echo_db=request.param, echo_delay_ms=60) as audio:
        yield audio


class Live:
    """The real adapters, the canceller turned on, around one session of the fake dialog."""

    def __init__(self, synth: SpeechSynth, greeting: str, step_s: float | None = None) -> None:
        settings = Settings(engine="pocketsphinx", echo_cancel=True)
        self.dialog = FakeDialog(greeting=greeting, step_s=step_s)
        self.audio = open_parts(settings, URGENT_PHRASES, synth)
        self.speaker = self.audio.speaker
        display = ScreenDisplay(io.StringIO())
        self.loop = build_session(settings, SessionParts(self.dialog, self.audio, display))

    def run(self) -> str:
        try:
            return self.loop.run()
        finally:
            self.audio.close()


def heard(live: Live) -> list[str]:
    return [getattr(event, "text", "") for _, event in live.dialog.heard()]


def test_a_session_whose_lines_say_stop_does_not_stop_itself(
    loud_room: VirtualAudio, synth: SpeechSynth
) -> None:
    live = Live(synth, "Shall we begin?", step_s=25.0)
    live.dialog.instruction = OWN_STOPS + live.dialog.instruction
    threading.Timer(2.5, lambda: loud_room.play_into_mic(PERSON_SAYING_YES)).start()
    assert live.run() == "completed"
    assert [line.text for line in live.speaker.history()][-3:] == [
        "Ten seconds.", "Twenty seconds.", "Well done."
    ]  # fmt: skip
    assert "stop" not in heard(live)


def test_without_a_reference_to_align_on_it_falls_back_with_one_notice(
    virtual_audio: VirtualAudio, caplog: pytest.LogCaptureFixture
) -> None:
    """A speaker that prints (chat --hear) keeps no record of samples played."""
    from assistant.adapters.microphone import SoundDeviceMicrophone

    microphone = SoundDeviceMicrophone(None, block_ms=50)
    try:
        canceller = make_canceller(Settings(), PrintingSpeaker(io.StringIO()), microphone)
    finally:
        microphone.close()
    assert canceller is None
    assert [r.getMessage() for r in caplog.records] == [
        "echo cancellation is off: these devices give it no reference"
    ]
