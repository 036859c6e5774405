"""Errors that reach the user as one clear line (and an exit status), never a stack trace.

The exit statuses (README, "Exit statuses") are part of the command line's contract.
"""

EXIT_USAGE = 2
"""Bad flags, a broken content file, a missing or broken model, malformed input."""
EXIT_AUDIO = 3
"""An audio device (or the speech engine) was lost or could not be opened."""
EXIT_WRITE = 4
"""A file could not be written (disk full, read-only): nothing half-written is left."""
EXIT_INTERNAL = 70
"""A bug: one line says what, instead of a stack trace."""
EXIT_SIGNAL_BASE = 128
"""Ended by a signal: 128 + its number (SIGHUP 129, SIGINT 130, SIGTERM 143), as shells do."""


class UserFacingError(Exception):
    """A problem the user can act on: a broken content file, a missing model or device.

    The command line prints `error: <message>` and exits with `exit_status`.
    """

    def __init__(self, message: str, exit_status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_status = exit_status


class Interrupted(BaseException):
    """SIGTERM or SIGHUP (the terminal closed): raised in the main thread like Ctrl-C's
    KeyboardInterrupt, so every `with` and `finally` on the way out closes what it opened (the
    devices, the private PulseAudio and its folder)."""

    def __init__(self, signal_number: int, name: str) -> None:
        super().__init__(name)
        self.signal_number = signal_number
