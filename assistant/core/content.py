"""The content as frozen typed objects: what the article says and the techniques built on it.

`assistant.content_files` is the only reader of `content/`; it validates the files into these.
"""

from dataclasses import dataclass
from typing import Literal

from assistant.core.phrases import Phrases
from assistant.core.vocabulary import Vocabulary

Source = Literal["article", "practice"]
"""Where a spoken line comes from: the source article, or standard conservative practice that
goes beyond it (and must never contradict it)."""


@dataclass(frozen=True)
class Contraindication:
    """A condition in which self-massage must not be done (one of the article's 17)."""

    id: str
    article_text: str
    """The article's own words, for 'what are the contraindications?'."""
    plain: str
    """Plain spoken words used when it ends a session: 'a fever or an acute illness with fever'."""
    phrases: tuple[str, ...]
    """Words people say for it ('pregnant', 'fever'), for 'is it safe when ...?'."""
    statements: tuple[str, ...]
    """How people say it applies to them ('i'm pregnant', 'i had a drink'): with the phrases,
    said plainly at any moment, a disclosure."""


@dataclass(frozen=True)
class ScreeningQuestion:
    """One yes/no safety question; 'yes' means a contraindication in `covers` applies."""

    id: str
    text: str
    covers: tuple[str, ...]
    echo: str
    """Said back at once after a clear no ('No fever.'), so a misheard answer is caught."""


@dataclass(frozen=True)
class Cue:
    """A spoken timing cue inside a step, `at_s` seconds after the step starts."""

    at_s: float
    text: str


@dataclass(frozen=True)
class Step:
    """One timed part of a technique: its instruction is spoken at the start, cues during it."""

    id: str
    name: str
    duration_s: float
    instruction: str
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class Technique:
    """A guided self-massage: position, cautions and timed steps in the classical order."""

    id: str
    name: str
    aliases: tuple[str, ...]
    """Names people use to ask for it ('tummy massage', 'belly massage')."""
    summary: str
    position: str
    cautions: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def duration_s(self) -> float:
        return sum(step.duration_s for step in self.steps)


@dataclass(frozen=True)
class Condition:
    """A complaint or goal in the user's words, and the techniques that address it."""

    id: str
    name: str
    phrases: tuple[str, ...]
    techniques: tuple[str, ...]
    """Technique ids, best first."""
    answer: str
    """The spoken answer to 'which massage helps with <phrase>?'."""


ARTICLE_SECTIONS = (
    "introduction", "definition", "benefits", "indications", "objectives",
    "technique_overview", "palm_massage", "warnings", "closing",
)  # fmt: skip
"""The `Article` fields a question may speak, in the article's order."""


@dataclass(frozen=True)
class ArticleQuestion:
    """A question people ask about self-massage, and where its answer is in the content.

    The answer is spoken in this order: `answer` (our words, for what the article does not
    say), the article `sections` named, then every technique caution that mentions
    `caution_about`, quoted with its technique's name.
    """

    id: str
    phrases: tuple[str, ...]
    answer: str | None
    sections: tuple[str, ...]
    """Names of `Article` fields: 'introduction', 'palm_massage', ..."""
    caution_about: str | None


@dataclass(frozen=True)
class ArticleReplies:
    """The article answers' own fixed lines, kept beside the article rather than in phrases."""

    caution_quote: str
    """'From the cautions of the {technique}:', before a quoted caution."""
    about_technique: str
    """'The {technique} takes {duration}. {summary}', for 'tell me about the palm massage'."""
    cannot_answer: str
    """The honest reply to a question the content cannot answer, with what can be asked."""


@dataclass(frozen=True)
class Article:
    """The source article's general sections, faithfully restated in plain spoken English."""

    introduction: str
    definition: str
    """'A set of mechanical dosed effects on various parts of the body'."""
    benefits: tuple[str, ...]
    indications: tuple[str, ...]
    objectives: tuple[str, ...]
    technique_overview: str
    palm_massage: str
    warnings: tuple[str, ...]
    """'Stop at once if you feel worse and consult a doctor'; 'consult a doctor before starting'."""
    closing: str
    questions: tuple[ArticleQuestion, ...]
    replies: ArticleReplies

    def section(self, name: str) -> tuple[str, ...]:
        """An article section by its field name, as the lines to speak."""
        value = getattr(self, name)
        return value if isinstance(value, tuple) else (value,)


@dataclass(frozen=True)
class Content:
    """Everything the dialog may say, validated and cross-checked on load."""

    article: Article
    contraindications: tuple[Contraindication, ...]
    screening: tuple[ScreeningQuestion, ...]
    techniques: tuple[Technique, ...]
    conditions: tuple[Condition, ...]
    phrases: Phrases
    vocabulary: Vocabulary
    line_sources: tuple[tuple[str, Source], ...] = ()
    """Every spoken line of the content files ('content/techniques/abdomen.toml: cautions[1]')
    with its source, for `content check` and for tests that hold practice to the article."""

    def technique(self, technique_id: str) -> Technique:
        return next(t for t in self.techniques if t.id == technique_id)

    def contraindication(self, contraindication_id: str) -> Contraindication:
        return next(c for c in self.contraindications if c.id == contraindication_id)
