"""`massage-assistant run`: the live voice session on the chosen devices (the demo if none)."""

import argparse
import sys

from assistant.config import Settings


def main(args: argparse.Namespace, settings: Settings) -> int:
    """The live session on the chosen devices; the demo when the machine has none."""
    from assistant.adapters.factory import open_parts
    from assistant.content_files import load_content
    from assistant.core.dialog import Dialog
    from assistant.voice.display import ScreenDisplay
    from assistant.voice.self_echo import URGENT_PHRASES
    from assistant.voice.wiring import SessionParts, run_session

    if not _has_audio_devices():
        print("No audio devices found: running the demo instead (virtual devices).")
        from assistant.commands.demo import main as main_demo

        return main_demo(args, settings)
    dialog = Dialog(load_content(settings.content_dir))
    audio = open_parts(settings, URGENT_PHRASES)
    reason = run_session(settings, SessionParts(dialog, audio, ScreenDisplay(sys.stdout)))
    print(f"Session ended: {reason}.")
    return 0


def _has_audio_devices() -> bool:
    import sounddevice

    devices = sounddevice.query_devices()
    return any(d["max_input_channels"] > 0 for d in devices) and any(
        d["max_output_channels"] > 0 for d in devices
    )
