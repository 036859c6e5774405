"""`massage-assistant models`: the installed Vosk models and the engine in use; download one."""

import argparse
import os
from dataclasses import replace

from assistant.adapters import model_install, models
from assistant.config import Settings


def _download(args: argparse.Namespace, settings: Settings) -> int:
    """`--if-missing` (make models, run by make run and make test): nothing to do when the
    model is already there."""
    source = model_install.SMALL_EN_US
    if args.url:
        source = replace(source, url=args.url)
    target = settings.models_dir / source.name
    if args.if_missing and models.inspect_model(target).problem is None:
        return 0
    print(f"installed {model_install.install(settings.models_dir, source)}")
    return 0


def main(args: argparse.Namespace, settings: Settings) -> int:
    if args.models_command == "download":
        return _download(args, settings)
    for info in models.installed_models(settings.models_dir):
        state = info.problem or ("ready" if info.grammar else "ready, but cannot switch grammars")
        print(f"{info.path}: {state}")
    chosen = models.find_model(settings, os.environ)
    if settings.engine == "pocketsphinx" or chosen is None:
        print("engine: pocketsphinx (built in)" + ("" if chosen else "; no Vosk model installed"))
    else:
        problem = models.inspect_model(chosen).problem
        print(f"engine: vosk, model {chosen}" + (f" - unusable: {problem}" if problem else ""))
    return 0
