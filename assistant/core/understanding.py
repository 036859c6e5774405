"""What an utterance means: commands, warning signs, disclosures and answers, from the vocabulary.

Stop and warning signs are found anywhere in what was said: acting on a false alarm is the
safe mistake. In a safety question only a clear no is a no: a yes word anywhere, a hedge or a
statement of any contraindication admits it; "not sure" and anything else is asked again.
"""

from enum import Enum

from assistant.core.content import Content
from assistant.core.vocabulary import Command, Vocabulary
from assistant.core.words import (
    contains_phrase,
    first_phrase,
    is_question,
    mentions,
    starts_with_phrase,
)


class Answer(Enum):
    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"
    WAIT = "wait"
    """'Not yet': the question stays open."""
    SKIP = "skip"
    """'I know': leave out what is already known."""
    GOOD = "good"
    """'Fine', 'better' at the check-in."""


def find_command(
    vocabulary: Vocabulary, utterance: str, shadows: tuple[str, ...] = ()
) -> Command | None:
    """The command said, stop first; otherwise the one said earliest ('no wait yes' waits),
    unless it is part of a longer name in `shadows` ('back pain')."""
    if any(contains_phrase(utterance, p) for p in vocabulary.command_phrases(Command.STOP)):
        return Command.STOP
    phrases = [p for _, phrases in vocabulary.commands for p in phrases]
    said = first_phrase(utterance, phrases, shadows)
    return next((c for c, phrases in vocabulary.commands if said in phrases), None)


def _plain(vocabulary: Vocabulary, utterance: str, phrases: tuple[str, ...]) -> bool:
    words = vocabulary.screening
    return mentions(utterance, phrases, words.negation, words.clause_break)[0]


def find_warning_sign(vocabulary: Vocabulary, utterance: str) -> str | None:
    """The warning sign reported ('my arm is numb'), unless asked about or denied."""
    if is_question(utterance):
        return None
    return next((sign.id for sign in vocabulary.warning_signs
                 if _plain(vocabulary, utterance, sign.phrases)), None)  # fmt: skip


def find_disclosures(content: Content, utterance: str) -> tuple[str, ...]:
    """Contraindications stated as applying ('i'm pregnant', 'no but i had a baby'), not
    asked about ('is it safe when pregnant') and not denied ('no fever')."""
    if is_question(utterance):
        return ()
    words = content.vocabulary
    return tuple(item.id for item in content.contraindications
                 if _plain(words, utterance, (*item.phrases, *item.statements)))  # fmt: skip


def _next_to_negation(utterance: str, phrase: str, negation: frozenset[str]) -> bool:
    words = utterance.split()
    size = len(phrase.split())
    for i in range(len(words) - size + 1):
        if " ".join(words[i : i + size]) == phrase:
            before = words[i - 1] if i else ""
            after = words[i + size] if i + size < len(words) else ""
            if before not in negation and after not in negation:
                return False
    return True


def screening_answer(content: Content, covers: tuple[str, ...], utterance: str) -> Answer:
    """A safety answer; disclosures are found before this, in any state."""
    words = content.vocabulary.screening
    if utterance in words.no:
        return Answer.NO
    affirmed = [p for p in words.affirm if contains_phrase(utterance, p)
                and not _next_to_negation(utterance, p, words.negation)]  # fmt: skip
    if affirmed or any(contains_phrase(utterance, p) for p in words.hedge):
        return Answer.YES
    if any(contains_phrase(utterance, p) for p in words.unsure):
        return Answer.UNCLEAR
    return Answer.NO if _denies_all(content, covers, utterance) else Answer.UNCLEAR


def _denies_all(content: Content, covers: tuple[str, ...], utterance: str) -> bool:
    """'No fever', 'i'm not pregnant and i haven't given birth': every condition the question
    asks about is named, and each one denied."""
    words = content.vocabulary.screening
    for item_id in covers:
        item = content.contraindication(item_id)
        plain, negated = mentions(utterance, (*item.phrases, *item.statements),
                                  words.negation, words.clause_break)  # fmt: skip
        if plain or not negated:
            return False
    return True


def confirm_answer(vocabulary: Vocabulary, utterance: str) -> Answer:
    """Where yes means go ahead: a yes or no phrase, whole or leading ('yes please do');
    a hedge or a negation after a yes leaves it unclear."""
    words = vocabulary.confirm
    for answer, phrases in ((Answer.WAIT, words.wait), (Answer.SKIP, words.skip),
                            (Answer.NO, words.no), (Answer.YES, words.yes)):  # fmt: skip
        if utterance in phrases:
            return answer
    if any(starts_with_phrase(utterance, p) for p in words.no):
        return Answer.NO
    doubts = (*vocabulary.screening.hedge, *vocabulary.screening.unsure,
              *vocabulary.screening.negation)  # fmt: skip
    if any(contains_phrase(utterance, p) for p in doubts):
        return Answer.UNCLEAR
    if any(starts_with_phrase(utterance, p) for p in words.yes):
        return Answer.YES
    return Answer.UNCLEAR


def feels_good(vocabulary: Vocabulary, utterance: str) -> bool:
    return utterance in vocabulary.feel_good
