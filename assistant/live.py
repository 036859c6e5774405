"""`massage-assistant run`: the live voice session on the chosen devices (the demo if none)."""

import argparse
import sys

from assistant.config import Settings
from assistant.echo_gate import EchoGate
from assistant.errors import UserFacingError
from assistant.ports import AudioDeviceLost
from assistant.runtime import MIC_BLOCK_MS, MonotonicClock, VoiceSession
from assistant.self_echo import URGENT_PHRASES


def main_run(args: argparse.Namespace, settings: Settings) -> int:
    """The live session on the chosen devices; the demo when the machine has none."""
    from assistant.adapters.microphone import SoundDeviceMicrophone
    from assistant.adapters.speaker import SoundDeviceSpeaker
    from assistant.adapters.speech_synth import SpeechSynth
    from assistant.content_files import load_content
    from assistant.core.dialog import Dialog
    from assistant.display import ScreenDisplay
    from assistant.hearing import make_recognizer

    if not _has_audio_devices():
        print("No audio devices found: running the demo instead (virtual devices).")
        from assistant.demo import main_demo

        return main_demo(args, settings)
    dialog = Dialog(load_content(settings.content_dir))
    recognizer = make_recognizer(settings)
    try:
        speaker = SoundDeviceSpeaker(settings, SpeechSynth(), URGENT_PHRASES)
        microphone = SoundDeviceMicrophone(settings.input_device, block_ms=MIC_BLOCK_MS)
        try:
            reason = VoiceSession(
                dialog, microphone, recognizer, speaker, MonotonicClock(),
                ScreenDisplay(sys.stdout), echo_gate=EchoGate(speaker.loudest),
            ).run()  # fmt: skip
        finally:
            microphone.close()
            speaker.close()
    except AudioDeviceLost as lost:
        raise UserFacingError(f"{lost}; the session has ended") from lost
    print(f"Session ended: {reason}.")
    return 0


def _has_audio_devices() -> bool:
    import sounddevice

    devices = sounddevice.query_devices()
    return any(d["max_input_channels"] > 0 for d in devices) and any(
        d["max_output_channels"] > 0 for d in devices
    )
