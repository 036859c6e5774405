"""The dialog's states: each a small frozen record holding exactly the data it needs."""

from dataclasses import dataclass

from assistant.core.actions import EndReason


@dataclass(frozen=True)
class Idle:
    """Before `Start`."""


@dataclass(frozen=True)
class Menu:
    """Listening for a question or a technique to start."""

    offered: str | None = None
    """A technique just suggested: 'yes' starts it."""
    misses: int = 0
    """Re-prompts so far for silence or speech not understood."""
    answered: bool = False
    """A question was just answered: the listen is a follow-up ('question')."""


@dataclass(frozen=True)
class Screening:
    """Asking safety question `index`; 'yes' to any ends the session."""

    technique: str
    index: int = 0
    misses: int = 0
    second_round: bool = False
    """The read-back was denied once: a second denial ends the session."""


@dataclass(frozen=True)
class DoctorCheck:
    """The article's advice: has a doctor agreed to self-massage? (a confirm question)"""

    technique: str
    misses: int = 0
    second_round: bool = False


@dataclass(frozen=True)
class ReadBack:
    """'So: no fever, not pregnant, ... Is that right?' catches a misheard answer."""

    technique: str
    misses: int = 0
    second_round: bool = False


@dataclass(frozen=True)
class ReadyCheck:
    """Position and cautions told; 'shall we start?'"""

    technique: str
    misses: int = 0


@dataclass(frozen=True)
class Guiding:
    """A technique under way. Deadlines follow from `step_started_at`, never from ticks."""

    technique: str
    step_index: int
    step_started_at: float
    cues_spoken: int = 0


@dataclass(frozen=True)
class Paused:
    """Guiding frozen at `paused_at`; resuming shifts the timeline by the pause."""

    guiding: Guiding
    paused_at: float
    misses: int = 0


@dataclass(frozen=True)
class CheckIn:
    """A technique finished: how do you feel, another one or finish?"""

    misses: int = 0


@dataclass(frozen=True)
class Ended:
    reason: EndReason


State = (
    Idle
    | Menu
    | Screening
    | DoctorCheck
    | ReadBack
    | ReadyCheck
    | Guiding
    | Paused
    | CheckIn
    | Ended
)
