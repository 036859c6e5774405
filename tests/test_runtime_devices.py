"""The voice loop end to end on PulseAudio null sinks, with the real speaker and recogniser.

The user is a real person's "yes" and "stop" (Speech Commands) played into the virtual microphone;
the assistant's own voice comes back through the echo path.
"""

import io
import threading
from collections.abc import Iterator

import pytest

from assistant.adapters.factory import open_parts
from assistant.adapters.pulse import SPEAKER, VirtualAudio
from assistant.adapters.speech_synth import SpeechSynth
from assistant.config import Settings
from assistant.ports import AudioDeviceLost
from assistant.voice.display import ScreenDisplay
from assistant.voice.self_echo import URGENT_PHRASES
from assistant.voice.wiring import SessionParts, build_session
from tests.conftest import PERSON_SAYING_STOP, PERSON_SAYING_YES
from tests.runtime_fakes import FakeDialog

pytestmark = pytest.mark.slow

LONG_LINE = (
    "Place both palms on your belly and move them slowly in wide circles, clockwise, "
    "following the large intestine. Keep the pressure light and your breathing slow and even. "
    "Shall we begin?"
)
OWN_STOPS = (
    "Stop at once if you feel worse, and consult a doctor. If it hurts, stop. "
    "Say stop at any time. Do not stop breathing. Shall we begin?"
)


class Live:
    """The real adapters on the current virtual devices, around one session."""

    def __init__(self, synth: SpeechSynth, greeting: str, step_s: float | None = None) -> None:
        settings = Settings(engine="pocketsphinx")
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


@pytest.fixture
def no_echo(virtual_audio: VirtualAudio) -> Iterator[VirtualAudio]:
    """A headset: the user's voice reaches the microphone, the assistant's does not."""
    level = virtual_audio.echo_db
    virtual_audio.set_echo(None)
    yield virtual_audio
    virtual_audio.set_echo(level)


def test_a_session_with_its_cues_completes_over_the_echo_path(
    virtual_audio: VirtualAudio, synth: SpeechSynth
) -> None:
    """A real person's "yes" after the greeting; the step's instruction and both cues are
    spoken in order, each once, and the step's end completes the session."""
    assert virtual_audio.echo_db is not None
    live = Live(synth, "Shall we begin?", step_s=25.0)
    threading.Timer(2.5, lambda: virtual_audio.play_into_mic(PERSON_SAYING_YES)).start()
    assert live.run() == "completed"
    assert [line.text for line in live.speaker.history()] == [
        "Shall we begin?", live.dialog.instruction, "Ten seconds.", "Twenty seconds.", "Well done."
    ]  # fmt: skip
    assert [type(event).__name__ for _, event in live.dialog.heard()] == ["Heard"]


def test_stop_mid_sentence_ends_the_session_and_silences_the_speaker(
    no_echo: VirtualAudio, synth: SpeechSynth
) -> None:
    live = Live(synth, LONG_LINE)
    threading.Timer(2.5, lambda: no_echo.play_into_mic(PERSON_SAYING_STOP)).start()
    with no_echo.record(f"{SPEAKER}.monitor"):
        assert live.run() == "stopped"
    interrupted, closing = live.speaker.history()
    assert interrupted.text == LONG_LINE and closing.text == "Stopped."
    assert interrupted.ended_at is not None
    # Cut off mid-sentence: well before the line's own end (it lasts about 9 s).
    assert interrupted.ended_at - interrupted.started_at < 5.0


def test_the_assistants_own_stop_through_the_echo_does_not_end_it(
    virtual_audio: VirtualAudio, synth: SpeechSynth
) -> None:
    assert virtual_audio.echo_db is not None
    live = Live(synth, OWN_STOPS)
    assert live.run() == "no_response"
    assert not [event for _, event in live.dialog.heard() if getattr(event, "text", "") == "stop"]


def test_an_audio_device_that_disappears_ends_the_session_with_a_clear_message(
    synth: SpeechSynth,
) -> None:
    with VirtualAudio() as audio:
        live = Live(synth, LONG_LINE)
        threading.Timer(1.5, audio.unplug).start()
        with pytest.raises(AudioDeviceLost, match="unplugged"):
            live.run()
