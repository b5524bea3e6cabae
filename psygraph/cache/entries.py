"""Entries of the on-disk cache: where the cache lives, and how its folders are published and pruned.

The cache folder is ``platformdirs.user_cache_dir("psygraph")``; ``PSYGRAPH_CACHE_DIR`` overrides it
and ``PSYGRAPH_NO_CACHE=1`` turns the cache off. Each entry is a folder that holds a marker file
(:data:`MARKER`); pruning removes only folders psygraph made and can recognise by their marker,
never anything else a shared folder holds. A folder is removed by first renaming it aside, so no
reader opens it half deleted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

#: How many entries of each kind to keep; older ones are removed after a build.
KEEP = 4
#: An entry unused for this many seconds may be pruned (one a running process reads is kept).
PRUNE_IDLE = 600.0
#: A build folder older than this many seconds was left by a crashed process and is removed.
STALE_BUILD = 3600.0

ENV_DIR = "PSYGRAPH_CACHE_DIR"
ENV_OFF = "PSYGRAPH_NO_CACHE"
#: The file inside every folder psygraph creates in the cache; only folders holding it are pruned.
MARKER = ".psygraph-cache-entry"
BUILD_PREFIX = ".build-"
TRASH_PREFIX = ".trash-"

#: What happened in this process, for tests and the benchmark: ``hit``, ``build``, ``lost-race``,
#: ``corrupt``, ``fallback``, ``memory``, ``memo-hit``, ``memo-build``.
stats: Counter[str] = Counter()


def cache_root() -> Path | None:
    """The cache folder, or ``None`` when ``PSYGRAPH_NO_CACHE`` is set to a true value."""
    if os.environ.get(ENV_OFF, "").strip().lower() not in ("", "0", "false", "no"):
        return None
    override = os.environ.get(ENV_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("psygraph", appauthor=False))


def package_version() -> str:
    """The installed version of psygraph, found without importing :mod:`importlib.metadata` if possible.

    ``importlib.metadata`` costs tens of milliseconds to import, too much for every ``psygraph
    show``; the version is in the name of the ``.dist-info`` folder the installer wrote.
    """
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("psygraph-") and name.endswith(".dist-info"):
                return name[len("psygraph-") : -len(".dist-info")]
    from psygraph import __version__

    return __version__


def entry_path(root: Path, kind: str, key: str) -> Path:
    """The folder of the entry *key* of *kind* under *root*."""
    return root / kind / key[:40]


def new_folder(parent: Path, prefix: str) -> Path:
    """A new, marked, empty folder in *parent* whose name starts with *prefix*."""
    import tempfile

    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    mark(folder)
    return folder


def mark(folder: Path) -> None:
    """Put the marker in *folder*, so pruning knows psygraph made it."""
    (folder / MARKER).write_bytes(b"")


def is_ours(folder: Path) -> bool:
    """Whether *folder* is a cache folder psygraph made (it holds the marker)."""
    return (folder / MARKER).is_file()


def touch(folder: Path) -> None:
    """Mark *folder* as just used (its mtime), so pruning keeps it."""
    with contextlib.suppress(OSError):
        os.utime(folder)


def remove(path: Path) -> None:
    """Remove a folder: first renamed aside (atomic), so no one opens it half deleted."""
    trash = path.with_name(f"{TRASH_PREFIX}{path.name}-{os.urandom(4).hex()}")
    try:
        os.rename(path, trash)
    except OSError:
        trash = path
    shutil.rmtree(trash, ignore_errors=True)


def prune(folder: Path, keep: Path, idle: float) -> None:
    """Keep the :data:`KEEP` most recently used entries in *folder* (and any used in the last *idle*
    seconds); remove trash and stale build folders. Only marked folders are ever removed."""
    now = time.time()
    entries = []
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if not child.is_dir() or child.is_symlink() or not is_ours(child):
                continue
            try:
                age = now - child.stat().st_mtime
            except OSError:
                continue
            if child.name.startswith(TRASH_PREFIX) or (
                child.name.startswith(BUILD_PREFIX) and age > STALE_BUILD
            ):
                shutil.rmtree(child, ignore_errors=True)
            elif not child.name.startswith("."):
                entries.append((age, child))
    entries.sort(key=lambda pair: pair[0])
    for age, child in entries[KEEP:]:
        if child != keep and age > idle:
            remove(child)
