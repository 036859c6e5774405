"""Questions and requests in the menu: what the user asks for, and the phrases it is asked in.

Typed text is matched leniently (a known phrase anywhere in the question); recognisers are
limited to `menu_phrases`, so spoken questions arrive as one of those phrases. Mentions are
weighed in tiers, so that a question about a massage is answered rather than taken as a wish to
start it: "how often should I do the neck massage" asks how often.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from assistant.core.content import Content
from assistant.core.words import contains_phrase


class Topic(Enum):
    CONTRAINDICATIONS = "contraindications"
    DURATION = "duration"
    BENEFITS = "benefits"
    INDICATIONS = "indications"
    OBJECTIVES = "objectives"
    SUGGEST = "suggest"
    ANOTHER = "another"
    FINISH = "finish"


@dataclass(frozen=True)
class AskTopic:
    topic: Topic


@dataclass(frozen=True)
class AskCondition:
    condition: str


@dataclass(frozen=True)
class AskSafe:
    """'Is it safe when pregnant?': `contraindication` is None when we do not know the word."""

    contraindication: str | None


@dataclass(frozen=True)
class AskArticle:
    """A question answered from the article file: 'what is self massage', 'how often'."""

    question: str


@dataclass(frozen=True)
class AboutTechnique:
    """'Tell me about the neck massage': describe it and offer it, rather than start it."""

    technique: str


@dataclass(frozen=True)
class StartTechnique:
    technique: str


@dataclass(frozen=True)
class CannotAnswer:
    """A question the content has no answer for: say so, and what can be asked instead."""


Request = (
    AskTopic | AskCondition | AskSafe | AskArticle | AboutTechnique | StartTechnique | CannotAnswer
)

TOPIC_PHRASES: dict[Topic, tuple[str, ...]] = {
    Topic.CONTRAINDICATIONS: (
        "what are the contraindications", "contraindications", "when should i not do it",
        "who should not do it", "when should i not massage", "who should not massage",
        "is it dangerous", "what are the risks", "when is it not allowed",
    ),
    Topic.DURATION: ("how long does it take", "how long does a massage take", "how long"),
    Topic.BENEFITS: (
        "what are the benefits", "benefits", "why self massage", "what are the advantages",
        "advantages", "why should i do it", "why massage myself",
    ),
    Topic.INDICATIONS: (
        "what is it good for", "what are the indications", "indications", "who is it for",
        "what does it treat", "what conditions does it help",
    ),
    Topic.OBJECTIVES: (
        "what does it do", "what are the objectives", "objectives", "what are the goals",
        "what are the aims", "what are the tasks", "how does it help",
    ),
    Topic.SUGGEST: (
        "suggest a massage", "what do you suggest", "what do you recommend", "suggest something",
        "recommend a massage", "which massage should i do", "where do i start",
    ),
    Topic.ANOTHER: ("another massage", "another one", "another", "something else"),
    Topic.FINISH: ("finish", "i'm done", "that's all", "i feel fine", "no more", "goodbye"),
}  # fmt: skip
_FIRST_TOPICS = (Topic.CONTRAINDICATIONS, Topic.DURATION, Topic.SUGGEST)
"""Asked about any massage by name ('how long does the neck massage take'): checked first."""

_SAFE_WORDS = ("safe", "can i", "allowed", "okay", "about", "i have", "i am", "i'm", "with")
"""Words that turn a contraindication's name into a question about it."""
_QUESTION_WORDS = ("what", "which", "how", "why", "when", "where", "who", "is", "are", "can",
                   "could", "should", "does", "do", "will", "tell", "explain")  # fmt: skip
_ABOUT = "about"
_CONTRACTIONS = {"what's": "what is", "how's": "how is", "who's": "who is", "where's": "where is"}

Named = list[tuple[str, Request]]


def _article_and_topics(content: Content) -> Named:
    """Article questions, conditions and the later topics: the tier weighed by longest mention."""
    named: Named = [(phrase, AskArticle(question.id)) for question in content.article.questions
                    for phrase in question.phrases]  # fmt: skip
    named += [(phrase, AskCondition(condition.id)) for condition in content.conditions
              for phrase in condition.phrases]  # fmt: skip
    named += [(phrase, AskTopic(topic)) for topic, phrases in TOPIC_PHRASES.items()
              if topic not in _FIRST_TOPICS for phrase in phrases]  # fmt: skip
    return named


def named_phrases(content: Content) -> tuple[str, ...]:
    """Every article question, topic, condition phrase and technique name: a command word
    inside one is no command ('help' in 'how does it help', 'back' in 'back pain')."""
    names = [name for names in _technique_names(content).values() for name in names]
    return (*(phrase for phrase, _ in _article_and_topics(content)), *names)


def _technique_names(content: Content) -> dict[str, tuple[str, ...]]:
    return {t.id: tuple(dict.fromkeys((t.name, *t.aliases))) for t in content.techniques}


def _longest_mention(utterance: str, named: Iterable[tuple[str, Request]]) -> Request | None:
    """'Stiff neck' asks about a condition, though 'neck' alone names a technique."""
    mentioned = [(len(phrase), request) for phrase, request in named
                 if contains_phrase(utterance, phrase)]  # fmt: skip
    return max(mentioned, key=lambda pair: pair[0])[1] if mentioned else None


def _mentions(utterance: str, phrases: Iterable[str]) -> bool:
    return any(contains_phrase(utterance, phrase) for phrase in phrases)


def _parse(content: Content, utterance: str, about: bool) -> Request | None:
    asks = about or _mentions(utterance, _SAFE_WORDS)
    if asks:
        for item in content.contraindications:
            if _mentions(utterance, item.phrases):
                return AskSafe(item.id)
    for topic in _FIRST_TOPICS:
        if _mentions(utterance, TOPIC_PHRASES[topic]):
            return AskTopic(topic)
    request = _longest_mention(utterance, _article_and_topics(content))
    if request is not None:
        return request
    for technique, names in _technique_names(content).items():
        if _mentions(utterance, names):
            return AboutTechnique(technique) if about or _is_question(utterance) else (
                StartTechnique(technique))  # fmt: skip
    return AskSafe(None) if _mentions(utterance, ("safe", "allowed")) else None


def _is_question(utterance: str) -> bool:
    return utterance.split(" ", 1)[0] in _QUESTION_WORDS


def _exact(content: Content, utterance: str) -> Request | None:
    """A whole known phrase, such as 'tell me about self massage', means just that."""
    for phrase, request in _article_and_topics(content):
        if utterance == phrase:
            return request
    return None


def parse_request(content: Content, utterance: str) -> Request | None:
    """The request in a normalised utterance; `CannotAnswer` for a question the content does not
    answer; None if it is neither a request nor a question."""
    utterance = " ".join(_CONTRACTIONS.get(word, word) for word in utterance.split())
    exact = _exact(content, utterance)
    if exact is not None:
        return exact
    words = utterance.split()
    if _ABOUT in words[:-1]:
        subject = " ".join(words[len(words) - words[::-1].index(_ABOUT) :])
        return _parse(content, subject, about=True) or CannotAnswer()
    request = _parse(content, utterance, about=False)
    if request is None and _is_question(utterance):
        return CannotAnswer()
    return request


def complaint(content: Content, utterance: str) -> str | None:
    """The condition a complaint names ('I have back pain', 'my neck hurts', 'pain'), or None.

    Said at the menu before any massage, a complaint is a question (which massage helps?), not
    a warning sign; the dialog asks this before it treats the words as a symptom.
    """
    request = _longest_mention(utterance, ((phrase, AskCondition(condition.id))
                                           for condition in content.conditions
                                           for phrase in condition.phrases))  # fmt: skip
    return request.condition if isinstance(request, AskCondition) else None


def menu_phrases(content: Content) -> tuple[str, ...]:
    """Everything the menu understands, as whole phrases for a recogniser's grammar.

    Each condition phrase is heard alone and in the two commonest question forms; other
    phrasings reach the same meaning by typing only, to keep the grammar small.
    """
    phrases: list[str] = []
    for condition in content.conditions:
        for words in condition.phrases:
            phrases += [f"which massage helps with {words}", f"what helps with {words}", words]
    for item in content.contraindications:
        for words in item.phrases:
            phrases += [f"is it safe with {words}", f"is it safe when {words}"]
    for technique in content.techniques:
        phrases += [f"tell me about the {technique.name}"]
    for names in _technique_names(content).values():
        for name in names:
            phrases += [f"start the {name}", f"start {name}", name]
    for question in content.article.questions:
        phrases += question.phrases
    for topic_phrases in TOPIC_PHRASES.values():
        phrases += topic_phrases
    return tuple(dict.fromkeys(phrases))
