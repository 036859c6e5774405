"""`massage-assistant listen`: what the recogniser hears in WAV files or from the microphone.

One JSON object a line: partial hypotheses, then each final with its matched word and confidence.
"""

import argparse
import json
from collections.abc import Iterator

from assistant.adapters.factory import make_microphone, make_recognizer
from assistant.adapters.wav import read_wav
from assistant.config import SAMPLE_RATE_HZ, Settings
from assistant.errors import UserFacingError
from assistant.ports import Hypothesis, Microphone, Recognizer

FILE_BLOCK_MS = 100
"""Files are fed in blocks like a microphone's, so they stream the same."""
BLOCK_BYTES = SAMPLE_RATE_HZ * FILE_BLOCK_MS // 1000 * 2


def _line(hypothesis: Hypothesis, source: str | None) -> str:
    if not hypothesis.final:
        return json.dumps({"partial": hypothesis.text})
    fields: dict[str, str | float | None] = {"file": source} if source is not None else {}
    fields |= {"final": hypothesis.text, "word": hypothesis.word}
    confidence = hypothesis.confidence
    fields["confidence"] = round(confidence, 3) if confidence is not None else None
    return json.dumps(fields, ensure_ascii=False)


def hear_pcm(
    recognizer: Recognizer, pcm: bytes, block_bytes: int = BLOCK_BYTES
) -> Iterator[Hypothesis]:
    """Everything the recogniser reports for `pcm` fed in blocks, then at the end of audio."""
    for start in range(0, len(pcm), block_bytes):
        if (hypothesis := recognizer.accept(pcm[start : start + block_bytes])) is not None:
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


def main(args: argparse.Namespace, settings: Settings) -> int:
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
        for hypothesis in hear_pcm(recognizer, read_wav(path)):
            print(_line(hypothesis, str(path)), flush=True)
    return 0
