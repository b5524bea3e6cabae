"""The on-disk cache behind :func:`psygraph.load`: parsed stores and derived indexes, keyed by content.

A user file of a million triples takes seconds to parse, and the name index behind every lookup
takes a while to build. So psygraph keeps both between runs, in the user's cache folder
(``platformdirs.user_cache_dir("psygraph")``; ``PSYGRAPH_CACHE_DIR`` overrides it and
``PSYGRAPH_NO_CACHE=1`` turns the cache off):

* ``stores/<key>/``: a pyoxigraph store (RocksDB) holding every input, for inputs of at least
  :data:`STORE_FROM_BYTES` (``PSYGRAPH_CACHE_MIN_BYTES`` overrides it). Smaller inputs parse into
  memory faster than a store opens, so only their derived data is kept.
* ``derived/<key>/``: results computed from the graph (see :func:`memo`), as SQLite tables read
  one entry at a time (:class:`DiskDict`).

Writing a store costs about four times a plain in-memory parse, so the first load of new inputs
parses into memory and starts a detached, lower-priority process (``python -m psygraph.cache``)
that builds the store and the name and search indexes for the next run; ``PSYGRAPH_CACHE_BUILD=foreground``
builds in the loading process instead. The measurements behind these choices are in
``bench/README.md``.

The rules that make it safe:

* **Keyed by content.** The key hashes the bytes of every input file (ontology, shipped data, each
  ``--data`` file, in order) with the graph each goes into, its format and base IRI, the psygraph
  and pyoxigraph versions and :data:`FORMAT_VERSION`. Any change gives a new key, so a stale entry
  is never found. Derived data is also keyed by the source code that computes it.
* **Published whole.** A store is built in a temporary folder beside its final place; a small
  manifest (key, triple counts, format version) is written last, and the folder is renamed into
  place. Derived files are written to a temporary file and renamed. A reader sees a complete
  entry or none.
* **Shared read-only.** Stores are opened with :meth:`pyoxigraph.Store.read_only`, so any number of
  processes read one at once. Two processes that build the same entry at the same time both
  finish; the one that loses the rename uses the winner's copy.
* **Checked, never trusted.** A missing or invalid manifest, a key or format mismatch, a store that
  will not open or whose triple count differs from the manifest is removed and rebuilt; a derived
  file that will not decode is computed again.
* **Pruned.** The :data:`KEEP` most recently used entries of each kind are kept; build folders left
  by a crashed process are removed once they are old.

Trouble with the cache itself (an unwritable folder, a full disk) never fails a load: the loader
then parses into memory as if there were no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import shutil
import sys
import time
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, fields
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import pyoxigraph as ox

from psygraph.atomic import atomic_write_bytes

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

#: Bump when the layout of an entry or the way stores are built changes: old entries stop matching.
FORMAT_VERSION = 2
#: Inputs smaller than this (in bytes, all files together) are parsed into memory, not stored.
STORE_FROM_BYTES = 2_000_000
#: How many entries of each kind to keep; older ones are removed after a build.
KEEP = 4
#: A store unused for this many seconds may be pruned (one a running process reads is kept).
PRUNE_IDLE = 600.0
#: A build folder older than this many seconds was left by a crashed process and is removed.
STALE_BUILD = 3600.0
#: Stores up to this many triples have their whole count checked when opened (about 20 ms per
#: 100k triples); larger ones have the counts of their smaller graphs checked, which stays fast.
VERIFY_ALL_UP_TO = 250_000

ENV_DIR = "PSYGRAPH_CACHE_DIR"
ENV_OFF = "PSYGRAPH_NO_CACHE"
ENV_MIN_BYTES = "PSYGRAPH_CACHE_MIN_BYTES"
ENV_BUILD = "PSYGRAPH_CACHE_BUILD"
#: What a background builder computes for the next run once the store is in place.
WARM = ("psygraph.resolve:name_index", "psygraph.resolve:prominence", "psygraph.searchindex:search_index")
MANIFEST = "manifest.json"
STORE = "store"
STORES = "stores"
DERIVED = "derived"
_BUILD_PREFIX = ".build-"
_TRASH_PREFIX = ".trash-"

#: What happened in this process, for tests and the benchmark: ``hit``, ``build``, ``lost-race``,
#: ``corrupt``, ``fallback``, ``memory``, ``memo-hit``, ``memo-build``.
stats: Counter[str] = Counter()

T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    """One input file and where it goes in the store.

    Attributes
    ----------
    file
        A path or a packaged resource (the shipped ontology and data).
    format
        Its RDF format.
    graph
        The named graph it is loaded into.
    base_iri
        The base against which its relative IRIs resolve.
    """

    file: Path | Traversable
    format: ox.RdfFormat
    graph: str
    base_iri: str


#: Loads sources into an empty store: ``fill(store, sources)`` (see :func:`psygraph.load.fill`).
Filler = Callable[[ox.Store, Sequence[Source]], None]


def cache_root() -> Path | None:
    """The cache folder, or ``None`` when ``PSYGRAPH_NO_CACHE`` is set to a true value."""
    if os.environ.get(ENV_OFF, "").strip().lower() not in ("", "0", "false", "no"):
        return None
    override = os.environ.get(ENV_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("psygraph", appauthor=False))


def background_builds() -> bool:
    """Whether a missing store is built by a background process (``PSYGRAPH_CACHE_BUILD``).

    ``background`` (the default): the first load parses into memory, which takes about a quarter
    of the time of writing a store, and a detached process builds the store and the derived data
    for the next run. ``foreground``: the first load builds the store itself and opens it.
    """
    return os.environ.get(ENV_BUILD, "background").strip().lower() != "foreground" and os.name == "posix"


def store_from_bytes() -> int:
    """The input size from which a store is cached (``PSYGRAPH_CACHE_MIN_BYTES`` or the default)."""
    try:
        return int(os.environ.get(ENV_MIN_BYTES, ""))
    except ValueError:
        return STORE_FROM_BYTES


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


def digest(source: Source) -> str:
    """The SHA-256 of the bytes of *source*'s file."""
    if isinstance(source.file, Path):
        with open(source.file, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    return hashlib.sha256(source.file.read_bytes()).hexdigest()


def cache_key(sources: Sequence[Source]) -> str:
    """The key of the entry for *sources*: a hash of their contents, their places, and the versions."""
    parts = [f"format={FORMAT_VERSION}", f"psygraph={package_version()}", f"pyoxigraph={ox.__version__}"]
    for source in sources:
        parts.append(f"{source.graph}\t{source.format.name}\t{source.base_iri}\t{digest(source)}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def entry_path(root: Path, kind: str, key: str) -> Path:
    """The folder of the entry *key* of *kind* (:data:`STORES` or :data:`DERIVED`) under *root*."""
    return root / kind / key[:40]


class Opened(NamedTuple):
    """What :func:`open_store` found: the store (or ``None``), the inputs' key and the triple count.

    ``build``, when set, starts the background build of the missing store: the loader calls it
    once it has parsed the inputs into memory, so the builder does not slow that first load down.
    """

    store: ox.Store | None
    key: str | None
    triples: int | None = None
    build: Callable[[], None] | None = None


def open_store(sources: Sequence[Source], fill: Filler) -> Opened:
    """The cached store for *sources* (built and published first if need be) and the inputs' key.

    The store is ``None`` when the inputs are small (they parse faster than a store opens), when
    the cache is off, or when it cannot be used; the caller then loads into memory. The key is
    ``None`` when the cache is off or an input changed while it was read; otherwise it names the
    inputs for :func:`remember`. What *fill* raises for a bad input file passes through.
    """
    root = cache_root()
    if root is None:
        return Opened(None, None)
    try:
        before = [_stat(s) for s in sources]
        key = cache_key(sources)
        if sum(_size(s) for s in sources) < store_from_bytes():
            stats["memory"] += 1
            return Opened(None, key)
        entry = entry_path(root, STORES, key)
        for _ in range(2):
            opened = _open_checked(entry, key)
            if opened is not None:
                stats["hit"] += 1
                return opened
            if background_builds() and all(isinstance(s.file, Path) for s in sources):
                # Parsed into memory this time; the store is built for the next run.
                return Opened(None, key, build=lambda: _build_in_background(entry, key, sources))
            _build(entry, key, sources, fill)
            if [_stat(s) for s in sources] != before:
                _remove(entry)  # an input changed while it was read: the entry may not match its key
                stats["fallback"] += 1
                return Opened(None, None)
    except OSError:
        pass
    stats["fallback"] += 1
    return Opened(None, None)


def counts(store: ox.Store, graphs: Iterable[str]) -> dict[str, int]:
    """The number of triples in each of *graphs*."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    found = {}
    for graph in graphs:
        result = store.query(query, substitutions={ox.Variable("g"): ox.NamedNode(graph)})
        found[graph] = sum(int(row["n"].value) for row in result)
    return found


# Derived data
# --------------------------------------------------------------------------------------------

_KEYS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_TRIPLES: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def remember(kg: KnowledgeGraph, opened: Opened) -> None:
    """Note which inputs *kg* holds, so :func:`memo` can keep results for it."""
    if opened.key is not None:
        _KEYS[kg] = opened.key
    if opened.triples is not None:
        _TRIPLES[kg] = opened.triples


def triples(kg: KnowledgeGraph) -> int | None:
    """How many triples *kg* has, when it was opened from a cached store (known for free); else ``None``."""
    return _TRIPLES.get(kg)


def memo(kg: KnowledgeGraph, name: str, build: Callable[[], T], kind: type | None = None) -> T:
    """*build*'s result for *kg*, read from the cache when an earlier run with the same inputs kept it.

    The result is a dict, or an instance of the dataclass *kind* whose dict fields hold the data
    (its other fields must be plain values, and it must build with no arguments). Each dict is kept
    as a table of an SQLite file and comes back as a :class:`DiskDict`, which reads only the entries
    asked for: a lookup costs the same in a graph of a thousand entities as in one of a million,
    where reading the whole index back would take seconds. Only graphs from
    :func:`psygraph.load` keep results; for any other graph this is just ``build()``.

    The file is keyed by the inputs and by psygraph's source code (:func:`code_fingerprint`), so a
    changed rule never meets a result of the old one.
    """
    key = _KEYS.get(kg)
    root = cache_root()
    if key is None or root is None:
        return build()
    folder = entry_path(root, DERIVED, key)
    path = folder / f"{name}-{code_fingerprint()}.sqlite"
    if path.exists():
        with contextlib.suppress(Exception):  # any trouble reading it: compute it again
            kept = _read_tables(path, kind)
            stats["memo-hit"] += 1
            _touch(folder)
            return kept
    value = build()
    stats["memo-build"] += 1
    with contextlib.suppress(Exception):  # a read-only or full disk: the next run builds it again
        fresh = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        _write_tables(path, value)
        if fresh:
            _prune(folder.parent, keep=folder, idle=0.0)
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
    package = os.path.dirname(os.path.abspath(__file__))
    for folder, subfolders, names in sorted(os.walk(package)):
        subfolders[:] = [d for d in subfolders if not d.startswith(("_", "."))]
        for name in sorted(n for n in names if n.endswith((".py", ".rq"))):
            with contextlib.suppress(OSError), open(os.path.join(folder, name), "rb") as handle:
                h.update(name.encode())
                h.update(handle.read())
    return h.hexdigest()[:16]


def _stat(source: Source) -> tuple[int, int] | None:
    if not isinstance(source.file, Path):
        return None
    info = source.file.stat()
    return info.st_size, info.st_mtime_ns


def _size(source: Source) -> int:
    if isinstance(source.file, Path):
        return source.file.stat().st_size
    return 0  # the shipped files are small; their size does not decide


def _open_checked(entry: Path, key: str) -> Opened | None:
    """The store of *entry* if it is complete and sound; a broken entry is removed."""
    if not entry.exists():
        return None
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION or manifest.get("key") != key:
            msg = "the manifest does not match"
            raise ValueError(msg)
        store = ox.Store.read_only(str(entry / STORE))
        _check_counts(store, manifest)
    except (OSError, RuntimeError, ValueError, TypeError, KeyError, AttributeError):
        stats["corrupt"] += 1
        _remove(entry)
        return None
    _touch(entry)
    return Opened(store, key, int(manifest["triples"]))


def _check_counts(store: ox.Store, manifest: dict[str, Any]) -> None:
    graphs: dict[str, int] = manifest["graphs"]
    if int(manifest["triples"]) <= VERIFY_ALL_UP_TO:
        found = len(store)
        expected = int(manifest["triples"])
    else:
        small = [g for g, n in graphs.items() if n <= VERIFY_ALL_UP_TO]
        found = counts(store, small)  # type: ignore[assignment]
        expected = {g: graphs[g] for g in small}  # type: ignore[assignment]
    if found != expected:
        msg = "the triple count differs from the manifest"
        raise ValueError(msg)


def _build(entry: Path, key: str, sources: Sequence[Source], fill: Filler, temp: Path | None = None) -> None:
    """Build the entry for *sources* in a temporary folder (*temp*, or a new one) and rename it into place."""
    parent = entry.parent
    temp = temp or _new_build_folder(entry)
    try:
        manifest = _fill_new_store(temp / STORE, key, sources, fill)
        atomic_write_bytes(temp / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
        try:
            os.rename(temp, entry)
        except OSError:
            if not entry.exists():
                raise
            stats["lost-race"] += 1  # another process published it first: use theirs
            return
        stats["build"] += 1
    finally:
        if temp.exists():
            _remove(temp)
    _prune(parent, keep=entry, idle=PRUNE_IDLE)


def _new_build_folder(entry: Path) -> Path:
    import tempfile

    entry.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{_BUILD_PREFIX}{entry.name}-", dir=entry.parent))


#: Background builders started by this process (kept so they are not garbage-collected while running).
_BUILDERS: list[Any] = []
_ORDER = "order.json"
_PID = "pid"


def _build_in_background(entry: Path, key: str, sources: Sequence[Source]) -> None:
    """Start a detached process that builds *entry*, unless one already is (best effort)."""
    stats["background"] += 1
    with contextlib.suppress(OSError):
        if not _builder_running(entry):
            _start_builder(entry, key, sources)


def _start_builder(entry: Path, key: str, sources: Sequence[Source]) -> None:
    temp = _new_build_folder(entry)
    order = {
        "key": key,
        "entry": str(entry),
        "sources": [
            {"file": str(s.file), "format": s.format.media_type, "graph": s.graph, "base_iri": s.base_iri}
            for s in sources
        ],
    }
    (temp / _ORDER).write_text(json.dumps(order), encoding="utf-8")
    import subprocess

    process = subprocess.Popen(
        [sys.executable, "-m", "psygraph.cache", str(temp)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    _BUILDERS.append(process)
    with contextlib.suppress(OSError):  # the builder may already be done and gone
        (temp / _PID).write_text(str(process.pid), encoding="utf-8")


def _builder_running(entry: Path) -> bool:
    """Whether a live process is building *entry* (a build folder whose process is still running)."""
    for folder in entry.parent.glob(f"{_BUILD_PREFIX}{entry.name}-*"):
        try:
            pid = int((folder / _PID).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime < 60:
                    return True  # just started: its process id is not written yet
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        except OSError:
            return True  # alive, but another user's
        return True
    return False


def build_from_order(temp: Path) -> None:
    """Carry out the build order in the build folder *temp* (run by the background process).

    Builds the store, publishes it, then computes :data:`WARM` for it, so the next run finds both.
    """
    import importlib

    from psygraph.graph import KnowledgeGraph
    from psygraph.load import fill
    from psygraph.namespaces import USER_GRAPH_PREFIX

    order = json.loads((temp / _ORDER).read_text(encoding="utf-8"))
    sources = [
        Source(Path(s["file"]), ox.RdfFormat.from_media_type(s["format"]), s["graph"], s["base_iri"])
        for s in order["sources"]
    ]
    entry = Path(order["entry"])
    if cache_key(sources) != order["key"]:
        _remove(temp)  # the inputs changed since the order was given
        return
    _build(entry, order["key"], sources, fill, temp)
    for leftover in (_ORDER, _PID):
        with contextlib.suppress(OSError):
            (entry / leftover).unlink()
    opened = _open_checked(entry, order["key"])
    if opened is None or opened.store is None:
        return
    kg = KnowledgeGraph(opened.store, [s.graph for s in sources if s.graph.startswith(USER_GRAPH_PREFIX)])
    remember(kg, opened)
    for target in WARM:
        module, name = target.split(":")
        getattr(importlib.import_module(module), name)(kg)


def _fill_new_store(path: Path, key: str, sources: Sequence[Source], fill: Filler) -> dict[str, Any]:
    """Fill a new on-disk store at *path* and return its manifest; the store is closed on return."""
    store = ox.Store(str(path))
    try:
        fill(store, sources)
        graphs = counts(store, dict.fromkeys(s.graph for s in sources))
        store.flush()
    finally:
        del store
    return {
        "format": FORMAT_VERSION,
        "key": key,
        "triples": sum(graphs.values()),
        "graphs": graphs,
        "psygraph": package_version(),
        "pyoxigraph": ox.__version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "sources": [{"graph": s.graph, "file": s.file.name} for s in sources],
    }


def _touch(folder: Path) -> None:
    """Mark *folder* as just used (its mtime), so pruning keeps it."""
    with contextlib.suppress(OSError):
        os.utime(folder)


def _remove(path: Path) -> None:
    """Remove a folder: first renamed aside (atomic), so no one opens it half deleted."""
    trash = path.with_name(f"{_TRASH_PREFIX}{path.name}-{os.urandom(4).hex()}")
    try:
        os.rename(path, trash)
    except OSError:
        trash = path
    shutil.rmtree(trash, ignore_errors=True)


def _prune(folder: Path, keep: Path, idle: float) -> None:
    """Keep the :data:`KEEP` most recently used entries in *folder* (and any used in the last *idle*
    seconds); remove trash and stale build folders."""
    now = time.time()
    entries = []
    for child in folder.iterdir():
        try:
            age = now - child.stat().st_mtime
        except OSError:
            continue
        if child.name.startswith(_TRASH_PREFIX) or (
            child.name.startswith(_BUILD_PREFIX) and age > STALE_BUILD
        ):
            shutil.rmtree(child, ignore_errors=True)
        elif not child.name.startswith(".") and child.is_dir():
            entries.append((age, child))
    entries.sort(key=lambda pair: pair[0])
    for age, child in entries[KEEP:]:
        if child != keep and age > idle:
            _remove(child)


if __name__ == "__main__":  # the background builder: python -m psygraph.cache BUILD_FOLDER
    # Run the copy imported as psygraph.cache, which the rest of psygraph shares, not this __main__.
    from psygraph import cache as _module

    with contextlib.suppress(Exception):
        os.nice(10)  # behind the commands people are waiting for
        _module.build_from_order(Path(sys.argv[1]))
