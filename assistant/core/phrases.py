"""The fixed lines the dialog speaks, typed: `content/phrases.toml` holds exactly these fields.

A misspelt or missing line fails when the content loads, and mypy checks every use.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrases:
    """Fixed lines; `{braces}` are filled in by the dialog (see `content/phrases.toml`)."""

    greeting: str
    menu_prompt: str
    menu_reprompt: str
    not_understood: str
    no_response_end: str
    help_menu: str
    help_offer: str
    help_doctor: str
    help_screening: str
    help_ready: str
    help_guiding: str
    help_paused: str
    help_checkin: str
    offer_technique: str
    suggestion: str
    durations: str
    contraindications_intro: str
    safe_when_no: str
    safe_when_unknown: str
    indications: str
    benefits: str
    objectives: str
    screening_intro: str
    doctor_question: str
    doctor_not_consulted: str
    screening_unclear: str
    screening_unclear_end: str
    screening_cannot_skip: str
    screening_clear: str
    reask_intro: str
    contraindicated: str
    technique_intro: str
    position: str
    cautions_prompt: str
    ready_prompt: str
    ready_wait: str
    cautions_intro: str
    warnings_intro: str
    stop_confirm: str
    farewell: str
    symptom_end: str
    symptom_before_start: str
    lighter_reminder: str
    paused: str
    resumed: str
    not_paused: str
    time_left: str
    checkin: str
    checkin_good: str
    completed_end: str
    voice_changed: str
