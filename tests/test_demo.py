"""`massage-assistant demo` end to end: its own PulseAudio, the real dialog, speaker and recogniser.

A synthetic user (another espeak-ng voice) is heard through the virtual microphone: it asks about
constipation, answers the screening, pauses and resumes the second step, and says "stop" in the
third. About seven minutes of real time, the whole voice session as a user would have it.
"""

import os
import re
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.model_install import SMALL_EN_US
from assistant.config import DEFAULT_MODELS_DIR

pytestmark = pytest.mark.slow

TIME_LINE = re.compile(r"^\s*(\d+\.\d+)  (\w+):\s+(.*?)(?: \(\d\.\d\d\))?$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[float, str, str]], Path]:
    out = tmp_path_factory.mktemp("demo")
    env = {name: value for name, value in os.environ.items() if name != "PULSE_SERVER"}
    finished = subprocess.run(
        [sys.executable, "-m", "assistant", "demo", "--out", str(out)],
        env=env, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-2000:]
    transcript = out / "transcript.txt"  # what was said and heard, with times and confidences
    said_and_heard = transcript.read_text()[-2500:] if transcript.is_file() else "(none)"
    assert "Session ended: stopped" in finished.stdout, f"transcript:\n{said_and_heard}"
    vosk_installed = (DEFAULT_MODELS_DIR / SMALL_EN_US.name / "am" / "final.mdl").is_file()
    if vosk_installed or os.environ.get("ASSISTANT_REQUIRE_VOSK_EN") == "1":
        assert "Recogniser: Vosk" in finished.stdout  # the default wherever its model is
    else:
        assert "Recogniser: PocketSphinx" in finished.stdout
    lines = (out / "transcript.txt").read_text().splitlines()
    assert lines[-1] == "ended: stopped"
    entries = []
    for line in lines[:-1]:
        match = TIME_LINE.match(line)
        assert match, line
        entries.append((float(match[1]), match[2], match[3]))
    return entries, out


def said(entries: list[tuple[float, str, str]], who: str) -> list[tuple[float, str]]:
    return [(t, text) for t, speaker, text in entries if speaker == who]


def test_the_constipation_question_is_heard_and_answered_with_the_abdominal_massage(
    demo: tuple[list[tuple[float, str, str]], Path],
) -> None:
    entries, _ = demo
    heard = [text for _, text in said(entries, "heard")]
    assert heard[0] == "which massage helps with constipation"
    answer = next(text for _, text in said(entries, "assistant") if text.startswith("For the"))
    assert "abdominal massage" in answer and "constipation" in answer


def test_every_screening_question_is_answered_before_any_step(
    demo: tuple[list[tuple[float, str, str]], Path],
) -> None:
    entries, _ = demo
    assistant = said(entries, "assistant")
    all_clear = next(t for t, text in assistant if text == "All clear.")
    first_step = next(t for t, text in assistant if text.startswith("Stroking."))
    answered = ("as no", "as not at all")  # the plain "no" said to Vosk, or PocketSphinx's answer
    screening_no = [t for t, text in said(entries, "recognised") if text.endswith(answered)]
    assert len(screening_no) == 9 and max(screening_no) < all_clear < first_step


def test_pause_and_resume_keep_the_time_left(
    demo: tuple[list[tuple[float, str, str]], Path],
) -> None:
    entries, _ = demo
    [(paused_at, paused)] = said(entries, "paused")
    [(resumed_at, resumed)] = said(entries, "resumed")
    assert resumed_at - paused_at > 4.0  # the user stayed paused for five seconds
    left = [float(text.split(" s left")[0]) for text in (paused, resumed)]
    assert "rubbing" in paused and left[0] == pytest.approx(left[1], abs=0.2)
    # After resuming, the step runs to its end: its "ten seconds left" comes that much later.
    ten_left = [t for t, text in said(entries, "assistant") if text == "Ten seconds left."]
    second = next(t for t in ten_left if t > resumed_at)
    assert second - resumed_at == pytest.approx(left[1] - 10.0, abs=0.5)


def test_stop_in_the_third_step_ends_it_at_once_and_both_voices_are_recorded(
    demo: tuple[list[tuple[float, str, str]], Path],
) -> None:
    entries, out = demo
    assistant = said(entries, "assistant")
    third = next(t for t, text in assistant if text.startswith("Gentle kneading."))
    stop_heard = next(t for t, text in said(entries, "heard") if text == "stop")
    assert stop_heard > third
    after = [text for t, text in assistant if t > stop_heard]
    assert len(after) <= 1 and all(len(text.split()) <= 5 for text in after)
    with wave.open(str(out / "session.wav")) as recording:
        seconds = recording.getnframes() / recording.getframerate()
        samples = np.frombuffer(recording.readframes(recording.getnframes()), dtype=np.int16)
    assert seconds == pytest.approx(entries[-1][0], abs=15.0)
    assert np.abs(samples).max() > 3000
