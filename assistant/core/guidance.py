"""The timeline of a guided technique, computed from deadlines.

A step that starts at t0 has its cues at t0 + offset and ends at t0 + duration; the next step
starts at that deadline, not at the tick that noticed it, so nothing drifts. A late tick (the
assistant was still speaking, say a help line) catches up: the cues of the step in progress
that came due are spoken once, in order; the cues of a step that has ended are dropped, since
"halfway" after the step is over would be wrong.
"""

from dataclasses import dataclass, replace

from assistant.core.actions import Say
from assistant.core.content import Technique
from assistant.core.spoken import duration_in_words
from assistant.core.states import Guiding


@dataclass(frozen=True)
class Progress:
    """Where the timeline stands after catching up to `now`."""

    guiding: Guiding | None
    """None when the last step has ended."""
    lines: tuple[Say, ...]


def start_step(technique: Technique, step_index: int, at: float) -> Progress:
    step = technique.steps[step_index]
    guiding = Guiding(technique.id, step_index, at)
    heading = step.name[:1].upper() + step.name[1:]
    return Progress(guiding, (Say(f"{heading}. {step.instruction}", "instruction"),))


def catch_up(technique: Technique, guiding: Guiding, now: float) -> Progress:
    lines: list[Say] = []
    current: Guiding | None = guiding
    while current is not None:
        step = technique.steps[current.step_index]
        step_end = current.step_started_at + step.duration_s
        cues = step.cues[current.cues_spoken :]
        due = [cue for cue in cues if current.step_started_at + cue.at_s <= now]
        if now < step_end:
            lines.extend(Say(cue.text, "cue") for cue in due)
            current = replace(current, cues_spoken=current.cues_spoken + len(due))
            break
        if current.step_index + 1 == len(technique.steps):
            current = None
            break
        following = start_step(technique, current.step_index + 1, step_end)
        lines.extend(following.lines)
        current = following.guiding
    return Progress(current, tuple(lines))


def next_deadline(technique: Technique, guiding: Guiding) -> float:
    """The next cue or the step's end, whichever comes first."""
    step = technique.steps[guiding.step_index]
    if guiding.cues_spoken < len(step.cues):
        return guiding.step_started_at + step.cues[guiding.cues_spoken].at_s
    return guiding.step_started_at + step.duration_s


def step_remaining_s(technique: Technique, guiding: Guiding, now: float) -> float:
    step = technique.steps[guiding.step_index]
    return max(0.0, guiding.step_started_at + step.duration_s - now)


def technique_remaining_s(technique: Technique, guiding: Guiding, now: float) -> float:
    later = technique.steps[guiding.step_index + 1 :]
    return step_remaining_s(technique, guiding, now) + sum(step.duration_s for step in later)


def time_left(template: str, technique: Technique, guiding: Guiding, now: float) -> str:
    """'About thirty seconds left in this step, and three minutes in this massage.'"""
    return template.format(
        step=duration_in_words(step_remaining_s(technique, guiding, now)),
        total=duration_in_words(technique_remaining_s(technique, guiding, now)),
    )


def resumed(paused_guiding: Guiding, paused_at: float, now: float) -> Guiding:
    """Pausing shifts the whole timeline: the time left is what it was at the pause."""
    return replace(paused_guiding, step_started_at=paused_guiding.step_started_at + now - paused_at)
