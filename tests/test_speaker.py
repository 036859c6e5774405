"""The real speaker on the virtual devices: it plays, queues, and falls silent on abort."""

import itertools
import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from assistant.adapters.duplex import DuplexStream
from assistant.adapters.pulse import Recording, VirtualAudio
from assistant.adapters.speaker import BLOCK_S, SoundDeviceSpeaker
from assistant.adapters.speech_synth import SpeechSynth
from assistant.config import Settings
from assistant.ports import AudioDeviceLost

pytestmark = pytest.mark.slow

LONG_LINE = "Place both palms on your belly and move them slowly in wide circles, clockwise."


@pytest.fixture
def speaker(virtual_audio: VirtualAudio, synth: SpeechSynth) -> Iterator[SoundDeviceSpeaker]:
    speaker = SoundDeviceSpeaker(Settings(), synth, marked_phrases=("stop",))
    yield speaker
    speaker.close()


def wait_until(condition: Callable[[], bool], limit_s: float = 15.0) -> None:
    end = time.monotonic() + limit_s
    while not condition() and time.monotonic() < end:
        time.sleep(0.02)


def loud_times(recording: Recording) -> list[float]:
    """The times of the 10 ms windows that hold sound."""
    samples = recording.samples()
    windows = samples[: len(samples) // 160 * 160].reshape(-1, 160)
    loud = np.flatnonzero(np.abs(windows).max(axis=1) > 1000)
    return [recording.time_of(int(i) * 160 + 159) for i in loud]


def test_a_line_is_played_on_the_device(
    virtual_audio: VirtualAudio, speaker: SoundDeviceSpeaker
) -> None:
    with virtual_audio.record() as recording:
        speaker.say("Take a slow breath in.")
        assert speaker.is_speaking()
        wait_until(lambda: not speaker.is_speaking())
        time.sleep(0.2)  # the recorder's own latency
    assert loud_times(recording)
    (line,) = speaker.history()
    assert line.text == "Take a slow breath in." and line.ended_at is not None


def test_lines_queue_in_order_and_none_is_dropped(speaker: SoundDeviceSpeaker) -> None:
    for text in ("First line.", "Ten seconds left.", "Five seconds left."):
        speaker.say(text)
    wait_until(lambda: not speaker.is_speaking())
    played = speaker.history()
    assert [line.text for line in played] == [
        "First line.",
        "Ten seconds left.",
        "Five seconds left.",
    ]
    assert all(
        a.ended_at is not None and a.ended_at <= b.started_at for a, b in itertools.pairwise(played)
    )


def test_abort_silences_the_speaker_mid_line(
    virtual_audio: VirtualAudio, speaker: SoundDeviceSpeaker
) -> None:
    with virtual_audio.record() as recording:
        speaker.say(LONG_LINE)
        speaker.say("This line is queued and must never be heard.")
        wait_until(lambda: bool(loud_times(recording)))
        time.sleep(0.5)
        aborted_at = time.monotonic()
        speaker.abort()
        assert not speaker.is_speaking()
        time.sleep(1.0)
    loud = loud_times(recording)
    assert loud and loud[0] < aborted_at
    # Nothing is heard after the cut (beyond what the device had already buffered).
    assert max(loud) < aborted_at + 0.2
    assert [line.text for line in speaker.history()] == [LONG_LINE]


def test_marked_phrases_are_placed_in_time(speaker: SoundDeviceSpeaker) -> None:
    speaker.say("If it hurts, stop at once.")
    wait_until(lambda: not speaker.is_speaking())
    (line,) = speaker.history()
    ((phrase, start, end),) = line.marked
    assert phrase == "stop"
    assert line.started_at < start < end <= line.ended_at  # type: ignore[operator]


def test_slower_speech_takes_longer_and_quieter_is_quieter(
    virtual_audio: VirtualAudio, speaker: SoundDeviceSpeaker
) -> None:
    def play(text: str) -> tuple[float, int]:
        with virtual_audio.record() as recording:
            speaker.say(text)
            wait_until(lambda: not speaker.is_speaking())
            time.sleep(0.2)
        (line, *_) = speaker.history()[-1:]
        assert line.ended_at is not None
        return line.ended_at - line.started_at, int(np.abs(recording.samples()).max())

    normal_s, normal_peak = play(LONG_LINE)
    speaker.adjust(rate_delta_wpm=-40, volume_delta=-0.5)
    slow_s, quiet_peak = play(LONG_LINE)
    assert slow_s > normal_s * 1.15
    assert quiet_peak < normal_peak * 0.75


def test_a_device_that_disappears_is_a_clear_error(synth: SpeechSynth) -> None:
    with VirtualAudio() as audio:
        speaker = SoundDeviceSpeaker(Settings(), synth)
        speaker.say(LONG_LINE)
        audio.unplug()
        with pytest.raises(AudioDeviceLost, match="speaker"):
            wait_until(lambda: not speaker.is_speaking(), limit_s=10)
        speaker.close()


def test_abort_on_a_duplex_stream_keeps_it_running_and_silences_after_its_buffer(
    virtual_audio: VirtualAudio, synth: SpeechSynth
) -> None:
    """Restarted, the duplex stream would pair its directions at a new lag and the echo
    canceller would start over at every "stop": the stream runs on, and the line ends when
    what the device held has played out (the time the speaker reports)."""
    stream = DuplexStream(None, None, BLOCK_S)
    speaker = SoundDeviceSpeaker(Settings(), synth, open_stream=stream.open_output)
    try:
        with virtual_audio.record() as recording:
            speaker.say(LONG_LINE)
            speaker.say("This line is queued and must never be heard.")
            wait_until(lambda: bool(loud_times(recording)))
            time.sleep(0.5)
            speaker.abort()
            assert not speaker.is_speaking()
            time.sleep(1.5)
        (line,) = speaker.history()
        assert line.text == LONG_LINE and line.ended_at is not None
        assert stream.runs == 1 and stream.active
        assert abs(max(loud_times(recording)) - line.ended_at) < 0.15
    finally:
        speaker.close()


def test_a_duplex_stream_whose_device_disappears_is_a_clear_error(synth: SpeechSynth) -> None:
    """The stalled stream is started again (`duplex.STALL_S`); where it cannot be, the speaker
    says the device is lost rather than failing with PortAudio's error."""
    with VirtualAudio() as audio:
        stream = DuplexStream(None, None, BLOCK_S)
        speaker = SoundDeviceSpeaker(Settings(), synth, open_stream=stream.open_output)
        speaker.say(LONG_LINE)
        audio.unplug()
        with pytest.raises(AudioDeviceLost, match="speaker"):
            wait_until(lambda: not speaker.is_speaking(), limit_s=10)
        speaker.close()
