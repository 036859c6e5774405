"""What the outside world tells the dialog. Each event is a small frozen message."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Start:
    """The session begins: the dialog greets the user."""


@dataclass(frozen=True)
class Heard:
    """The user said something (a recogniser's final result, or a typed line)."""

    text: str
    """What was heard, as words; the recogniser's expected phrase when it matched one."""
    confidence: float | None = 1.0
    """0..1; below the dialog's threshold an answer counts as unclear. None: the recogniser
    gives no confidence (PocketSphinx), so its grammar's rejection is the only filter."""
    partial: bool = False
    """A partial hypothesis: only what must act at once (stop, symptoms) uses it."""


@dataclass(frozen=True)
class Silence:
    """The listen window closed with nothing heard (its `timeout_s` ran out)."""


@dataclass(frozen=True)
class Tick:
    """Time passed: the dialog speaks any cue or step whose deadline is due."""


Event = Start | Heard | Silence | Tick
