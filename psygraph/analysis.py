"""Graph questions over the networkx projection: paths, lineage, neighbourhoods, centrality, communities.

Every function here is pure: it takes the :class:`networkx.MultiDiGraph` that
:func:`psygraph.project.project` builds (nodes keyed by IRI with ``label`` and ``type``; edges keyed
by predicate IRI with ``relation_label``) and returns plain data. Nothing is printed and nothing is
read from the store, so the functions work on any graph of that shape, including the small ones in
the examples below.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for node in "ABC":
...     G.add_node(node, label=node, type="Theorist")
>>> _ = G.add_edge("A", "B", key="analysedBy", relation_label="analysed by")
>>> _ = G.add_edge("C", "B", key="influencedBy", relation_label="influenced by")
>>> print(format_path(G, shortest_paths(G, "A", "C")[0]))
A → analysed by → B ← influenced by ← C
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from psygraph.namespaces import PSY

#: The relations a lineage follows: intellectual influence and training analysis.
LINEAGE_RELATIONS = (PSY + "influencedBy", PSY + "analysedBy")
#: The centrality measures :func:`centrality` knows.
MEASURES = ("degree", "in-degree", "out-degree", "betweenness", "pagerank")
#: The measures whose answer depends on which way the links point.
DIRECTED_MEASURES = ("in-degree", "out-degree", "pagerank")
#: The seed that makes community detection give the same answer every run.
SEED = 42


@dataclass(frozen=True)
class Step:
    """One step of a path: a real triple, and whether the path walks it forwards.

    A step from node ``a`` to node ``b`` is either the triple ``(a, predicate, b)`` (``forward``) or
    ``(b, predicate, a)`` walked against its direction.
    """

    subject: str
    predicate: str
    object: str
    relation_label: str
    forward: bool

    @property
    def start(self) -> str:
        """The node the step leaves from."""
        return self.subject if self.forward else self.object

    @property
    def end(self) -> str:
        """The node the step arrives at."""
        return self.object if self.forward else self.subject


def links(G: nx.MultiDiGraph, a: str, b: str, relations: Collection[str] | None = None) -> list[Step]:
    """Every triple between *a* and *b*, as steps from *a* to *b*: forward ones first, then by label.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("A", "B", key="p", relation_label="p")
    >>> _ = G.add_edge("B", "A", key="q", relation_label="q")
    >>> [(s.predicate, s.forward) for s in links(G, "A", "B")]
    [('p', True), ('q', False)]
    """
    steps = []
    for subject, obj, forward in ((a, b, True), (b, a, False)):
        for key, data in G.get_edge_data(subject, obj, default={}).items():
            if relations is None or key in relations:
                steps.append(Step(subject, key, obj, data.get("relation_label", key), forward))
    return sorted(steps, key=lambda s: (not s.forward, s.relation_label, s.predicate))


def undirected(G: nx.MultiDiGraph, relations: Collection[str] | None = None) -> nx.Graph:
    """A simple undirected view of *G*, keeping only *relations* when given.

    Each edge's ``weight`` is the number of triples between its two nodes, in either direction.
    Nodes and edges are added in sorted order, so that order-sensitive algorithms (Louvain) give
    the same answer whatever order *G* was built in.
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(G.nodes(data=True)))
    for u, v, key in sorted(G.edges(keys=True)):
        if u == v or (relations is not None and key not in relations):
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


def shortest_paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    relations: Collection[str] | None = None,
    limit: int | None = 1,
) -> list[list[Step]]:
    """The shortest paths from *source* to *target*, found with edge direction ignored.

    Each path is a list of :class:`Step`, each a real triple with the direction the data states.
    Where two nodes are linked by several triples, the step uses the first of :func:`links`.

    Parameters
    ----------
    G
        The projection.
    source, target
        Node IRIs.
    relations
        Only walk triples with these predicates.
    limit
        At most this many paths (all shortest paths when ``None``).

    Returns
    -------
    list of list of Step
        Empty when there is no path, or when either node is not in the graph.
    """
    if source not in G or target not in G:
        return []
    simple = undirected(G, relations)
    try:
        node_paths = nx.all_shortest_paths(simple, source, target)
        found = []
        for nodes in node_paths:
            found.append([links(G, a, b, relations)[0] for a, b in zip(nodes, nodes[1:], strict=False)])
            if limit is not None and len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return found


def format_path(G: nx.MultiDiGraph, path: list[Step], arrow: str = "→", back: str = "←") -> str:
    """A path as one readable line: ``A → analysed by → B ← influenced by ← C``."""
    if not path:
        return ""
    parts = [_label(G, path[0].start)]
    for step in path:
        mark = arrow if step.forward else back
        parts.append(f"{mark} {step.relation_label} {mark} {_label(G, step.end)}")
    return " ".join(parts)


def lineage(
    G: nx.MultiDiGraph,
    root: str,
    *,
    direction: str = "up",
    relations: Collection[str] = LINEAGE_RELATIONS,
    depth: int | None = None,
) -> list[dict[str, Any]]:
    """The lineage tree of *root*: its teachers and their teachers (``up``) or its heirs (``down``).

    ``up`` follows the stated direction of *relations* (X influenced by Y: Y is up from X); ``down``
    walks them backwards. Each person is listed under every person they link to within the walk:
    under the one the walk first reached them from, with their own teachers (or heirs) below them,
    and under each other one as a ``repeat`` with nothing below it.

    Returns
    -------
    list of dict
        In tree order (each person right after the one they were reached from), with keys ``node``,
        ``depth`` (1 = direct), ``parent``, ``relations`` (predicate IRIs linking parent and node) and
        ``repeat`` (true when the person is listed in full under another parent).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("klein", "abraham", key=PSY + "analysedBy")
    >>> _ = G.add_edge("abraham", "freud", key=PSY + "influencedBy")
    >>> [(row["node"], row["depth"]) for row in lineage(G, "klein")]
    [('abraham', 1), ('freud', 2)]
    >>> _ = G.add_edge("klein", "freud", key=PSY + "influencedBy")
    >>> [(row["node"], row["parent"], row["repeat"]) for row in lineage(G, "klein")]
    [('abraham', 'klein', False), ('freud', 'abraham', True), ('freud', 'klein', False)]
    >>> [(row["node"], row["repeat"]) for row in lineage(G, "freud", direction="down")]
    [('abraham', False), ('klein', True), ('klein', False)]
    """
    if direction not in ("up", "down"):
        msg = f"direction must be 'up' or 'down', not {direction!r}"
        raise ValueError(msg)
    if root not in G:
        return []
    parents: dict[str, str] = {}
    steps: dict[str, dict[str, set[str]]] = {}  # expanded node -> every person one link up (or down)
    level = {root: 0}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        if depth is not None and level[node] >= depth:
            continue
        steps[node] = _lineage_steps(G, node, direction, relations)
        for other in sorted(steps[node], key=lambda n: _label(G, n).casefold()):
            if other not in level:
                level[other], parents[other] = level[node] + 1, node
                queue.append(other)
    rows: list[dict[str, Any]] = []
    stack: list[tuple[str, str, int]] = [(root, "", 0)]
    while stack:
        node, parent, shown_depth = stack.pop()
        repeat = bool(parent) and parents.get(node) != parent
        if parent:
            rows.append(
                {
                    "node": node,
                    "depth": shown_depth,
                    "parent": parent,
                    "relations": sorted(steps[parent][node]),
                    "repeat": repeat,
                }
            )
        if repeat or node not in steps:
            continue
        for other in sorted(steps[node], key=lambda n: _label(G, n).casefold(), reverse=True):
            if other != root:
                stack.append((other, node, shown_depth + 1))
    return rows


def _lineage_steps(
    G: nx.MultiDiGraph, node: str, direction: str, relations: Collection[str]
) -> dict[str, set[str]]:
    edges = G.out_edges(node, keys=True) if direction == "up" else G.in_edges(node, keys=True)
    found: dict[str, set[str]] = defaultdict(set)
    for u, v, key in edges:
        if key in relations:
            found[v if direction == "up" else u].add(key)
    found.pop(node, None)
    return found


def neighbourhood(
    G: nx.MultiDiGraph,
    center: str,
    *,
    depth: int = 1,
    relations: Collection[str] | None = None,
    types: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """The entities within *depth* steps of *center*, edge direction ignored.

    Parameters
    ----------
    relations
        Only walk triples with these predicates.
    types
        Only report nodes whose ``type`` attribute is one of these (the walk still passes through
        other nodes).

    Returns
    -------
    list of dict
        Keys ``node``, ``distance``, ``parent`` (the node it was reached from) and ``steps`` (the
        :class:`Step` list linking parent to node), sorted by distance, then relation, then label.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("x", type="Concept"); G.add_node("y", type="Theorist"); G.add_node("z", type="Work")
    >>> _ = G.add_edge("x", "y", key="introducedBy", relation_label="introduced by")
    >>> _ = G.add_edge("z", "y", key="author", relation_label="author")
    >>> [(row["node"], row["distance"]) for row in neighbourhood(G, "x", depth=2)]
    [('y', 1), ('z', 2)]
    >>> [row["node"] for row in neighbourhood(G, "x", depth=2, types={"Work"})]
    ['z']
    """
    if center not in G:
        return []
    simple = undirected(G, relations)
    distances = nx.single_source_shortest_path_length(simple, center, cutoff=depth)
    rows = []
    for node, distance in distances.items():
        if node == center or (types is not None and G.nodes[node].get("type") not in types):
            continue
        parent = min(
            (n for n in simple[node] if distances.get(n) == distance - 1),
            key=lambda n: _label(G, n).casefold(),
        )
        rows.append(
            {"node": node, "distance": distance, "parent": parent, "steps": links(G, parent, node, relations)}
        )
    return sorted(
        rows, key=lambda r: (r["distance"], r["steps"][0].relation_label, _label(G, r["node"]).casefold())
    )


def centrality(G: nx.MultiDiGraph, measure: str = "degree") -> dict[str, float]:
    """A centrality score for every node of *G*.

    ``degree`` counts the triples a node takes part in; ``betweenness`` is the share of shortest
    paths (direction ignored) that pass through it; ``pagerank`` follows the stated direction, so
    what many things point at (theorists who introduced much, works often cited) ranks high.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub")])
    >>> max(centrality(G, "pagerank").items(), key=lambda kv: kv[1])[0]
    'hub'
    >>> centrality(G, "degree")["hub"]
    3.0
    """
    if measure == "degree":
        return {node: float(degree) for node, degree in G.degree()}
    if measure == "in-degree":
        return {node: float(degree) for node, degree in G.in_degree()}
    if measure == "out-degree":
        return {node: float(degree) for node, degree in G.out_degree()}
    if measure == "betweenness":
        return nx.betweenness_centrality(undirected(G), normalized=True)
    if measure == "pagerank":
        if G.number_of_edges() == 0:
            return {node: 1.0 / max(len(G), 1) for node in G}
        return nx.pagerank(nx.DiGraph(G))
    msg = f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}"
    raise ValueError(msg)


def oriented(G: nx.MultiDiGraph, directions: dict[str, bool]) -> nx.MultiDiGraph:
    """The network of the relations in *directions* only, every node kept; a relation mapped to
    ``False`` is turned round (its edges point from object to subject).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("heir", "teacher", key="influencedBy")
    >>> list(oriented(G, {"influencedBy": False}).edges())
    [('teacher', 'heir')]
    """
    network = nx.MultiDiGraph()
    network.add_nodes_from(G.nodes(data=True))
    for u, v, key, data in G.edges(keys=True, data=True):
        if key in directions:
            a, b = (u, v) if directions[key] else (v, u)
            network.add_edge(a, b, key=key, **data)
    return network


def ranked(scores: dict[str, float], G: nx.MultiDiGraph, limit: int | None = 20) -> list[tuple[str, float]]:
    """The *limit* highest scores, best first; ties in label order."""
    order = sorted(scores.items(), key=lambda kv: (-kv[1], _label(G, kv[0]).casefold()))
    return order if limit is None else order[:limit]


def communities(G: nx.MultiDiGraph, *, seed: int = SEED, resolution: float = 1.0) -> list[list[str]]:
    """Groups of densely linked nodes (Louvain, direction ignored, fixed *seed*).

    Returns
    -------
    list of list of str
        Largest group first; inside a group, the best-connected nodes first.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x")])
    >>> G.add_edge("c", "x")
    0
    >>> sorted(sorted(group) for group in communities(G))
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    simple = undirected(G)
    if simple.number_of_edges() == 0:
        return [[node] for node in sorted(simple)]
    groups = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    degree = dict(simple.degree(weight="weight"))
    ordered = [sorted(group, key=lambda n: (-degree[n], _label(G, n).casefold())) for group in groups]
    return sorted(ordered, key=lambda group: (-len(group), _label(G, group[0]).casefold()))


def of_types(G: nx.MultiDiGraph, types: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph induced by the nodes whose ``type`` is one of *types*."""
    wanted = set(types)
    return G.subgraph(n for n, t in G.nodes(data="type") if t in wanted)


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label", node)) if node in G else node
