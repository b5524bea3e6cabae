"""Data derived from a graph (the name and search index, link counts, inferences), kept between runs.

Building the name index of a million-triple graph takes seconds; a lookup needs a few rows of it.
So each kind of derived data is a plain SQLite database (:class:`Derived`) with typed tables and
indexes, queried with SQL: a lookup reads only the rows it asks for, and costs the same in a graph
of a thousand entities as in one of a million. The database is kept in
``<cache>/derived/<key>/<name>-<code fingerprint>.sqlite``, keyed by the inputs (the key of
:mod:`psygraph.cache.store`) and by psygraph's own source code (:func:`code_fingerprint`), so a
changed rule never meets a result of the old one. It is built in a temporary file and renamed.
With no key (a graph not made by :func:`psygraph.load`) or no cache it is built in memory.

A kept file is never trusted blindly: one that is not SQLite, was made for another schema, has
damaged pages or holds values of types the reader does not expect is detected at the query that
meets the problem, built again (and replaced, so the next run does not meet it either), and the
query is answered from the new database.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import sys
import zlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from psygraph.cache.entries import PRUNE_IDLE, cache_root, entry_path, mark, prune, stats, touch

DERIVED = "derived"

T = TypeVar("T")

#: What a query's columns must hold: a type, or a tuple of types (``(str, type(None))``).
Types = Sequence[type | tuple[type, ...]]
#: Fills a new, empty database whose tables the schema has just created.
Fill = Callable[[sqlite3.Connection], None]


class DamagedError(sqlite3.DatabaseError):
    """A kept database answered with values of other types than the reader expects."""


class Derived:
    """One SQLite database of derived data: built once per inputs, kept on disk, rebuilt when damaged.

    Parameters
    ----------
    key
        The inputs' cache key; ``None`` builds the database in memory and keeps nothing.
    name
        The file's name (``index``, ``inferences``), unique among the kinds of derived data.
    schema
        The SQL that creates the tables (``STRICT`` tables are advised).
    fill
        Writes the rows into a database the schema has just created; called only when no usable
        kept file exists.
    indexes
        The SQL that creates the indexes, run once the rows are in (faster than indexing each row).
    """

    def __init__(self, key: str | None, name: str, schema: str, fill: Fill, indexes: str = "") -> None:
        self.name = name
        self.schema = schema
        self.fill = fill
        self.indexes = indexes
        self.version = zlib.crc32((schema + indexes).encode()) & 0x7FFFFFFF
        root = cache_root()
        self.path = None if key is None or root is None else _file(root, key, name)
        self.connection = self._open()

    def rows(self, sql: str, params: Sequence[Any] = (), types: Types | None = None) -> list[tuple[Any, ...]]:
        """The rows of the query *sql* with *params* bound, each value checked against *types*.

        A kept file that fails the query (damaged pages, a changed table) or answers with values of
        other types is built again, once, and the query asked of the new database.
        """
        return self.read(lambda: self.query(sql, params, types))

    def read(self, reader: Callable[[], T]) -> T:
        """*reader*'s answer; when it meets a damaged database (:class:`sqlite3.DatabaseError`, of
        which :class:`DamagedError` is one), the database is built again and *reader* asked again."""
        try:
            return reader()
        except sqlite3.DatabaseError:
            self.connection.close()
            self.connection = self._build()
            return reader()

    def query(
        self, sql: str, params: Sequence[Any] = (), types: Types | None = None
    ) -> list[tuple[Any, ...]]:
        """The rows of *sql*, checked against *types*, with no second try (for use inside :meth:`read`)."""
        cursor = self.connection.execute(sql, params)
        found = cursor.fetchall()
        if types is not None and found:
            if len(cursor.description) != len(types):
                msg = f"{self.name}: {len(cursor.description)} columns where {len(types)} were expected"
                raise DamagedError(msg)
            for column, expected in enumerate(types):
                for kind in {type(row[column]) for row in found}:
                    if not issubclass(kind, expected):
                        msg = f"{self.name}: a value of type {kind.__name__} in column {column + 1}"
                        raise DamagedError(msg)
        return found

    def _open(self) -> sqlite3.Connection:
        """The kept database when it is there and of this schema, else a new one."""
        if self.path is not None and self.path.exists():
            with contextlib.suppress(sqlite3.DatabaseError, OSError):
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
                try:
                    (version,) = connection.execute("PRAGMA user_version").fetchone()
                    if version == self.version:
                        stats["memo-hit"] += 1
                        touch(self.path.parent)
                        return connection
                except sqlite3.DatabaseError:
                    pass
                connection.close()
        return self._build()

    def _build(self) -> sqlite3.Connection:
        """Build the database: into a new kept file when there is a cache that takes it, else in memory."""
        stats["memo-build"] += 1
        if self.path is not None:
            with contextlib.suppress(sqlite3.DatabaseError, OSError):  # read-only or full disk
                self._write(self.path)
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                return sqlite3.connect(uri, uri=True, check_same_thread=False)
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        self._create(connection)
        return connection

    def _write(self, path: Path) -> None:
        """Build the database in a temporary file beside *path* and rename it over *path*."""
        folder = path.parent
        fresh = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        mark(folder)
        temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            connection = sqlite3.connect(temp)
            try:
                connection.execute("PRAGMA journal_mode = OFF")
                connection.execute("PRAGMA synchronous = OFF")
                self._create(connection)
            finally:
                connection.close()
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(temp, path)
        finally:
            if temp.exists():
                temp.unlink()
        if fresh:
            # As for stores: an entry used in the last PRUNE_IDLE seconds stays (another process, or
            # this one, may read it again soon), so a run of other inputs does not evict it.
            prune(folder.parent, keep=folder, idle=PRUNE_IDLE)

    def _create(self, connection: sqlite3.Connection) -> None:
        connection.executescript(self.schema)
        self.fill(connection)
        connection.executescript(self.indexes)
        connection.execute(f"PRAGMA user_version = {self.version}")
        connection.commit()


def _file(root: Path, key: str, name: str) -> Path:
    return entry_path(root, DERIVED, key) / f"{name}-{code_fingerprint()}.sqlite"


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
