"""The only loader, behind :func:`psygraph.load`: the shipped ontology and data plus any user files,
parsed into one graph.

Parsing uses pyoxigraph's bulk loader, about ten times faster than rdflib. Each source goes into its
own named graph, so exports can pick the ontology, the data, or both. Errors name the file and line.
Big inputs are kept parsed in an on-disk cache keyed by the content of every file
(:mod:`psygraph.cache.store`), so the next run with the same files opens the store instead of
parsing again; the first run builds it in the foreground and reports how far it has come through a
``progress`` callback. Every file passes :mod:`psygraph.inputguard` first (no entity declarations,
bounded JSON-LD nesting, a byte-order mark dropped), and a user file stays in its own named graph
whatever graphs it names.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from psygraph import inputguard, resources
from psygraph.cache import Progress, Source, open_store, stamps
from psygraph.errors import InputError
from psygraph.graph import KnowledgeGraph
from psygraph.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH, USER_GRAPH_PREFIX

#: File suffixes psygraph reads, and the RDF format of each.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".n3": ox.RdfFormat.N3,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def rdf_format(path: str | Path) -> ox.RdfFormat:
    """The RDF format of *path*, from its suffix; raises :class:`InputError` for an unknown one."""
    suffix = Path(str(path)).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        msg = f"cannot tell the RDF format of '{path}'; use one of the suffixes {known}"
        raise InputError(msg) from None


#: User files larger than this are streamed from disk by the bulk loader instead of read whole.
STREAM_FROM = 64 * 1024 * 1024


def user_graph_iri(index: int, path: str | Path) -> str:
    """The named graph that holds the *index*-th user file."""
    return f"{USER_GRAPH_PREFIX}{index}/{Path(str(path)).name}"


def load(
    data_files: Sequence[str | Path] | str | Path = (), *, progress: Progress | None = None
) -> KnowledgeGraph:
    """Load the shipped ontology and data plus *data_files* into one :class:`KnowledgeGraph`.

    *data_files* is a list of paths, or one path. Big inputs are kept parsed in the on-disk cache
    (see :mod:`psygraph.cache.store`), so the next load of the same files opens the store instead of
    parsing again; a changed file gives a new entry. The first load of a big input builds that
    store, calling ``progress(bytes_read, total_bytes)`` as it goes.

    Raises
    ------
    InputError
        A file is missing, empty, of an unknown format, or not valid RDF; the message names the file
        (and the line, for syntax errors).
    """
    sources = [
        *(Source(f, ox.RdfFormat.TURTLE, ONTOLOGY_GRAPH, _base_iri(f)) for f in resources.schema_files()),
        Source(resources.data_file(), ox.RdfFormat.TURTLE, DATA_GRAPH, _base_iri(resources.data_file())),
    ]
    if isinstance(data_files, (str, Path)):
        data_files = [data_files]
    user_graphs = []
    for index, path in enumerate(data_files):
        source = _user_source(Path(path), user_graph_iri(index, path))
        sources.append(source)
        user_graphs.append(source.graph)
    before = stamps(sources)
    opened = open_store(sources, fill, progress)
    store, key = opened.store, opened.key
    if store is None:
        store = ox.Store()
        try:
            _fill_memory(store, sources, progress)
        except InputError:
            if opened.building is not None:
                opened.building.wait()  # it meets the same input and gives up: nothing is left running
            raise
        if before is None or stamps(sources) != before:
            key = None  # a file changed while it was read: keep nothing derived under the old key
    return KnowledgeGraph(
        store,
        user_graphs,
        cache_key=key,
        triple_count=opened.triples,
        cached=opened.store is not None,
        building=opened.building,
    )


def _fill_memory(store: ox.Store, sources: Sequence[Source], progress: Progress | None) -> None:
    """:func:`fill` for an in-memory store, where only reading can fail."""
    try:
        fill(store, sources, progress)
    except OSError as exc:
        msg = f"cannot read the input files: {exc.strerror or exc}"
        raise InputError(msg) from None


def fill(store: ox.Store, sources: Sequence[Source], progress: Progress | None = None) -> None:
    """Parse every source into its named graph of *store* with pyoxigraph's bulk loader.

    Big files are streamed from disk, never held in memory whole; *progress* hears how many bytes
    of all the files have been read.

    Raises
    ------
    InputError
        A file cannot be read or is not valid RDF.
    OSError
        The store cannot be written (a full disk, say).
    """
    tally = _Tally(progress, sum(_size(s.file) for s in sources if isinstance(s.file, Path)))
    for source in sources:
        graph = ox.NamedNode(source.graph)
        try:
            data: bytes | IO[bytes] = (
                io.BufferedReader(_CountingReader(source.file, tally), 1 << 20)
                if isinstance(source.file, Path) and _size(source.file) >= STREAM_FROM
                else source.file.read_bytes()
            )
        except OSError as exc:
            msg = f"cannot read '{source.file}': {exc.strerror or exc}"
            raise InputError(msg) from None
        try:
            data = _checked(source, data)
            _parse_into(store, source, data, graph)
        except SyntaxError as exc:
            msg = f"'{source.file}' is not valid RDF: {_one_line(exc)}"
            raise InputError(msg) from None
        finally:
            if not isinstance(data, bytes):
                data.close()
        if isinstance(data, bytes) and isinstance(source.file, Path):
            tally.add(len(data))


def _checked(source: Source, data: bytes | IO[bytes]) -> bytes | IO[bytes]:
    """*data* past :mod:`psygraph.inputguard`: refused if it could crash the parser; no BOM."""
    if isinstance(data, bytes):
        data = inputguard.strip_bom(data)
        inputguard.check_bytes(data, source.format, str(source.file))
        return data
    inputguard.check_file(Path(str(source.file)), source.format)
    if isinstance(data, io.BufferedReader) and data.peek(len(inputguard.BOM)).startswith(inputguard.BOM):
        data.read(len(inputguard.BOM))
    return data


def _parse_into(store: ox.Store, source: Source, data: bytes | IO[bytes], graph: ox.NamedNode) -> None:
    """Parse *data* (the contents of *source*) into *graph*.

    A user file in a dataset format may name graphs, psygraph's own among them: every quad it
    holds goes to the file's own graph instead.
    """
    if source.graph.startswith(USER_GRAPH_PREFIX) and source.format in inputguard.DATASET_FORMATS:
        quads = ox.parse(data, source.format, base_iri=source.base_iri)
        store.bulk_extend(inputguard.confined(quads, graph))
    else:
        store.bulk_load(data, format=source.format, to_graph=graph, base_iri=source.base_iri)


class _Tally:
    """How many bytes of *total* have been read; each step is told to *progress*."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def add(self, count: int) -> None:
        self.done += count
        if self.progress is not None and count:
            self.progress(self.done, self.total)


class _CountingReader(io.RawIOBase):
    """A file opened for reading that adds what it reads to a :class:`_Tally`."""

    def __init__(self, path: Path, tally: _Tally) -> None:
        self._handle = open(path, "rb")  # noqa: SIM115 - closed with this reader
        self._tally = tally

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._handle.readinto(buffer) or 0
        self._tally.add(count)
        return count

    def close(self) -> None:
        self._handle.close()
        super().close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _user_source(path: Path, graph_iri: str) -> Source:
    inputguard.check_path(path)
    fmt = rdf_format(path)
    if path.stat().st_size == 0:
        msg = f"the data file '{path}' is empty"
        raise InputError(msg)
    return Source(path, fmt, graph_iri, _base_iri(path))


def _base_iri(source: Path) -> str:
    return Path(str(source)).resolve().as_uri() if isinstance(source, Path) else "file:///" + source.name


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
