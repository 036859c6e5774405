"""The words the dialog understands, as data from `content/` (commands, answers, warning signs).

The same lists are the text matcher's and the recogniser's grammar, so typed and spoken
sessions behave alike.
"""

from dataclasses import dataclass
from enum import Enum

URGENT_STOP = ("stop", "cancel", "quit", "that's enough", "end the session", "exit")
URGENT_SIGNS = ("it hurts", "pain", "painful", "hurts", "sore", "dizzy", "dizziness", "faint",
                "lightheaded", "i feel sick", "nauseous", "nausea", "sick", "i feel worse",
                "feel worse", "feeling worse", "i feel bad", "unwell")  # fmt: skip
"""The phrases acted on from a partial hypothesis and listened for while the assistant speaks
(barge-in). A tuning of the recognisers, not content: over its own voice a larger grammar hears
"stop" less well (tests/test_recognition_pocketsphinx.py), so the list stays short. The content
loader checks that each is a stop phrase or a warning sign in `content/`; every other phrase
acts once the assistant is quiet."""


class Command(Enum):
    """What a command phrase asks for; each is checked before a state's own handling."""

    STOP = "stop"
    GOODBYE = "goodbye"
    PAUSE = "pause"
    RESUME = "resume"
    REPEAT = "repeat"
    NEXT = "next"
    BACK = "back"
    HELP = "help"
    TIME_LEFT = "time_left"
    SLOWER = "slower"
    FASTER = "faster"
    LOUDER = "louder"
    QUIETER = "quieter"
    LIGHTER = "lighter"


@dataclass(frozen=True)
class WarningSign:
    """A sign to stop the massage for ('headache'), as cautions name it and as people say it."""

    id: str
    names: tuple[str, ...]
    """How the techniques' cautions name it ('sharp pain', 'numbness')."""
    phrases: tuple[str, ...]
    """How people say it ('it hurts', 'pins and needles')."""


@dataclass(frozen=True)
class ConfirmWords:
    """Answers where a yes means go ahead ('Shall we start?')."""

    yes: tuple[str, ...]
    no: tuple[str, ...]
    wait: tuple[str, ...]
    skip: tuple[str, ...]
    """'I know': skip the cautions already known (never the warning signs)."""


@dataclass(frozen=True)
class ScreeningWords:
    """Answers to a safety question: only a clear no is a no."""

    no: tuple[str, ...]
    """Clear noes, matched whole."""
    affirm: tuple[str, ...]
    """Yes words, anywhere, unless a negation is next to them ('not sure', 'i am not')."""
    hedge: tuple[str, ...]
    """'maybe', 'a little': may admit the condition, so they count as yes."""
    unsure: tuple[str, ...]
    """'i don't know': asked again, a bounded number of times."""
    negation: frozenset[str]
    clause_break: frozenset[str]


@dataclass(frozen=True)
class Vocabulary:
    commands: tuple[tuple[Command, tuple[str, ...]], ...]
    """Every command with its phrases, stop first, because stop must always win."""
    warning_signs: tuple[WarningSign, ...]
    confirm: ConfirmWords
    screening: ScreeningWords
    feel_good: tuple[str, ...]
    """Check-in answers that need no advice ('fine', 'better')."""

    def command_phrases(self, *commands: Command) -> tuple[str, ...]:
        return tuple(p for command, phrases in self.commands if command in commands
                     for p in phrases)  # fmt: skip

    def sign_phrases(self) -> tuple[str, ...]:
        return tuple(phrase for sign in self.warning_signs for phrase in sign.phrases)

    def screening_phrases(self) -> tuple[str, ...]:
        words = self.screening
        return (*words.no, *words.affirm, *words.hedge, *words.unsure)

    def confirm_phrases(self) -> tuple[str, ...]:
        words = self.confirm
        return (*words.yes, *words.no, *words.wait, *words.skip)
