"""The interactive HTML explorer: one self-contained, offline page drawn with pyvis and vis-network.

:func:`subgraph` narrows the networkx projection (a focus and its neighbourhood, some types, some
schools, some relations); :func:`render_html` writes one HTML file for a graph; :func:`write_explorer`
does both for a loaded :class:`~psygraph.graph.KnowledgeGraph`, as ``psygraph viz`` does.

The page works from a single file with no network access: vis-network (vendored in pyvis) and the
page's own script and style are inlined, and a Content-Security-Policy forbids every fetch. Data
from the graph (labels, definitions, citations) is embedded once as escaped JSON and only ever put
on the page through ``textContent``, so a label such as ``<script>`` shows as text and runs nothing.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx

from psygraph.atomic import atomic_write, check_target
from psygraph.errors import InputError, NoResultsError, UnknownEntityError, UsageError
from psygraph.namespaces import PSY, SKOS, compact, local_name, split_camel
from psygraph.viz_layout import Positions, genealogy, layout_key, positions

if TYPE_CHECKING:
    import sqlite3

    from psygraph.graph import KnowledgeGraph


class TypeStyle(NamedTuple):
    """How nodes of one type look: the legend label, fill colour and vis-network shape."""

    label: str
    color: str
    shape: str


#: The look of each entity type, in legend order. Unknown types fall back to :data:`DEFAULT_STYLE`.
#: Shapes tell the types apart; the colours stay distinct under red-green colour blindness too (two
#: types of one shape differ clearly after a deuteranopia simulation; see tests/test_viz.py).
TYPE_STYLES: dict[str, TypeStyle] = {
    "Theorist": TypeStyle("Theorist", "#e8833a", "dot"),
    "School": TypeStyle("School", "#8e5ea2", "hexagon"),
    "TheoreticalConcept": TypeStyle("Theoretical concept", "#3c78b4", "diamond"),
    "MentalStructure": TypeStyle("Mental structure", "#2aa198", "diamond"),
    "DevelopmentalConcept": TypeStyle("Developmental concept", "#5aa02c", "diamond"),
    "ClinicalPhenomenon": TypeStyle("Clinical phenomenon", "#d4a72c", "diamond"),
    "DefenceMechanism": TypeStyle("Defence mechanism", "#a0522d", "triangle"),
    "Technique": TypeStyle("Technique", "#1f9fc4", "square"),
    "TherapyModality": TypeStyle("Therapy modality", "#d6457a", "star"),
    "Condition": TypeStyle("Condition", "#5b2a86", "triangleDown"),
    "DefenceHierarchy": TypeStyle("Defence hierarchy", "#6b6b6b", "hexagon"),
    "DefenceLevel": TypeStyle("Defence level", "#9a9a9a", "square"),
    "Work": TypeStyle("Work", "#9db4c8", "dot"),
    "Study": TypeStyle("Study", "#3b3b98", "dot"),
}
DEFAULT_STYLE = TypeStyle("Other", "#b0b0b0", "dot")

#: Relations that place an entity in a school directly.
SCHOOL_RELATIONS = frozenset({PSY + "memberOf", PSY + "founded", PSY + "partOfSchool"})
#: Relations through which an entity without a school of its own inherits its people's schools.
PEOPLE_RELATIONS = frozenset({PSY + "introducedBy", PSY + "developedBy", PSY + "author"})
#: Relations drawn without arrows when the graph does not say which are symmetric.
SYMMETRIC_RELATIONS = frozenset({PSY + "relatedTo", PSY + "contrastsWith"})

#: In a busy whole-graph view these types start hidden (one click in the legend shows them): the
#: works are many and mostly hang off their authors, so they crowd the picture of the field.
QUIET_TYPES = ("Work", "Study")
#: A graph with more nodes than this is busy.
BUSY_GRAPH = 250

#: The relation drawn as a family tree in the genealogy view (the analysand points to the analyst).
GENEALOGY_RELATION = PSY + "analysedBy"
#: Relations through which an entity takes the year of a work it was introduced or described in.
DATING_RELATIONS = frozenset({PSY + "introducedIn", PSY + "describedIn"})

_ASSETS = files("psygraph") / "viz_assets"
_VIS = files("pyvis") / "templates" / "lib" / "vis-9.1.2"


# --------------------------------------------------------------------------------------------
# Narrowing the graph
# --------------------------------------------------------------------------------------------


def subgraph(
    source: KnowledgeGraph | nx.MultiDiGraph,
    focus: str | None = None,
    depth: int = 1,
    types: Iterable[str] | None = None,
    schools: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    *,
    kg: KnowledgeGraph | None = None,
) -> nx.MultiDiGraph:
    """The part of the projection to draw: optionally one entity's neighbourhood, narrowed by filters.

    The steps run in this order: keep only the edges of *relations* (and the nodes they touch); take
    the nodes within *depth* steps of *focus*, following edges either way; keep only nodes of
    *types* and nodes belonging to *schools* (see :func:`schools_of`). The focus itself always stays.

    Names are read by the one resolver every command uses (:mod:`psygraph.resolve`,
    :mod:`psygraph.schema`), so ``--relation influenced`` or ``--type defence`` mean here what they
    mean to ``psygraph neighbours``. Given a bare projection without *kg*, names must be exact: node
    ids, type local names (``Theorist``) and relation IRIs.

    Parameters
    ----------
    source
        A loaded :class:`~psygraph.graph.KnowledgeGraph` (its ``nx`` projection is used) or a projection.
    focus
        An entity IRI, ``id:slug``, slug, label or synonym; ``None`` for the whole graph.
    depth
        How many steps from *focus* to include (0: the focus alone).
    types
        Type names such as ``Theorist`` or ``defence mechanism``; ``Concept`` stands for every concept kind.
    schools
        Schools by slug, label or IRI.
    relations
        Relations by local name (``influencedBy``), label (``influenced by``) or inverse (``influenced``).
    kg
        The graph whose names to use when *source* is a projection.

    Raises
    ------
    UnknownEntityError
        *focus* or a school names no entity.
    UsageError
        *depth* is negative, or a type or relation is unknown (the message lists the valid ones).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A", type="Theorist")
    >>> g.add_node("b", label="B", type="Theorist")
    >>> g.add_node("c", label="C", type="Work")
    >>> _ = g.add_edge("b", "a", key="r", relation="r", relation_label="influenced by")
    >>> _ = g.add_edge("c", "b", key="w", relation="w", relation_label="author")
    >>> sorted(subgraph(g, focus="a", depth=1))
    ['a', 'b']
    >>> sorted(subgraph(g, types=["Work"]))
    ['c']
    """
    graph = source if isinstance(source, nx.MultiDiGraph) else source.nx
    if kg is None and not isinstance(source, nx.MultiDiGraph):
        kg = source
    if depth < 0:
        msg = f"the depth must be 0 or more, not {depth}"
        raise UsageError(msg)
    focus_node = _entity(kg, graph, focus) if focus is not None else None
    view = graph
    if relations is not None:
        wanted_relations = {kg.schema.resolve_relation(r) for r in relations} if kg else set(relations)
        view = _keep_relations(view, wanted_relations, focus_node)
    if focus_node is not None:
        view = view.subgraph(within(view, focus_node, depth))
    keep = set(view.nodes)
    if types is not None:
        wanted = _type_names(kg, types)
        keep = {n for n in keep if view.nodes[n].get("type") in wanted}
    if schools is not None:
        wanted_schools = {_entity(kg, graph, school, "School") for school in schools}
        membership = schools_of(graph)
        keep = {n for n in keep if membership.get(n, set()) & wanted_schools}
    if focus_node is not None:
        keep.add(focus_node)
    return _copy(view, keep)


def _entity(kg: KnowledgeGraph | None, graph: nx.MultiDiGraph, name: str, types: str | None = None) -> str:
    """The node *name* refers to: by the shared resolver with *kg*, else a node id of *graph*."""
    if kg is None:
        if name in graph:
            return name
        raise UnknownEntityError(name)
    from psygraph.resolve import resolve

    iri = resolve(kg, name, types=types)
    if iri not in graph:
        raise UnknownEntityError(name)
    return iri


def _type_names(kg: KnowledgeGraph | None, names: Iterable[str]) -> set[str]:
    """The projection's type names (local names of classes) for the types *names* refer to."""
    if kg is None:
        return set(names)
    return {local_name(cls) for name in names for cls in kg.schema.resolve_type(name)}


def schools_of(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each node's schools: a school is its own; ``member of``, ``founded`` and ``part of school`` place
    an entity directly; an entity with no school of its own takes those of the people who introduced,
    developed or wrote it.

    Examples
    --------
    >>> import networkx as nx
    >>> from psygraph.namespaces import PSY
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("s", type="School")
    >>> g.add_node("t", type="Theorist")
    >>> g.add_node("c", type="MentalStructure")
    >>> _ = g.add_edge("t", "s", key=PSY + "founded", relation=PSY + "founded")
    >>> _ = g.add_edge("c", "t", key=PSY + "introducedBy", relation=PSY + "introducedBy")
    >>> schools_of(g)["c"]
    {'s'}
    """
    direct: dict[str, set[str]] = {n: set() for n in graph.nodes}
    for node, data in graph.nodes(data=True):
        if data.get("type") == "School":
            direct[node].add(node)
    for s, o, relation in graph.edges(data="relation"):
        if relation in SCHOOL_RELATIONS and graph.nodes[o].get("type") == "School":
            direct[s].add(o)
    result = {n: set(found) for n, found in direct.items()}
    for s, o, relation in graph.edges(data="relation"):
        if relation in PEOPLE_RELATIONS and not direct[s]:
            result[s] |= direct[o]
    return result


def _keep_relations(graph: nx.MultiDiGraph, relations: set[str], focus: str | None) -> nx.MultiDiGraph:
    edges = [(s, o, k) for s, o, k, r in graph.edges(keys=True, data="relation") if r in relations]
    nodes = {n for s, o, _ in edges for n in (s, o)} | ({focus} if focus else set())
    view = nx.MultiDiGraph()
    view.add_nodes_from((n, graph.nodes[n]) for n in nodes)
    view.add_edges_from((s, o, k, graph.edges[s, o, k]) for s, o, k in edges)
    return view


def _copy(graph: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    result = nx.MultiDiGraph()
    result.graph.update(graph.graph)
    result.add_nodes_from((n, dict(graph.nodes[n])) for n in sorted(keep))
    edges = sorted(
        (s, o, k, dict(d)) for s, o, k, d in graph.edges(keys=True, data=True) if s in keep and o in keep
    )
    result.add_edges_from(edges)
    return result


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def write_explorer(
    kg: KnowledgeGraph,
    path: str | Path,
    *,
    focus: str | None = None,
    depth: int = 1,
    types: Iterable[str] | None = None,
    schools: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    title: str | None = None,
) -> Path:
    """Draw the (narrowed) graph of *kg* into one offline HTML page at *path*, as ``psygraph viz`` does.

    Raises :class:`NoResultsError` when the filters leave nothing to draw, and the errors of
    :func:`subgraph` and :func:`render_html`.
    """
    check_target(path)  # before the work, so a bad target fails at once
    context = None
    if focus is not None:
        # A focus view reads only the neighbourhood it shows, straight from the store.
        from psygraph.resolve import resolve

        focus = resolve(kg, focus)
        context = focus_context(kg, focus, depth)
        if focus not in context:
            raise UnknownEntityError(focus)
    source = kg if context is None else context
    graph = subgraph(
        source, focus=focus, depth=depth, types=types, schools=schools, relations=relations, kg=kg
    )
    if graph.number_of_nodes() == 0:
        msg = "no entity matches these filters; drop a --type, --school or --relation"
        raise NoResultsError(msg)
    if title is None:
        title = "psygraph explorer"
        if focus is not None:
            label = (kg.nx if context is None else context).nodes[focus]["label"]
            title = f"psygraph: {label} and its neighbourhood (depth {depth})"
    present = {node_type for _, node_type in graph.nodes(data="type")}
    busy = types is None and graph.number_of_nodes() > BUSY_GRAPH
    hidden = [t for t in QUIET_TYPES if t in present] if busy else []
    return render_html(graph, path, title=title, kg=kg, focus=focus, hidden=hidden, context=context)


def within(graph: nx.MultiDiGraph, node: str, depth: int) -> set[str]:
    """The nodes at most *depth* links from *node*, following links either way: the nodes of
    ``nx.ego_graph(graph, node, depth, undirected=True)``, which first deep-copies the whole graph
    to an undirected one (0.1 s on the shipped graph, each call); an undirected view is enough.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(within(g, "a", 2))
    ['a', 'b', 'c']
    """
    either_way = graph.to_undirected(as_view=True)
    return set(nx.single_source_shortest_path_length(either_way, node, cutoff=depth))


def focus_context(kg: KnowledgeGraph, focus: str, depth: int) -> nx.MultiDiGraph:
    """The part of *kg*'s projection a focus view of *focus* to *depth* reads, built from the store.

    A page shows the nodes within *depth* and reads around them: their links to nodes one step
    further, the schools of those nodes (a person's school passes to what they introduced), and
    the labels of the works cited as sources; ``--school`` names any school. So this is
    :func:`psygraph.project.project_local` to ``depth + 1``, plus the school links of the outermost
    nodes, the cited works and every school. A page drawn from it, with any filter, is the page
    drawn from the whole projection.
    """
    from psygraph.project import add_edges, add_nodes, walk_local

    context, rim = walk_local(kg, focus, depth + 1)
    if focus not in context:
        return context
    inner = within(context, focus, depth)
    outer = set(context) - inner
    # School links leave their node: the outer nodes' own links (the walk read them to find the
    # links between two outer nodes; a hub among them may have many more links in).
    school_rows = [row for row in rim if row["p"] in SCHOOL_RELATIONS and row["s"] in outer]
    cited = {source for node in inner for source in context.nodes[node]["sources"]}
    schools = {row["school"] for row in kg.select(_SCHOOLS)}
    add_nodes(context, kg, sorted(({row["o"] for row in school_rows} | cited | schools) - set(context)))
    add_edges(context, school_rows)
    return context


def render_html(
    graph: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "psygraph explorer",
    kg: KnowledgeGraph | None = None,
    focus: str | None = None,
    hidden: Iterable[str] = (),
    context: nx.MultiDiGraph | None = None,
) -> Path:
    """Write *graph* as one self-contained, offline HTML explorer at *path* and return the path.

    Parameters
    ----------
    graph
        A projection or part of one (see :mod:`psygraph.project` for its attributes).
    path
        Where to write the page; its folder must exist. The file is replaced atomically.
    title
        The page title.
    kg
        The loaded graph *graph* came from, if any. It adds outside identifiers, citations,
        evidence behind ``addresses`` links, inverse relation names, and the relations of shown
        entities to entities outside the view.
    focus
        A node of *graph* to select when the page opens.
    hidden
        Types whose nodes start hidden; the legend shows them, and one click brings them back.
    context
        The projection to read outside relations, schools and source labels from: by default
        *kg*'s whole projection; :func:`focus_context` gives a smaller one with the same answers.

    Raises
    ------
    InputError
        The folder of *path* does not exist or the file cannot be written.
    """
    target = Path(path)
    check_target(target)
    page = build_page(graph, title=title, kg=kg, focus=focus, hidden=hidden, context=context)
    try:
        with atomic_write(target, mode="w") as handle:
            handle.write(page)
    except OSError as exc:
        msg = f"cannot write '{target}': {exc.strerror or exc}"
        raise InputError(msg) from None
    return target


def build_page(
    graph: nx.MultiDiGraph,
    *,
    title: str = "psygraph explorer",
    kg: KnowledgeGraph | None = None,
    focus: str | None = None,
    hidden: Iterable[str] = (),
    context: nx.MultiDiGraph | None = None,
) -> str:
    """The HTML text of the explorer page for *graph* (see :func:`render_html`)."""
    payload = page_data(graph, title=title, kg=kg, focus=focus, hidden=hidden, context=context)
    parts = {
        "TITLE": html.escape(title),
        "STYLE": (_ASSETS / "explorer.css").read_text(encoding="utf-8"),
        "VIS_JS": (_VIS / "vis-network.min.js").read_text(encoding="utf-8"),
        "SCRIPT": (_ASSETS / "explorer.js").read_text(encoding="utf-8"),
        "DATA": script_json(payload),
    }
    template = (_ASSETS / "page.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], template)


def script_json(value: Any) -> str:
    """*value* as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026``, so no text can close the
    element or open a comment, and everything outside ASCII is escaped (U+2028 and U+2029 included).
    Keys are sorted, so the same value always gives the same text.

    Examples
    --------
    >>> script_json({"label": "</script><!--"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    kg: KnowledgeGraph | None = None,
    focus: str | None = None,
    hidden: Iterable[str] = (),
    context: nx.MultiDiGraph | None = None,
) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-ready data (see ``viz_assets/explorer.js``).

    ``nodes``, ``edges`` and ``options`` are what pyvis builds for vis-network; ``info`` holds each
    node's details; ``relations``, ``external``, ``citations`` and ``evidence`` are shared lookups.
    """
    about = None
    if context is None:
        context = kg.nx if kg is not None else graph
    else:  # a local context: read identifiers and citations of only what the page shows
        about = sorted(set(graph) | {s for _, found in graph.nodes(data="sources") for s in found or ()})
    extras = _Extras.load(kg, about)
    nodes, edges = _network(graph, extras, hidden, kg)
    membership = schools_of(context)
    info: dict[str, Any] = {}
    external: dict[str, str] = {}
    used_relations: set[str] = set()
    for node in sorted(graph.nodes):
        rels = _relations(context, node, extras.symmetric)
        used_relations.update(r for r, _, _ in rels)
        for _, _, other in rels:
            if other not in graph:
                external[other] = context.nodes[other].get("label", local_name(other))
        info[node] = _node_info(node, graph.nodes[node], rels, extras, sorted(membership.get(node, set())))
        info[node]["since"] = _since(context, node)
        for source in info[node]["sources"]:
            if source not in graph and source in context:
                external[source] = context.nodes[source].get("label", local_name(source))
    sources = {s for data in info.values() for s in data["sources"]} | set(info)
    return {
        "title": title,
        "focus": focus if focus in graph else None,
        "hidden": sorted(set(hidden)),
        "nodes": nodes,
        "edges": edges,
        "options": _vis_options(),
        "big": graph.number_of_nodes() > BIG_PAGE,
        "info": info,
        "external": external,
        "relations": {r: extras.relation(r, context) for r in sorted(used_relations)},
        "citations": {w: c for w, c in sorted(extras.citations.items()) if w in sources},
        "evidence": _evidence_for(graph, extras),
        "types": _legend(graph),
        "schools": _school_list(context, membership, graph),
        "genealogy": genealogy(graph, GENEALOGY_RELATION),
    }


class _Extras(NamedTuple):
    """What the projection leaves out but the page shows, read from the RDF graph when there is one."""

    identifiers: dict[str, list[list[str]]]
    citations: dict[str, str]
    inverse: dict[str, str]
    symmetric: frozenset[str]
    evidence: dict[str, list[dict[str, Any]]]

    @classmethod
    def load(cls, kg: KnowledgeGraph | None, about: list[str] | None = None) -> _Extras:
        """Read the extras of every node, or with *about* of those nodes only."""
        if kg is None:
            return cls({}, {}, {}, SYMMETRIC_RELATIONS, {})
        from psygraph.project import select_about

        identifiers: dict[str, list[list[str]]] = {}
        for row in select_about(kg, _IDENTIFIERS, "node", about):
            value = str(row["value"])
            identifiers.setdefault(row["node"], []).append([local_name(row["p"]), value, compact(value)])
        citations = {row["work"]: row["citation"] for row in select_about(kg, _CITATIONS, "work", about)}
        inverse = {row["p"]: row["label"] for row in kg.select(_INVERSES)}
        symmetric = frozenset(row["p"] for row in kg.select(_SYMMETRIC)) | SYMMETRIC_RELATIONS
        evidence: dict[str, list[dict[str, Any]]] = {}
        # A page shows the claims between two of its nodes, so a modality must be among them.
        by_claim: dict[str, dict[str, Any]] = {}
        for row in select_about(kg, _EVIDENCE, "modality", about):
            if row["claim"] not in by_claim:
                fields: dict[str, Any] = {k: str(row[k]) for k in _CLAIM_FIELDS if row[k] is not None}
                by_claim[row["claim"]] = fields | {"sources": []}
                evidence.setdefault(row["modality"] + " " + row["condition"], []).append(
                    by_claim[row["claim"]]
                )
            sources: list[str] = by_claim[row["claim"]]["sources"]
            if row["source"] is not None and row["source"] not in sources:
                sources.append(row["source"])
        for claims in evidence.values():
            for claim in claims:
                claim["sources"] = sorted(claim["sources"])
            claims.sort(key=lambda c: json.dumps(c, sort_keys=True))
        return cls(identifiers, citations, inverse, symmetric, evidence)

    def relation(self, iri: str, graph: nx.MultiDiGraph) -> dict[str, Any]:
        label = next(
            (d.get("relation_label") for _, _, d in graph.edges(data=True) if d["relation"] == iri),
            local_name(iri),
        )
        symmetric = iri in self.symmetric
        inverse = label if symmetric else self.inverse.get(iri, f"{label} (inverse)")
        return {"label": label, "inverse": inverse, "symmetric": symmetric}


_IDENTIFIERS = f"""
SELECT ?node ?p ?value WHERE {{
  %(values)s
  VALUES ?p {{ <{SKOS}exactMatch> <{SKOS}closeMatch> <{PSY}icd11Code> }}
  ?node ?p ?value .
}}"""
_SCHOOLS = "SELECT DISTINCT ?school WHERE { ?school a/rdfs:subClassOf* psy:School }"
_CITATIONS = "SELECT ?work ?citation WHERE { %(values)s ?work dcterms:bibliographicCitation ?citation }"
_INVERSES = "SELECT ?p ?label WHERE { ?p owl:inverseOf ?inverse . ?inverse rdfs:label ?label }"
_SYMMETRIC = "SELECT ?p WHERE { ?p a owl:SymmetricProperty }"
_EVIDENCE = """
SELECT ?claim ?modality ?condition ?result ?certainty ?design ?vs ?outcome ?time ?source ?note WHERE {
  %(values)s
  ?claim a psy:EvidenceClaim ; psy:evidenceFor ?modality ; psy:evidenceAbout ?condition .
  OPTIONAL { ?claim psy:direction/skos:prefLabel ?result }
  OPTIONAL { ?claim psy:certainty/skos:prefLabel ?certainty }
  OPTIONAL { ?claim psy:evidenceLevel/skos:prefLabel ?design }
  OPTIONAL { ?claim psy:comparator ?vs }
  OPTIONAL { ?claim psy:outcome/skos:prefLabel ?outcome }
  OPTIONAL { ?claim psy:timePoint/skos:prefLabel ?time }
  OPTIONAL { ?claim dcterms:source ?source }
  OPTIONAL { ?claim skos:note ?note }
}"""
#: What the details panel shows of each claim (besides its sources).
_CLAIM_FIELDS = ("result", "certainty", "design", "vs", "outcome", "time", "note")


#: A kept layout (:func:`_placed`): each node's position.
_LAYOUT = "CREATE TABLE placed (node TEXT PRIMARY KEY, x REAL NOT NULL, y REAL NOT NULL) STRICT;"


def _placed(graph: nx.MultiDiGraph, quiet: Iterable[str], kg: KnowledgeGraph | None) -> Positions:
    """The layout of *graph* (:func:`psygraph.viz_layout.positions`), kept in the on-disk cache
    with *kg*'s derived data under the layout's key, so the same view of the same inputs is drawn
    again without the force layout and the imports it needs (0.7 s for the whole shipped graph)."""
    if kg is None or kg.cache_key is None:
        return positions(graph, quiet)
    from psygraph.cache.derived import DamagedError

    def fill(connection: sqlite3.Connection) -> None:
        rows = ((node, x, y) for node, (x, y) in positions(graph, quiet).items())
        connection.executemany("INSERT INTO placed VALUES (?, ?, ?)", rows)

    kept = kg.derived(f"layout-{layout_key(graph, quiet)[:32]}", _LAYOUT, fill)

    def read() -> Positions:
        rows = kept.query("SELECT node, x, y FROM placed", types=(str, float, float))
        placed = {node: (x, y) for node, x, y in rows}
        if placed.keys() != set(graph):
            msg = "layout: the kept positions are not those of the graph's nodes"
            raise DamagedError(msg)
        return placed

    return kept.read(read)


def _network(
    graph: nx.MultiDiGraph, extras: _Extras, quiet: Iterable[str], kg: KnowledgeGraph | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """pyvis's description of the network (its node and edge options): one styled, placed node per
    entity, one edge per stated link, sorted.

    Positions come from :func:`psygraph.viz_layout.positions` (*quiet* types are placed around the
    rest; kept with *kg*'s derived data, see :func:`_placed`), so the page draws at once without
    physics. A symmetric relation stated both ways is one edge. The nodes and edges are pyvis's own
    :class:`~pyvis.node.Node` and :class:`~pyvis.edge.Edge`; ``Network.add_node`` and ``add_edge``
    are left out because they look every node up in a list, which takes hours for 50,000 nodes.
    """
    from pyvis.edge import Edge
    from pyvis.node import Node

    degree = dict(graph.to_undirected(as_view=True).degree())
    standing = _standing(degree)
    placed = _placed(graph, quiet, kg)
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        style = TYPE_STYLES.get(data.get("type", ""), DEFAULT_STYLE)
        x, y = placed[node]
        options = {
            "color": style.color,
            "value": round(math.sqrt(degree[node] + 1) * (0.55 if data.get("type") == "Work" else 1), 3),
            "x": x,
            "y": y,
            "prominence": standing[node],
        }
        nodes.append(Node(node, style.shape, data.get("label") or local_name(node), **options).options)
    edges = []
    for index, (s, o, data) in enumerate(_drawn_edges(graph, extras.symmetric)):
        relation = data["relation"]
        options = {
            "id": f"e{index}",
            "relation": relation,
            "arrows": "" if relation in extras.symmetric else "to",
            "dashes": relation == PSY + "contrastsWith",
        }
        edges.append(Edge(s, o, True, **options).options)
    return nodes, edges


def _drawn_edges(graph: nx.MultiDiGraph, symmetric: frozenset[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """The edges of *graph* to draw, sorted: a symmetric relation stated both ways is drawn once.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", relation="near"); _ = g.add_edge("b", "a", relation="near")
    >>> [(s, o) for s, o, _ in _drawn_edges(g, frozenset({"near"}))]
    [('a', 'b')]
    """
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    seen: set[tuple[str, str, str]] = set()
    drawn = []
    for s, o, _key, data in edges:
        relation = data["relation"]
        if relation in symmetric:
            pair = (min(s, o), max(s, o), relation)
            if pair in seen:
                continue
            seen.add(pair)
        drawn.append((s, o, data))
    return drawn


def _standing(degree: dict[str, int]) -> dict[str, float]:
    """Each node's place among all by degree, from 0 (least connected) to 1 (most); ties share a place.

    Examples
    --------
    >>> _standing({"a": 1, "b": 5, "c": 5, "d": 9})
    {'a': 0.0, 'b': 0.5, 'c': 0.5, 'd': 1.0}
    """
    values = sorted(set(degree.values()))
    if len(values) < 2:
        return dict.fromkeys(degree, 0.0)
    same = Counter(degree.values())
    below: dict[int, int] = {}
    running = 0
    for v in values:
        below[v] = running
        running += same[v]
    top = len(degree) - 1
    return {n: round((below[d] + (same[d] - 1) / 2) / top, 4) for n, d in degree.items()}


def _vis_options() -> dict[str, Any]:
    """vis-network options: nodes stay where the build placed them; physics only when the user asks.

    vis-network draws no labels (the page culls and draws them itself, see ``explorer.js``). The
    forces are those of the "Move nodes by physics" switch.
    """
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "nodes": {
            "borderWidth": 1,
            "scaling": {"min": 5, "max": 32, "label": {"enabled": False}},
        },
        "edges": {
            "width": 1,
            "color": {"color": "#b9b9b9", "highlight": "#444444", "hover": "#666666", "opacity": 0.6},
            "arrows": {"to": {"scaleFactor": 0.45}},
            "smooth": False,
            "selectionWidth": 1.5,
            "hoverWidth": 0.8,
        },
        "interaction": {
            "hover": True,
            "navigationButtons": False,
            "keyboard": {"enabled": False},
            "multiselect": False,
            "tooltipDelay": 3_600_000,  # the page builds its own tooltips on hover
        },
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 70,
                "springConstant": 0.06,
                "damping": 0.6,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": False},
        },
    }


#: Above this many nodes the page draws the nodes and links itself (vis-network only moves the view):
#: one path per colour is many times faster than vis-network's drawing of each node and link.
BIG_PAGE = 2000


def _relations(graph: nx.MultiDiGraph, node: str, symmetric: frozenset[str]) -> list[tuple[str, str, str]]:
    """(relation IRI, ``"o"`` out or ``"i"`` in, other node) for every edge at *node*, sorted.

    A symmetric relation stated both ways is listed once, as going out.
    """
    out = {(d["relation"], "o", o) for _, o, d in graph.out_edges(node, data=True)}
    into = {
        (d["relation"], "i", s)
        for s, _, d in graph.in_edges(node, data=True)
        if not (d["relation"] in symmetric and (d["relation"], "o", s) in out)
    }
    return sorted(out | into)


def _node_info(
    node: str, data: dict[str, Any], rels: list[tuple[str, str, str]], extras: _Extras, schools: list[str]
) -> dict[str, Any]:
    info: dict[str, Any] = {
        "label": data.get("label", ""),
        "curie": compact(node),
        "type": data.get("type", ""),
        "definition": data.get("definition", ""),
        "alt": sorted(data.get("alt_labels", [])),
        "sources": sorted(data.get("sources", [])),
        "rel": [list(r) for r in rels],
        "schools": schools,
        "ids": sorted(extras.identifiers.get(node, [])),
    }
    for key in ("year", "birth_year", "death_year"):
        if data.get(key) is not None:
            info[key] = data[key]
    return info


def _since(graph: nx.MultiDiGraph, node: str) -> int | None:
    """The year an entity enters the timeline: its own year or birth year, else the earliest year of
    the works it was introduced or described in or is sourced to; ``None`` when nothing dates it.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("w", year=1920); g.add_node("c", sources=["w"])
    >>> _since(g, "c")
    1920
    """
    data = graph.nodes[node]
    own = data.get("year") or data.get("birth_year")
    if own is not None:
        return int(own)
    works = [o for _, o, r in graph.out_edges(node, data="relation") if r in DATING_RELATIONS]
    works += data.get("sources") or []
    years = [graph.nodes[w].get("year") for w in works if w in graph]
    found = [int(y) for y in years if y is not None]
    return min(found) if found else None


def _evidence_for(graph: nx.MultiDiGraph, extras: _Extras) -> dict[str, list[dict[str, Any]]]:
    return {
        key: claims
        for key, claims in sorted(extras.evidence.items())
        if all(part in graph for part in key.split(" "))
    }


def _legend(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for _, node_type in graph.nodes(data="type"):
        counts[node_type or ""] = counts.get(node_type or "", 0) + 1
    order = list(TYPE_STYLES) + sorted(set(counts) - set(TYPE_STYLES))
    legend = []
    for node_type in order:
        if node_type in counts:
            style = TYPE_STYLES.get(node_type) or DEFAULT_STYLE._replace(label=split_camel(node_type))
            legend.append(
                {
                    "type": node_type,
                    "label": style.label,
                    "color": style.color,
                    "shape": style.shape,
                    "count": counts[node_type],
                }
            )
    return legend


def _school_list(
    context: nx.MultiDiGraph, membership: dict[str, set[str]], graph: nx.MultiDiGraph
) -> list[dict[str, Any]]:
    shown: dict[str, int] = {}
    for node in graph.nodes:
        for school in membership.get(node, set()):
            shown[school] = shown.get(school, 0) + 1
    rows = [
        {"id": s, "label": context.nodes[s].get("label", local_name(s)), "count": n} for s, n in shown.items()
    ]
    return sorted(rows, key=lambda r: (r["label"].casefold(), r["id"]))
