"""`massage-assistant chat`: the dialog over text (typed, or JSON lines for tools), or with
`--hear` the user's side from the microphone and the assistant's printed."""

import argparse
import sys

from assistant.chat.clock import RealClock, VirtualClock
from assistant.chat.protocol import ChatSession, Printer
from assistant.config import Settings
from assistant.content_files import load_content
from assistant.core.dialog import Dialog
from assistant.ports import ChatClock


def main(args: argparse.Namespace, settings: Settings) -> int:
    dialog = Dialog(load_content(settings.content_dir))
    if args.hear:
        return _heard_chat(dialog, settings)
    clock: ChatClock = VirtualClock() if args.virtual_clock else RealClock()
    printer = Printer(sys.stdout, args.jsonl)
    patient = not args.jsonl and not args.virtual_clock
    ChatSession(dialog, clock, printer, settings.rate_wpm, patient).run(sys.stdin)
    return 0


def _heard_chat(dialog: Dialog, settings: Settings) -> int:
    """The live session's loop, with a speaker that prints (so nothing echoes)."""
    from assistant.adapters.factory import make_microphone, make_recognizer
    from assistant.chat.printing_speaker import PrintingSpeaker
    from assistant.ports import AudioParts
    from assistant.voice.display import ScreenDisplay
    from assistant.voice.wiring import SessionParts, run_session

    recognizer = make_recognizer(settings)
    audio = AudioParts(
        make_microphone(settings), recognizer, PrintingSpeaker(sys.stdout), hears_itself=False
    )
    reason = run_session(settings, SessionParts(dialog, audio, ScreenDisplay(sys.stderr)))
    print(f"(session ended: {reason})")
    return 0
