"""Atomic file writes: a failure never leaves half a file behind.

Every writer in psygraph goes through :func:`atomic_write`. It writes into a temporary file in
the target's own folder (so the final rename stays on one file system), flushes and fsyncs it,
then renames it over the target with :func:`os.replace`, which is atomic on POSIX and Windows.
If anything raises before that, the temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

#: Prefix of the temporary files, so a stray one (after a power cut) is recognisable.
TEMP_PREFIX = ".psygraph-tmp-"


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file beside *path*; on a clean exit, rename it over *path*.

    Parameters
    ----------
    path
        The file to create or replace. Its folder must exist.
    mode
        ``"w"`` for text (written with *encoding* and ``\\n`` line endings) or ``"wb"`` for bytes.
    encoding
        The text encoding; ignored in binary mode.

    Yields
    ------
    IO
        The open temporary file. Write to it; do not close it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(folder / "hello.txt") as handle:
    ...     _ = handle.write("hello")
    >>> (folder / "hello.txt").read_text()
    'hello'
    """
    if mode not in ("w", "wb"):
        msg = f"atomic_write mode must be 'w' or 'wb', not {mode!r}"
        raise ValueError(msg)
    target = Path(path)
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=target.parent)
    temp = Path(temp_name)
    try:
        if mode == "wb":
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline="\n")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _keep_permissions(target, temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write *data* to *path* atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write *text* to *path* atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "w", encoding=encoding) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_write_many(paths: list[str | os.PathLike[str]], mode: str = "w") -> Iterator[list[IO[Any]]]:
    """Write several files that belong together; all are replaced only if every write succeeds.

    Each file gets its own temporary file; they are renamed over their targets only after the
    block ends cleanly, and all are removed if it raises. (Each rename is atomic; the group is not.)
    """
    with contextlib.ExitStack() as stack:
        handles = [stack.enter_context(atomic_write(p, mode)) for p in paths]
        yield handles


def _keep_permissions(target: Path, temp: Path) -> None:
    """Give the new file the old file's mode, or the usual umask-based mode for a new file."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)
