"""Export the graph in the formats other tools read: RDF for triple stores and OWL tools, graphs for
Gephi and Cytoscape, CSV for spreadsheets and Neo4j.

* ``ttl`` (Turtle) and ``nt`` (N-Triples): triple stores such as Fuseki or Oxigraph, rdflib;
* ``owl`` (RDF/XML): Protégé, owlready2, the OWL API;
* ``jsonld`` (JSON-LD with psygraph's ``@context``): any JSON reader, JSON-LD processors;
* ``graphml`` (GraphML): Gephi, Cytoscape, yEd, networkx;
* ``gexf`` (GEXF 1.2): Gephi, networkx;
* ``csv``: two files, ``*-nodes.csv`` and ``*-edges.csv``, for spreadsheets and Neo4j ``LOAD CSV``.

The RDF formats write the triples of the chosen named graphs (``include``: the ontology, the data
— shipped plus any user files — or both), optionally with the OWL RL inferences; an export of the
data also carries the dataset's own description (version, licence, creators, citation) as a
``void:Dataset`` and ``dcat:Dataset`` (:mod:`psygraph.dataset`). The graph and
table formats write the one networkx projection (:mod:`psygraph.project`): entities and the
relations between them. Every file is written atomically (:mod:`psygraph.atomic`), and no export
ever writes into the shipped ontology or data folders.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from psygraph._output import write_csv
from psygraph.atomic import STDOUT, atomic_write, atomic_write_many, check_target, is_stdout
from psygraph.errors import InputError, UsageError
from psygraph.namespaces import local_name

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from psygraph.graph import KnowledgeGraph

#: Each RDF format and the name of its rdflib serialiser.
RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "owl": "xml", "jsonld": "json-ld"}
#: RDF formats pyoxigraph writes straight from the store (and its inferred graph): about eight times
#: faster than through rdflib, and in a fraction of the memory (see bench/README.md).
STORE_FORMATS: tuple[str, ...] = ("ttl", "nt")
#: Formats written from the networkx projection.
GRAPH_FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv")
#: Every format :func:`export` writes, in the order help texts list them.
FORMATS: tuple[str, ...] = (*RDF_FORMATS, *GRAPH_FORMATS)
#: What to export: the ontology, the data (shipped and user files), or both.
INCLUDES: tuple[str, ...] = ("all", "ontology", "data")
#: The file suffix of each format (for a target given as a folder).
SUFFIXES: dict[str, str] = {
    "ttl": ".ttl",
    "nt": ".nt",
    "owl": ".owl",
    "jsonld": ".jsonld",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": ".csv",
}
#: The file stem used when the target is an existing folder.
DEFAULT_STEM = "psygraph"
#: Joins list attributes (alt labels, sources) into one string: GraphML, GEXF and CSV cannot hold lists.
LIST_SEPARATOR = "|"
#: Column names of the CSV exports, in order. They are a stable interface (Neo4j scripts use them).
NODE_COLUMNS: tuple[str, ...] = (
    "id",
    "label",
    "type",
    "definition",
    "alt_labels",
    "year",
    "birth_year",
    "death_year",
    "start",
    "end",
    "sources",
)
EDGE_COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "relation",
    "relation_name",
    "relation_label",
    "source_label",
    "target_label",
)


def export(
    kg: KnowledgeGraph,
    fmt: str,
    path: str | Path,
    include: str = "all",
    inferred: bool = False,
    *,
    types: Iterable[str] | None = None,
    schools: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> list[Path]:
    """Write *kg* to *path* in format *fmt*; return the files written.

    Parameters
    ----------
    kg
        The loaded graph.
    fmt
        One of :data:`FORMATS`.
    path
        The file to write. For ``csv`` it names the pair: ``out.csv`` writes ``out-nodes.csv`` and
        ``out-edges.csv``. An existing folder means ``psygraph.<suffix>`` (or ``psygraph-nodes.csv``
        and ``psygraph-edges.csv``) inside it.
    include
        ``all``, ``ontology`` or ``data`` (the shipped data plus user files). The graph formats
        (graphml, gexf, csv) export entities and relations, so they take ``all`` or ``data``, which
        give them the same graph.
    inferred
        Add the OWL RL inferences (see :mod:`psygraph.infer`).
    types, schools, relations
        For the graph formats, keep only these types, schools and relations, as ``psygraph viz``
        does (:func:`psygraph.viz.subgraph`): the analysis network alone, say, for Gephi.

    Raises
    ------
    UsageError
        Unknown format or include, ``ontology`` with a graph format, or a target in the shipped
        ontology or data folders.
    InputError
        The target's folder does not exist or cannot be written.
    """
    fmt = check_format(fmt)
    include = check_include(include)
    if fmt in GRAPH_FORMATS and include == "ontology":
        msg = (
            f"--format {fmt} exports entities and their relations, so it takes --include all or data; "
            "export the ontology as ttl, nt, owl or jsonld"
        )
        raise UsageError(msg)
    if is_stdout(path) and fmt == "csv":
        msg = "--format csv writes two files (nodes and edges), so not to standard output; give -o FILE"
        raise UsageError(msg)
    filters = {"types": types or None, "schools": schools or None, "relations": relations or None}
    if fmt not in GRAPH_FORMATS and any(filters.values()):
        msg = f"--type, --school and --relation narrow the graph formats (graphml, gexf, csv), not {fmt}"
        raise UsageError(msg)
    targets = output_paths(fmt, path)
    for target in targets:
        check_target(target)
    try:
        if fmt in STORE_FORMATS:
            _dump_rdf(kg, include, fmt, targets[0], inferred)
        elif fmt in RDF_FORMATS:
            _write_rdf(rdf_selection(kg, include, inferred), fmt, targets[0])
        else:
            graph = graph_selection(kg, inferred)
            if any(filters.values()):
                from psygraph.viz import subgraph

                graph = subgraph(
                    graph,
                    types=filters["types"],
                    schools=filters["schools"],
                    relations=filters["relations"],
                    kg=kg,
                )
            flat = flat_graph(graph)
            flat.graph.update(_dataset_attributes(kg))
            _GRAPH_WRITERS[fmt](flat, targets)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        msg = f"cannot write '{exc.filename or targets[0]}': {reason}"
        raise InputError(msg) from None
    return targets


def check_format(fmt: str) -> str:
    """Return *fmt* normalised, or raise :class:`UsageError` listing the valid formats."""
    name = fmt.strip().lower().lstrip(".")
    if name not in FORMATS:
        msg = f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise UsageError(msg)
    return name


def format_for_path(path: str | Path) -> str:
    """The export format a file name implies, from its suffix; raises :class:`UsageError` if none does.

    Examples
    --------
    >>> format_for_path("psygraph.owl")
    'owl'
    >>> format_for_path("psygraph.rdf")
    'owl'
    """
    suffix = Path(str(path)).suffix.lower()
    by_suffix = {suffix: fmt for fmt, suffix in SUFFIXES.items()} | {".rdf": "owl", ".json": "jsonld"}
    if suffix not in by_suffix:
        msg = (
            f"cannot tell the export format of '{path}' from its suffix; "
            f"add --format with one of {', '.join(FORMATS)}"
        )
        raise UsageError(msg)
    return by_suffix[suffix]


def check_include(include: str) -> str:
    """Return *include* normalised, or raise :class:`UsageError` listing the valid choices."""
    name = include.strip().lower()
    if name not in INCLUDES:
        msg = f"unknown --include {include!r}; choose one of {', '.join(INCLUDES)}"
        raise UsageError(msg)
    return name


def output_paths(fmt: str, path: str | Path) -> list[Path]:
    """The file(s) an export of *fmt* to *path* writes (two for ``csv``, one otherwise).

    Examples
    --------
    >>> [p.name for p in output_paths("csv", "out/psy.csv")]
    ['psy-nodes.csv', 'psy-edges.csv']
    >>> [p.name for p in output_paths("ttl", "out/psy.ttl")]
    ['psy.ttl']
    """
    if is_stdout(path):
        return [Path(STDOUT)]
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / (DEFAULT_STEM + SUFFIXES[fmt])
    if fmt == "csv":
        stem = target.stem if target.suffix.lower() == ".csv" else target.name
        return [target.with_name(f"{stem}-nodes.csv"), target.with_name(f"{stem}-edges.csv")]
    return [target]


def context() -> dict[str, Any]:
    """The published JSON-LD ``@context`` (``psygraph/context.jsonld``), as a dict."""
    return json.loads(_context_text())["@context"]


@cache
def _context_text() -> str:
    return (files("psygraph") / "context.jsonld").read_text(encoding="utf-8")


def rdf_selection(kg: KnowledgeGraph, include: str = "all", inferred: bool = False) -> rdflib.Graph:
    """The triples an RDF export of *include* writes, with the inferences when *inferred*.

    An export of the data (``all`` or ``data``) also describes the dataset itself: its version,
    licence, creators and citation, as a ``void:Dataset`` (:func:`psygraph.dataset.void_triples`).
    """
    graph = kg.to_rdflib(check_include(include))
    if include != "ontology":
        from psygraph.dataset import void_triples

        for about in void_triples(kg):
            graph.add(
                (_rdflib_term(about.subject), _rdflib_term(about.predicate), _rdflib_term(about.object))
            )
    if inferred:
        from psygraph.infer import inferred_triples

        for triple in inferred_triples(kg, include):
            graph.add(triple)
    return graph


def graph_selection(kg: KnowledgeGraph, inferred: bool = False) -> nx.MultiDiGraph:
    """The networkx projection the graph formats write: of *kg* as stated, or with its inferences."""
    from psygraph.infer import with_inferences, without_inferences

    return with_inferences(kg).nx if inferred else without_inferences(kg).nx


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the projection that GraphML and GEXF can hold, in a stable order.

    Lists are joined with :data:`LIST_SEPARATOR`, missing values are left out, and each edge gets a
    unique id (``e0``, ``e1``...; GraphML and GEXF need unique edge ids, and the projection's edge
    key, the predicate, repeats) plus a ``label`` (the relation's label, which Gephi displays).
    A dated node gets ``start`` (its year, or a theorist's birth year) and ``end`` (a death year):
    the attributes Gephi's timeline reads from GEXF (and offers to merge into an interval from
    GraphML and CSV).
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node in sorted(graph):
        attrs = _flat_attrs(graph.nodes[node])
        start = attrs.get("year", attrs.get("birth_year"))
        if start is not None:
            attrs["start"] = start
        if attrs.get("death_year") is not None:
            attrs["end"] = attrs["death_year"]
        flat.add_node(node, **attrs)
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for index, (source, target, _key, attrs) in enumerate(edges):
        flat_attrs = _flat_attrs(attrs)
        flat_attrs.setdefault("label", flat_attrs.get("relation_label", ""))
        flat.add_edge(source, target, key=f"e{index}", **flat_attrs)
    return flat


def node_rows(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One CSV row per node of a :func:`flat_graph`, with the columns :data:`NODE_COLUMNS`."""
    for node, attrs in graph.nodes(data=True):
        row = {column: attrs.get(column, "") for column in NODE_COLUMNS}
        row["id"] = node
        yield row


def edge_rows(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One CSV row per edge of a :func:`flat_graph`, with the columns :data:`EDGE_COLUMNS`."""
    for source, target, attrs in graph.edges(data=True):
        relation = attrs.get("relation", "")
        yield {
            "source": source,
            "target": target,
            "relation": relation,
            "relation_name": local_name(relation),
            "relation_label": attrs.get("relation_label", ""),
            "source_label": graph.nodes[source].get("label", ""),
            "target_label": graph.nodes[target].get("label", ""),
        }


#: Characters XML 1.0 cannot hold, even escaped: most C0 controls, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_escaped(text: str) -> str:
    r"""*text* with the characters XML cannot hold written as ``\uXXXX``.

    Examples
    --------
    >>> _xml_escaped("bell\x07")
    'bell\\u0007'
    """
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a :func:`flat_graph` that GraphML and GEXF can hold: text attributes XML-escaped."""
    import networkx as nx

    def clean(attrs: dict[str, Any]) -> dict[str, Any]:
        return {k: _xml_escaped(v) if isinstance(v, str) else v for k, v in attrs.items()}

    safe = nx.MultiDiGraph(**clean(graph.graph))
    for node, attrs in graph.nodes(data=True):
        safe.add_node(_xml_escaped(node), **clean(attrs))
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        safe.add_edge(_xml_escaped(source), _xml_escaped(target), key=key, **clean(attrs))
    return safe


def _check_xml_text(graph: rdflib.Graph) -> None:
    """Refuse an RDF/XML export of a literal XML cannot hold, naming its entity and property."""
    for subject, predicate, value in graph:
        for term in (subject, predicate, value):
            match = _NOT_XML.search(str(term))
            if match:
                msg = (
                    f"cannot export {subject} as RDF/XML: its {predicate} holds the character "
                    f"U+{ord(match.group()):04X}, which XML cannot carry; export as ttl, nt or jsonld"
                )
                raise UsageError(msg)


def _write_rdf(graph: rdflib.Graph, fmt: str, target: Path) -> None:
    if fmt == "owl":
        _check_xml_text(graph)
    options: dict[str, Any] = {}
    if fmt == "jsonld":
        options = {"context": context(), "auto_compact": True, "use_native_types": True}
    with atomic_write(target, "wb") as handle:
        graph.serialize(destination=handle, format=RDF_FORMATS[fmt], encoding="utf-8", **options)


def _dump_rdf(kg: KnowledgeGraph, include: str, fmt: str, target: Path, inferred: bool) -> None:
    """Write the triples of *include*'s named graphs, each once, and with *inferred* the inferences
    of *include* (:func:`psygraph.infer.inferred_selection`), with pyoxigraph's own serialiser."""
    import pyoxigraph as ox

    from psygraph.dataset import void_triples
    from psygraph.namespaces import PREFIXES

    triples = dict.fromkeys(
        quad.triple
        for named in kg.graphs(include)
        for quad in kg.store.quads_for_pattern(None, None, None, named)
    )
    if include != "ontology":
        triples.update(dict.fromkeys(void_triples(kg)))
    if inferred:
        from psygraph.infer import inferred_selection

        triples.update(dict.fromkeys(inferred_selection(kg, include)))
    # Sorted, so one graph exports to the same bytes from any store (a server lists its triples
    # in its own order, and Turtle groups only a subject's consecutive triples).
    ordered = sorted(triples, key=str)
    with atomic_write(target, "wb") as handle:
        if fmt == "ttl":
            ox.serialize(ordered, handle, ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
        else:
            ox.serialize(ordered, handle, ox.RdfFormat.N_TRIPLES)


def _rdflib_term(term: Any) -> Any:
    """A pyoxigraph IRI or literal as rdflib's."""
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        plain = datatype == "http://www.w3.org/2001/XMLSchema#string"  # as rdflib reads N-Triples
        return rdflib.Literal(term.value, datatype=None if plain else rdflib.URIRef(datatype))
    return rdflib.URIRef(term.value)


def _write_graphml(graph: nx.MultiDiGraph, targets: list[Path]) -> None:
    import networkx as nx

    with atomic_write(targets[0], "wb") as handle:
        nx.write_graphml(_xml_safe(graph), handle)


def _write_gexf(graph: nx.MultiDiGraph, targets: list[Path]) -> None:
    """GEXF, with the dataset's description in its ``<meta>`` (creator, description, keywords)."""
    import io
    import xml.etree.ElementTree as ET

    import networkx as nx

    safe = _xml_safe(graph)
    written = io.BytesIO()
    nx.write_gexf(safe, written)
    namespace = "http://www.gexf.net/1.2draft"
    ET.register_namespace("", namespace)
    # Our own output, just written: no outside XML is parsed here.
    root = ET.fromstring(written.getvalue())  # noqa: S314
    meta = root.find(f"{{{namespace}}}meta")
    if meta is not None and safe.graph:
        about = safe.graph
        creator = meta.find(f"{{{namespace}}}creator")
        if creator is not None:
            creator.text = about.get("creators") or creator.text
        ET.SubElement(meta, f"{{{namespace}}}description").text = (
            f"{about.get('title', '')} {about.get('version', '')}. Licence: {about.get('license', '')}. "
            f"Cite as: {about.get('citation', '')}"
        )
        ET.SubElement(meta, f"{{{namespace}}}keywords").text = about.get("dataset", "")
    with atomic_write(targets[0], "wb") as handle:
        handle.write(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _write_csv(graph: nx.MultiDiGraph, targets: list[Path]) -> None:
    with atomic_write_many(list(targets), "w") as (nodes_file, edges_file):
        _write_rows(nodes_file, NODE_COLUMNS, node_rows(graph))
        _write_rows(edges_file, EDGE_COLUMNS, edge_rows(graph))


def _write_rows(handle: IO[str], columns: tuple[str, ...], rows: Iterator[dict[str, Any]]) -> None:
    write_csv(handle, columns, rows)


def _dataset_attributes(kg: KnowledgeGraph) -> dict[str, str]:
    """The dataset's description (:mod:`psygraph.dataset`) as graph-level attributes of GraphML and
    GEXF (CSV has no place for them: its two files are tables of nodes and edges)."""
    from psygraph.dataset import description

    about = description(kg)
    return {
        "dataset": about["iri"],
        "title": about["title"],
        "version": about["version"],
        "license": about["license"],
        "creators": "; ".join(about["creators"]),
        "citation": about["citation"],
    }


_GRAPH_WRITERS: dict[str, Callable[[nx.MultiDiGraph, list[Path]], None]] = {
    "graphml": _write_graphml,
    "gexf": _write_gexf,
    "csv": _write_csv,
}


def _flat_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set):
            value = LIST_SEPARATOR.join(sorted({str(v) for v in value}))
        flat[name] = value
    return flat
