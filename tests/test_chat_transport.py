"""The chat transport always ends: one `end` line, last, whatever the input and however it stops.

Driven through the real command (`cli.main` with in-memory stdin and stdout, and as a
subprocess where the pipe itself matters: lines arriving in one write, end of input).
"""

import contextlib
import io
import itertools
import json
import subprocess
import sys
import time
from typing import Any, get_args
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import cli
from assistant.core.actions import EndReason, ListenContext, SayKind
from tests.test_chat_protocol import ALL_CLEAR, CONTENT

PHRASES = (
    "palm massage", "start the abdominal massage", "which massage helps with constipation",
    "neck and shoulder massage", "yes", "no", "not sure", "maybe", "go back", "help", "repeat",
    "pause", "resume", "carry on", "next", "back", "how much time is left", "slower", "faster",
    "louder", "quieter", "another massage", "finish", "i'm done", "stop", "it hurts", "dizzy",
    "what are the contraindications", "how long does it take",
)  # fmt: skip
TO_FIRST_STEP = [*ALL_CLEAR, "yes", "yes"]  # screened, the cautions heard, in position
SHAPES = ({"say", "kind"}, {"listen"}, {"end", "because"})


def run_chat(text: str, *flags: str) -> tuple[int, list[str]]:
    """`massage-assistant chat --jsonl --virtual-clock` in this process: status and lines."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["chat", "--jsonl", "--virtual-clock", *flags]
    with (
        mock.patch.object(sys, "stdin", io.StringIO(text)),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        status = cli.main(argv)
    assert err.getvalue() == ""
    return status, out.getvalue().splitlines()


def assert_one_end_last(lines: list[str]) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in lines]
    for record in records:
        assert isinstance(record["t"], (int, float))
        assert set(record) - {"t"} in SHAPES, record
        if "say" in record:
            assert record["kind"] in get_args(SayKind)
        if "listen" in record:
            assert set(record["listen"]) == {"expect", "timeout_s", "context", "covers"}
            assert record["listen"]["context"] in get_args(ListenContext)
        if "end" in record:
            assert record["end"] in get_args(EndReason)
    ends = [record for record in records if "end" in record]
    assert len(ends) == 1 and "end" in records[-1]
    times = [record["t"] for record in records]
    assert times == sorted(times)
    return records


words = st.sampled_from(PHRASES)
input_line = st.one_of(
    words,
    st.just(""),
    st.builds(lambda s, w: f"@{s} {w}", st.integers(0, 90), words),
    st.text(st.characters(exclude_characters="\n\r@", exclude_categories=["Cs"]), max_size=30),
)


@settings(max_examples=150, deadline=None)
@given(
    cleared=st.booleans(),
    lines=st.lists(input_line, max_size=25),
    ends_early=st.booleans(),
)
def test_any_input_gets_exactly_one_end_line_last(
    cleared: bool, lines: list[str], ends_early: bool
) -> None:
    """Screened through to a step or not, then any mix; the input ends at once or runs out."""
    script = (["palm massage", *TO_FIRST_STEP] if cleared else []) + lines
    text = "\n".join(script) + ("" if ends_early else "\n" + "\n" * 40)
    status, out = run_chat(text)
    assert status == 0
    assert_one_end_last(out)


def test_silence_while_paused_ends_with_one_end_line() -> None:
    """Issue 10: this once stopped with status 0 and no `end` line."""
    status, out = run_chat("\n".join(["palm massage", *TO_FIRST_STEP, "pause", ""]) + "\n")
    records = assert_one_end_last(out)
    assert status == 0
    assert records[-1]["end"] == "no_response"
    assert any(record.get("say", "").startswith("Paused") for record in records)


def test_bad_settings_get_one_line_and_exit_2() -> None:
    for flags in (["--rate", "0"], ["--rate", "-50"], ["--volume", "3"], ["--volume", "0"]):
        done = subprocess.run(
            [sys.executable, "-m", "assistant", "chat", "--jsonl", "--virtual-clock", *flags],
            input="",
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, flags
        assert done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stderr.startswith("error: ")


def start_plain_chat() -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_plain_chat_ends_at_end_of_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "chat"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1].endswith("(session ended: no_response)")


def test_plain_chat_reads_lines_piped_in_one_write_without_waiting_for_more() -> None:
    """Three lines in one write: all three are answered while the pipe stays open."""
    chat = start_plain_chat()
    assert chat.stdin is not None and chat.stdout is not None
    try:
        chat.stdin.write("palm massage\nhelp\nstop\n")
        chat.stdin.flush()
        deadline = time.monotonic() + 20
        lines: list[str] = []
        while time.monotonic() < deadline and not (lines and "session ended" in lines[-1]):
            lines.append(chat.stdout.readline())
        assert lines[-1].strip().endswith("(session ended: stopped)")
        chat.stdin.close()
        assert chat.wait(timeout=10) == 0
    finally:
        chat.kill()


def test_after_help_in_a_step_the_later_cues_keep_their_deadlines() -> None:
    """The transport charges the help its speaking time but ticks the dialog at the deadlines:
    the timeline of the steps does not move (what the core does with a cue that came due
    while the help was spoken is the dialog's rule, not the clock's)."""
    status, out = run_chat("\n".join(["palm massage", *TO_FIRST_STEP, "@1 help"]) + "\n")
    assert status == 0
    records = [r for r in assert_one_end_last(out) if "say" in r]
    palms = CONTENT.technique("palms")
    first_step_at = next(r["t"] for r in records if r["kind"] == "instruction")
    helped = next(r for r in records if r["kind"] == "prompt" and r["t"] > first_step_at)
    help_ends = helped["t"] + len(helped["say"].split()) * 60 / 165
    assert help_ends > first_step_at + palms.steps[0].duration_s  # it overran the first step
    starts = itertools.accumulate((s.duration_s for s in palms.steps[:-1]), initial=first_step_at)
    for step, step_start in list(zip(palms.steps, starts, strict=True))[1:]:
        for cue in step.cues:
            said = [r for r in records if r["say"] == cue.text and r["t"] >= step_start]
            assert said[0]["t"] == pytest.approx(step_start + cue.at_s, abs=0.01)
