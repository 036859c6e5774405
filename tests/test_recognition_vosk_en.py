"""Vosk with the small English model for real: people from ../shared/speech, espeak-ng voices.

The model is installed by `make models` (run by `make test`). Without it these tests skip, except
where `ASSISTANT_REQUIRE_VOSK_EN=1` (CI): there a missing model fails them. The floors are the
ones measured on the same clips; the full curve on the held-out speakers is `make bench`.
"""

import csv
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.aec_engines import SpeexLinearAec
from assistant.adapters.model_install import SMALL_EN_US
from assistant.adapters.vosk import DECOYS, VoskRecognizer, load_model
from assistant.adapters.vosk_results import content_words
from assistant.adapters.wav import read_wav
from assistant.config import DEFAULT_CONTENT_DIR, DEFAULT_MODELS_DIR
from assistant.content_files import load_content
from assistant.core.listening import listen_for
from assistant.core.menu import menu_phrases, parse_request
from assistant.core.states import Menu
from assistant.core.vocabulary import Command
from assistant.ports import UNKNOWN, Hypothesis
from assistant.voice.self_echo import URGENT_PHRASES
from benchmarks.noise_dialog import at_step
from tests.conversation import real_content
from tests.test_echo_canceller import (
    RATE_HZ,
    assistant_voice,
    room_echo,
    speech_rms,
    through_canceller,
    user_stop,
)
from tests.test_recognition_pocketsphinx import mixed_with_the_assistant

pytestmark = pytest.mark.slow

COMMANDS = Path(__file__).parents[1].parent / "shared" / "speech" / "commands"
QUIET = np.random.default_rng(0).normal(0.0, 3.0, 8000).astype(np.int16).tobytes()
"""0.5 s of faint noise around a clip: the clips are cut tight, a microphone never is (as in
benchmarks/vosk_english.py)."""
DIALOG_PHRASES = [
    "yes",
    "no",
    "stop",
    "i can't remember",  # not "i don't know": left out with "no" (vosk_results.unlike_a_no)
    "not sure",
    "which massage helps with constipation",
    "how much time is left",
    "repeat",
]
VOICES = [("en-us", 140), ("en-us+f3", 140), ("en-us+f3", 185), ("en-gb-scotland", 140)]
UNHEARD_MEDICAL_TERMS = {
    "dysbiosis", "cholecystitis", "thrombophlebitis", "pulmonale", "endometritis", "adnexitis",
    "pustular",
}  # fmt: skip
"""Menu words the small model's fixed vocabulary lacks (it cannot learn words, its graph is
compiled). Each request they name can also be asked in words it knows (tested below)."""


@pytest.fixture(scope="module")
def recognizer() -> VoskRecognizer:
    model = DEFAULT_MODELS_DIR / SMALL_EN_US.name
    if not (model / "am" / "final.mdl").is_file():
        message = f"no English Vosk model in {model}: run `make models`"
        if os.environ.get("ASSISTANT_REQUIRE_VOSK_EN") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return VoskRecognizer(load_model(model))


def clips_of(word: str, count: int) -> list[Path]:
    """The first `count` clips of `word` in index order: a fixed, reviewable sample."""
    with (COMMANDS / "index.csv").open(newline="") as index:
        paths = [COMMANDS / row["path"] for row in csv.DictReader(index) if row["word"] == word]
    return paths[:count]


def hear(recognizer: VoskRecognizer, pcm: bytes, block: int = 3200) -> list[Hypothesis]:
    """Everything the recogniser reports, fed in 100 ms blocks like the microphone."""
    heard = [h for i in range(0, len(pcm), block) if (h := recognizer.accept(pcm[i : i + block]))]
    last = recognizer.finish()
    return [*heard, last] if last else heard


def final_words(recognizer: VoskRecognizer, pcm: bytes) -> list[str]:
    return [h.word for h in hear(recognizer, pcm) if h.final]


def accepted(recognizer: VoskRecognizer, paths: list[Path]) -> Iterator[str]:
    for path in paths:
        recognizer.set_expected(["yes", "no", "stop"])
        words = [w for w in final_words(recognizer, QUIET + read_wav(path) + QUIET) if w != UNKNOWN]
        yield words[0] if words else UNKNOWN


def speak(text: str, voice: str, speed: int, folder: Path) -> bytes:
    path = folder / f"{text.replace(' ', '_')}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text], check=True)
    return QUIET + read_wav(path) + QUIET + QUIET


@pytest.mark.parametrize("word, at_least", [("yes", 19), ("no", 19), ("stop", 19)])
def test_real_speakers_are_heard_right_or_not_at_all(
    recognizer: VoskRecognizer, word: str, at_least: int
) -> None:
    heard = list(accepted(recognizer, clips_of(word, 20)))
    assert heard.count(word) >= at_least
    assert set(heard) <= {word, UNKNOWN}


def test_go_is_never_heard_as_no(recognizer: VoskRecognizer) -> None:
    assert "no" not in list(accepted(recognizer, clips_of("go", 40)))


@pytest.mark.parametrize("word", ["up", "down", "left", "right", "on", "off"])
def test_other_words_are_rejected(recognizer: VoskRecognizer, word: str) -> None:
    assert set(accepted(recognizer, clips_of(word, 10))) == {UNKNOWN}


def test_background_noise_is_never_accepted(recognizer: VoskRecognizer) -> None:
    assert set(accepted(recognizer, clips_of("_silence_", 30))) == {UNKNOWN}


@pytest.mark.parametrize("voice, speed", VOICES)
def test_synthetic_voices_say_dialog_phrases(
    recognizer: VoskRecognizer, voice: str, speed: int, tmp_path: Path
) -> None:
    understood = 0
    for phrase in DIALOG_PHRASES:
        recognizer.set_expected(DIALOG_PHRASES)
        words = final_words(recognizer, speak(phrase, voice, speed, tmp_path))
        assert set(words) <= {phrase, UNKNOWN}, f"{phrase!r} heard as {words}"
        understood += phrase in words
    assert understood >= len(DIALOG_PHRASES) - 1  # the Scottish voice's "no" is heard as "low"


@pytest.mark.parametrize("answer", ["no i'm not", "i'm not sure", "no i don't", "not at all"])
def test_screening_answers_are_heard_by_most_voices_and_never_wrong(
    recognizer: VoskRecognizer, answer: str, tmp_path: Path
) -> None:
    """The Scottish voice's "no i don't" sits at the confidence floor (0.50 +- 0.02 from one
    utterance to the next): it may come back unknown, never as another answer."""
    words = real_content().vocabulary
    heard = []
    for voice, speed in VOICES:
        recognizer.set_expected([*words.screening_phrases(), *URGENT_PHRASES])
        heard += final_words(recognizer, speak(answer, voice, speed, tmp_path))
    assert set(heard) <= {answer, UNKNOWN}
    assert heard.count(answer) >= len(VOICES) - 1


@pytest.mark.parametrize("voice, speed", VOICES)
@pytest.mark.parametrize("oov", ["good morning", "go", "banana", "the weather is nice today"])
def test_unexpected_speech_is_unknown(
    recognizer: VoskRecognizer, voice: str, speed: int, oov: str, tmp_path: Path
) -> None:
    pcm = speak(oov, voice, speed, tmp_path)
    for expected in (["yes", "no", "stop"], DIALOG_PHRASES):
        recognizer.set_expected(expected)
        assert set(final_words(recognizer, pcm)) <= {UNKNOWN}


def test_partials_stream_before_the_final(recognizer: VoskRecognizer, tmp_path: Path) -> None:
    recognizer.set_expected(DIALOG_PHRASES)
    heard = hear(recognizer, speak("which massage helps with constipation", "en-us", 140, tmp_path))
    assert [h.final for h in heard][-1] is True
    assert any(not h.final for h in heard[:-1])
    assert [h.word for h in heard if h.final] == ["which massage helps with constipation"]


def test_tiny_blocks_stream_to_the_same_answer(recognizer: VoskRecognizer, tmp_path: Path) -> None:
    recognizer.set_expected(DIALOG_PHRASES)
    words = [h.word for h in hear(recognizer, speak("not sure", "en-us", 140, tmp_path), 320)]
    assert words[-1] == "not sure"


def test_a_whole_phrase_ends_the_utterance_without_finish(
    recognizer: VoskRecognizer, tmp_path: Path
) -> None:
    recognizer.set_expected(DIALOG_PHRASES)
    pcm = speak("i can't remember", "en-us", 140, tmp_path)
    finals = [h for i in range(0, len(pcm), 1600) if (h := recognizer.accept(pcm[i : i + 1600]))]
    assert [h.word for h in finals if h.final] == ["i can't remember"]
    assert recognizer.finish() is None


def final_after_word_s(recognizer: VoskRecognizer, clip: bytes) -> float | None:
    """From the clip's last loud sample to the final, fed in 50 ms blocks like the microphone."""
    loud = np.flatnonzero(np.abs(np.frombuffer(clip, np.int16)) > 1500)
    pcm = QUIET + clip + QUIET + QUIET
    for i in range(0, len(pcm), 1600):
        if (heard := recognizer.accept(pcm[i : i + 1600])) and heard.final:
            return (i + 1600 - len(QUIET) - 2 * int(loud[-1])) / 32000
    return None


@pytest.mark.parametrize("word, longer", [("yes", "yes please"), ("no", "no idea")])
def test_a_word_ends_once_its_voice_fades_unless_a_longer_answer_may_follow(
    recognizer: VoskRecognizer, word: str, longer: str
) -> None:
    """The fading voice ends "yes" sooner than the voice detector would; but "no" may yet
    become "no idea" (not sure, not a no), so where that is expected the end waits."""
    fast, careful = [], []
    for path in clips_of(word, 5):
        recognizer.set_expected(["yes", "no", "stop"])
        alone = final_after_word_s(recognizer, read_wav(path))
        recognizer.set_expected(["yes", "no", "stop", longer])
        begun = final_after_word_s(recognizer, read_wav(path))
        if alone is not None and begun is not None:
            fast.append(alone)
            careful.append(begun)
    assert len(fast) >= 4
    assert all(waited >= ended for ended, waited in zip(fast, careful, strict=True))
    # Vosk's partials differ slightly run to run, so some clips end by the pause either way;
    # the waiting must still show on at least two of them (0 if it never waits).
    assert sum(waited >= ended + 0.08 for ended, waited in zip(fast, careful, strict=True)) >= 2


def test_the_grammar_switches_per_listen(recognizer: VoskRecognizer, tmp_path: Path) -> None:
    yes = speak("yes", "en-us", 140, tmp_path)
    recognizer.set_expected(["yes", "no"])
    assert final_words(recognizer, yes) == ["yes"]
    recognizer.set_expected(["no", "stop"])
    assert set(final_words(recognizer, yes)) <= {UNKNOWN}


def test_the_grammar_can_change_in_the_middle_of_an_utterance(
    recognizer: VoskRecognizer, tmp_path: Path
) -> None:
    """The runtime switches grammars whenever the dialog listens anew, speech or not (Vosk
    itself aborts the process on a grammar change while it decodes)."""
    pcm = speak("which massage helps with constipation", "en-us", 140, tmp_path)
    recognizer.set_expected(DIALOG_PHRASES)
    recognizer.accept(pcm[: len(pcm) // 2])
    recognizer.set_expected(["yes", "no"])
    assert final_words(recognizer, speak("yes", "en-us", 140, tmp_path)) == ["yes"]


def test_light_words_and_contractions_may_differ_but_negations_may_not() -> None:
    assert content_words("is it safe when flare up") == content_words("it safe with flare up")
    assert content_words("i'm not sure") == content_words("i not sure")
    assert content_words("i don't know") != content_words("i know")
    assert content_words("no i'm not") != content_words("no i am")
    assert content_words("know") == content_words("no")  # "know" alone came for a plain "no"


def test_with_no_expected_phrases_holding_know_are_left_out(recognizer: VoskRecognizer) -> None:
    """Else every spoken "no" comes back as "know" (tests/test_noise_screening.py)."""
    recognizer.set_expected(["no", "yes", "i don't know", "not sure"])
    assert recognizer.grammar() == ["no", "yes", "not sure", *DECOYS["no"], "[unk]"]
    recognizer.set_expected(["yes", "i don't know"])
    assert recognizer.grammar() == ["yes", "i don't know", "[unk]"]


def test_decoys_join_the_grammar_only_for_their_word(recognizer: VoskRecognizer) -> None:
    recognizer.set_expected(["no", "go on"])
    assert recognizer.grammar() == ["no", "go on", *DECOYS["no"], "[unk]"]
    recognizer.set_expected(["which massage helps with constipation"])
    assert recognizer.grammar() == ["which massage helps with constipation", "[unk]"]


def test_over_the_assistants_voice_no_decoy_stands_against_stop(
    recognizer: VoskRecognizer,
) -> None:
    """With the echo cancelled the whole grammar is heard over the assistant's voice, but a
    "stop" whose start the canceller muted sounds like "up": there a stop is what to lean to."""
    recognizer.set_expected(["stop", "repeat", "no"])
    assert recognizer.grammar() == ["stop", "repeat", "no", "up", *DECOYS["no"], "[unk]"]
    recognizer.set_expected(["stop", "repeat", "no"], eager=True)
    assert recognizer.grammar() == ["stop", "repeat", "no", *DECOYS["no"], "[unk]"]


def test_every_answer_command_and_symptom_word_is_in_the_vocabulary(
    recognizer: VoskRecognizer,
) -> None:
    """Vosk drops a word it lacks without a sound ("Ignoring word missing in vocabulary"), and
    with it the phrase: content that adds one must find other words for it."""
    words = real_content().vocabulary
    phrases = (*words.screening_phrases(), *words.confirm_phrases(), *words.feel_good,
               *words.command_phrases(*Command), *words.sign_phrases(),
               *URGENT_PHRASES)  # fmt: skip
    assert recognizer.missing_words(phrases) == []


def test_each_contraindication_can_be_stated_in_words_the_model_knows(
    recognizer: VoskRecognizer,
) -> None:
    for item in real_content().contraindications:
        missing = recognizer.missing_words(item.statements)
        assert set(missing) <= UNHEARD_MEDICAL_TERMS, item.id
        if item.statements:
            assert any(not recognizer.missing_words([s]) for s in item.statements), item.id


def test_menu_words_outside_the_vocabulary_are_the_known_medical_terms(
    recognizer: VoskRecognizer,
) -> None:
    content = load_content(DEFAULT_CONTENT_DIR)
    assert set(recognizer.missing_words(menu_phrases(content))) <= UNHEARD_MEDICAL_TERMS


def test_every_menu_request_can_be_asked_in_words_the_model_knows(
    recognizer: VoskRecognizer,
) -> None:
    content = load_content(DEFAULT_CONTENT_DIR)
    phrases = menu_phrases(content)
    asked = {parse_request(content, p) for p in phrases}
    hearable = {parse_request(content, p) for p in phrases if not recognizer.missing_words([p])}
    assert asked - hearable == set()


def test_over_the_assistants_voice_only_the_eager_grammar_hears_stop(
    recognizer: VoskRecognizer, tmp_path: Path
) -> None:
    """Mixed with the assistant's voice, a real "stop" falls on `[unk]` or a symptom word: why
    the runtime leans (behind its echo gate) while it speaks, and Vosk then hears only the stop
    commands."""
    heard = {False: 0, True: 0}
    for path in clips_of("stop", 8):
        pcm = mixed_with_the_assistant(path, tmp_path, level_db=-6)
        for eager in heard:
            recognizer.set_expected(URGENT_PHRASES, eager=eager)
            heard[eager] += "stop" in [h.word for h in hear(recognizer, pcm)]
    assert heard[True] >= 6
    assert heard[False] == 0


@pytest.mark.parametrize(
    "voice, question",
    [("en-us", "what is self massage"), ("en-us+f3", "what helps with pain"),
     ("en-gb-scotland", "is it dangerous"), ("en-gb-scotland", "how do i do it")],
)  # fmt: skip
def test_a_question_heard_one_small_word_off_is_still_understood(
    recognizer: VoskRecognizer, tmp_path: Path, voice: str, question: str
) -> None:
    """With the whole menu's grammar these came back "what does self massage", "what feel with
    pain", "in it dangerous", "i do i do it", and were asked again (`one_word_off`)."""
    content = real_content()
    recognizer.set_expected(listen_for(content, Menu(answered=True), 0.0).expect)
    assert final_words(recognizer, speak(question, voice, 140, tmp_path))[:1] == [question]


def test_with_its_echo_cancelled_a_command_said_over_the_assistant_is_obeyed(
    recognizer: VoskRecognizer, tmp_path: Path
) -> None:
    """The echo as loud as the user, through the canceller: over its residue the massage
    step's whole grammar is heard, as when the assistant is quiet (`over_speech`). The recogniser
    hears what the echo gate passes: the word, from the fresh utterance started with the last
    0.4 s heard again (`barge_in.REPLAY_S`), and silence after it. One of the three may be
    missed: in a whole `make test` run "slower" once came back unknown, and passed alone and
    with its file (cause not found; Vosk's adaptation across utterances is one candidate)."""
    played = assistant_voice()
    echo = room_echo(played, 0.0)
    understood = []
    for command in ("repeat", "slower", "pause"):
        said = np.frombuffer(speak(command, "en-gb-scotland", 150, tmp_path), np.int16) * 1.0
        user = said * speech_rms(user_stop()) / speech_rms(said)
        mic, at = echo.copy(), 6 * RATE_HZ
        mic[at : at + len(user)] += user[: len(mic) - at]
        heard, canceller = through_canceller(played, mic, heard=SpeexLinearAec)
        assert canceller.cancelling
        voiced = np.flatnonzero(np.abs(user) > 0.1 * np.abs(user).max())
        passed = heard[at + voiced[0] - int(0.4 * RATE_HZ) : at + voiced[-1] + int(0.1 * RATE_HZ)]
        gated = np.concatenate([passed, np.zeros(RATE_HZ)]).astype(np.int16).tobytes()
        recognizer.set_expected(at_step()[1].expect, eager=True)
        if [h.word for h in hear(recognizer, gated) if h.final] == [command]:
            understood.append(command)
    assert len(understood) >= 2, understood
