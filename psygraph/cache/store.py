"""Parsed stores in the on-disk cache, keyed by the content of every input file.

A user file of a million triples takes seconds to parse. So, for inputs of at least
:data:`STORE_FROM_BYTES` (``PSYGRAPH_CACHE_MIN_BYTES`` overrides it), the loader keeps a pyoxigraph
store (RocksDB) in ``<cache>/stores/<key>/`` and the next run opens it instead of parsing again.
Smaller inputs parse into memory faster than a store opens, so only their derived data is kept
(:mod:`psygraph.cache.derived`). The first load of new big inputs builds the store in the
foreground, reporting progress through a callback (the command line draws it on stderr); nothing
runs after the command ends.

Writing a store costs about three times parsing into memory (RocksDB writes six indexes of every
quad). So from :data:`PARALLEL_FROM_BYTES` of input the store is written by a second thread of the
same process (:class:`Building`) while the caller parses the files into memory and answers from
there: on two cores the first question then costs about the write alone. The caller waits for the
thread before it ends (:meth:`Building.wait`; the thread is not a daemon, so even a caller that
forgets is waited for at exit).

The rules that make it safe:

* **Keyed by content.** The key hashes the bytes of every input file (ontology, shipped data, each
  ``--data`` file, in order) with the graph each goes into, its format and base IRI, the psygraph
  and pyoxigraph versions and :data:`FORMAT_VERSION`. Any change gives a new key, so a stale entry
  is never found.
* **Published whole.** A store is built in a temporary folder beside its final place; a small
  manifest (key, triple counts, format version) is written last, and the folder is renamed into
  place. A reader sees a complete entry or none.
* **Shared read-only.** Stores are opened with :meth:`pyoxigraph.Store.read_only`, so any number of
  processes read one at once. Two processes that build the same entry at the same time both
  finish; the one that loses the rename uses the winner's copy.
* **Checked, never trusted.** A missing or invalid manifest, a key or format mismatch, a store that
  will not open or whose triple count differs from the manifest is removed and rebuilt.
* **Pruned.** The most recently used entries are kept (:func:`psygraph.cache.entries.prune`).

Trouble with the cache itself (an unwritable folder, a full disk) never fails a load: the loader
then parses into memory as if there were no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from psygraph.atomic import atomic_write_bytes
from psygraph.cache.entries import (
    BUILD_PREFIX,
    PRUNE_IDLE,
    cache_root,
    entry_path,
    new_folder,
    package_version,
    prune,
    remove,
    stats,
    touch,
)

#: Bump when the layout of an entry or the way stores are built changes: old entries stop matching.
FORMAT_VERSION = 4
#: Inputs smaller than this (in bytes, all files together) are parsed into memory, not stored. The
#: shipped ontology and data (about 1 MB) are above it: opening their store costs a third of parsing.
STORE_FROM_BYTES = 512 * 1024
#: Stores up to this many triples have their whole count checked when opened (about 20 ms per
#: 100k triples); larger ones have the counts of their smaller graphs checked, which stays fast.
VERIFY_ALL_UP_TO = 250_000

#: Inputs of at least this many bytes have their store written by a second thread (see above).
PARALLEL_FROM_BYTES = 8 * 1024 * 1024

ENV_MIN_BYTES = "PSYGRAPH_CACHE_MIN_BYTES"
MANIFEST = "manifest.json"
STORE = "store"
STORES = "stores"


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

    file: Path
    format: ox.RdfFormat
    graph: str
    base_iri: str


#: Reports how far a long load has come: ``progress(done, total)`` in bytes of input read.
Progress = Callable[[int, int], None]
#: Loads sources into an empty store: ``fill(store, sources, progress)`` (see :func:`psygraph.loader.fill`).
Filler = Callable[[ox.Store, Sequence[Source], "Progress | None"], None]


def store_from_bytes() -> int:
    """The input size from which a store is cached (``PSYGRAPH_CACHE_MIN_BYTES`` or the default)."""
    try:
        return int(os.environ.get(ENV_MIN_BYTES, ""))
    except ValueError:
        return STORE_FROM_BYTES


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


class Building:
    """The store of *sources* being written into the cache entry *entry* by a thread of this process.

    The thread starts at once. Whatever goes wrong in it (a bad input, a full disk) only means the
    entry is not kept: the caller, which parses the same files into memory, reports bad input.
    """

    def __init__(
        self, entry: Path, key: str, fill: Filler, sources: Sequence[Source], before: list[Any]
    ) -> None:
        self.read = 0
        self.total = sum(_size(s) for s in sources) + 1  # the last step: publishing the entry
        self._abandoned = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(entry, key, fill, sources, before), name="psygraph-store"
        )
        self._thread.start()

    def _run(self, entry: Path, key: str, fill: Filler, sources: Sequence[Source], before: list[Any]) -> None:
        def progress(done: int, _total: int) -> None:
            if self._abandoned.is_set():
                raise _Abandoned  # ends the fill at the next piece read; nothing is published
            self.read = done

        def fill_unless_abandoned(store: ox.Store) -> None:
            fill(store, sources, progress)
            if self._abandoned.is_set():  # abandoned after the input was read: publish nothing
                raise _Abandoned

        try:
            _build(entry, key, fill_unless_abandoned, sources)
            if [_stat(s) for s in sources] != before:
                remove(entry)  # an input changed while it was read: the entry may not match its key
        except Exception:  # noqa: BLE001 - the cache is best effort; the caller reports bad input
            stats["fallback"] += 1

    def wait(self, progress: Progress | None = None) -> None:
        """Return once the store is kept (or given up), telling *progress* how far it has come.

        Interrupted (Ctrl-C), it abandons the store before passing the interruption on.
        """
        try:
            while self._thread.is_alive():
                if progress is not None:
                    progress(min(self.read, self.total - 1), self.total)
                self._thread.join(0.2)
        except BaseException:
            self.abandon()
            raise
        if progress is not None:
            progress(self.total, self.total)

    def abandon(self) -> None:
        """Stop writing the store and return once the thread has ended; no entry is kept.

        The thread stops at the next piece of input it reads (a megabyte of a big file). Once the
        input is read, pyoxigraph finishes the indexes it is writing (the last few seconds of a
        million triples: it cannot be stopped) and the thread then removes its folder.
        """
        self._abandoned.set()
        self._thread.join()


class _Abandoned(Exception):
    """Raised in the thread writing a store once the command that started it was interrupted."""


class Opened(NamedTuple):
    """What :func:`open_store` found: the store (or ``None``), the inputs' key, the triple count, and
    the store being written in a thread while the caller parses into memory (:class:`Building`)."""

    store: ox.Store | None
    key: str | None
    triples: int | None = None
    building: Building | None = None


def open_store(sources: Sequence[Source], fill: Filler, progress: Progress | None = None) -> Opened:
    """The cached store for *sources* (built and published first if need be) and the inputs' key.

    The store is ``None`` when the inputs are small (they parse faster than a store opens), when
    the cache is off, or when it cannot be used; the caller then loads into memory. It is ``None``
    too when new inputs of :data:`PARALLEL_FROM_BYTES` or more are being written by a thread
    (``building``): the caller loads into memory meanwhile and waits for the thread before it ends.
    The key is
    ``None`` when the cache is off or an input changed while it was read; otherwise it names the
    inputs for derived data. What *fill* raises for a bad input file passes through.
    """
    root = cache_root()
    if root is None:
        return Opened(None, None)
    try:
        before = [_stat(s) for s in sources]
        key = cache_key(sources)
        size = sum(_size(s) for s in sources)
        if size < store_from_bytes():
            stats["memory"] += 1
            return Opened(None, key)
        entry = entry_path(root, STORES, key)
        for _ in range(2):
            opened = _open_checked(entry, key)
            if opened is not None:
                stats["hit"] += 1
                return opened
            if size >= PARALLEL_FROM_BYTES:
                return Opened(None, key, building=Building(entry, key, fill, sources, before))
            _build(entry, key, lambda store: fill(store, sources, progress), sources)
            if [_stat(s) for s in sources] != before:
                remove(entry)  # an input changed while it was read: the entry may not match its key
                stats["fallback"] += 1
                return Opened(None, None)
    except OSError:
        pass
    stats["fallback"] += 1
    return Opened(None, None)


def open_derived_store(key: str, fill: Callable[[ox.Store], None]) -> ox.Store | None:
    """The cached store *key* made by *fill* from other stores (the inputs with their inferences, say).

    Built and published like an input store the first time; ``None`` when there is no usable cache.
    *key* must change whenever what *fill* writes would.
    """
    root = cache_root()
    if root is None:
        return None
    try:
        entry = entry_path(root, STORES, key)
        for _ in range(2):
            opened = _open_checked(entry, key)
            if opened is not None:
                stats["hit"] += 1
                return opened.store
            _build(entry, key, fill, [])
    except OSError:
        pass
    stats["fallback"] += 1
    return None


def counts(store: ox.Store, graphs: Iterable[str]) -> dict[str, int]:
    """The number of triples in each of *graphs*."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    found = {}
    for graph in graphs:
        result = store.query(query, substitutions={ox.Variable("g"): ox.NamedNode(graph)})
        assert isinstance(result, ox.QuerySolutions)
        found[graph] = sum(int(str(row["n"].value)) for row in result if row["n"] is not None)
    return found


def _stat(source: Source) -> tuple[int, int] | None:
    if not isinstance(source.file, Path):
        return None
    info = source.file.stat()
    return info.st_size, info.st_mtime_ns


def stamps(sources: Sequence[Source]) -> list[tuple[int, int] | None] | None:
    """The size and modification time of each input file (``None`` if one cannot be read): a file
    whose stamp differs after it was read may have been read half old, half new."""
    try:
        return [_stat(s) for s in sources]
    except OSError:
        return None


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
        _check_files(entry / STORE, manifest)
        store = ox.Store.read_only(str(entry / STORE))
        _check_counts(store, manifest)
    except (OSError, RuntimeError, ValueError, TypeError, KeyError, AttributeError):
        stats["corrupt"] += 1
        remove(entry)
        return None
    touch(entry)
    return Opened(store, key, int(manifest["triples"]))


def _data_files(path: Path) -> dict[str, list[int]]:
    """The size and modification time of each data file (``*.sst``) of the store at *path*.

    RocksDB never changes a data file once written, so a file whose size or time differs from
    the manifest's was damaged or replaced since the build: a store whose blocks were overwritten
    can make a query allocate without bound, so it is never opened. Checking costs one ``stat``
    per file, whatever the store's size.
    """
    files = {}
    for file in path.iterdir():
        if file.suffix == ".sst":
            info = file.stat()
            files[file.name] = [info.st_size, info.st_mtime_ns]
    return files


def _check_files(path: Path, manifest: dict[str, Any]) -> None:
    if _data_files(path) != manifest["files"]:
        msg = "the store's data files differ from the manifest"
        raise ValueError(msg)


def _check_counts(store: ox.Store, manifest: dict[str, Any]) -> None:
    graphs: dict[str, int] = manifest["graphs"]
    total = int(manifest["triples"])
    if total <= VERIFY_ALL_UP_TO:
        matches = len(store) == total
    else:
        small = {g: n for g, n in graphs.items() if n <= VERIFY_ALL_UP_TO}
        matches = counts(store, small) == small
    if not matches:
        msg = "the triple count differs from the manifest"
        raise ValueError(msg)


def _build(entry: Path, key: str, fill: Callable[[ox.Store], None], sources: Sequence[Source]) -> None:
    """Build the entry *key* with *fill* in a temporary folder and rename it into place."""
    temp = new_folder(entry.parent, f"{BUILD_PREFIX}{entry.name}-")
    try:
        manifest = _fill_new_store(temp / STORE, key, fill, sources)
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
            remove(temp)
    prune(entry.parent, keep=entry, idle=PRUNE_IDLE)


def _graph_counts(store: ox.Store, sources: Sequence[Source]) -> dict[str, int]:
    """The number of triples in each named graph of *store*.

    Counting a graph of a million triples takes most of a second, counting the whole store a third
    of that: the graph of the largest input file is counted as the whole store less the others
    (every source goes into a named graph, so the default graph is empty).
    """
    named = [g.value for g in store.named_graphs()]
    files = [s for s in sources if isinstance(s.file, Path)]
    largest = max(files, key=lambda s: _size(s)).graph if files else None
    if largest not in named:
        return counts(store, named)
    found = counts(store, [g for g in named if g != largest])
    found[largest] = len(store) - sum(found.values())
    return {g: found[g] for g in named}


def _fill_new_store(
    path: Path, key: str, fill: Callable[[ox.Store], None], sources: Sequence[Source]
) -> dict[str, Any]:
    """Fill a new on-disk store at *path* and return its manifest; the store is closed on return."""
    store = ox.Store(str(path))
    try:
        fill(store)
        graphs = _graph_counts(store, sources)
        store.flush()
    finally:
        del store  # closed: its data files are final
    return {
        "format": FORMAT_VERSION,
        "key": key,
        "triples": sum(graphs.values()),
        "graphs": graphs,
        "files": _data_files(path),
        "psygraph": package_version(),
        "pyoxigraph": ox.__version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "sources": [{"graph": s.graph, "file": s.file.name} for s in sources],
    }
