"""Errors that reach the user as one clear line (and an exit status), never a stack trace."""


class UserFacingError(Exception):
    """A problem the user can act on: a broken content file, a missing model or device.

    The command line prints `error: <message>` and exits with `exit_status`.
    """

    def __init__(self, message: str, exit_status: int = 2) -> None:
        super().__init__(message)
        self.exit_status = exit_status
