"""The command line: parses flags, builds `Settings`, hands over to one `commands/` module."""

import argparse
import contextlib
import importlib
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from assistant.config import DEFAULT_CONTENT_DIR, DEFAULT_MODELS_DIR, Settings
from assistant.errors import (
    EXIT_INTERNAL,
    EXIT_SIGNAL_BASE,
    Interrupted,
    UserFacingError,
)

Command = Callable[[argparse.Namespace, Settings], int]


class _Parser(argparse.ArgumentParser):
    """Bad flags get one line and exit status 2, like every other user error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def _add_voice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=["auto", "vosk", "pocketsphinx"], default="auto")
    parser.add_argument("--model", type=Path, help="a Vosk model directory")
    parser.add_argument("--input-device", help="microphone: sounddevice name or index")
    parser.add_argument("--output-device", help="speaker: sounddevice name or index")
    parser.add_argument("--voice", default=Settings.voice, help="espeak-ng voice for the assistant")
    parser.add_argument(
        "--rate", type=int, default=Settings.rate_wpm, help="speaking rate, words per minute"
    )
    parser.add_argument(
        "--volume", type=float, default=Settings.volume, help="speaking volume, 0.1 to 1.0"
    )
    parser.add_argument(
        "--echo-cancel",
        action="store_true",
        help="experimental: cancel the speaker's echo (WebRTC AEC3); off by default",
    )
    parser.add_argument(
        "--noise-suppression", type=int, choices=range(5), default=Settings.noise_suppression,
        metavar="0-4", help=f"WebRTC noise suppression for Vosk, 0 = off "
        f"(default {Settings.noise_suppression})",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="massage-assistant",
        description="A hands-free, offline voice assistant that guides therapeutic self-massage.",
    )
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT_DIR, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command")

    run = commands.add_parser("run", help="the live voice session (the default)")
    _add_voice_options(run)

    demo = commands.add_parser("demo", help="a whole spoken session on virtual audio devices")
    _add_voice_options(demo)
    demo.add_argument("--out", type=Path, default=Path("demo"), help="where to write the demo")

    chat = commands.add_parser("chat", help="a text session (type your side)")
    chat.add_argument("--jsonl", action="store_true", help="machine form: JSON lines on stdout")
    chat.add_argument("--virtual-clock", action="store_true", help="waiting costs no real time")
    chat.add_argument("--hear", action="store_true", help="take your side from the microphone")
    _add_voice_options(chat)

    content = commands.add_parser("content", help="content tools")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    content_commands.add_parser("check", help="validate every content file")

    models = commands.add_parser("models", help="speech recognition models")
    model_commands = models.add_subparsers(dest="models_command", required=True)
    model_list = model_commands.add_parser("list", help="installed models and the engine in use")
    model_list.add_argument("--model", type=Path)
    model_list.add_argument("--models-dir", type=Path, default=DEFAULT_MODELS_DIR)
    download = model_commands.add_parser("download", help="fetch the small English Vosk model")
    download.add_argument("--url", help="where to fetch the model zip from (before Maven)")
    download.add_argument(
        "--if-missing", action="store_true", help="do nothing if the model is installed"
    )
    download.add_argument("--models-dir", type=Path, default=DEFAULT_MODELS_DIR)

    commands.add_parser("devices", help="list audio input and output devices")

    listen = commands.add_parser("listen", help="recognise speech from files or the microphone")
    listen.add_argument("files", nargs="*", type=Path, help="WAV files")
    listen.add_argument("--mic", action="store_true", help="listen to the microphone")
    listen.add_argument("--expect", default="yes,no,stop", help="comma-separated phrases")
    _add_voice_options(listen)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Commands without the voice options keep `Settings`' own defaults. Raises ValueError
    for values out of range (`Settings` checks them)."""
    defaults = Settings()
    return Settings(
        content_dir=args.content,
        engine=getattr(args, "engine", defaults.engine),
        model_path=getattr(args, "model", defaults.model_path),
        models_dir=getattr(args, "models_dir", defaults.models_dir),
        input_device=getattr(args, "input_device", defaults.input_device),
        output_device=getattr(args, "output_device", defaults.output_device),
        voice=getattr(args, "voice", defaults.voice),
        rate_wpm=getattr(args, "rate", defaults.rate_wpm),
        volume=getattr(args, "volume", defaults.volume),
        echo_cancel=getattr(args, "echo_cancel", defaults.echo_cancel),
        noise_suppression=getattr(args, "noise_suppression", defaults.noise_suppression),
    )


def _command_for(args: argparse.Namespace) -> Command:
    """`assistant.commands.<name>.main`, imported only when chosen, so that `chat` and
    `content check` never load audio libraries."""
    module = importlib.import_module(f"assistant.commands.{args.command}")
    command: Command = module.main
    return command


def _raise_interrupted(signal_number: int, _frame: object) -> None:
    raise Interrupted(signal_number, signal.Signals(signal_number).name)


def _say(line: str) -> None:
    """One line on stderr; after SIGHUP the terminal may be gone, and that must not raise."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "run"])
    handlers = {n: signal.signal(n, _raise_interrupted) for n in (signal.SIGTERM, signal.SIGHUP)}
    try:
        settings = settings_from(args)
    except ValueError as error:
        parser.error(str(error))
    try:
        return _command_for(args)(args, settings)
    except UserFacingError as error:
        _say(f"error: {error}")
        return error.exit_status
    except KeyboardInterrupt:
        _say("Stopped.")
        return EXIT_SIGNAL_BASE + signal.SIGINT
    except Interrupted as interrupted:
        _say(f"Stopped ({interrupted}).")
        return EXIT_SIGNAL_BASE + interrupted.signal_number
    except BrokenPipeError:
        return EXIT_SIGNAL_BASE + signal.SIGPIPE  # whoever read our output has gone
    except Exception as error:  # the last line of defence: a bug says what, in one line
        _say(f"error: internal error, please report it: {type(error).__name__}: {error}")
        return EXIT_INTERNAL
    finally:  # a caller in the same process (a test) keeps its own handlers
        for number, handler in handlers.items():
            signal.signal(number, handler)
