"""Hearing the user: the recogniser factory and the `listen`, `devices` and `models` commands."""

import argparse
import json
import os
import wave
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import soxr

from assistant.adapters import models
from assistant.config import Settings
from assistant.errors import UserFacingError
from assistant.ports import Hypothesis, Microphone, Recognizer

BLOCK_BYTES = 3200
"""100 ms of 16 kHz int16: the block size the microphone delivers, so files stream the same."""


def make_recognizer(settings: Settings) -> Recognizer:
    """Vosk if a model is found (or asked for), else PocketSphinx, which needs no download."""
    model = models.find_model(settings, os.environ)
    if settings.engine == "pocketsphinx" or (settings.engine == "auto" and model is None):
        from assistant.adapters.pocketsphinx_engine import PocketSphinxRecognizer

        return PocketSphinxRecognizer()
    if model is None:
        raise UserFacingError(
            f"no Vosk model: run `massage-assistant models download`, pass --model DIR, "
            f"or set {models.MODEL_ENV}"
        )
    from assistant.adapters.vosk_engine import VoskRecognizer, load_model

    try:
        return VoskRecognizer(load_model(models.require_model(model)))
    except RuntimeError as error:
        raise UserFacingError(str(error)) from error


def make_microphone(settings: Settings) -> Microphone:
    """The input device from `--input-device` (name or index), else the system default."""
    from assistant.adapters.microphone import SoundDeviceMicrophone

    return SoundDeviceMicrophone(settings.input_device)


def read_wav(path: Path) -> bytes:
    """Any PCM WAV (8/16/32-bit, any rate, any channels) as 16 kHz mono int16."""
    try:
        with wave.open(str(path)) as audio:
            width, channels, rate = audio.getsampwidth(), audio.getnchannels(), audio.getframerate()
            raw = audio.readframes(audio.getnframes())
    except FileNotFoundError as error:
        raise UserFacingError(f"{path}: no such file") from error
    except (wave.Error, EOFError) as error:
        raise UserFacingError(f"{path}: not a PCM WAV file ({error})") from error
    if width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width in (2, 4):
        kind = np.int16 if width == 2 else np.int32
        samples = np.frombuffer(raw, dtype=kind).astype(np.float32) / float(np.iinfo(kind).max)
    else:
        raise UserFacingError(f"{path}: {8 * width}-bit samples are not supported")
    mono = samples.reshape(-1, channels).mean(axis=1)
    resampled = soxr.resample(mono, rate, 16000) if rate != 16000 else mono
    return bytes((np.clip(resampled, -1.0, 1.0) * 32767).astype(np.int16).tobytes())


def _line(hypothesis: Hypothesis, source: str | None) -> str:
    if not hypothesis.final:
        return json.dumps({"partial": hypothesis.text})
    fields: dict[str, str | float] = {"file": source} if source is not None else {}
    fields |= {"final": hypothesis.text, "word": hypothesis.word}
    fields["confidence"] = round(hypothesis.confidence, 3)
    return json.dumps(fields, ensure_ascii=False)


def _hear_file(recognizer: Recognizer, path: Path) -> Iterator[Hypothesis]:
    pcm = read_wav(path)
    for start in range(0, len(pcm), BLOCK_BYTES):
        if (hypothesis := recognizer.accept(pcm[start : start + BLOCK_BYTES])) is not None:
            yield hypothesis
    if (hypothesis := recognizer.finish()) is not None:
        yield hypothesis


def _hear_microphone(recognizer: Recognizer, microphone: Microphone) -> Iterator[Hypothesis]:
    """Until interrupted (Ctrl-C); each utterance ends on its own silence."""
    try:
        while True:
            block = microphone.read(timeout_s=0.5)
            if block is not None and (hypothesis := recognizer.accept(block)) is not None:
                yield hypothesis
    finally:
        microphone.close()


def main_listen(args: argparse.Namespace, settings: Settings) -> int:
    if bool(args.files) == bool(args.mic):
        raise UserFacingError("give WAV files to recognise, or --mic (not both)")
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise UserFacingError(f"no such file: {', '.join(missing)}")
    expected = [p.strip() for p in args.expect.split(",") if p.strip()]
    recognizer = make_recognizer(settings)
    if args.mic:
        recognizer.set_expected(expected)
        for hypothesis in _hear_microphone(recognizer, make_microphone(settings)):
            print(_line(hypothesis, None), flush=True)
        return 0
    for path in args.files:
        recognizer.set_expected(expected)
        for hypothesis in _hear_file(recognizer, path):
            print(_line(hypothesis, str(path)), flush=True)
    return 0


def main_devices(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.adapters.microphone import list_devices

    devices = list_devices()
    if not devices:
        print("no audio devices found")
    for d in devices:
        kinds = ", ".join(k for k, n in (("input", d.inputs), ("output", d.outputs)) if n)
        mark = " (default)" if d.default else ""
        print(f"{d.index:3}  {d.name}  [{kinds}, {d.rate_hz} Hz]{mark}")
    return 0


def _download(args: argparse.Namespace, settings: Settings) -> int:
    """`--if-missing` (make run, make test): nothing to do when the model is already there."""
    from assistant.adapters import model_install

    source = model_install.SMALL_EN_US
    if args.url:
        source = replace(source, url=args.url)
    target = settings.models_dir / source.name
    if args.if_missing and models.inspect_model(target).problem is None:
        return 0
    print(f"installed {model_install.install(settings.models_dir, source)}")
    return 0


def main_models(args: argparse.Namespace, settings: Settings) -> int:
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
