"""What a screen shows someone glancing over: the technique, the step and its countdown."""

from dataclasses import dataclass

from assistant.core import guidance
from assistant.core.content import Content
from assistant.core.states import Guiding, Paused, State


@dataclass(frozen=True)
class Status:
    state: str
    """The dialog state's name: 'Menu', 'Screening', 'Guiding', 'Paused', ..."""
    technique: str | None = None
    step: str | None = None
    step_number: int = 0
    step_count: int = 0
    step_remaining_s: float = 0.0
    step_duration_s: float = 0.0
    paused: bool = False


def status_of(content: Content, state: State, now: float) -> Status:
    paused = isinstance(state, Paused)
    guiding = state.guiding if isinstance(state, Paused) else state
    if not isinstance(guiding, Guiding):
        return Status(type(state).__name__)
    technique = content.technique(guiding.technique)
    step = technique.steps[guiding.step_index]
    at = state.paused_at if isinstance(state, Paused) else now
    return Status(
        state=type(state).__name__,
        technique=technique.name,
        step=step.name,
        step_number=guiding.step_index + 1,
        step_count=len(technique.steps),
        step_remaining_s=guidance.step_remaining_s(technique, guiding, at),
        step_duration_s=step.duration_s,
        paused=paused,
    )
