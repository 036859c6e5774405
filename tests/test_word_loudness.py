"""An answer said over the room's quieter talk (`adapters/word_loudness.py`).

Vosk adds the room's words to the user's ("down no", "no chest"); the phrase said well above
every other word is taken for the answer, and nothing is taken where the rest could change
what was meant.
"""

import json

import numpy as np
import pytest

from assistant.adapters.vosk_results import Listed
from assistant.adapters.word_loudness import LOUDER_DB, WordLoudness, loudest_phrase

RATE_HZ = 16000
SCREENING = Listed(("yes", "no", "no idea", "i have", "not sure"))
ROOM = 300.0
"""Amplitude of the room's talk; the user's word is louder by the dB each test says."""


def heard(*words: tuple[str, float, float]) -> tuple[str, WordLoudness]:
    """Vosk's result for these (word, seconds long, dB above the room) said one after another,
    and the loudness of the audio it heard (a tone per word, 0.1 s of quiet between)."""
    loudness, result, at = WordLoudness(RATE_HZ), [], 0.0
    for text, seconds, above_db in words:
        quiet = np.zeros(int(0.1 * RATE_HZ))
        t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
        tone = ROOM * 10 ** (above_db / 20) * np.sin(2 * np.pi * 220 * t)
        loudness.hear(np.concatenate([quiet, tone]).astype(np.int16).tobytes())
        result.append({"word": text, "conf": 0.9, "start": at + 0.1, "end": at + 0.1 + seconds})
        at += 0.1 + seconds
    text = " ".join(w for w, _, _ in words)
    return json.dumps({"result": result, "text": text}), loudness


def test_a_no_said_over_quieter_talk_is_the_answer() -> None:
    result, loudness = heard(("down", 0.3, 0.0), ("no", 0.4, 15.0))
    assert loudest_phrase(result, loudness, SCREENING) == ("no", 0.9)


def test_words_at_about_one_level_give_no_answer() -> None:
    result, loudness = heard(("no", 0.4, 15.0), ("chest", 0.3, 15.0 - LOUDER_DB + 2))
    assert loudest_phrase(result, loudness, SCREENING) is None


def test_a_quiet_negation_beside_a_loud_yes_gives_no_answer() -> None:
    result, loudness = heard(("yes", 0.4, 20.0), ("not", 0.2, 0.0))
    assert loudest_phrase(result, loudness, SCREENING) is None


def test_two_answers_in_one_breath_give_no_answer() -> None:
    """A loud "no" and a quiet "i have": which one was meant is not the loudness's to say."""
    result, loudness = heard(("no", 0.4, 20.0), ("i", 0.1, 0.0), ("have", 0.2, 0.0))
    assert loudest_phrase(result, loudness, SCREENING) is None


def test_the_no_of_no_idea_is_not_cut_from_its_idea() -> None:
    result, loudness = heard(("no", 0.4, 20.0), ("idea", 0.3, 0.0), ("well", 0.3, 0.0))
    assert loudest_phrase(result, loudness, SCREENING) is None


def test_a_whole_phrase_said_loud_is_taken_with_its_lowest_confidence() -> None:
    result, loudness = heard(("right", 0.3, 0.0), ("not", 0.2, 16.0), ("sure", 0.3, 14.0))
    words = json.loads(result)
    words["result"][1]["conf"] = 0.7
    assert loudest_phrase(json.dumps(words), loudness, SCREENING) == ("not sure", 0.7)


def test_words_heard_before_what_is_kept_give_no_answer() -> None:
    result, _ = heard(("down", 0.3, 0.0), ("no", 0.4, 15.0))
    loudness = WordLoudness(RATE_HZ)
    loudness.hear(np.zeros(RATE_HZ * 40, np.int16).tobytes())  # 40 s: the words are gone
    assert loudness.level_db(0.1, 0.4) is None  # not the level of some later, quiet audio
    assert loudest_phrase(result, loudness, SCREENING) is None


def test_vosk_times_count_from_the_recognisers_start() -> None:
    loudness = WordLoudness(RATE_HZ)
    loudness.hear(np.zeros(RATE_HZ * 20, np.int16).tobytes())
    loudness.hear((np.ones(RATE_HZ // 2) * 1000).astype(np.int16).tobytes())
    assert loudness.level_db(20.1, 20.4) == pytest.approx(60.0, abs=0.01)  # 1,000 is 60 dB
    assert loudness.level_db(19.0, 19.5) == pytest.approx(0.0, abs=0.01)


def test_what_is_not_a_timed_vosk_result_gives_no_answer() -> None:
    _, loudness = heard(("down", 0.3, 0.0), ("no", 0.4, 15.0))
    for junk in ("", "not json", "[]", '{"result": 3}', '{"result": [{"word": "no"}]}',
                 '{"result": [{"word": "no", "conf": true, "start": 0, "end": 1}]}'):  # fmt: skip
        assert loudest_phrase(junk, loudness, SCREENING) is None
