"""One session as a value: the state it is in and what it has learned so far.

Everything the dialog remembers between turns is here and nowhere else, frozen, so a turn is
a function from one session to the next.
"""

from dataclasses import dataclass, field

from assistant.core.actions import Say
from assistant.core.states import Idle, State


@dataclass(frozen=True)
class Session:
    state: State = field(default_factory=Idle)
    cleared: bool = False
    """The screen came back clean in this session: techniques may be guided."""
    completed: tuple[str, ...] = ()
    """Techniques guided to their end, in order."""
    massaged: bool = False
    """A technique has started: from now on a warning sign ends the session."""
    disclosed: tuple[str, ...] = ()
    """Contraindications admitted: final for the session, no technique may start."""
    reask: tuple[str, ...] = ()
    """Contraindications asked about since the screen cleared: asked again before a technique."""
    unclear: int = 0
    """Unclear answers in the current screening, going back included (bounded)."""
    told: tuple[str, ...] = ()
    """Techniques already introduced (the condition's answer, or their summary)."""
    last_lines: tuple[Say, ...] = ()
    """What 'repeat' says again; its last prompt is the question a not-understood re-asks."""

    @property
    def question(self) -> tuple[Say, ...]:
        """The pending question alone, without the lines that led to it."""
        prompts = [line for line in self.last_lines if line.kind == "prompt"]
        return tuple(prompts[-1:])
