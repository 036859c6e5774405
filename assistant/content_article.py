"""Reads `content/article.toml`: the article's sections, the questions that reach them, and the
fixed lines of their answers. Part of the content reader (`content_files` calls it)."""

from assistant.content_schema import ANY_TEXT, IDENT, PHRASE, Table
from assistant.core.content import (
    ARTICLE_SECTIONS,
    Article,
    ArticleQuestion,
    ArticleReplies,
    Technique,
)
from assistant.core.words import contains_phrase, normalise

_SECTION_NAMES = ("introduction", "definition", "technique_overview", "palm_massage", "closing")
_SECTION_LISTS = ("benefits", "indications", "objectives", "warnings")


def read_article(root: Table, techniques: tuple[Technique, ...]) -> Article:
    """The article file, checked: every question reaches a section, a caution or its own words."""
    root.mark_lines(*_SECTION_NAMES, *_SECTION_LISTS)
    replies_table = root.table("replies")
    replies = ArticleReplies(
        caution_quote=replies_table.text("caution_quote", ANY_TEXT),
        about_technique=replies_table.text("about_technique", ANY_TEXT),
        cannot_answer=replies_table.text("cannot_answer"),
    )
    replies_table.mark_lines("caution_quote", "about_technique", "cannot_answer")
    replies_table.finish()
    article = Article(
        introduction=root.text("introduction"),
        definition=root.text("definition"),
        benefits=root.texts("benefits"),
        indications=root.texts("indications"),
        objectives=root.texts("objectives"),
        technique_overview=root.text("technique_overview"),
        palm_massage=root.text("palm_massage"),
        warnings=root.texts("warnings"),
        closing=root.text("closing"),
        questions=_questions(root, techniques),
        replies=replies,
    )
    root.finish()
    return article


def _optional(table: Table, name: str, form_phrase: bool = False) -> str | None:
    if name not in table.names():
        return None
    return table.text(name, PHRASE) if form_phrase else table.text(name)


def _questions(root: Table, techniques: tuple[Technique, ...]) -> tuple[ArticleQuestion, ...]:
    cautions = [normalise(caution) for technique in techniques for caution in technique.cautions]
    ids: set[str] = set()
    phrases: set[str] = set()
    questions: list[ArticleQuestion] = []
    for table in root.tables("question"):
        question = ArticleQuestion(
            id=table.text("id", IDENT),
            phrases=table.texts("phrases", PHRASE),
            answer=_optional(table, "answer"),
            sections=table.texts("sections", IDENT) if "sections" in table.names() else (),
            caution_about=_optional(table, "caution_about", form_phrase=True),
        )
        if question.id in ids:
            table.fail("id", f"duplicate {question.id!r}")
        ids.add(question.id)
        for number, phrase in enumerate(question.phrases, start=1):
            if phrase in phrases:
                table.fail(f"phrases[{number}]", f"duplicate {phrase!r}")
            phrases.add(phrase)
        for number, section in enumerate(question.sections, start=1):
            if section not in ARTICLE_SECTIONS:
                table.fail(f"sections[{number}]", f"unknown article section {section!r}")
        about = question.caution_about
        if about is not None and not any(contains_phrase(c, about) for c in cautions):
            table.fail("caution_about", f"no technique caution mentions {about!r}")
        if question.answer is None and not question.sections and about is None:
            table.fail("answer", "a question needs an answer, sections or caution_about")
        if question.answer is not None:
            table.mark_lines("answer")
        table.finish()
        questions.append(question)
    return tuple(questions)
