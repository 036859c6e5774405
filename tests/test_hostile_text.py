"""Hostile text: whatever a tool pipes into `chat --jsonl --virtual-clock`, and whatever a
content file holds, ends in a correct result or one clear line with exit status 2, never a
stack trace (property-based: hypothesis makes the lines and the files)."""

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli import main
from assistant.config import DEFAULT_CONTENT_DIR
from assistant.content_files import ContentError, load_content
from assistant.errors import EXIT_USAGE

ODD_TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf")),
    max_size=80,
)
"""Any Unicode a file can hold: letters of every script, combining marks, control and format
characters (NUL, escape, bidi overrides, zero-width joiners)."""
INPUT_LINE = st.one_of(
    ODD_TEXT,
    st.sampled_from(["yes", "no", "stop", "not sure", "@", "@@", "@-1 no", "@nan yes", "@inf no",
                     "@1e308 yes", "@0x10 no", "@ 4 yes", "@4.5", "{\"say\": 1}", "\u2028",
                     "which massage helps with constipation", "abdominal massage", "pause"]),
    ODD_TEXT.map(lambda text: f"@{text}"),
    st.integers(10_000, 200_000).map(lambda size: "no " * (size // 3)),
)  # fmt: skip


FIXTURES_ARE_RESET = [HealthCheck.function_scoped_fixture]
"""capsys is emptied by each example's `readouterr`, so sharing it between examples is fine."""


def chat(stdin: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`massage-assistant chat --jsonl --virtual-clock` in this process, on `stdin`."""
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        status = main(["chat", "--jsonl", "--virtual-clock"])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return status, out, err


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURES_ARE_RESET)
@given(lines=st.lists(INPUT_LINE, max_size=12))
def test_any_input_lines_give_json_lines_or_one_error_line(
    lines: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = chat("".join(f"{line}\n" for line in lines), capsys)
    records = [json.loads(line) for line in out.splitlines()]  # every line whole JSON
    if status == 0:
        assert err == "" and "end" in records[-1]
    else:
        assert status == EXIT_USAGE
        assert err.startswith("error: malformed ") and err.count("\n") == 1
    assert all("end" not in record for record in records[:-1])


@settings(max_examples=30, deadline=None, suppress_health_check=FIXTURES_ARE_RESET)
@given(lines=st.lists(INPUT_LINE, max_size=8))
def test_whatever_is_said_no_massage_step_comes_before_a_clean_screening(
    lines: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = chat("".join(f"{line}\n" for line in lines), capsys)
    kinds = [json.loads(line).get("kind") for line in out.splitlines()]
    assert "instruction" not in kinds  # nothing here ever answers every safety question "no"


def test_bytes_that_are_not_utf8_are_not_understood_rather_than_a_crash() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--jsonl", "--virtual-clock"],
        input=b"\xff\xfe\xc3 no\n\x00\x1b[2J\n" + b"\xe2\x80" * 1000 + b"\n",
        capture_output=True, timeout=60, env={"PATH": "/usr/bin", "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["end"] == "no_response"


@pytest.fixture(scope="module")
def content_texts() -> dict[str, str]:
    return {
        str(path.relative_to(DEFAULT_CONTENT_DIR)): path.read_text()
        for path in sorted(DEFAULT_CONTENT_DIR.rglob("*.toml"))
    }


TOML_VALUES = st.sampled_from(
    ['""', '" "', "0", "-1", "1e400", "nan", "true", "[]", "[1, 2]", '["a", 3]', "{}",
     '{ a = 1 }', "1979-05-27", '"\\u0000"', '"x"', '"' + "word " * 2000 + '"', "[[]]"]
)  # fmt: skip
VALUE_LINE = re.compile(r"(?m)^(\s*[A-Za-z_]+\s*=\s*)(.+)$")


@st.composite
def broken_content(draw: st.DrawFn, texts: dict[str, str]) -> tuple[str, str]:
    """One content file with one thing broken: a value of another type, a key gone, a line of
    junk, or bytes cut off."""
    name = draw(st.sampled_from(sorted(texts)))
    text = texts[name]
    lines = text.splitlines(keepends=True)
    mutation = draw(st.sampled_from(["value", "drop", "junk", "truncate"]))
    if mutation == "value":
        values = list(VALUE_LINE.finditer(text))
        match = values[draw(st.integers(0, len(values) - 1))]
        text = text[: match.start(2)] + draw(TOML_VALUES) + text[match.end(2) :]
    elif mutation == "drop":
        del lines[draw(st.integers(0, len(lines) - 1))]
        text = "".join(lines)
    elif mutation == "junk":
        lines.insert(draw(st.integers(0, len(lines))), draw(ODD_TEXT) + "\n")
        text = "".join(lines)
    else:
        text = text[: draw(st.integers(0, len(text)))]
    return name, text


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_broken_content_file_is_one_line_naming_the_file(
    tmp_path_factory: pytest.TempPathFactory, content_texts: dict[str, str], data: st.DataObject
) -> None:
    name, text = data.draw(broken_content(content_texts))
    folder = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    (folder / name).write_text(text)
    try:
        load_content(folder)  # some edits leave it valid (a comment line, an equal value)
    except ContentError as error:
        message = str(error)
        assert message.startswith("content/") and "\n" not in message, message
        assert error.exit_status == EXIT_USAGE


def test_content_that_is_not_text_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    (folder / "screening.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ContentError, match=r"^content/screening.toml: "):
        load_content(folder)
