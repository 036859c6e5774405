"""The scripted-session contract, `massage-assistant chat --jsonl --virtual-clock`, end to end."""

import json
import subprocess
import sys

import pytest

from tests.conversation import real_content

CONTENT = real_content()
ABDOMEN = CONTENT.technique("abdomen")
ALL_CLEAR = ["yes"] + ["no"] * len(CONTENT.screening)  # the doctor agreed, then the questions


def chat(*lines: str, flags: tuple[str, ...] = ("--jsonl", "--virtual-clock")) -> list[dict]:  # type: ignore[type-arg]
    """Runs the real command with one input line per listen; returns its JSON lines."""
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", *flags],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [json.loads(line) for line in done.stdout.splitlines()]


def spoken(records: list[dict], kind: str | None = None) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in records if "say" in r and (kind is None or r["kind"] == kind)]


def listens(records: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    return [r["listen"] for r in records if "listen" in r]


def test_every_line_has_exactly_the_contracted_shape() -> None:
    records = chat("which massage helps with constipation?", "yes", *ALL_CLEAR, "yes", "yes")
    for record in records:
        assert isinstance(record["t"], (int, float))
        keys = set(record) - {"t"}
        assert keys in ({"say", "kind"}, {"listen"}, {"end", "because"})
        if "say" in record:
            assert record["kind"] in {"prompt", "answer", "instruction", "cue", "warning"}
        if "listen" in record:
            assert set(record["listen"]) == {"expect", "timeout_s", "context", "covers"}
            assert record["listen"]["context"] in {
                "menu",
                "question",
                "screening",
                "confirm",
                "session",
            }
        if "end" in record:
            assert record["end"] in {"completed", "stopped", "contraindicated", "symptom",
                                     "no_response", "unclear"}  # fmt: skip
    assert "end" in records[-1]
    times = [record["t"] for record in records]
    assert times == sorted(times)


def test_constipation_question_then_a_full_session_to_completion() -> None:
    records = chat("which massage helps with constipation?", "yes", *ALL_CLEAR, "yes", "yes")
    assert "abdominal massage" in spoken(records, "answer")[0]["say"]
    assert records[-1] == {"t": records[-1]["t"], "end": "completed", "because": []}
    first_step = spoken(records, "instruction")[0]
    cues = spoken(records, "cue")
    assert len(cues) == sum(len(step.cues) for step in ABDOMEN.steps)
    step_start = first_step["t"]
    for step in ABDOMEN.steps:
        for cue in step.cues:
            said = next(r for r in cues if r["say"] == cue.text and r["t"] >= step_start)
            assert said["t"] == pytest.approx(step_start + cue.at_s, abs=0.01)
        step_start += step.duration_s


def test_screening_listens_name_what_they_cover_and_yes_means_it_applies() -> None:
    records = chat("start the palm massage", *ALL_CLEAR, "no")
    screening = [listen for listen in listens(records) if listen["context"] == "screening"]
    covered = {item for listen in screening for item in listen["covers"]}
    assert len(covered) == 17
    assert all(listen["covers"] for listen in screening)
    assert "i don't know" in screening[0]["expect"]
    confirms = [listen for listen in listens(records) if listen["context"] == "confirm"]
    assert len(confirms) == 2  # the doctor question, then "yes for the other cautions"
    assert all(listen["covers"] == [] for listen in confirms)


def test_pregnancy_ends_the_session_and_no_instruction_is_spoken() -> None:
    answers = ["yes"] + ["no"] * (len(CONTENT.screening) - 1) + ["yes"]
    records = chat("start the abdominal massage", *answers)
    assert records[-1]["end"] == "contraindicated"
    assert records[-1]["because"] == ["pregnancy", "postpartum"]
    assert spoken(records, "instruction") == []
    assert spoken(records, "warning")[-1]["say"].endswith("see a doctor about it.")


def test_stop_in_the_middle_of_a_step_ends_at_once() -> None:
    records = chat("start the abdominal massage", *ALL_CLEAR, "yes", "yes", "@5 stop")
    stop_heard_at = listens(records)[-1]
    assert stop_heard_at["context"] == "session"
    assert records[-1]["end"] == "stopped"
    assert len(spoken(records, "instruction")) == 1
    assert records[-2]["say"] == CONTENT.phrases.stop_confirm


def test_speech_after_the_window_has_closed_is_silence() -> None:
    records = chat("start the palm massage", "@9 yes")  # the window is 8 seconds
    doctor = CONTENT.phrases.doctor_question
    questions = [r["say"] for r in spoken(records) if r["say"] == doctor]
    assert questions == [doctor] * 3  # asked, then re-asked twice
    assert records[-1] == {"t": records[-1]["t"], "end": "unclear",
                           "because": ["doctor_consultation"]}  # fmt: skip


def test_pause_and_resume_keep_the_time_left() -> None:
    records = chat(
        "start the abdominal massage",
        *ALL_CLEAR,
        "skip",
        "@10 pause",
        "@50 resume",
        "",
        "how much time is left",
    )
    first_step = spoken(records, "instruction")[0]
    resumed = next(r for r in spoken(records) if r["say"] == CONTENT.phrases.resumed)
    halfway = next(r for r in spoken(records, "cue"))
    paused_at = next(r for r in spoken(records) if r["say"] == CONTENT.phrases.paused)["t"]
    assert paused_at > first_step["t"]
    elapsed_before_pause = paused_at - first_step["t"]
    assert halfway["t"] == pytest.approx(
        resumed["t"] + ABDOMEN.steps[0].cues[0].at_s - elapsed_before_pause, abs=0.01
    )


def test_end_of_input_is_silence_and_every_session_ends() -> None:
    records = chat()
    assert records[-1]["end"] == "no_response"
    assert len(spoken(records)) == 4  # greeting, two re-prompts, goodbye


def test_silence_during_a_guided_session_lets_it_run_to_the_end() -> None:
    records = chat("start the palm massage", *ALL_CLEAR, "yes", "yes")
    assert records[-1]["end"] == "completed"
    palms = CONTENT.technique("palms")
    assert len(spoken(records, "instruction")) == len(palms.steps)


def test_plain_text_mode_is_readable() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--virtual-clock"],
        input="stop\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "assistant: Hello," in done.stdout
    assert "(session ended: stopped)" in done.stdout


@pytest.mark.parametrize("bad_line", ["@abc no", "@-1 no", "@3"])
def test_malformed_input_lines_get_one_line_and_exit_2(bad_line: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--jsonl", "--virtual-clock"],
        input=f"{bad_line}\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("error: ")


def test_unknown_flags_get_one_line_and_exit_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--no-such-flag"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
