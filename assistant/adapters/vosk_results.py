"""Reading what Vosk says: its result JSON, and the words of a phrase that must match.

Kept apart from the engine so that the parsing can be fuzzed without a model.
"""

import json
import re

_CLITIC = re.compile(r"'(m|s|re|ve|ll|d)$")
_LIGHT_WORDS = frozenset({"a", "an", "the", "is", "it", "and", "with", "when"})
"""Words the small model drops, adds or swaps in long phrases ("it safe when flare up", "which
massage helps when slow digestion"). A result with the same other words, in the same order,
as a listed phrase counts as that phrase; contractions likewise ("i'm not sure" decodes as
"i not sure"). Negations ("not", "don't") always count."""


_SAME_SOUND = {"know": "no"}
"""Words that sound alike: the grammar lets "know" (of "i don't know") stand alone, and in the
demo's screening a plain "no" came back as "know" three times running."""


def unlike_a_no(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """With "no" expected, the phrases holding "know" are left out (Vosk cannot tell the two
    apart by sound). With "i don't know" in a safety question's grammar, Vosk returned every
    spoken "no" as "know" (54 of 60 clean, confidence 0.43-0.81, the sound split between two
    words), and a "go" at 5 dB and a "dog" at 0 dB too: spelt "no", both were taken as no.
    Without, the "no"s come back as "no" (median confidence 1.0), the "go" as "low". Said, "i
    don't know" is then not understood, and asked again, as not sure is. PocketSphinx keeps
    them: without them it took a "go" over the assistant's voice at 0 dB for "no"
    (`benchmarks/noise.py`)."""
    if "no" not in phrases:
        return phrases
    return tuple(p for p in phrases if "know" not in p.split())


def content_words(phrase: str) -> str:
    """What must match: every word but the light ones, each without its contraction, spelt as
    its sound-alike in `_SAME_SOUND`."""
    words = (_CLITIC.sub("", w) for w in phrase.split())
    return " ".join(_SAME_SOUND.get(w, w) for w in words if w not in _LIGHT_WORDS)


def normalise(phrase: str) -> str:
    """Lowercase words as the model spells them: letters (of any script) and apostrophes."""
    return " ".join(re.sub(r"[^\w' ]+|_", " ", phrase.lower()).split())


def parse_final(result_json: str) -> tuple[str, float] | None:
    """The words and the lowest confidence (0..1) of the words that must match (light words
    count only when there are no others); None when it holds no words, or is not the JSON
    object Vosk documents (nothing heard is safer than a guess).

    A light word the match ignores cannot put the phrase in doubt: the first "is" of "is it
    safe when pregnant" came at 0.48-0.50 after a pause while every other word was at 1.0,
    and the phrase was refused (`benchmarks/utterances.py`, espeak-ng voices)."""
    try:
        result = json.loads(result_json)
    except ValueError:
        return None
    text = result.get("text") if isinstance(result, dict) else None
    if not isinstance(text, str) or not text.strip():
        return None
    words = result.get("result")
    confidences = [
        (word.get("conf"), content_words(str(word.get("word", ""))) == "")
        for word in (words if isinstance(words, list) else []) if isinstance(word, dict)
    ]  # fmt: skip
    numbers = [
        (float(c), light) for c, light in confidences
        if isinstance(c, int | float) and not isinstance(c, bool) and 0 <= c <= 1
    ]  # fmt: skip
    weighed = [c for c, light in numbers if not light] or [c for c, _ in numbers]
    return " ".join(text.split()), min(weighed, default=0.0)
