"""Text as the dialog compares it: normalised words, whole phrases, negation and questions.

Typed text and recognised speech meet here in one form, so "Yes." and "yes" read the same and
a phrase is only ever found as whole words ("no" is not in "know").
"""

import re
from collections.abc import Iterable

_QUESTION_OPENERS = ("which", "what", "is", "can", "does", "how", "should", "will", "could",
                     "may", "am", "are", "do", "why", "when", "where", "would")  # fmt: skip


def normalise(text: str) -> str:
    """Lower case, plain apostrophes, words only: 'Stop!' and 'stop' read the same."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return " ".join(word.strip("'") for word in text.split() if word.strip("'"))


def contains_phrase(utterance: str, phrase: str) -> bool:
    """Whole words only: 'stop' is in 'please stop now', 'no' is not in 'know'."""
    return f" {phrase} " in f" {utterance} "


def starts_with_phrase(utterance: str, phrase: str) -> bool:
    return utterance == phrase or utterance.startswith(phrase + " ")


def is_question(utterance: str) -> bool:
    """'Which massage helps with pain?' asks about pain; it does not report it."""
    return utterance.split(" ", 1)[0] in _QUESTION_OPENERS


def _positions(utterance: str, phrase: str) -> list[int]:
    """Word indices where `phrase` starts in the normalised `utterance` (a C string search,
    not word slices: a pasted page of text must not take seconds)."""
    padded, wanted = f" {utterance} ", f" {phrase} "
    found, index, counted_to, at = [], 0, 0, padded.find(wanted)
    while at != -1:
        index, counted_to = index + padded.count(" ", counted_to, at), at
        found.append(index)
        at = padded.find(wanted, at + 1)
    return found


def mentions(
    utterance: str, phrases: Iterable[str], negations: frozenset[str], breaks: frozenset[str]
) -> tuple[bool, bool]:
    """(said plainly, said negated): 'i had a baby' is plain; 'no fever' and 'i'm not
    pregnant' are negated, because a negation comes before the phrase in its clause ('no,
    but i had a baby last month' is plain again: 'but' starts a new clause)."""
    negated_before = _negated_before(utterance.split(), negations, breaks)
    plain = negated = False
    for phrase in phrases:
        for start in _positions(utterance, phrase):
            if negated_before[start]:
                negated = True
            else:
                plain = True
    return plain, negated


def _negated_before(
    words: list[str], negations: frozenset[str], breaks: frozenset[str]
) -> list[bool]:
    """For each word index: is there a negation earlier in its clause? One pass over words."""
    flags, negated = [], False
    for word in words:
        flags.append(negated)
        negated = False if word in breaks else negated or word in negations
    return flags


def first_phrase(
    utterance: str, phrases: Iterable[str], shadows: Iterable[str] = ()
) -> str | None:
    """The phrase said earliest (the longest at the same place), or None. A phrase inside a
    longer one of `shadows` does not count: 'back' in 'back pain' is no command."""
    spans = [(start, start + len(shadow.split())) for shadow in shadows
             for start in _positions(utterance, shadow)]  # fmt: skip

    def shadowed(pos: int, size: int) -> bool:
        return any(s <= pos and pos + size <= e and e - s > size for s, e in spans)

    found = [(pos, -len(p), p) for p in phrases for pos in _positions(utterance, p)
             if not shadowed(pos, len(p.split()))]  # fmt: skip
    return min(found)[2] if found else None
