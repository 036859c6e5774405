"""`massage-assistant models`: the installed Vosk models and the engine in use; download one."""

import argparse
import os

from assistant.adapters import models
from assistant.config import Settings


def main(args: argparse.Namespace, settings: Settings) -> int:
    if args.models_command == "download":
        path = models.download(settings.models_dir, args.url or models.DEFAULT_MODEL_URL)
        print(f"installed {path}")
        return 0
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
