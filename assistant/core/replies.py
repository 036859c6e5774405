"""Answers to the menu's questions, and the lines before and at the start of a technique."""

from dataclasses import dataclass

from assistant.core import guidance
from assistant.core.actions import Say
from assistant.core.content import ArticleQuestion, Content, Technique
from assistant.core.menu import (
    AboutTechnique,
    AskArticle,
    AskCondition,
    AskSafe,
    AskTopic,
    CannotAnswer,
    Request,
    Topic,
)
from assistant.core.spoken import about_minutes, join_words
from assistant.core.states import Guiding
from assistant.core.words import contains_phrase, normalise

SIMPLEST_TECHNIQUE = "palms"
"""The article: 'one of the simplest ways of self-massage is palm massage'."""


@dataclass(frozen=True)
class Reply:
    lines: tuple[Say, ...] = ()
    offer: str | None = None
    """A technique to offer: the next 'yes' starts it."""
    asked_about: tuple[str, ...] = ()
    """A contraindication asked about ('is it safe when pregnant'): asked again before a start."""


def offer(content: Content, technique_id: str, *lines: Say) -> Reply:
    """`lines`, then 'shall we do it?': the next yes starts it ('go back' returns here)."""
    name = content.technique(technique_id).name
    offer = Say(content.phrases.offer_technique.format(technique=name), "prompt")
    return Reply((*lines, offer), offer=technique_id)


def _answer(content: Content, *texts: str) -> Reply:
    lines = tuple(Say(text, "answer") for text in texts)
    return Reply((*lines, Say(content.phrases.menu_prompt, "prompt")))


def _article_answer(content: Content, question: ArticleQuestion) -> tuple[str, ...]:
    """Our words first (what the article does not say), the article's, then quoted cautions."""
    lines = [question.answer] if question.answer else []
    for section in question.sections:
        lines += content.article.section(section)
    about = question.caution_about
    for technique in content.techniques if about else ():
        for caution in technique.cautions:
            if about and contains_phrase(normalise(caution), about):
                quote = content.article.replies.caution_quote.format(technique=technique.name)
                lines.append(f"{quote} {caution}")
    return tuple(lines)


def answer_request(content: Content, request: Request) -> Reply:
    phrases = content.phrases
    article = content.article
    match request:
        case AboutTechnique(technique=technique_id):
            named = content.technique(technique_id)
            about = article.replies.about_technique.format(
                technique=named.name, duration=about_minutes(named.duration_s),
                summary=named.summary)  # fmt: skip
            return offer(content, technique_id, Say(about, "answer"))
        case AskArticle(question=question_id):
            question = next(q for q in article.questions if q.id == question_id)
            return _answer(content, *_article_answer(content, question))
        case CannotAnswer():
            return _answer(content, article.replies.cannot_answer)
        case AskCondition(condition=condition_id):
            condition = next(c for c in content.conditions if c.id == condition_id)
            return offer(content, condition.techniques[0], Say(condition.answer, "answer"))
        case AskSafe(contraindication=None):
            return _answer(content, phrases.safe_when_unknown)
        case AskSafe(contraindication=str() as item_id):
            plain = content.contraindication(item_id).plain
            reply = _answer(content, phrases.safe_when_no.format(reason=plain))
            return Reply(reply.lines, asked_about=(item_id,))
        case AskTopic(topic=Topic.CONTRAINDICATIONS):
            items = " ".join(c.article_text for c in content.contraindications)
            return _answer(content, phrases.contraindications_intro, items,
                           article.warnings[0])  # fmt: skip
        case AskTopic(topic=Topic.DURATION):
            each = [f"the {t.name} takes {about_minutes(t.duration_s)}" for t in content.techniques]
            return _answer(content, phrases.durations.format(durations=join_words(each)))
        case AskTopic(topic=Topic.BENEFITS):
            return _answer(content, phrases.benefits, *article.benefits)
        case AskTopic(topic=Topic.INDICATIONS):
            return _answer(content, phrases.indications, *article.indications)
        case AskTopic(topic=Topic.OBJECTIVES):
            return _answer(content, phrases.objectives, *article.objectives)
        case AskTopic(topic=Topic.SUGGEST):
            return offer(content, SIMPLEST_TECHNIQUE, Say(phrases.suggestion, "answer"))
    return Reply((Say(phrases.menu_prompt, "prompt"),))


def time_left_line(content: Content, guiding: Guiding, at: float) -> Say:
    technique = content.technique(guiding.technique)
    return Say(guidance.time_left(content.phrases.time_left, technique, guiding, at), "answer")


def ready_lines(content: Content, technique: Technique, introduced: bool) -> tuple[Say, ...]:
    """Length and position (the summary unless already told), the warnings, which are never
    skipped, and the choice: the other cautions, or 'skip' straight to the first step."""
    phrases = content.phrases
    intro = phrases.technique_intro.format(technique=technique.name,
                                           duration=about_minutes(technique.duration_s))
    summary = () if introduced else (technique.summary,)
    text = " ".join((intro, *summary, phrases.position.format(position=technique.position)))
    warnings = [c for c in technique.cautions if is_warning(content, c)]
    return (Say(text, "answer"), Say(" ".join((phrases.warnings_intro, *warnings)), "warning"),
            Say(phrases.cautions_prompt, "prompt"))  # fmt: skip


def is_warning(content: Content, caution: str) -> bool:
    """A caution that names a warning sign or sends to a doctor: never skipped."""
    said = normalise(caution)
    names = [name for sign in content.vocabulary.warning_signs for name in sign.names]
    return any(contains_phrase(said, name) for name in (*names, "doctor"))


def caution_lines(content: Content, technique: Technique) -> tuple[Say, ...]:
    """The cautions that are not warnings (those were said already), then 'in position?'."""
    others = [c for c in technique.cautions if not is_warning(content, c)]
    return (Say(" ".join((content.phrases.cautions_intro, *others)), "warning"),
            Say(content.phrases.ready_prompt, "prompt"))  # fmt: skip
