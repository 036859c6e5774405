"""The only reader of `content/`: TOML files validated into the frozen types of `core.content`.

Every problem raises `ContentError` with one line naming the file (relative to the content
folder's parent, `content/techniques/abdomen.toml`), the key path (`step[2].cue[1].at_s`) and
what is wrong. Besides each value's type and form, the load cross-checks the files: ids are
unique, every reference resolves, every contraindication is asked about, cues fall inside their
steps, and a phrase people say leads to one thing only.
"""

from pathlib import Path

from assistant.content_article import read_article
from assistant.content_schema import (
    IDENT,
    PHRASE,
    ContentError,
    Table,
    fail,
    read_toml,
)
from assistant.content_words import load_phrases, load_vocabulary
from assistant.core.content import (
    Condition,
    Content,
    Contraindication,
    Cue,
    ScreeningQuestion,
    Step,
    Technique,
)
from assistant.core.vocabulary import Vocabulary
from assistant.core.words import contains_phrase, normalise

__all__ = ["ContentError", "load_content"]

Owners = dict[str, str]
"""Who already uses a value (an id, a phrase): value -> where, for duplicate errors."""


def load_content(directory: Path) -> Content:
    """Read and cross-check every file under `directory`, or raise `ContentError`."""
    if not directory.is_dir():
        fail(str(directory), "", "no such content folder")
    contraindications_file = read_toml(directory / "contraindications.toml", directory)
    contraindications = _contraindications(contraindications_file)
    screening_file = read_toml(directory / "screening.toml", directory)
    screening = _screening(screening_file, contraindications)
    asked = {covered for question in screening for covered in question.covers}
    for number, item in enumerate(contraindications, start=1):
        if item.id not in asked:
            where = f"contraindication[{number}].id"
            fail(contraindications_file.file, where, f"{item.id!r} is asked by no question "
                 f"in {directory.name}/screening.toml")  # fmt: skip
    names: Owners = {}
    vocabulary = load_vocabulary(directory)
    conditions_file = read_toml(directory / "conditions.toml", directory)
    article_file = read_toml(directory / "article.toml", directory)
    roots = [article_file, contraindications_file, screening_file, conditions_file]
    techniques = _techniques(directory, names, roots, vocabulary)
    conditions = _conditions(conditions_file, techniques, names)
    article = read_article(article_file, techniques)
    return Content(
        article=article,
        contraindications=contraindications,
        screening=screening,
        techniques=techniques,
        conditions=conditions,
        phrases=load_phrases(directory),
        vocabulary=vocabulary,
        line_sources=tuple(line for root in roots for line in root.lines),
    )


def _claim(owners: Owners, value: str, table: Table, key: str) -> None:
    """Record where `value` is used, failing if something else uses it already."""
    if value in owners:
        table.fail(key, f"duplicate {value!r}, also at {owners[value]}")
    owners[value] = f"{table.key(key)} in {table.file}"


def _quiet_text(table: Table, name: str, vocabulary: Vocabulary) -> str:
    """Spoken text that the assistant's own microphone must not take for a command: steps and
    cues are spoken while the microphone listens, and these words would be obeyed."""
    text = table.text(name)
    heard = normalise(text)
    commands = [phrase for _, phrases in vocabulary.commands for phrase in phrases]
    for phrase in (*commands, *vocabulary.sign_phrases()):
        if contains_phrase(heard, phrase):
            table.fail(name, f"says {phrase!r}, which the microphone would take for a command")
    return text


def _contraindications(root: Table) -> tuple[Contraindication, ...]:
    ids: Owners = {}
    phrases: Owners = {}
    items: list[Contraindication] = []
    for table in root.tables("contraindication"):
        item = Contraindication(
            id=table.text("id", IDENT),
            article_text=table.text("article_text"),
            plain=table.text("plain"),
            phrases=table.texts("phrases", PHRASE),
            statements=table.texts("statements", PHRASE),
        )
        _claim(ids, item.id, table, "id")
        for number, phrase in enumerate(item.phrases, start=1):
            _claim(phrases, phrase, table, f"phrases[{number}]")
        for number, phrase in enumerate(item.statements, start=1):
            _claim(phrases, phrase, table, f"statements[{number}]")
        table.mark_lines("article_text", "plain")
        table.finish()
        items.append(item)
    root.finish()
    return tuple(items)


def _screening(
    root: Table, contraindications: tuple[Contraindication, ...]
) -> tuple[ScreeningQuestion, ...]:
    known = {item.id for item in contraindications}
    ids: Owners = {}
    questions: list[ScreeningQuestion] = []
    for table in root.tables("question"):
        question = ScreeningQuestion(
            id=table.text("id", IDENT),
            text=table.text("text"),
            covers=table.texts("covers", IDENT),
            echo=table.text("echo"),
        )
        _claim(ids, question.id, table, "id")
        for number, covered in enumerate(question.covers, start=1):
            if covered not in known:
                table.fail(f"covers[{number}]", f"unknown contraindication {covered!r}")
        table.mark_lines("text", "echo")
        table.finish()
        questions.append(question)
    root.finish()
    return tuple(questions)


def _techniques(
    directory: Path, names: Owners, roots: list[Table], words: Vocabulary
) -> tuple[Technique, ...]:
    files = sorted((directory / "techniques").glob("*.toml"))
    if not files:
        fail(f"{directory.name}/techniques", "", "no technique files (*.toml)")
    roots += [read_toml(path, directory) for path in files]
    return tuple(_technique(roots[-len(files) + n], path.stem, names, words)
                 for n, path in enumerate(files))  # fmt: skip


def _technique(root: Table, file_id: str, names: Owners, words: Vocabulary) -> Technique:
    technique = Technique(
        id=root.text("id", IDENT),
        name=root.text("name", PHRASE),
        aliases=root.texts("aliases", PHRASE),
        summary=root.text("summary"),
        position=_quiet_text(root, "position", words),
        cautions=root.texts("cautions"),
        steps=_steps(root, words),
    )
    if technique.id != file_id:
        root.fail("id", f"{technique.id!r} must match the file name {file_id!r}")
    _claim(names, technique.name, root, "name")
    for number, alias in enumerate(technique.aliases, start=1):
        if alias != technique.name:
            _claim(names, alias, root, f"aliases[{number}]")
    root.mark_lines("summary", "position", "cautions")
    root.finish()
    return technique


def _steps(root: Table, words: Vocabulary) -> tuple[Step, ...]:
    ids: Owners = {}
    steps: list[Step] = []
    for table in root.tables("step"):
        step_id = table.text("id", IDENT)
        _claim(ids, step_id, table, "id")
        name = table.text("name")
        duration_s = table.seconds("duration_s")
        instruction = _quiet_text(table, "instruction", words)
        cues = _cues(table, duration_s, words)
        steps.append(Step(step_id, name, duration_s, instruction, cues))
        table.mark_lines("instruction")
        table.finish()
    return tuple(steps)


def _cues(step: Table, duration_s: float, words: Vocabulary) -> tuple[Cue, ...]:
    cues: list[Cue] = []
    for table in step.tables("cue", required=False):
        at_s = table.seconds("at_s")
        if at_s >= duration_s:
            table.fail("at_s", f"cue at {at_s:g} s is outside its step of {duration_s:g} s")
        if cues and at_s <= cues[-1].at_s:
            table.fail("at_s", f"cue at {at_s:g} s comes after the cue at {cues[-1].at_s:g} s")
        cues.append(Cue(at_s, _quiet_text(table, "text", words)))
        table.mark_lines("text")
        table.finish()
    return tuple(cues)


def _conditions(
    root: Table, techniques: tuple[Technique, ...], names: Owners
) -> tuple[Condition, ...]:
    known = {technique.id for technique in techniques}
    ids: Owners = {}
    conditions: list[Condition] = []
    for table in root.tables("condition"):
        condition = Condition(
            id=table.text("id", IDENT),
            name=table.text("name"),
            phrases=table.texts("phrases", PHRASE),
            techniques=table.texts("techniques", IDENT),
            answer=table.text("answer"),
        )
        _claim(ids, condition.id, table, "id")
        for number, phrase in enumerate(condition.phrases, start=1):
            _claim(names, phrase, table, f"phrases[{number}]")
        for number, technique_id in enumerate(condition.techniques, start=1):
            if technique_id not in known:
                table.fail(f"techniques[{number}]", f"unknown technique {technique_id!r}")
        table.mark_lines("answer")
        table.finish()
        conditions.append(condition)
    root.finish()
    return tuple(conditions)
