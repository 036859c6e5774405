"""A small driver that talks to the dialog, so tests read like the transcripts they check."""

from dataclasses import dataclass, field
from functools import cache

from assistant.config import DEFAULT_CONTENT_DIR
from assistant.content_files import load_content
from assistant.core.actions import Action, End, Listen, Say
from assistant.core.content import Content
from assistant.core.dialog import Dialog
from assistant.core.events import Heard, Silence, Start, Tick


@dataclass
class Conversation:
    content: Content
    now: float = 0.0
    dialog: Dialog = field(init=False)
    transcript: list[tuple[float, Action]] = field(default_factory=list)
    heard: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    """What the user said, with the contraindications the question in force covered."""

    def __post_init__(self) -> None:
        self.dialog = Dialog(self.content)
        self._record(self.dialog.handle(Start(), self.now))

    def _record(self, actions: list[Action]) -> list[Action]:
        self.transcript += [(self.now, action) for action in actions]
        return actions

    def hear(self, words: str, confidence: float | None = 1.0) -> list[Action]:
        self.heard.append((self.listening.covers, words))
        return self._record(self.dialog.handle(Heard(words, confidence), self.now))

    def hear_partial(self, words: str) -> list[Action]:
        return self._record(self.dialog.handle(Heard(words, partial=True), self.now))

    def silence(self) -> list[Action]:
        """Nothing said for the whole listen window."""
        self.now += self.listening.timeout_s
        return self._record(self.dialog.handle(Silence(), self.now))

    def wait(self, seconds: float) -> list[Action]:
        """Let time pass, ticking at every deadline on the way, as the runtime does."""
        until = self.now + seconds
        actions: list[Action] = []
        while (deadline := self.dialog.next_deadline) is not None and deadline <= until:
            self.now = deadline
            actions += self._record(self.dialog.handle(Tick(), self.now))
        self.now = until
        return actions + self._record(self.dialog.handle(Tick(), self.now))

    def jump(self, seconds: float) -> list[Action]:
        """Let time pass with a single late tick at the end."""
        self.now += seconds
        return self._record(self.dialog.handle(Tick(), self.now))

    def screen_clean(self) -> None:
        """Confirm that a doctor has agreed, then answer every safety question 'no'."""
        self.hear("yes")  # a doctor has agreed
        while self.listening.context == "screening":
            self.hear("no")

    def start_guided(self, technique_name: str) -> None:
        self.hear(f"start the {technique_name}")
        self.screen_clean()
        self.hear("yes")  # the other cautions, please
        self.hear("yes")  # in position

    @property
    def listening(self) -> Listen:
        return next(a for _, a in reversed(self.transcript) if isinstance(a, Listen))

    @property
    def said(self) -> list[str]:
        return [a.text for _, a in self.transcript if isinstance(a, Say)]

    def said_kind(self, kind: str) -> list[tuple[float, str]]:
        return [(t, a.text) for t, a in self.transcript if isinstance(a, Say) and a.kind == kind]

    @property
    def ending(self) -> End | None:
        return next((a for _, a in self.transcript if isinstance(a, End)), None)


@cache
def real_content() -> Content:
    """The shipped content, loaded once for all conversation tests."""
    return load_content(DEFAULT_CONTENT_DIR)
