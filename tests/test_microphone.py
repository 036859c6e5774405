"""The microphone adapter on a real audio device: PulseAudio's virtual microphone.

Speech is played into the virtual microphone and must come out of sounddevice as 16 kHz blocks
that the recogniser understands; a device that disappears ends with a clear message.
"""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.microphone import SoundDeviceMicrophone, list_devices
from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer
from assistant.adapters.pulse import VirtualAudio
from assistant.cli import main
from assistant.errors import EXIT_AUDIO, UserFacingError
from assistant.ports import AudioDeviceLost
from tests.conftest import ctrl_c_works, spoken_wav

pytestmark = pytest.mark.slow


def test_speech_played_into_the_mic_is_recognised(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    recognizer = PocketSphinxRecognizer()
    recognizer.set_expected(["yes", "no", "stop"])
    microphone = SoundDeviceMicrophone("pulse", block_ms=100)
    try:
        player = virtual_audio.play_into_mic(spoken_wav(tmp_path, "stop"))
        finals: list[str] = []
        blocks: list[int] = []
        while not finals and len(blocks) < 60:
            block = microphone.read(timeout_s=1.0)
            assert block is not None
            blocks.append(len(block))
            heard = recognizer.accept(block)
            finals += [heard.word] if heard is not None and heard.final else []
        player.wait(timeout=10)
    finally:
        microphone.close()
    assert finals == ["stop"]
    assert 3000 <= np.median(blocks) <= 3400  # 100 ms of 16 kHz int16, whatever the device's rate
    assert microphone.overflows == 0


def test_a_missing_device_is_a_clear_error(virtual_audio: VirtualAudio) -> None:
    with pytest.raises(UserFacingError, match=r"no-such-microphone.*massage-assistant devices"):
        SoundDeviceMicrophone("no-such-microphone")


def test_devices_are_listed(virtual_audio: VirtualAudio) -> None:
    names = [d.name for d in list_devices() if d.inputs]
    assert "pulse" in names


def test_losing_the_device_mid_session_ends_with_a_clear_message() -> None:
    """Its own PulseAudio, since unplugging takes every device away for good."""
    with VirtualAudio() as audio:
        microphone = SoundDeviceMicrophone("pulse", block_ms=50)
        try:
            assert microphone.read(timeout_s=2.0) is not None
            audio.unplug()
            with pytest.raises(AudioDeviceLost, match="microphone"):
                for _ in range(100):
                    microphone.read(timeout_s=0.5)
        finally:
            microphone.close()


def test_listen_mic_losing_its_device_is_one_line_and_the_audio_status() -> None:
    """`listen --mic` with its sound server gone: one error line and exit 3, no traceback."""
    with VirtualAudio() as audio:
        listener = subprocess.Popen(
            [sys.executable, "-m", "assistant", "listen", "--mic", "--input-device", "pulse",
             "--engine", "pocketsphinx"],
            env=audio.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(2.0)  # the stream is open and reading
        audio.unplug()
        _, errors = listener.communicate(timeout=30)
    assert listener.returncode == EXIT_AUDIO, errors
    assert errors.strip().splitlines()[-1].startswith("error: the microphone"), errors
    assert "Traceback" not in errors and "internal error" not in errors


def test_devices_command_lists_the_virtual_devices(
    virtual_audio: VirtualAudio, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["devices"]) == 0
    assert "pulse  [input, output" in capsys.readouterr().out


def test_listen_mic_prints_what_is_said_into_the_microphone(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "assistant", "listen", "--mic", "--input-device", "pulse"]
    listener = subprocess.Popen(
        [*command, "--engine", "pocketsphinx"],
        env=virtual_audio.env,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_works,
    )
    try:
        assert listener.stdout is not None
        time.sleep(1.0)  # the recogniser loads and the stream opens before the user speaks
        virtual_audio.play_into_mic(spoken_wav(tmp_path, "stop")).wait(timeout=10)
        final = next(line for line in listener.stdout if '"final"' in line)
    finally:
        listener.send_signal(signal.SIGINT)
        status = listener.wait(timeout=10)
    assert json.loads(final) == {"final": "stop", "word": "stop", "confidence": None}
    assert status == 130
