"""What each state listens for: the phrases that become the recogniser's grammar."""

from assistant.core.actions import Listen, ListenContext
from assistant.core.commands import ANSWER_PHRASES, Command, command_phrases, symptom_phrases
from assistant.core.content import Content
from assistant.core.guidance import next_deadline
from assistant.core.menu import menu_phrases
from assistant.core.states import (
    CheckIn,
    DoctorCheck,
    Guiding,
    Menu,
    Paused,
    ReadBack,
    ReadyCheck,
    Screening,
    State,
)

MENU_TIMEOUT_S = 10.0
ANSWER_TIMEOUT_S = 8.0
PAUSE_TIMEOUT_S = 60.0

_EVERYWHERE = (Command.STOP, Command.HELP, Command.REPEAT, Command.SLOWER, Command.FASTER,
               Command.LOUDER, Command.QUIETER)  # fmt: skip
_DURING_MASSAGE = (Command.PAUSE, Command.RESUME, Command.NEXT, Command.BACK, Command.TIME_LEFT,
                   Command.LIGHTER)  # fmt: skip


def _expect(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(phrase for group in groups for phrase in group))


def listen_for(content: Content, state: State, now: float) -> Listen:
    """The listen window a state opens after speaking."""
    always = _expect(command_phrases(*_EVERYWHERE), symptom_phrases())
    match state:
        case Menu(offered=offered, answered=answered):
            if offered is not None:
                return Listen(_expect(ANSWER_PHRASES, menu_phrases(content), always),
                              ANSWER_TIMEOUT_S, "confirm")  # fmt: skip
            context: ListenContext = "question" if answered else "menu"
            return Listen(_expect(menu_phrases(content), always), MENU_TIMEOUT_S, context)
        case CheckIn():
            return Listen(_expect(menu_phrases(content), always), MENU_TIMEOUT_S, "menu")
        case Screening(index=index):
            question = content.screening[index]
            return Listen(_expect(ANSWER_PHRASES, command_phrases(Command.BACK), always),
                          ANSWER_TIMEOUT_S, "screening", question.covers)  # fmt: skip
        case DoctorCheck() | ReadBack() | ReadyCheck():
            return Listen(_expect(ANSWER_PHRASES, always), ANSWER_TIMEOUT_S, "confirm")
        case Guiding():
            technique = content.technique(state.technique)
            timeout_s = max(0.0, next_deadline(technique, state) - now)
            return Listen(_expect(command_phrases(*_DURING_MASSAGE), always), timeout_s, "session")
        case Paused():
            return Listen(_expect(command_phrases(*_DURING_MASSAGE), always),
                          PAUSE_TIMEOUT_S, "session")  # fmt: skip
    raise ValueError(f"no listening in {type(state).__name__}")


def help_key(state: State) -> str:
    """The phrase that tells what can be said in `state`."""
    match state:
        case Screening() | DoctorCheck() | ReadBack() | ReadyCheck():
            return "help_screening"
        case Guiding():
            return "help_guiding"
        case Paused():
            return "help_paused"
        case CheckIn():
            return "help_checkin"
    return "help_menu"


def reprompt_key(state: State) -> str:
    """The shorter line said after a silence in `state`."""
    match state:
        case Paused():
            return "help_paused"
        case CheckIn():
            return "help_checkin"
        case ReadyCheck():
            return "ready_prompt"
    return "menu_reprompt"
