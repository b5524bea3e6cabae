"""The only loader: the shipped ontology and data plus any user files, parsed into one graph.

Parsing uses pyoxigraph, about ten times faster than rdflib. Each source goes into its own
named graph, so exports can pick the ontology, the data, or both. Errors name the file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox

from psygraph import resources
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
        raise InputError(f"cannot tell the RDF format of '{path}'; use one of the suffixes {known}") from None


def user_graph_iri(index: int, path: str | Path) -> str:
    """The named graph that holds the *index*-th user file."""
    return f"{USER_GRAPH_PREFIX}{index}/{Path(str(path)).name}"


def load(data_files: Sequence[str | Path] = ()) -> KnowledgeGraph:
    """Load the shipped ontology and data plus *data_files* into one :class:`KnowledgeGraph`.

    Raises
    ------
    InputError
        A file is missing, empty, of an unknown format, or not valid RDF; the message names the file
        (and the line, for syntax errors).
    """
    store = ox.Store()
    for source in resources.schema_files():
        _load_into(store, source, ox.RdfFormat.TURTLE, ONTOLOGY_GRAPH)
    _load_into(store, resources.data_file(), ox.RdfFormat.TURTLE, DATA_GRAPH)
    user_graphs = []
    for index, path in enumerate(data_files):
        graph_iri = user_graph_iri(index, path)
        _load_user_file(store, Path(path), graph_iri)
        user_graphs.append(graph_iri)
    return KnowledgeGraph(store, user_graphs)


def _load_user_file(store: ox.Store, path: Path, graph_iri: str) -> None:
    if not path.is_file():
        raise InputError(f"no such data file: '{path}'")
    fmt = rdf_format(path)
    if path.stat().st_size == 0:
        raise InputError(f"the data file '{path}' is empty")
    _load_into(store, path, fmt, graph_iri)


def _load_into(store: ox.Store, source: Traversable | Path, fmt: ox.RdfFormat, graph_iri: str) -> None:
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read '{source}': {exc.strerror or exc}") from None
    try:
        store.load(data, format=fmt, to_graph=ox.NamedNode(graph_iri), base_iri=_base_iri(source))
    except SyntaxError as exc:
        raise InputError(f"'{source}' is not valid RDF: {_one_line(exc)}") from None


def _base_iri(source: Traversable | Path) -> str:
    return Path(str(source)).resolve().as_uri() if isinstance(source, Path) else "file:///" + source.name


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
