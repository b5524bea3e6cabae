"""Data derived from a graph (the name index, the search index, link counts), kept between runs.

Building the name index of a million-triple graph takes seconds; a lookup needs one entry of it.
So :func:`memo` keeps each derived result in ``<cache>/derived/<key>/`` as an SQLite file, one table
per dict, and gives it back as :class:`DiskDict` tables read one entry at a time: a lookup costs the
same in a graph of a thousand entities as in one of a million. Files are keyed by the inputs (the
key of :mod:`psygraph.cache.store`) and by psygraph's own source code (:func:`code_fingerprint`),
so a changed rule never meets a result of the old one. A file is written to a temporary name and
renamed; one that will not read is computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from psygraph.cache.entries import cache_root, entry_path, mark, prune, stats, touch

DERIVED = "derived"

T = TypeVar("T")


def memo(key: str | None, name: str, build: Callable[[], T], kind: type | None = None) -> T:
    """*build*'s result for the inputs *key*, read from the cache when an earlier run kept it.

    The result is a dict, or an instance of the dataclass *kind* whose dict fields hold the data
    (its other fields must be plain values, and it must build with no arguments). Each dict is kept
    as a table of an SQLite file and comes back as a :class:`DiskDict`. With no *key* (a graph not
    made by :func:`psygraph.load`) or no cache this is just ``build()``.
    """
    root = cache_root()
    if key is None or root is None:
        return build()
    folder = entry_path(root, DERIVED, key)
    path = folder / f"{name}-{code_fingerprint()}.sqlite"
    if path.exists():
        with contextlib.suppress(Exception):  # any trouble reading it: compute it again
            kept = _read_tables(path, kind)
            stats["memo-hit"] += 1
            touch(folder)
            return kept
    value = build()
    stats["memo-build"] += 1
    with contextlib.suppress(Exception):  # a read-only or full disk: the next run builds it again
        fresh = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        mark(folder)
        _write_tables(path, value)
        if fresh:
            prune(folder.parent, keep=folder, idle=0.0)
    return value


class DiskDict(MutableMapping[Any, Any]):
    """A dict kept in an SQLite table, read one entry at a time; changes stay in memory.

    Iterating (or :meth:`items`, :meth:`values`, ``len``) reads the whole table once, in the order
    the original dict had. With a *default_factory* a missing key reads as a new empty value, as in
    a :class:`~collections.defaultdict`.
    """

    def __init__(self, connection: Any, table: str, default_factory: Callable[[], Any] | None = None) -> None:
        self._connection = connection
        self._select = f'SELECT value FROM "{table}" WHERE key = ?'
        self._all = f'SELECT key, value FROM "{table}" ORDER BY rowid'
        self._memory: dict[Any, Any] = {}
        self._complete = False
        self._lookups = 0
        self.default_factory = default_factory

    def _read(self, key: Any) -> Any:
        if key in self._memory or self._complete:
            return self._memory.get(key, _MISSING)
        self._lookups += 1
        if self._lookups > READ_ALL_AFTER:  # a scan, one key at a time: read the table in one go
            return self._load_all().get(key, _MISSING)
        row = self._connection.execute(self._select, (marshal.dumps(key),)).fetchone()
        if row is None:
            return _MISSING
        value = self._memory[key] = marshal.loads(row[0])
        return value

    def _load_all(self) -> dict[Any, Any]:
        if not self._complete:
            stored = {
                marshal.loads(k): marshal.loads(v) for k, v in self._connection.execute(self._all).fetchall()
            }
            stored.update(self._memory)  # keep values already handed out (and changed) by reference
            self._memory = stored
            self._complete = True
        return self._memory

    def __getitem__(self, key: Any) -> Any:
        value = self._read(key)
        if value is _MISSING:
            if self.default_factory is None:
                raise KeyError(key)
            value = self._memory[key] = self.default_factory()
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._read(key)
        return default if value is _MISSING else value

    def __contains__(self, key: object) -> bool:
        return self._read(key) is not _MISSING

    def __setitem__(self, key: Any, value: Any) -> None:
        self._memory[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._load_all()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._load_all())

    def __len__(self) -> int:
        return len(self._load_all())

    def items(self) -> Any:
        return self._load_all().items()

    def values(self) -> Any:
        return self._load_all().values()

    def keys(self) -> Any:
        return self._load_all().keys()

    def __repr__(self) -> str:
        return f"DiskDict({self._all.split('FROM ')[1].split(' ')[0]}, {len(self._memory)} read)"


_MISSING = object()
#: After this many single reads a :class:`DiskDict` reads its whole table (a scan is under way).
READ_ALL_AFTER = 2000


# Internals
# --------------------------------------------------------------------------------------------


def _write_tables(path: Path, value: Any) -> None:
    """Write *value* (a dict, or a dataclass of dicts and plain values) to a new SQLite file at *path*."""
    import sqlite3

    tables, plain = _parts(value)
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    try:
        connection = sqlite3.connect(temp)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute("CREATE TABLE _plain (value BLOB)")
            connection.execute("INSERT INTO _plain VALUES (?)", (marshal.dumps(plain),))
            for table, data in tables.items():
                connection.execute(f'CREATE TABLE "{table}" (key BLOB PRIMARY KEY, value BLOB)')
                connection.executemany(
                    f'INSERT INTO "{table}" VALUES (?, ?)',
                    ((marshal.dumps(k), marshal.dumps(v)) for k, v in data.items()),
                )
            connection.commit()
        finally:
            connection.close()
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def _read_tables(path: Path, kind: type | None) -> Any:
    """The value :func:`_write_tables` wrote to *path*, its dicts as :class:`DiskDict` tables."""
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    (plain,) = connection.execute("SELECT value FROM _plain").fetchone()
    plain = marshal.loads(plain)
    if kind is None:
        return DiskDict(connection, "_dict")
    value = kind()
    for f in fields(value):
        current = getattr(value, f.name)
        if isinstance(current, dict):
            setattr(value, f.name, DiskDict(connection, f.name, getattr(current, "default_factory", None)))
        else:
            setattr(value, f.name, plain[f.name])
    return value


def _parts(value: Any) -> tuple[dict[str, dict[Any, Any]], dict[str, Any] | None]:
    """The dicts of *value* by table name, and its other fields (``None`` for a plain dict)."""
    if isinstance(value, dict):
        return {"_dict": value}, None
    tables = {
        f.name: getattr(value, f.name) for f in fields(value) if isinstance(getattr(value, f.name), dict)
    }
    plain = {f.name: getattr(value, f.name) for f in fields(value) if f.name not in tables}
    return tables, plain


@cache
def code_fingerprint() -> str:
    """A short hash of the Python version and psygraph's own source (``*.py`` and ``*.rq`` files)."""
    h = hashlib.sha256(f"{sys.version_info[0]}.{sys.version_info[1]}".encode())
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for folder, subfolders, names in sorted(os.walk(package)):
        subfolders[:] = [d for d in subfolders if not d.startswith(("_", "."))]
        for name in sorted(n for n in names if n.endswith((".py", ".rq"))):
            with contextlib.suppress(OSError), open(os.path.join(folder, name), "rb") as handle:
                h.update(name.encode())
                h.update(handle.read())
    return h.hexdigest()[:16]
