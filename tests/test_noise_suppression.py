"""WebRTC noise suppression between the microphone and Vosk (issue 13), through the real library
on real speech mixed with the noise benchmark's real noises."""

import json
import wave
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.factory import make_recognizer
from assistant.adapters.noise_suppressor import NoiseSuppressedRecognizer
from assistant.cli import main
from assistant.commands.listen import hear_pcm
from assistant.config import SAMPLE_RATE_HZ, Settings
from assistant.ports import UNKNOWN, Hypothesis, Recognizer
from benchmarks.noise import engines
from benchmarks.noise_mix import LEAD_S, Noises
from benchmarks.speech_commands import Clip, load_clips
from tests.conftest import espeak, seconds_of_silence


@cache
def clips() -> list[Clip]:
    return load_clips()


@cache
def noises() -> Noises:
    return Noises(clips())


def clip(word: str, name: str) -> Clip:
    return next(c for c in clips() if c.word == word and c.path.name == name)


class Ears:
    """An engine that only keeps what it is given: here, to measure what the suppressor let
    through."""

    name = "Ears"
    sample_rate_hz = SAMPLE_RATE_HZ

    def __init__(self) -> None:
        self.heard = b""

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        pass

    def accept(self, pcm: bytes) -> Hypothesis | None:
        self.heard += pcm
        return None

    def finish(self) -> Hypothesis | None:
        return None


def write_wav(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE_HZ)
        out.writeframes(pcm)


def level_db(pcm: bytes, start_s: float, end_s: float) -> float:
    samples = np.frombuffer(pcm, np.int16).astype(np.float64)
    part = samples[int(start_s * SAMPLE_RATE_HZ) : int(end_s * SAMPLE_RATE_HZ)]
    return float(10 * np.log10(np.mean(part**2)))


@pytest.mark.parametrize("noise", ["background", "babble"])
def test_a_word_in_a_noisy_room_comes_out_with_the_noise_lower_than_the_word(noise: str) -> None:
    """A real "yes" at 10 dB SNR, given in 50 ms blocks as the microphone gives them: the noise
    alone before the word loses at least 5 dB, the stretch with the word at most 3."""
    word = next(c for c in clips() if c.held_out and c.word == "yes")
    mixed = noises().over(noise, word.pcm, 0, 10.0)
    ears = Ears()
    suppressed = NoiseSuppressedRecognizer(ears, Settings.noise_suppression)
    suppressed.set_expected(["yes"])
    for start in range(0, len(mixed), 1600):
        suppressed.accept(mixed[start : start + 1600])
    heard = ears.heard
    assert len(mixed) - len(heard) < 320  # all but the last part of a 10 ms frame
    word_s = (LEAD_S, LEAD_S + len(word.pcm) / 2 / SAMPLE_RATE_HZ)
    noise_drop = level_db(mixed, 0.25, LEAD_S) - level_db(heard, 0.25, LEAD_S)
    word_drop = level_db(mixed, *word_s) - level_db(heard, *word_s)
    assert noise_drop >= 5.0 and word_drop <= 3.0, (noise_drop, word_drop)


@pytest.mark.parametrize("voice", ["en-us", "en-us+m3", "en-gb-x-rp"])
def test_a_word_after_digital_silence_keeps_its_level(voice: str, tmp_path: Path) -> None:
    """A virtual or muted microphone gives zeros between words. WebRTC's suppressor, started on
    zeros, took 7-13 dB off the whole of the next word (the demo's "no" to a safety question was
    then missed three times); over the faint floor the suppressor adds it keeps within 1 dB."""
    word = espeak("no", tmp_path, voice=voice, speed_wpm=170)
    said = seconds_of_silence(1.0) + word + seconds_of_silence(0.5)
    ears = Ears()
    suppressed = NoiseSuppressedRecognizer(ears, Settings.noise_suppression)
    suppressed.set_expected(["no"])
    for start in range(0, len(said), 1600):
        suppressed.accept(said[start : start + 1600])
    word_s = (1.0, 1.0 + len(word) / 2 / SAMPLE_RATE_HZ)
    assert level_db(said, *word_s) - level_db(ears.heard, *word_s) <= 1.0


def test_settings_out_of_range_are_refused_where_they_are_built() -> None:
    with pytest.raises(ValueError, match="noise suppression must be 0"):
        Settings(noise_suppression=5)
    with pytest.raises(ValueError, match="level 0-4"):
        NoiseSuppressedRecognizer(Ears(), level=-1)


needs_vosk = pytest.mark.skipif("vosk" not in engines(), reason="no Vosk model (make models)")


@cache
def vosk(noise_suppression: int = Settings.noise_suppression) -> Recognizer:
    """The recogniser a session opens (`make_recognizer`), by default as shipped."""
    return make_recognizer(Settings(engine="vosk", noise_suppression=noise_suppression))


def words_heard(recognizer: Recognizer, pcm: bytes, expected: Sequence[str]) -> list[str]:
    recognizer.set_expected(expected)
    return [h.word for h in hear_pcm(recognizer, pcm) if h.final and h.word != UNKNOWN]


YES_IN_BABBLE = (("03401e93_nohash_0.wav", 0), ("3d86b69a_nohash_0.wav", 10),
                 ("3d86b69a_nohash_2.wav", 12))  # fmt: skip
"""Held-out "yes"es, each over its cut (seed) of babble at 10 dB, that Vosk alone missed (4 of
the first 20; with the suppressor it lost none of the 20)."""


@pytest.mark.slow
@needs_vosk
def test_the_listen_command_hears_yeses_in_babble_that_vosk_alone_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the command line and `make_recognizer`, which `run`, `demo` and `chat --hear`
    open too: these real "yes"es in babble at 10 dB are heard as shipped, fewer with
    `--noise-suppression 0` (none, until Vosk took the answer said loudest: two of three since,
    `adapters/word_loudness.py`)."""
    files = []
    for name, seed in YES_IN_BABBLE:
        files.append(str(tmp_path / name))
        write_wav(Path(files[-1]), noises().over("babble", clip("yes", name).pcm, seed, 10.0))

    def words(*options: str) -> list[object]:
        assert main(["listen", "--engine", "vosk", *options, *files]) == 0
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        return [line["word"] for line in lines if "final" in line and line["word"] != UNKNOWN]

    assert len(words("--noise-suppression", "0")) < len(files)
    assert words() == ["yes"] * len(files)


@pytest.mark.slow
@needs_vosk
def test_in_a_quiet_room_the_suppressor_costs_vosk_at_most_one_word_in_160() -> None:
    """Every held-out yes, no and stop (161 clips): as many heard through the suppressor as
    without it, give or take one (Vosk's decisions near its threshold move either way), and
    at least 9 in 10 of each word."""
    said = [c for c in clips() if c.held_out and c.word in ("yes", "no", "stop")]
    phrases = ["yes", "no", "stop"]

    def heard(recognizer: Recognizer) -> list[str]:
        quiet_room = (noises().over("background", c.pcm, 0, None) for c in said)
        return [c.word for c, pcm in zip(said, quiet_room, strict=True)
                if words_heard(recognizer, pcm, phrases)[:1] == [c.word]]  # fmt: skip

    alone, suppressed = heard(vosk(0)), heard(vosk())
    assert len(suppressed) >= len(alone) - 1, (len(alone), len(suppressed))
    for word in phrases:
        assert suppressed.count(word) >= 0.9 * sum(c.word == word for c in said), word
