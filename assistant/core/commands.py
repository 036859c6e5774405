"""Words to meanings: global commands, symptoms and yes/no answers.

Answers are matched whole, never by a word inside them, so that "I don't know" can never
count as "no". Stop and symptoms are matched anywhere in an utterance: there, acting on a
false alarm is the safe mistake.
"""

import re
from enum import Enum


class Command(Enum):
    STOP = "stop"
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


class Answer(Enum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"
    UNCLEAR = "unclear"


COMMAND_PHRASES: dict[Command, tuple[str, ...]] = {
    Command.STOP: ("stop", "cancel", "quit", "that's enough", "end the session", "exit"),
    Command.PAUSE: ("pause", "hold on", "wait a moment"),
    Command.RESUME: ("resume", "continue", "carry on"),
    Command.REPEAT: ("repeat", "say that again", "say it again", "what did you say"),
    Command.NEXT: ("next", "skip", "next step"),
    Command.BACK: ("back", "go back", "previous step"),
    Command.HELP: ("help", "what can i say"),
    Command.TIME_LEFT: ("how much time is left", "how long is left", "time left"),
    Command.SLOWER: ("slower", "speak slower"),
    Command.FASTER: ("faster", "speak faster"),
    Command.LOUDER: ("louder", "speak louder"),
    Command.QUIETER: ("quieter", "speak quieter", "softer"),
    Command.LIGHTER: ("press lighter", "too hard", "too strong", "lighter", "press harder"),
}

SYMPTOM_PHRASES: dict[str, tuple[str, ...]] = {
    "pain": ("it hurts", "pain", "painful", "hurts", "sore"),
    "dizziness": ("dizzy", "dizziness", "faint", "lightheaded"),
    "nausea": ("i feel sick", "nauseous", "nausea", "sick"),
    "feeling_worse": ("i feel worse", "feel worse", "feeling worse", "i feel bad", "unwell"),
}

YES_PHRASES = (
    "yes",
    "yeah",
    "yep",
    "yes i am",
    "yes i do",
    "yes i have",
    "that's right",
    "correct",
)
NO_PHRASES = (
    "no", "nope", "no i'm not", "no i am not", "no i don't", "no i do not",
    "no i haven't", "no i have not", "not at all",
)  # fmt: skip
UNSURE_PHRASES = (
    "not sure", "i'm not sure", "i am not sure", "i don't know", "i do not know",
    "don't know", "maybe", "perhaps", "possibly", "i think so", "i'm unsure",
)  # fmt: skip
ANSWER_PHRASES = YES_PHRASES + NO_PHRASES + UNSURE_PHRASES

_QUESTION_OPENERS = ("which", "what", "is", "can", "does", "how", "should", "will", "could")


def normalise(text: str) -> str:
    """Lower case, plain apostrophes, words only: 'Stop!' and 'stop' read the same."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return " ".join(word.strip("'") for word in text.split() if word.strip("'"))


def contains_phrase(utterance: str, phrase: str) -> bool:
    """Whole words only: 'stop' is in 'please stop now', 'no' is not in 'know'."""
    return f" {phrase} " in f" {utterance} "


def is_question(utterance: str) -> bool:
    """'Which massage helps with pain?' asks about pain; it does not report it."""
    return utterance.split(" ", 1)[0] in _QUESTION_OPENERS


def find_command(utterance: str) -> Command | None:
    """The command in a normalised utterance; stop first, because stop must always win."""
    for command, phrases in COMMAND_PHRASES.items():
        if any(contains_phrase(utterance, phrase) for phrase in phrases):
            return command
    return None


def find_symptom(utterance: str) -> str | None:
    """The symptom a normalised utterance reports, unless it is a question about it."""
    if is_question(utterance):
        return None
    for symptom, phrases in SYMPTOM_PHRASES.items():
        if any(contains_phrase(utterance, phrase) for phrase in phrases):
            return symptom
    return None


def parse_answer(utterance: str) -> Answer:
    """A yes/no answer, matched whole; anything else is unclear and gets asked again."""
    if utterance in UNSURE_PHRASES:
        return Answer.UNSURE
    if utterance in YES_PHRASES:
        return Answer.YES
    if utterance in NO_PHRASES:
        return Answer.NO
    return Answer.UNCLEAR


def command_phrases(*commands: Command) -> tuple[str, ...]:
    return tuple(phrase for command in commands for phrase in COMMAND_PHRASES[command])


def symptom_phrases() -> tuple[str, ...]:
    return tuple(phrase for phrases in SYMPTOM_PHRASES.values() for phrase in phrases)
