"""What the dialog asks the outside world to do. Each action is a small frozen message."""

from dataclasses import dataclass, field
from typing import Literal

SayKind = Literal["prompt", "answer", "instruction", "cue", "warning"]
ListenContext = Literal["menu", "question", "screening", "confirm", "session"]
EndReason = Literal["completed", "stopped", "contraindicated", "symptom", "no_response", "unclear"]
"""`unclear`: a safety question stayed unclear (not sure, silence, not understood) after being
asked again; `because` names what it asked about."""


@dataclass(frozen=True)
class Say:
    """Speak one line to the user."""

    text: str
    kind: SayKind


@dataclass(frozen=True)
class Listen:
    """Open a listen window for the phrases this state expects (the recogniser's grammar)."""

    expect: tuple[str, ...]
    """Every phrase the state understands; anything else is 'unknown'."""
    timeout_s: float
    """Seconds of silence, counted from the end of the assistant's speech, before `Silence`."""
    context: ListenContext
    covers: tuple[str, ...] = ()
    """Contraindication ids a screening question asks about; empty otherwise."""


@dataclass(frozen=True)
class StopSpeaking:
    """Cut off whatever is being spoken, at once."""


@dataclass(frozen=True)
class AdjustVoice:
    """Change the speaking voice: rate in words per minute and volume (0..1), as deltas."""

    rate_delta_wpm: int = 0
    volume_delta: float = 0.0


@dataclass(frozen=True)
class End:
    """The session is over; nothing follows this action."""

    reason: EndReason
    because: tuple[str, ...] = field(default=())
    """Contraindication (or symptom) ids that ended it, when there are any."""


Action = Say | Listen | StopSpeaking | AdjustVoice | End
