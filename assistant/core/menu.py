"""Questions and requests in the menu: what the user asks for, and the phrases it is asked in.

Typed text is matched leniently (a condition's words anywhere in the question); recognisers
are limited to `menu_phrases`, so spoken questions arrive as one of those phrases.
"""

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
class StartTechnique:
    technique: str


Request = AskTopic | AskCondition | AskSafe | StartTechnique

TOPIC_PHRASES: dict[Topic, tuple[str, ...]] = {
    Topic.CONTRAINDICATIONS: (
        "what are the contraindications", "contraindications", "when should i not do it",
        "who should not do it",
    ),
    Topic.DURATION: ("how long does it take", "how long does a massage take", "how long"),
    Topic.BENEFITS: ("what are the benefits", "benefits", "why self massage"),
    Topic.INDICATIONS: ("what is it good for", "what are the indications", "indications"),
    Topic.OBJECTIVES: ("what does it do", "what are the objectives", "objectives"),
    Topic.SUGGEST: (
        "suggest a massage", "what do you suggest", "what do you recommend", "suggest something",
        "recommend a massage",
    ),
    Topic.ANOTHER: ("another massage", "another one", "another", "something else"),
    Topic.FINISH: ("finish", "i'm done", "that's all", "i feel fine", "no more", "goodbye"),
}  # fmt: skip

_SAFE_WORDS = ("safe", "can i", "allowed", "okay")


def _technique_names(content: Content) -> dict[str, tuple[str, ...]]:
    return {t.id: (t.name, *t.aliases) for t in content.techniques}


def _named_requests(content: Content) -> list[tuple[str, Request]]:
    """Every technique name and condition phrase, with what mentioning it asks for."""
    named: list[tuple[str, Request]] = [
        (phrase, AskCondition(condition.id))
        for condition in content.conditions
        for phrase in condition.phrases
    ]
    for technique, names in _technique_names(content).items():
        named += [(name, StartTechnique(technique)) for name in names]
    return named


def named_phrases(content: Content) -> tuple[str, ...]:
    """Every condition phrase and technique name: a command word inside one is no command."""
    return tuple(phrase for phrase, _ in _named_requests(content))


def _longest_mention(utterance: str, named: list[tuple[str, Request]]) -> Request | None:
    """'Stiff neck' asks about a condition, though 'neck' alone names a technique."""
    mentioned = [(len(phrase), request) for phrase, request in named
                 if contains_phrase(utterance, phrase)]  # fmt: skip
    return max(mentioned, key=lambda pair: pair[0])[1] if mentioned else None


def parse_request(content: Content, utterance: str) -> Request | None:
    """The request in a normalised utterance, or None if it is not one the content answers."""
    if any(contains_phrase(utterance, word) for word in _SAFE_WORDS):
        for item in content.contraindications:
            if any(contains_phrase(utterance, phrase) for phrase in item.phrases):
                return AskSafe(item.id)
    for topic in (Topic.CONTRAINDICATIONS, Topic.DURATION, Topic.SUGGEST):
        if any(contains_phrase(utterance, phrase) for phrase in TOPIC_PHRASES[topic]):
            return AskTopic(topic)
    named = _longest_mention(utterance, _named_requests(content))
    if named is not None:
        return named
    if any(contains_phrase(utterance, word) for word in _SAFE_WORDS):
        return AskSafe(None)
    for topic, phrases in TOPIC_PHRASES.items():
        if any(contains_phrase(utterance, phrase) for phrase in phrases):
            return AskTopic(topic)
    return None


def menu_phrases(content: Content) -> tuple[str, ...]:
    """Everything the menu understands, as whole phrases for a recogniser's grammar."""
    phrases: list[str] = []
    for condition in content.conditions:
        for words in condition.phrases:
            phrases += [f"which massage helps with {words}", f"what helps with {words}", words]
    for item in content.contraindications:
        for words in item.phrases:
            phrases += [f"is it safe with {words}", f"is it safe when {words}"]
    for names in _technique_names(content).values():
        for name in names:
            phrases += [f"start the {name}", f"start {name}", name]
    for topic_phrases in TOPIC_PHRASES.values():
        phrases += topic_phrases
    return tuple(dict.fromkeys(phrases))
