"""Typed readers for TOML tables, so that every content error names its file, key and problem.

Key paths count array items from one, as a person reads the file: `step[2].cue[1].at_s` is the
first cue of the second step.
"""

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from assistant.core.content import Source
from assistant.errors import UserFacingError


class ContentError(UserFacingError):
    """A content file is missing, malformed or inconsistent. The message is one line."""


@dataclass(frozen=True)
class Form:
    """What a piece of text may look like, and the rule to quote when it does not."""

    pattern: re.Pattern[str]
    rule: str


SPOKEN = Form(
    re.compile(r"[A-Za-z ,.?!;:'-]+"),
    "spoken text may hold only letters, spaces and . , ? ! ; : ' - (write numbers as words)",
)
"""Read aloud by a synthesiser: digits, symbols and parentheses are read badly or not at all."""
PHRASE = Form(re.compile(r"[a-z]+(?:[ '][a-z]+)*"), "a phrase must be lowercase words")
"""Heard by a recogniser: its grammar holds lowercase words only."""
IDENT = Form(re.compile(r"[a-z][a-z0-9_]*"), "an id must be lowercase letters, digits and _")
ANY_TEXT = Form(re.compile(r"(?s).+"), "")


def fail(file: str, key: str, problem: str) -> NoReturn:
    raise ContentError(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")


def _excerpt(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


class Table:
    """One TOML table and where it sits. Every read is checked; `finish` rejects unknown keys."""

    def __init__(
        self, data: dict[str, object], file: str, path: str = "", parent: "Table | None" = None
    ) -> None:
        self._data = data
        self._read: set[str] = set()
        self.file = file
        self.path = path
        self._parent = parent
        self.lines: list[tuple[str, Source]] = parent.lines if parent else []
        """The spoken lines marked so far in this file and their sources, shared by its tables."""

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> NoReturn:
        fail(self.file, self.key(name), problem)

    def names(self) -> tuple[str, ...]:
        return tuple(self._data)

    def _value(self, name: str) -> object:
        self._read.add(name)
        if name not in self._data:
            self.fail(name, "missing key")
        return self._data[name]

    def text(self, name: str, form: Form = SPOKEN) -> str:
        return _checked_text(self._value(name), form, self.file, self.key(name))

    def texts(self, name: str, form: Form = SPOKEN) -> tuple[str, ...]:
        """A non-empty array of distinct texts."""
        items = self._array(name, allow_empty=False)
        result: list[str] = []
        for number, item in enumerate(items, start=1):
            key = self.key(f"{name}[{number}]")
            text = _checked_text(item, form, self.file, key)
            if text in result:
                fail(self.file, key, f"duplicate {_excerpt(text)}")
            result.append(text)
        return tuple(result)

    def seconds(self, name: str) -> float:
        """A positive, finite number of seconds."""
        value = self._value(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(name, f"expected a number of seconds, got {type(value).__name__}")
        if not math.isfinite(value) or value <= 0:
            self.fail(name, f"expected a positive number of seconds, got {value}")
        return float(value)

    def tables(self, name: str, *, required: bool = True) -> tuple["Table", ...]:
        """An array of tables (`[[name]]`), each reading with its own key path `name[n]`."""
        if not required and name not in self._data:
            self._read.add(name)
            return ()
        tables: list[Table] = []
        for number, item in enumerate(self._array(name, allow_empty=not required), start=1):
            key = f"{name}[{number}]"
            if not isinstance(item, dict):
                self.fail(key, f"expected a table, got {type(item).__name__}")
            tables.append(Table(item, self.file, self.key(key), self))
        return tuple(tables)

    def table(self, name: str) -> "Table":
        value = self._value(name)
        if not isinstance(value, dict):
            self.fail(name, f"expected a table, got {type(value).__name__}")
        return Table(value, self.file, self.key(name), self)

    def source(self) -> Source:
        """This table's `source`, else its parent's: a file says where its lines come from, and
        a table or an array's `<name>_sources` says so where it differs."""
        if "source" in self._data or self._parent is None:
            return _source(self._value("source"), self.file, self.key("source"))
        return self._parent.source()

    def mark_lines(self, *names: str) -> None:
        """Record the source of the spoken lines under `names` (texts or arrays of texts)."""
        source = self.source()
        for name in names:
            value = self._data.get(name)
            if not isinstance(value, list):
                self.lines.append((f"{self.file}: {self.key(name)}", source))
                continue
            sources = [source] * len(value)
            if f"{name}_sources" in self._data:
                given = self._array(f"{name}_sources", allow_empty=False)
                if len(given) != len(value):
                    self.fail(f"{name}_sources", f"expected {len(value)} sources, one per line")
                key = self.key(f"{name}_sources")
                sources = [_source(item, self.file, f"{key}[{n}]") for n, item in
                           enumerate(given, start=1)]  # fmt: skip
            self.lines.extend((f"{self.file}: {self.key(f'{name}[{n}]')}", item)
                              for n, item in enumerate(sources, start=1))  # fmt: skip

    def finish(self) -> None:
        """Reject keys nobody read: a misspelt key must not be silently ignored."""
        for name in self._data:
            if name not in self._read:
                self.fail(name, "unknown key")

    def _array(self, name: str, *, allow_empty: bool) -> Sequence[object]:
        value = self._value(name)
        if not isinstance(value, list):
            self.fail(name, f"expected an array, got {type(value).__name__}")
        if not value and not allow_empty:
            self.fail(name, "empty array")
        return value


def _checked_text(value: object, form: Form, file: str, key: str) -> str:
    if not isinstance(value, str):
        fail(file, key, f"expected text, got {type(value).__name__}")
    if not value.strip():
        fail(file, key, "empty text")
    if not form.pattern.fullmatch(value):
        fail(file, key, f"{form.rule}, got {_excerpt(value)}")
    return value


def _source(value: object, file: str, key: str) -> Source:
    if value == "article" or value == "practice":
        return value
    fail(file, key, f"a source is 'article' or 'practice', got {value!r}")


def read_toml(path: Path, content_dir: Path) -> Table:
    """A whole file as a table, named relative to the content folder's parent."""
    file = path.relative_to(content_dir.parent).as_posix()
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        fail(file, "", "file is missing")
    except UnicodeDecodeError as error:
        fail(file, "", f"not UTF-8 text at byte {error.start}")
    try:
        return Table(tomllib.loads(text), file)
    except tomllib.TOMLDecodeError as error:
        fail(file, "", f"TOML syntax error: {error}")
