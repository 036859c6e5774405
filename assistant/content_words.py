"""Reading the words the dialog speaks and understands: phrases, commands, answers and signs.

Part of the only reader of `content/` (see `content_files`); every problem is one line naming
the file and the key. A phrase may mean one thing only within a kind of listen, and every
command and every fixed line must be there: a typo fails on load, not in a session.
"""

from dataclasses import fields
from pathlib import Path

from assistant.content_schema import ANY_TEXT, IDENT, PHRASE, Table, fail, read_toml
from assistant.core.phrases import Phrases
from assistant.core.vocabulary import (
    URGENT_SIGNS,
    URGENT_STOP,
    Command,
    ConfirmWords,
    ScreeningWords,
    Vocabulary,
    WarningSign,
)
from assistant.core.words import contains_phrase

Owners = dict[str, str]


def _claim(owners: Owners, value: str, table: Table, key: str) -> None:
    if value in owners:
        table.fail(key, f"duplicate {value!r}, also at {owners[value]}")
    owners[value] = f"{table.key(key)} in {table.file}"


def _phrase_lists(table: Table, names: tuple[str, ...], owners: Owners) -> list[tuple[str, ...]]:
    """Each named list of phrases; a phrase in two lists of one table is an error."""
    lists = []
    for name in names:
        phrases = table.texts(name, PHRASE)
        for number, phrase in enumerate(phrases, start=1):
            _claim(owners, phrase, table, f"{name}[{number}]")
        lists.append(phrases)
    return lists


def load_phrases(directory: Path) -> Phrases:
    root = read_toml(directory / "phrases.toml", directory)
    table = root.table("phrases")
    lines = {field.name: table.text(field.name, ANY_TEXT) for field in fields(Phrases)}
    table.finish()
    root.finish()
    return Phrases(**lines)


def load_vocabulary(directory: Path) -> Vocabulary:
    commands_root = read_toml(directory / "commands.toml", directory)
    table = commands_root.table("command")
    owners: Owners = {}
    names = tuple(command.value for command in Command)
    commands = tuple(zip(Command, _phrase_lists(table, names, owners), strict=True))
    table.finish()
    commands_root.finish()
    answers = read_toml(directory / "answers.toml", directory)
    confirm_table = answers.table("confirm")
    confirm = ConfirmWords(*_phrase_lists(confirm_table, ("yes", "no", "wait", "skip"), {}))
    words = answers.table("screening")
    no, affirm, hedge, unsure = _phrase_lists(words, ("no", "affirm", "hedge", "unsure"), {})
    screening = ScreeningWords(
        no, affirm, hedge, unsure,
        negation=frozenset(words.texts("negation", PHRASE)),
        clause_break=frozenset(words.texts("clause_break", PHRASE)),
    )
    checkin = answers.table("checkin")
    feel_good = checkin.texts("good", PHRASE)
    for table in (confirm_table, words, checkin):
        table.finish()
    answers.finish()
    signs = _warning_signs(directory)
    _check_urgent(commands_root, dict(commands)[Command.STOP], signs)
    return Vocabulary(commands, signs, confirm, screening, feel_good)


def _check_urgent(commands: Table, stop: tuple[str, ...], signs: tuple[WarningSign, ...]) -> None:
    """The barge-in phrases (a constant of the recognisers' tuning) must still mean stop or a
    warning sign here, or the dialog would not act on what the runtime hurries to it."""
    for phrase in URGENT_STOP:
        if phrase not in stop:
            commands.fail("command.stop", f"lacks {phrase!r}, heard over the assistant's voice")
    known = {phrase for sign in signs for phrase in sign.phrases}
    for phrase in URGENT_SIGNS:
        if phrase not in known:
            fail(commands.file.replace("commands.toml", "warning_signs.toml"), "",
                 f"no sign has the phrase {phrase!r}, heard over the assistant's voice")


def _warning_signs(directory: Path) -> tuple[WarningSign, ...]:
    root = read_toml(directory / "warning_signs.toml", directory)
    ids: Owners = {}
    phrases: Owners = {}
    signs: list[WarningSign] = []
    for table in root.tables("sign"):
        sign = WarningSign(table.text("id", IDENT),
                           table.texts("names", PHRASE), table.texts("phrases", PHRASE))
        _claim(ids, sign.id, table, "id")
        for number, phrase in enumerate(sign.phrases, start=1):
            _claim(phrases, phrase, table, f"phrases[{number}]")
        for number, name in enumerate(sign.names, start=1):
            if not any(contains_phrase(name, phrase) for phrase in sign.phrases):
                table.fail(f"names[{number}]", f"{name!r} is not heard as this sign: "
                           "add a phrase that it contains")  # fmt: skip
        table.finish()
        signs.append(sign)
    root.finish()
    return tuple(signs)
