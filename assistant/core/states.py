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
class DoctorCheck:
    """The article's advice, asked first: has a doctor agreed to self-massage?"""

    technique: str


@dataclass(frozen=True)
class Screening:
    """Asking safety question `questions[position]` (indices into the content's questions)."""

    technique: str
    questions: tuple[int, ...]
    """All of them, or after clearance only those about a contraindication asked about since."""
    position: int = 0

    @property
    def index(self) -> int:
        return self.questions[self.position]


@dataclass(frozen=True)
class ReadyCheck:
    """Screen clean, position told: 'say yes when you are in position'."""

    technique: str
    screening: Screening | None = None
    """The screening just passed, at its last question: 'go back' returns there."""
    cautions_told: bool = False
    """The other cautions were read: 'yes' now starts the first step."""
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
    | ReadyCheck
    | Guiding
    | Paused
    | CheckIn
    | Ended
)
