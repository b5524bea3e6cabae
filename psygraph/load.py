"""The only loader: the shipped ontology and data plus any user files, parsed into one graph.

Parsing uses pyoxigraph's bulk loader, about ten times faster than rdflib. Each source goes into its
own named graph, so exports can pick the ontology, the data, or both. Errors name the file and line.
What was parsed is kept in an on-disk cache keyed by the content of every file
(:mod:`psygraph.cache`), so the next run with the same files opens it instead of parsing again.
Every file passes :mod:`psygraph.inputguard` first (no entity declarations, bounded JSON-LD
nesting, a byte-order mark dropped), and a user file stays in its own named graph whatever graphs
it names.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox

from psygraph import cache, inputguard, resources
from psygraph.cache import Source
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


def load(data_files: Sequence[str | Path] | str | os.PathLike[str] = ()) -> KnowledgeGraph:
    """Load the shipped ontology and data plus *data_files* into one :class:`KnowledgeGraph`.

    *data_files* is a list of paths, or one path (``load("mine.ttl")``).

    Big inputs are kept parsed in the on-disk cache (see :mod:`psygraph.cache`), so the next load of
    the same files opens the store instead of parsing again; a changed file gives a new entry.

    Raises
    ------
    InputError
        A file is missing, empty, of an unknown format, or not valid RDF; the message names the file
        (and the line, for syntax errors).
    """
    if isinstance(data_files, str | os.PathLike):
        data_files = [Path(data_files)]
    sources = [
        *(Source(f, ox.RdfFormat.TURTLE, ONTOLOGY_GRAPH, _base_iri(f)) for f in resources.schema_files()),
        Source(resources.data_file(), ox.RdfFormat.TURTLE, DATA_GRAPH, _base_iri(resources.data_file())),
    ]
    user_graphs = []
    for index, path in enumerate(data_files):
        source = _user_source(Path(path), user_graph_iri(index, path))
        sources.append(source)
        user_graphs.append(source.graph)
    opened = cache.open_store(sources, fill)
    store = opened.store
    if store is None:
        store = ox.Store()
        try:
            fill(store, sources)
        except OSError as exc:  # in memory, only reading can fail
            msg = f"cannot read the input files: {exc.strerror or exc}"
            raise InputError(msg) from None
        if opened.build is not None:
            opened.build()  # the store for the next run, built by a background process
    kg = KnowledgeGraph(store, user_graphs)
    cache.remember(kg, opened)
    return kg


def fill(store: ox.Store, sources: Sequence[Source]) -> None:
    """Parse every source into its named graph of *store* with pyoxigraph's bulk loader.

    Raises
    ------
    InputError
        A file cannot be read or is not valid RDF.
    OSError
        The store cannot be written (a full disk, say).
    """
    for source in sources:
        graph = ox.NamedNode(source.graph)
        streamed = isinstance(source.file, Path) and _size(source.file) >= STREAM_FROM
        try:
            # A big file is streamed from disk by the bulk loader, never held in memory whole.
            data = None if streamed else source.file.read_bytes()
            if streamed:
                open(source.file, "rb").close()  # noqa: SIM115 - can it be read at all?
        except OSError as exc:
            msg = f"cannot read '{source.file}': {exc.strerror or exc}"
            raise InputError(msg) from None
        if data is None:
            inputguard.check_file(Path(str(source.file)), source.format)
        else:
            data = inputguard.strip_bom(data)
            inputguard.check_bytes(data, source.format, str(source.file))
        try:
            _parse_into(store, source, data, graph)
        except SyntaxError as exc:
            msg = f"'{source.file}' is not valid RDF: {_one_line(exc)}"
            raise InputError(msg) from None


def _parse_into(store: ox.Store, source: Source, data: bytes | None, graph: ox.NamedNode) -> None:
    """Parse *source* (its contents *data*, or the file itself when ``None``) into *graph*."""
    path = Path(str(source.file))
    if source.graph.startswith(USER_GRAPH_PREFIX) and source.format in inputguard.DATASET_FORMATS:
        # A dataset file may name graphs, psygraph's own among them: every quad goes to its graph.
        quads = (
            ox.parse(data, source.format, base_iri=source.base_iri)
            if data is not None
            else ox.parse(path=path, format=source.format, base_iri=source.base_iri)
        )
        store.bulk_extend(inputguard.confined(quads, graph))
    elif data is not None:
        store.bulk_load(data, format=source.format, to_graph=graph, base_iri=source.base_iri)
    else:
        with path.open("rb") as handle:
            if handle.read(len(inputguard.BOM)) == inputguard.BOM:  # read past the mark
                store.bulk_load(handle, format=source.format, to_graph=graph, base_iri=source.base_iri)
                return
        store.bulk_load(path=path, format=source.format, to_graph=graph, base_iri=source.base_iri)


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


def _base_iri(source: Traversable | Path) -> str:
    return Path(str(source)).resolve().as_uri() if isinstance(source, Path) else "file:///" + source.name


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
