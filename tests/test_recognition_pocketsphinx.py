"""PocketSphinx for real: human speech from ../shared/speech, and espeak-ng voices and speeds.

Counts on fixed files, so the figures are deterministic; the full measurement is `make bench`.
"""

import csv
import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.pocketsphinx import engine
from assistant.adapters.pocketsphinx.engine import PocketSphinxRecognizer
from assistant.adapters.wav import read_wav
from assistant.commands.listen import hear_pcm
from assistant.config import DEFAULT_CONTENT_DIR, SAMPLE_RATE_HZ
from assistant.content_files import load_content
from assistant.core.listening import listen_for
from assistant.core.menu import menu_phrases
from assistant.core.states import Menu
from assistant.core.vocabulary import Command
from assistant.ports import UNKNOWN, Hypothesis
from assistant.voice.self_echo import URGENT_PHRASES, urgent_in
from tests.conftest import SPEECH_COMMANDS, espeak, seconds_of_silence

pytestmark = pytest.mark.slow

DIALOG_PHRASES = [
    "yes",
    "no",
    "stop",
    "i don't know",
    "not sure",
    "which massage helps with constipation",
    "how much time is left",
    "repeat",
]
VOICES = [("en-us", 140), ("en-us+f3", 140), ("en-us+f3", 185), ("en-gb-scotland", 140)]


def clips_of(word: str, count: int) -> list[Path]:
    """The first `count` clips of `word` in index order: a fixed, reviewable sample."""
    with (SPEECH_COMMANDS / "index.csv").open(newline="") as index:
        rows = csv.DictReader(index)
        paths = [SPEECH_COMMANDS / row["path"] for row in rows if row["word"] == word]
    return paths[:count]


def reported(recognizer: PocketSphinxRecognizer, pcm: bytes) -> list[Hypothesis]:
    """Every partial and final, fed in blocks like the microphone's."""
    return list(hear_pcm(recognizer, pcm))


def speak(text: str, voice: str, speed_wpm: int, folder: Path) -> bytes:
    return espeak(text, folder, voice, speed_wpm) + seconds_of_silence(0.5)


def final_words(recognizer: PocketSphinxRecognizer, pcm: bytes) -> list[str]:
    return [h.word for h in reported(recognizer, pcm) if h.final]


def accepted(recognizer: PocketSphinxRecognizer, paths: list[Path]) -> Iterator[str]:
    for path in paths:
        recognizer.set_expected(["yes", "no", "stop"])
        words = [w for w in final_words(recognizer, read_wav(path)) if w != UNKNOWN]
        yield words[0] if words else UNKNOWN


@pytest.fixture(scope="module")
def recognizer() -> PocketSphinxRecognizer:
    return PocketSphinxRecognizer()


@pytest.mark.parametrize("word, at_least", [("yes", 14), ("no", 8), ("stop", 17)])
def test_real_speakers_are_heard_right_or_not_at_all(
    recognizer: PocketSphinxRecognizer, word: str, at_least: int
) -> None:
    heard = list(accepted(recognizer, clips_of(word, 20)))
    assert heard.count(word) >= at_least
    assert set(heard) <= {word, UNKNOWN}


def test_go_is_never_heard_as_no(recognizer: PocketSphinxRecognizer) -> None:
    assert "no" not in list(accepted(recognizer, clips_of("go", 40)))


@pytest.mark.parametrize("word", ["up", "down", "left", "right", "on", "off"])
def test_other_words_are_rejected(recognizer: PocketSphinxRecognizer, word: str) -> None:
    assert set(accepted(recognizer, clips_of(word, 10))) == {UNKNOWN}


def test_background_noise_is_never_accepted(recognizer: PocketSphinxRecognizer) -> None:
    assert set(accepted(recognizer, clips_of("_silence_", 30))) == {UNKNOWN}


@pytest.mark.parametrize("voice, speed", VOICES)
def test_synthetic_voices_say_dialog_phrases(
    recognizer: PocketSphinxRecognizer, voice: str, speed: int, tmp_path: Path
) -> None:
    understood = 0
    for phrase in DIALOG_PHRASES:
        recognizer.set_expected(DIALOG_PHRASES)
        words = final_words(recognizer, speak(phrase, voice, speed, tmp_path))
        assert set(words) <= {phrase, UNKNOWN}, f"{phrase!r} heard as {words}"
        understood += phrase in words
    assert understood >= 3


@pytest.mark.parametrize("voice, speed", VOICES)
@pytest.mark.parametrize("oov", ["good morning", "go", "banana", "the weather is nice today"])
def test_unexpected_speech_is_unknown_when_screening(
    recognizer: PocketSphinxRecognizer, voice: str, speed: int, oov: str, tmp_path: Path
) -> None:
    recognizer.set_expected(["yes", "no", "stop"])
    assert set(final_words(recognizer, speak(oov, voice, speed, tmp_path))) <= {UNKNOWN}


@pytest.mark.parametrize("voice, speed", VOICES)
@pytest.mark.parametrize("oov", ["go", "banana"])
def test_unexpected_words_are_unknown_among_dialog_phrases(
    recognizer: PocketSphinxRecognizer, voice: str, speed: int, oov: str, tmp_path: Path
) -> None:
    """Single words only: the garbage path is one word long (longer ones cost 4-8x the time),
    so a long sentence can still land on a multi-word phrase (see benchmarks/README.md)."""
    recognizer.set_expected(DIALOG_PHRASES)
    assert set(final_words(recognizer, speak(oov, voice, speed, tmp_path))) <= {UNKNOWN}


def test_partials_come_before_the_final(recognizer: PocketSphinxRecognizer, tmp_path: Path) -> None:
    recognizer.set_expected(DIALOG_PHRASES)
    question = speak("which massage helps with constipation", "en-us", 140, tmp_path)
    heard = reported(recognizer, question)
    assert [h.final for h in heard][-1] is True
    assert any(not h.final for h in heard[:-1])


def test_silence_ends_an_utterance_without_finish(
    recognizer: PocketSphinxRecognizer, tmp_path: Path
) -> None:
    recognizer.set_expected(DIALOG_PHRASES)
    pcm = speak("i don't know", "en-us", 140, tmp_path)
    finals = [h for i in range(0, len(pcm), 1600) if (h := recognizer.accept(pcm[i : i + 1600]))]
    assert [h.word for h in finals if h.final] == ["i don't know"]
    assert recognizer.finish() is None


def test_words_missing_from_the_dictionary_drop_their_phrase(
    recognizer: PocketSphinxRecognizer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        recognizer.set_expected(["stop", "zorblax now", "not sure"])
    assert "zorblax" in caplog.text
    assert "not sure" in final_words(recognizer, speak("not sure", "en-us", 140, tmp_path))


def test_every_word_the_dialog_can_expect_can_be_heard(recognizer: PocketSphinxRecognizer) -> None:
    """A word with no pronunciation silently drops its phrase from the grammar: content that
    adds one must add it to `pronunciations.dict` too."""
    content = load_content(DEFAULT_CONTENT_DIR)
    words = content.vocabulary
    statements = [s for item in content.contraindications for s in item.statements]
    phrases = (*words.screening_phrases(), *words.confirm_phrases(), *words.feel_good,
               *menu_phrases(content), *words.command_phrases(*Command), *words.sign_phrases(),
               *statements)  # fmt: skip
    assert recognizer.missing_words(phrases) == []


@pytest.mark.parametrize("voice, speed", VOICES)
def test_asking_for_the_contraindications_is_not_heard_as_the_indications(
    recognizer: PocketSphinxRecognizer, voice: str, speed: int, tmp_path: Path
) -> None:
    """The word "contraindications" is not in the model's dictionary; without a pronunciation
    the question became "what are the indications" for 5 of 12 voices, the opposite answer."""
    recognizer.set_expected(menu_phrases(load_content(DEFAULT_CONTENT_DIR)))
    asked = speak("what are the contraindications", voice, speed, tmp_path)
    words = final_words(recognizer, asked)
    assert "what are the indications" not in words
    assert "what are the contraindications" in words


def mixed_with_the_assistant(path: Path, tmp_path: Path, level_db: float) -> bytes:
    """A real "stop" said 2 s into one of the assistant's lines, the line `level_db` from full."""
    talk = np.frombuffer(
        speak(
            "Place both palms on your belly and move them slowly in wide circles, clockwise,"
            " following the large intestine.",
            "en-us",
            165,
            tmp_path,
        ),
        dtype=np.int16,
    ).astype(np.float64) * 10 ** (level_db / 20)
    stop = np.frombuffer(read_wav(path), dtype=np.int16)
    talk[2 * SAMPLE_RATE_HZ : 2 * SAMPLE_RATE_HZ + len(stop)] += stop
    return np.clip(talk, -32768, 32767).astype(np.int16).tobytes()


def test_over_the_assistants_voice_only_the_eager_grammar_hears_stop(
    recognizer: PocketSphinxRecognizer, tmp_path: Path
) -> None:
    heard = {False: 0, True: 0}
    for path in clips_of("stop", 8):
        pcm = mixed_with_the_assistant(path, tmp_path, level_db=-6)
        for eager in heard:
            recognizer.set_expected(URGENT_PHRASES, eager=eager)
            heard[eager] += "stop" in [h.word for h in reported(recognizer, pcm)]
    assert heard[True] >= 7
    assert heard[False] <= 2  # the garbage words take it: why the runtime leans when speaking


def test_the_eager_grammar_takes_the_assistants_voice_alone_for_an_urgent_word(
    recognizer: PocketSphinxRecognizer, tmp_path: Path
) -> None:
    """Why the runtime leans only behind an echo gate that passes a voice above the echo."""
    first_second = len(seconds_of_silence(1.0))
    talk = mixed_with_the_assistant(clips_of("stop", 1)[0], tmp_path, level_db=0)[:first_second]
    recognizer.set_expected(URGENT_PHRASES, eager=True)
    assert {h.word for h in reported(recognizer, talk) if h.final} & set(URGENT_PHRASES)
    recognizer.set_expected(URGENT_PHRASES)
    assert {h.word for h in reported(recognizer, talk) if h.final} <= {UNKNOWN}


def partial_stops(recognizer: PocketSphinxRecognizer, pcm: bytes) -> list[str]:
    return [h.text for h in reported(recognizer, pcm) if not h.final and urgent_in(h.text)]


@pytest.mark.parametrize(
    "question", ["start the palm", "start neck massage", "start massage with a brush"]
)
def test_a_question_that_begins_like_stop_is_not_taken_for_stop_while_it_is_said(
    recognizer: PocketSphinxRecognizer,
    question: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Mid-word the best path is often a shorter phrase that begins alike: unsettled, each of
    these showed a partial "stop", on which the runtime would have ended the session."""
    content = load_content(DEFAULT_CONTENT_DIR)
    asked = seconds_of_silence(0.5) + speak(question, "en-us", 150, tmp_path)
    recognizer.set_expected(listen_for(content, Menu(), 0.0).expect)
    assert partial_stops(recognizer, asked) == []
    assert final_words(recognizer, asked)[-1].startswith("start")
    monkeypatch.setattr(engine, "SETTLE_S", 0.0)
    recognizer.set_expected(listen_for(content, Menu(), 0.0).expect)
    assert partial_stops(recognizer, asked) != []


def test_a_real_stop_still_acts_from_a_settled_partial(recognizer: PocketSphinxRecognizer) -> None:
    content = load_content(DEFAULT_CONTENT_DIR)
    from_partials = 0
    for path in clips_of("stop", 12):
        recognizer.set_expected(listen_for(content, Menu(), 0.0).expect)
        from_partials += bool(partial_stops(recognizer, read_wav(path) + seconds_of_silence(0.5)))
    assert from_partials >= 8
