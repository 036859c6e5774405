"""A safety question in a noisy room, through the real engines and the real dialog (issue 13).

At 0 dB SNR (the noise as loud as the voice) over each noise of the noise benchmark, real
"go"s and other words, and answers that are not a clear no (espeak-ng), must never be taken
as "no" to a contraindication question. A clear spoken "no" in a quiet room still is: the
path from the engine to the dialog's decision works. A small sample of `benchmarks/noise.py`.
"""

import tempfile
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Engine
from benchmarks.noise import ANSWER_VOICE, Job, decode, engines
from benchmarks.noise_dialog import decision
from benchmarks.noise_mix import NOISES, Noises, active_power, noise_alone
from benchmarks.speech_commands import Clip, load_clips
from benchmarks.utterances import speak

pytestmark = pytest.mark.slow

NOT_A_NO = ("i do", "i don't know", "not sure", "not really", "i have", "maybe")
"""Answers that sound close to a clear no ("i do" / "i don't"), or hedge."""


@cache
def clips() -> list[Clip]:
    return load_clips()


@cache
def noises() -> Noises:
    return Noises(clips())


def held_out(word: str, count: int) -> list[Clip]:
    return [c for c in clips() if c.held_out and c.word == word][:count]


def said(engine: Engine, group: str, pcm: bytes) -> str:
    """What the dialog made of this answer at a contraindication question."""
    return decision(decode(Job(engine, group, pcm)).hyps)


@pytest.mark.parametrize("engine", engines())
def test_at_0_db_nothing_but_a_clear_no_passes_a_safety_question(engine: Engine) -> None:
    with tempfile.TemporaryDirectory() as folder:
        answers = {text: speak(text, *ANSWER_VOICE, Path(folder)) for text in NOT_A_NO}
    words = [*held_out("go", 2), *held_out("up", 1), *held_out("down", 1)]
    level = active_power(np.frombuffer(words[0].pcm, np.int16).astype(np.float64))
    taken_as_no = []
    for seed, noise in enumerate(NOISES):
        heard = {f"{c.word} ({c.path.name})": noises().over(noise, c.pcm, seed, 0.0)
                 for c in words}  # fmt: skip
        heard |= {text: noises().over(noise, pcm, seed, 0.0) for text, pcm in answers.items()}
        heard["the noise alone"] = noise_alone(noises().get(noise, seed, 2.2), level, 2.2)
        taken_as_no += [f"{what} over {noise}" for what, pcm in heard.items()
                        if said(engine, "answer", pcm) == "no"]  # fmt: skip
    assert taken_as_no == []


TAKEN_AS_NO = (("go", "18f8afd5_nohash_1.wav", "background", 7, 5.0),
               ("dog", "2c6d3924_nohash_2.wav", "babble", 1, 0.0),
               ("down", "0c540988_nohash_0.wav", "background", 12, 5.0))  # fmt: skip
"""Real words, each over its cut (seed) of a noise at an SNR, that Vosk heard at a safety
question in the noise benchmark as "know" (0.52 and 0.73 confidence; its adapter spells
"know" as "no") or "nope" (0.52): each was taken as no. Now the grammar there has no "know",
the noise suppressor is in front of Vosk, and a no there needs 0.6."""


@pytest.mark.skipif("vosk" not in engines(), reason="no Vosk model (make models)")
def test_words_vosk_once_took_for_no_in_noise_are_not_taken_as_no() -> None:
    decided = {}
    for word, name, noise, seed, snr_db in TAKEN_AS_NO:
        clip = next(c for c in clips() if c.word == word and c.path.name == name)
        decided[word] = said("vosk", "other", noises().over(noise, clip.pcm, seed, snr_db))
    assert "no" not in decided.values(), decided


@pytest.mark.parametrize("engine", engines())
def test_a_clear_no_in_a_quiet_room_still_passes(engine: Engine) -> None:
    """The check that the test above can fail: the same path does take a real "no" as no
    (PocketSphinx hears about 4 in 10 of these speakers' "no"s, Vosk about 9 in 10)."""
    heard = [said(engine, "no", noises().over("background", c.pcm, 0, None))
             for c in held_out("no", 6)]  # fmt: skip
    assert "no" in heard, heard


SAID_OVER_TALK = (("1b4c9b89_nohash_2.wav", 10), ("3b4f8f24_nohash_0.wav", 20),
                  ("62ff07ef_nohash_1.wav", 37))  # fmt: skip
"""Real "no"s (fitting speakers), each over its cut (seed) of babble at 10 dB SNR, that Vosk
heard with a word of the babble beside them ("no down", "down no", "no chest"): asked again
until the answer said well above the rest was taken (`adapters/word_loudness.py`)."""


@pytest.mark.skipif("vosk" not in engines(), reason="no Vosk model (make models)")
def test_a_no_said_over_quieter_talk_passes_a_safety_question() -> None:
    decided = []
    for name, seed in SAID_OVER_TALK:
        clip = next(c for c in clips() if c.word == "no" and c.path.name == name)
        decided.append(said("vosk", "no", noises().over("babble", clip.pcm, seed, 10.0)))
    assert decided.count("no") >= 2, decided  # Vosk adapts across clips: one may move
