"""Devices failing under a live session on the virtual devices: the microphone's stream lost
mid-session (and a new one opened after), the speaker's stream lost, and a reader that falls
behind the microphone."""

import io
import threading
import time

import pytest

from assistant.adapters.factory import make_microphone, open_parts
from assistant.adapters.microphone import BACKLOG_S
from assistant.adapters.pulse import MIC, SPEAKER, VirtualAudio
from assistant.adapters.speech_synth import SpeechSynth
from assistant.config import Settings
from assistant.errors import EXIT_AUDIO, UserFacingError
from assistant.ports import Speaker
from assistant.voice.display import ScreenDisplay
from assistant.voice.self_echo import URGENT_PHRASES
from assistant.voice.wiring import SessionParts, run_session
from tests.runtime_fakes import FakeDialog

pytestmark = pytest.mark.slow

LONG_LINE = (
    "Place both palms on your belly and move them slowly in wide circles, clockwise, "
    "following the large intestine. Keep the pressure light and your breathing slow and even."
)
SETTINGS = Settings(engine="pocketsphinx", mic_block_ms=50)


@pytest.fixture(scope="module")
def synth() -> SpeechSynth:
    return SpeechSynth()


def session_losing(audio: VirtualAudio, synth: SpeechSynth, sink: str) -> tuple[str, Speaker]:
    """A session whose `sink` stops delivering (suspended, as a device gone to sleep or
    pulled out does) after 1.5 s; it is woken again at the end of the test."""
    parts = open_parts(SETTINGS, URGENT_PHRASES, synth)
    dialog = FakeDialog(greeting=LONG_LINE)
    threading.Timer(1.5, lambda: audio.pactl("suspend-sink", sink, "1")).start()
    started = time.monotonic()
    try:
        with pytest.raises(UserFacingError) as ended:
            run_session(SETTINGS, SessionParts(dialog, parts, ScreenDisplay(io.StringIO())))
    finally:
        audio.pactl("suspend-sink", sink, "0")
    assert time.monotonic() - started < 15, "a lost device must end the session promptly"
    assert ended.value.exit_status == EXIT_AUDIO
    return str(ended.value), parts.speaker


def test_the_microphone_lost_mid_session_ends_it_aloud_and_a_new_one_opens(
    virtual_audio: VirtualAudio, synth: SpeechSynth
) -> None:
    message, speaker = session_losing(virtual_audio, synth, MIC)
    assert message.startswith("the microphone") and message.endswith("the session has ended")
    said = [line.text for line in speaker.history()]
    assert said[0] == LONG_LINE and said[-1].startswith("Sorry, the microphone")
    microphone = make_microphone(SETTINGS)  # the device is back: a new session can start
    try:
        blocks = [microphone.read(0.5) for _ in range(10)]
        assert all(block is not None for block in blocks)
    finally:
        microphone.close()


def test_the_speaker_lost_mid_session_ends_it_with_one_line(
    virtual_audio: VirtualAudio, synth: SpeechSynth
) -> None:
    message, _ = session_losing(virtual_audio, synth, SPEAKER)
    assert message.startswith("the speaker") and "the session has ended" in message


def test_a_reader_that_falls_behind_keeps_only_the_latest_second_and_counts_the_rest(
    virtual_audio: VirtualAudio,
) -> None:
    microphone = make_microphone(SETTINGS)
    try:
        microphone.read(1.0)
        time.sleep(3.0)  # the machine is busy: nobody reads
        backlog = 0
        while microphone.read(0.0) is not None:
            backlog += 1
        block_s = SETTINGS.mic_block_ms / 1000
        assert backlog <= BACKLOG_S / block_s + 1
        assert microphone.overflows >= (3.0 - BACKLOG_S) / block_s * 0.8
        assert microphone.read(0.5) is not None  # and it goes on delivering
    finally:
        microphone.close()
