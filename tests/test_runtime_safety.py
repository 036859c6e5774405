"""The safety rules through the voice loop: the real dialog, fake devices, a scripted user.

The user answers each listen once the assistant has finished speaking, one word per audio
block, as a recogniser would report it; during the first step they say a disclosure or a
warning sign. No real time passes.
"""

import io
from dataclasses import dataclass, field

from assistant.core.actions import Action, Listen, Say
from assistant.core.dialog import Dialog, Status
from assistant.core.events import Event
from assistant.voice.display import ScreenDisplay
from assistant.voice.runtime import VoiceSession
from tests.conversation import real_content
from tests.runtime_fakes import (
    BLOCK_S,
    WORD_S,
    FakeClock,
    FakeMicrophone,
    FakeRecognizer,
    FakeSpeaker,
)

CONTENT = real_content()
TO_THE_FIRST_STEP = ["start the palm massage", "yes", *["no"] * len(CONTENT.screening), "skip"]


@dataclass
class ScriptedUser:
    """The real dialog (a `runtime.DialogPort`), with a user who answers each listen in turn."""

    dialog: Dialog
    microphone: FakeMicrophone
    speaker: FakeSpeaker
    replies: list[str]
    during_step: str
    said: list[tuple[float, str]] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        return self.dialog.ended

    @property
    def next_deadline(self) -> float | None:
        return self.dialog.next_deadline

    def status(self, now: float) -> Status:
        return self.dialog.status(now)

    def handle(self, event: Event, now: float) -> list[Action]:
        actions = self.dialog.handle(event, now)
        instruction = any(isinstance(a, Say) and a.kind == "instruction" for a in actions)
        speaking_s = sum(len(a.text.split()) * WORD_S for a in actions if isinstance(a, Say))
        quiet_at = max(self.microphone.clock.t, self.speaker._busy_until()) + speaking_s
        if any(isinstance(a, Listen) for a in actions):
            if self.replies:
                self._say(self.replies.pop(0), quiet_at + 0.5)
            elif instruction and self.during_step:
                self._say(self.during_step, quiet_at + 1.0)
                self.during_step = ""
        return actions

    def _say(self, words: str, start: float) -> None:
        """One word a block, the last one final, from `start` (the assistant is quiet)."""
        tokens = words.lower().split()
        for i, word in enumerate(tokens):
            kind = "final" if i == len(tokens) - 1 else "partial"
            at = round((round(start / BLOCK_S) + i + 1) * BLOCK_S, 1)
            self.microphone.script[at] = f"{kind}:{word}".encode()
        self.said.append((start, words))


def run_session(during_step: str) -> tuple[str, FakeSpeaker, ScriptedUser]:
    clock = FakeClock()
    microphone = FakeMicrophone(clock)
    speaker = FakeSpeaker(clock)
    user = ScriptedUser(Dialog(CONTENT), microphone, speaker, list(TO_THE_FIRST_STEP), during_step)
    loop = VoiceSession(user, microphone, FakeRecognizer(clock), speaker, clock,
                        ScreenDisplay(io.StringIO()))  # fmt: skip
    return loop.run(), speaker, user


def spoken_after_the_first_step(speaker: FakeSpeaker) -> list[str]:
    texts = [text for _, text in speaker.said]
    first = next(i for i, text in enumerate(texts) if text.startswith("Fists."))
    return texts[first + 1 :]


def test_a_disclosure_during_a_step_ends_the_massage_through_the_voice_loop() -> None:
    reason, speaker, user = run_session("i'm pregnant")
    assert reason == "contraindicated"
    assert user.dialog.session.disclosed == ("pregnancy",)
    after = spoken_after_the_first_step(speaker)
    assert len(after) == 1 and "pregnancy" in after[0] and "doctor" in after[0]
    assert speaker.aborted_at  # whatever was still being said was cut off


def test_a_warning_sign_during_a_step_ends_the_massage_through_the_voice_loop() -> None:
    reason, speaker, _ = run_session("my heart is racing")
    assert reason == "symptom"
    assert spoken_after_the_first_step(speaker) == [CONTENT.phrases.symptom_end]
