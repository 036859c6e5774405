"""Files the user asked for (the demo's recording and transcript) written whole or not at all.

Each is written to a temporary name beside its target, flushed to disk, then renamed over it:
a full disk, a read-only folder or a signal mid-write leaves the old file or none, never half
of one. Any failure is one line naming the file, with exit status `EXIT_WRITE`.
"""

import contextlib
import os
import tempfile
from pathlib import Path

from assistant.errors import EXIT_WRITE, UserFacingError


def write_atomic(path: Path, data: bytes) -> None:
    """`path` holds `data` afterwards, or is as it was before and a `UserFacingError` says why."""
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserFacingError(f"cannot write {path}: {reason}", EXIT_WRITE) from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def check_writable(folder: Path) -> None:
    """Fail before a long session, not after it, when its files could not be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise UserFacingError(
            f"cannot write into {folder}: {error.strerror or error}", EXIT_WRITE
        ) from error
