"""The whole behaviour of the assistant: events in, actions out, time as an argument.

`Dialog` holds one frozen `Session` and replaces it on every event; the decisions are in
`transitions`. Pure: no I/O, no threads, no clock reads.
"""

from assistant.core import guidance
from assistant.core.actions import Action
from assistant.core.content import Content
from assistant.core.events import Event
from assistant.core.session import Session
from assistant.core.states import Ended, Guiding, State
from assistant.core.status import Status as Status  # re-exported for the transports
from assistant.core.status import status_of
from assistant.core.transitions import transition


class Dialog:
    """One session's conversation."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.session = Session()

    @property
    def state(self) -> State:
        return self.session.state

    @property
    def cleared(self) -> bool:
        return self.session.cleared

    @property
    def ended(self) -> bool:
        return isinstance(self.session.state, Ended)

    @property
    def next_deadline(self) -> float | None:
        """The next cue or step end while guiding: the transport ticks the dialog then."""
        state = self.session.state
        if isinstance(state, Guiding):
            return guidance.next_deadline(self.content.technique(state.technique), state)
        return None

    def status(self, now: float) -> Status:
        return status_of(self.content, self.session.state, now)

    def handle(self, event: Event, now: float) -> list[Action]:
        turn = transition(self.content, self.session, event, now)
        self.session = turn.session
        return list(turn.actions)
