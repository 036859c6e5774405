"""Reading what Vosk says: its result JSON, and the words of a phrase that must match.

Kept apart from the engine so that the parsing can be fuzzed without a model.
"""

import json
import re
from collections import Counter
from collections.abc import Sequence

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


def parse_final(result_json: str, slipped: str = "") -> tuple[str, float] | None:
    """The words and the lowest confidence (0..1) of the words that must match (light words
    count only when there are no others); None when it holds no words, or is not the JSON
    object Vosk documents (nothing heard is safer than a guess).

    A light word the match ignores cannot put the phrase in doubt: the first "is" of "is it
    safe when pregnant" came at 0.48-0.50 after a pause while every other word was at 1.0,
    and the phrase was refused (`benchmarks/utterances.py`, espeak-ng voices). `slipped`: a
    word the match forgave (`one_word_off`), which cannot doubt the phrase either."""
    try:
        result = json.loads(result_json)
    except ValueError:
        return None
    text = result.get("text") if isinstance(result, dict) else None
    if not isinstance(text, str) or not text.strip():
        return None
    words = result.get("result")
    confidences = [
        (word.get("conf"), content_words(str(word.get("word", ""))) in ("", slipped))
        for word in (words if isinstance(words, list) else []) if isinstance(word, dict)
    ]  # fmt: skip
    numbers = [
        (float(c), light) for c, light in confidences
        if isinstance(c, int | float) and not isinstance(c, bool) and 0 <= c <= 1
    ]  # fmt: skip
    weighed = [c for c, light in numbers if not light] or [c for c, _ in numbers]
    return " ".join(text.split()), min(weighed, default=0.0)


def timed_words(result_json: str) -> list[tuple[str, float, float, float]]:
    """(word, confidence, start, end) of each word of Vosk's result, its times in seconds from
    the recogniser's creation; [] if it holds none or is not the JSON Vosk documents."""
    try:
        result = json.loads(result_json)
    except ValueError:
        return []
    words = result.get("result") if isinstance(result, dict) else None
    timed = []
    for word in words if isinstance(words, list) else []:
        if not isinstance(word, dict):
            continue
        conf, start, end = (word.get(k) for k in ("conf", "start", "end"))
        numbers = [f for f in (conf, start, end) if isinstance(f, int | float)]
        if len(numbers) == 3 and not any(isinstance(f, bool) for f in numbers):
            timed.append((str(word.get("word", "")), float(numbers[0]), float(numbers[1]),
                          float(numbers[2])))  # fmt: skip
    return timed


_QUESTION_WORDS = frozenset("what how who where which why".split())
_FUNCTION_WORDS = (
    _LIGHT_WORDS
    | _QUESTION_WORDS
    | frozenset("do does did can should are am i my me you to of for in on about at".split())
)
_NEGATIONS = frozenset({"no", "not", "never", "nope", "nothing", "none", "nah"})


class Listed:
    """The phrases a listen expects, and how a result is taken for one of them."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = tuple(phrases)
        self._by_sound: dict[str, str] = {}
        for phrase in self.phrases:  # phrases alike but for light words mean the same
            self._by_sound.setdefault(content_words(phrase), phrase)
        self._by_sound.pop("", None)
        self.extended = {p for p in self.phrases if any(o.startswith(p + " ") for o in phrases)}
        """Phrases that a longer listed phrase begins with ("no" of "no idea")."""
        self._uses = Counter(w for phrase in self.phrases for w in set(_words(phrase)))

    def exact(self, text: str) -> str:
        """The phrase `text` is, but for light words and contractions; "" if none."""
        return text if text in self.phrases else self._by_sound.get(content_words(text), "")

    def near(self, text: str, decoys: Sequence[str]) -> tuple[str, str] | None:
        """`one_word_off` among these phrases."""
        return one_word_off(text, self.phrases, self._uses, decoys)


def one_word_off(
    heard: str, phrases: Sequence[str], uses: Counter[str], decoys: Sequence[str] = ()
) -> tuple[str, str] | None:
    """The one listed phrase that `heard` misses by a single word, and the word heard in its
    place ("" when the word was dropped); None if no phrase or more than one is that close.

    In a long phrase the grammar (a bigram model over every listed phrase) swaps a small word
    for another phrase's: "what does self massage", "in it safe when pregnant", "what feel
    with bloating", "i do i do it" (`benchmarks/utterances.py`: 33 of 62 misses of the menu and
    its questions). Forgiven only where both have at least three words, neither holds a
    negation (one word turns "i'm not sure" into "i'm not ready"), the heard word is no decoy
    or `[unk]` (a word heard more must be a light one) nor asks another question than the
    word it stands for, and the word missed is a function word, or, in a phrase of four words
    or more, one that at least three listed phrases share (`uses`: "helps" of "what helps
    with ...") and that was heard as another ("how does it" is not "how does it help"). A
    phrase's own word is never forgiven ("i want to relax" is not "i want to vomit"), and no
    answer of one word is reachable."""
    said = _words(heard)
    if len(said) < 3 or "[unk]" in said or any(map(negation, said)):
        return None
    found: dict[str, tuple[str, str]] = {}
    for phrase in phrases:
        listed = _words(phrase)
        if len(listed) < 3 or any(map(negation, listed)):
            continue
        slip = _slip(said, listed)
        if slip is None or slip[0] in decoys or _QUESTION_WORDS.issuperset(slip):
            continue  # "how is it" is not "what is it"
        got, missed = slip
        shared = got and uses[missed] >= 3 and len(listed) >= 4  # a word swapped, not lost
        if missed and missed not in _FUNCTION_WORDS and not shared:
            continue
        if not missed and got not in _LIGHT_WORDS:  # "... say about" lost what it was about
            continue
        found.setdefault(content_words(phrase), (phrase, got))
    return next(iter(found.values())) if len(found) == 1 else None


def _words(phrase: str) -> list[str]:
    return [_SAME_SOUND.get(w, w) for w in (_CLITIC.sub("", w) for w in phrase.split())]


def negation(word: str) -> bool:
    return word in _NEGATIONS or word.endswith("n't")


def _slip(said: list[str], listed: list[str]) -> tuple[str, str] | None:
    """(word said, word listed) of the one word they differ by, "" for a word only one has."""
    if len(said) == len(listed):
        apart = [i for i, (a, b) in enumerate(zip(said, listed, strict=True)) if a != b]
        return (said[apart[0]], listed[apart[0]]) if len(apart) == 1 else None
    longer, shorter = (said, listed) if len(said) > len(listed) else (listed, said)
    if len(longer) - len(shorter) != 1:
        return None
    for i, word in enumerate(longer):
        if longer[:i] + longer[i + 1 :] == shorter:
            return (word, "") if longer is said else ("", word)
    return None
