"""What each state listens for (the recogniser's grammar) and the help that matches it."""

from assistant.core.actions import Listen, ListenContext
from assistant.core.content import Content
from assistant.core.guidance import next_deadline
from assistant.core.menu import menu_phrases
from assistant.core.states import (
    CheckIn,
    DoctorCheck,
    Guiding,
    Menu,
    Paused,
    ReadyCheck,
    Screening,
    State,
)
from assistant.core.vocabulary import Command


def spoken_noes(noes: tuple[str, ...]) -> tuple[str, ...]:
    """The noes a safety question's grammar holds: one word each ("no", "nope", "never"), and
    none that sounds like the start of a hedge.

    Over noise an engine adds or drops words, and a longer no is one word from a yes or a
    not-sure: Vosk heard "i do" as "i do not", "i am not sure" as "i am not", "go" as "i
    didn't", a "yes" as "not at all"; PocketSphinx, whose one-word garbage path cannot take a
    stretch of background talk, made "yes", "go" and the babble alone into "no i am not", "no
    i have not", "no i did not" (`benchmarks/noise.py`, 0-20 dB SNR). Typed, every no in
    `content/answers.toml` is still a no; said, a longer one ("no i'm not") is heard as its
    "no" or not understood (asked again), and the help line asks for yes or no.
    """
    return tuple(p for p in noes if " " not in p and p not in _LIKE_A_HEDGE)


_LIKE_A_HEDGE = frozenset({"nah"})
"""PocketSphinx heard "not really" (a hedge) as "nah" over the assistant's voice at 0 dB."""


MENU_TIMEOUT_S = 10.0
ANSWER_TIMEOUT_S = 8.0
PAUSE_TIMEOUT_S = 60.0

_EVERYWHERE = (Command.STOP, Command.GOODBYE, Command.HELP, Command.REPEAT, Command.SLOWER,
               Command.FASTER, Command.LOUDER, Command.QUIETER)  # fmt: skip
_DURING_MASSAGE = (Command.PAUSE, Command.RESUME, Command.NEXT, Command.BACK, Command.TIME_LEFT,
                   Command.LIGHTER)  # fmt: skip


def _expect(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(phrase for group in groups for phrase in group))


def listen_for(content: Content, state: State, now: float) -> Listen:
    """The listen window a state opens after speaking."""
    words = content.vocabulary
    # Each contraindication's first statement ("i'm pregnant") everywhere, and all of them in a
    # safety question: every phrase more in a grammar makes the others a little harder to hear.
    first_statements = tuple(c.statements[0] for c in content.contraindications)
    always = _expect(words.command_phrases(*_EVERYWHERE), words.sign_phrases(), first_statements)
    confirm = _expect(words.confirm_phrases(), words.command_phrases(Command.BACK, Command.NEXT,
                                                                     Command.PAUSE), always)
    match state:
        case Menu(offered=offered, answered=answered):
            if offered is not None:
                return Listen(_expect(confirm, menu_phrases(content)), ANSWER_TIMEOUT_S, "confirm")
            context: ListenContext = "question" if answered else "menu"
            return Listen(_expect(menu_phrases(content), always), MENU_TIMEOUT_S, context)
        case CheckIn():
            return Listen(_expect(words.feel_good, menu_phrases(content), always),
                          MENU_TIMEOUT_S, "menu")  # fmt: skip
        case Screening():
            covers = content.screening[state.index].covers
            statements = tuple(s for c in content.contraindications for s in c.statements)
            noes = words.screening.no
            answers = tuple(p for p in words.screening_phrases() if p not in noes)
            expect = _expect(spoken_noes(noes), answers, statements,
                             words.command_phrases(Command.BACK), always)  # fmt: skip
            return Listen(expect, ANSWER_TIMEOUT_S, "screening", covers)
        case DoctorCheck() | ReadyCheck():
            return Listen(confirm, ANSWER_TIMEOUT_S, "confirm")
        case Guiding():
            technique = content.technique(state.technique)
            timeout_s = max(0.0, next_deadline(technique, state) - now)
            return Listen(_expect(words.command_phrases(*_DURING_MASSAGE), always), timeout_s,
                          "session")  # fmt: skip
        case Paused():
            return Listen(_expect(words.command_phrases(*_DURING_MASSAGE), words.confirm.yes,
                                  always), PAUSE_TIMEOUT_S, "session")  # fmt: skip
    raise ValueError(f"no listening in {type(state).__name__}")


def help_line(content: Content, state: State) -> str:
    """What can be said in `state`, and nothing that does not work there."""
    phrases = content.phrases
    match state:
        case Menu(offered=str() as technique):
            return phrases.help_offer.format(technique=content.technique(technique).name)
        case DoctorCheck():
            return phrases.help_doctor
        case Screening():
            return phrases.help_screening
        case ReadyCheck():
            return phrases.help_ready
        case Guiding():
            return phrases.help_guiding
        case Paused():
            return phrases.help_paused
        case CheckIn():
            return phrases.help_checkin
    return phrases.help_menu


def reprompt_line(content: Content, state: State) -> str:
    """The shorter line said after a silence in `state`."""
    phrases = content.phrases
    match state:
        case Paused():
            return phrases.help_paused
        case CheckIn():
            return phrases.help_checkin
        case ReadyCheck():
            return phrases.ready_prompt
        case Menu(offered=str()):
            return help_line(content, state)
    return phrases.menu_reprompt
