"""`massage-assistant listen`: what the recogniser hears in WAV files or from the microphone.

One JSON object a line: partial hypotheses, then each final with its matched word and confidence.
"""

import argparse
import json
from collections.abc import Iterable, Iterator

from assistant.adapters.factory import make_microphone, make_recognizer
from assistant.adapters.wav import iter_wav
from assistant.config import SAMPLE_RATE_HZ, Settings
from assistant.errors import EXIT_AUDIO, UserFacingError
from assistant.ports import AudioDeviceLost, Hypothesis, Microphone, Recognizer

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
    return hear_stream(recognizer, [pcm], block_bytes)


def hear_stream(
    recognizer: Recognizer, chunks: Iterable[bytes], block_bytes: int = BLOCK_BYTES
) -> Iterator[Hypothesis]:
    """As `hear_pcm`, for audio that arrives in chunks of any size: an hours-long file is
    streamed, one chunk in memory at a time."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        while len(pending) >= block_bytes:
            block, pending = pending[:block_bytes], pending[block_bytes:]
            if (hypothesis := recognizer.accept(block)) is not None:
                yield hypothesis
    if pending and (hypothesis := recognizer.accept(pending)) is not None:
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
        try:
            for hypothesis in _hear_microphone(recognizer, make_microphone(settings)):
                print(_line(hypothesis, None), flush=True)
        except AudioDeviceLost as lost:  # unplugged, or its sound server gone: one line
            raise UserFacingError(f"{lost}; stopped listening", EXIT_AUDIO) from lost
        return 0
    for path in args.files:
        recognizer.set_expected(expected)
        for hypothesis in hear_stream(recognizer, iter_wav(path)):
            print(_line(hypothesis, str(path)), flush=True)
    return 0
