"""Answers to the menu's questions, drawn from the content, and the way into a technique."""

from dataclasses import dataclass

from assistant.core import screening
from assistant.core.actions import Say
from assistant.core.commands import contains_phrase, normalise
from assistant.core.content import ArticleQuestion, Content, Technique
from assistant.core.menu import (
    AboutTechnique,
    AskArticle,
    AskCondition,
    AskSafe,
    AskTopic,
    CannotAnswer,
    Request,
    StartTechnique,
    Topic,
)
from assistant.core.spoken import about_minutes, join_words
from assistant.core.states import ReadyCheck

SIMPLEST_TECHNIQUE = "palms"
"""The article: 'one of the simplest ways of self-massage is palm massage'."""


@dataclass(frozen=True)
class Reply:
    lines: tuple[Say, ...] = ()
    offer: str | None = None
    """A technique to offer: the next 'yes' starts it."""
    start: str | None = None
    """A technique asked for by name: start it now (screening first)."""


def _offer(content: Content, technique_id: str, *lines: Say) -> Reply:
    name = content.technique(technique_id).name
    offer = Say(content.phrases["offer_technique"].format(technique=name), "prompt")
    return Reply((*lines, offer), offer=technique_id)


def _answer(content: Content, *texts: str) -> Reply:
    lines = tuple(Say(text, "answer") for text in texts)
    return Reply((*lines, Say(content.phrases["menu_prompt"], "prompt")))


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
        case StartTechnique(technique=technique):
            return Reply(start=technique)
        case AboutTechnique(technique=technique_id):
            named = content.technique(technique_id)
            about = article.replies.about_technique.format(
                technique=named.name, duration=about_minutes(named.duration_s),
                summary=named.summary)  # fmt: skip
            return _offer(content, technique_id, Say(about, "answer"))
        case AskArticle(question=question_id):
            question = next(q for q in article.questions if q.id == question_id)
            return _answer(content, *_article_answer(content, question))
        case CannotAnswer():
            return _answer(content, article.replies.cannot_answer)
        case AskCondition(condition=condition_id):
            condition = next(c for c in content.conditions if c.id == condition_id)
            return _offer(content, condition.techniques[0], Say(condition.answer, "answer"))
        case AskSafe(contraindication=None):
            return _answer(content, phrases["safe_when_unknown"])
        case AskSafe(contraindication=str() as item_id):
            plain = content.contraindication(item_id).plain
            return _answer(content, phrases["safe_when_no"].format(reason=plain))
        case AskTopic(topic=Topic.CONTRAINDICATIONS):
            items = " ".join(c.article_text for c in content.contraindications)
            return _answer(content, phrases["contraindications_intro"], items,
                           article.warnings[0])  # fmt: skip
        case AskTopic(topic=Topic.DURATION):
            each = [f"the {t.name} takes {about_minutes(t.duration_s)}" for t in content.techniques]
            return _answer(content, phrases["durations"].format(durations=join_words(each)))
        case AskTopic(topic=Topic.BENEFITS):
            return _answer(content, phrases["benefits"], *article.benefits)
        case AskTopic(topic=Topic.INDICATIONS):
            return _answer(content, phrases["indications"], *article.indications)
        case AskTopic(topic=Topic.OBJECTIVES):
            return _answer(content, phrases["objectives"], *article.objectives)
        case AskTopic(topic=Topic.SUGGEST):
            return _offer(content, SIMPLEST_TECHNIQUE, Say(phrases["suggestion"], "answer"))
    return Reply((Say(phrases["menu_prompt"], "prompt"),))


def begin_technique(content: Content, technique_id: str, cleared: bool) -> screening.Step:
    """Screening comes first, once a session; a clean screen goes straight to 'ready?'."""
    if cleared:
        return screening.Step(ReadyCheck(technique_id))
    return screening.begin(content, technique_id)


def ready_lines(content: Content, technique: Technique) -> tuple[Say, ...]:
    phrases = content.phrases
    intro = phrases["technique_intro"].format(
        technique=technique.name, duration=about_minutes(technique.duration_s),
        summary=technique.summary, position=technique.position)  # fmt: skip
    cautions = " ".join((phrases["cautions_intro"], *technique.cautions))
    return (Say(intro, "answer"), Say(cautions, "warning"),
            Say(phrases["ready_prompt"], "prompt"))  # fmt: skip
