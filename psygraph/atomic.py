"""Atomic file writes: a failure never leaves half a file behind, and no file is lost by mistake.

Every writer in psygraph (export, viz, the cache) goes through :func:`atomic_write`. It writes into
a temporary file in the target's own folder (so the final rename stays on one file system),
flushes and fsyncs it, then renames it over the target with :func:`os.replace`, which is atomic on
POSIX and Windows. If anything raises before that, the temporary file is removed and the target
is untouched.

Before writing, :func:`check_target` refuses a target that renaming over would destroy by mistake:
anything in psygraph's shipped ``ontology/`` or ``data/`` folders, an existing folder, FIFO,
device or socket (``/dev/stdout`` among them: ``-`` means standard output, see :data:`STDOUT`),
and a read-only file. A temporary file carries the id of the process writing it; one left behind
by a process that was killed is removed by the next write into the same folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from psygraph.errors import InputError, UsageError

#: Prefix of the temporary files, so a stray one (after a power cut) is recognisable.
TEMP_PREFIX = ".psygraph-tmp-"
TEMP_SUFFIX = ".part"
#: The target name that means standard output (``-o -``).
STDOUT = "-"


def is_stdout(path: str | os.PathLike[str]) -> bool:
    """Whether *path* is ``-``, standard output."""
    return os.fspath(path) == STDOUT


def shipped_folders() -> list[Path]:
    """The folders holding the shipped ontology and data; no writer ever writes inside them."""
    from psygraph import resources

    folders = {Path(str(resources.data_file())).resolve().parent}
    folders |= {Path(str(f)).resolve().parent for f in resources.ontology_files()}
    return sorted(folders)


def check_target(path: str | os.PathLike[str]) -> None:
    """Refuse to write *path* if that would lose a file by mistake (see the module's description).

    ``-`` (standard output) is always accepted.

    Raises
    ------
    UsageError
        *path* is inside the shipped ontology or data folders.
    InputError
        *path* is a folder, FIFO, device or socket, a read-only file, or its folder does not exist.
    """
    if is_stdout(path):
        return
    target = Path(path)
    resolved = target.resolve()
    for folder in shipped_folders():
        if resolved == folder or folder in resolved.parents:
            msg = (
                f"refusing to write '{target}': it is inside psygraph's shipped data ('{folder}'); "
                "choose an -o path elsewhere"
            )
            raise UsageError(msg)
    if not resolved.parent.is_dir():
        msg = f"cannot write '{target}': the folder '{target.parent}' does not exist; create it first"
        raise InputError(msg)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        msg = f"cannot write '{target}': {(exc.strerror or str(exc)).lower()}"
        raise InputError(msg) from None
    if stat.S_ISDIR(mode):
        msg = f"cannot write '{target}': it is a folder"
        raise InputError(msg)
    if not stat.S_ISREG(mode) or _is_system_path(target) or _is_system_path(resolved):
        msg = (
            f"refusing to write '{target}': it is not a regular file (a FIFO, device, socket or /dev path) "
            "and would be replaced; use -o - for standard output"
        )
        raise InputError(msg)
    if not mode & 0o222 or not os.access(target, os.W_OK):
        msg = f"refusing to write '{target}': the file is read-only; make it writable or choose another -o"
        raise InputError(msg)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file beside *path*; on a clean exit, rename it over *path*.

    Parameters
    ----------
    path
        The file to create or replace (checked with :func:`check_target`); its folder must exist.
        ``-`` writes to standard output instead, directly.
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
    check_target(path)
    if is_stdout(path):
        with _stdout(mode, encoding) as out:
            yield out
        return
    target = Path(path).resolve()  # through a symbolic link: the link stays, the file it names is replaced
    remove_stale_temporaries(target.parent)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=_temp_prefix(), suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:  # name the file asked for, not the temporary one
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None
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


def _is_system_path(path: Path) -> bool:
    """Whether *path* is in ``/dev`` or ``/proc`` (``/dev/stdout`` can point at a regular file)."""
    return path.is_absolute() and path.parts[1:2] in (("dev",), ("proc",))


@contextlib.contextmanager
def _stdout(mode: str, encoding: str) -> Iterator[IO[Any]]:
    """Standard output as a file to write (not closed afterwards)."""
    if mode == "wb":
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        yield sys.stdout
        sys.stdout.flush()


def _temp_prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files in *folder* whose writing process no longer runs; return them.

    A killed export cannot remove its own temporary file; the next write into the folder does.
    Only files named ``.psygraph-tmp-<pid>-….part`` are considered, and only when no process with
    that id is running.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
            continue
        pid = name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


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
