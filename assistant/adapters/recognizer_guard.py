"""A recogniser that fails once does not end the session: the utterance is dropped, the engine
starts a fresh one, and the user is asked again as if not heard. One that keeps failing is
treated like a lost device: the session ends with a clear spoken and printed message."""

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence

from assistant.errors import UserFacingError
from assistant.ports import AudioDeviceLost, Hypothesis, Recognizer

log = logging.getLogger(__name__)

MAX_FAILURES = 3
"""This many failures within `FAILURE_WINDOW_S` mean the engine is broken, not unlucky."""
FAILURE_WINDOW_S = 10.0


class GuardedRecognizer:
    """Fits `ports.Recognizer` around any engine."""

    def __init__(self, engine: Recognizer, clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._clock = clock
        self.sample_rate_hz = engine.sample_rate_hz
        self.name: str = engine.name
        """The engine's own name ("Vosk", "PocketSphinx"): the guard is not an engine."""
        self._expected: tuple[tuple[str, ...], bool] = ((), False)
        self._failures: deque[float] = deque(maxlen=MAX_FAILURES)
        self.failures = 0
        """Every failure so far (the session's own count, for its report)."""

    def set_expected(self, phrases: Sequence[str], eager: bool = False) -> None:
        self._expected = (tuple(phrases), eager)
        try:
            self._engine.set_expected(phrases, eager)
        except Exception as error:  # an engine's failure is not ours to crash on
            self._failed(error)

    def accept(self, pcm: bytes) -> Hypothesis | None:
        try:
            return self._engine.accept(pcm)
        except Exception as error:
            self._failed(error)
            return None

    def finish(self) -> Hypothesis | None:
        try:
            return self._engine.finish()
        except Exception as error:
            self._failed(error)
            return None

    def _failed(self, error: Exception) -> None:
        if isinstance(error, UserFacingError):
            raise error  # a model that cannot load is the user's to fix, said in one line
        now = self._clock()
        self.failures += 1
        self._failures.append(now)
        if len(self._failures) == MAX_FAILURES and now - self._failures[0] < FAILURE_WINDOW_S:
            raise AudioDeviceLost(f"the speech recogniser keeps failing ({error})") from error
        log.warning("the speech recogniser failed (%s): starting a fresh utterance", error)
        phrases, eager = self._expected
        try:
            self._engine.set_expected(phrases, eager)
        except Exception as again:
            raise AudioDeviceLost(f"the speech recogniser cannot restart ({again})") from again
