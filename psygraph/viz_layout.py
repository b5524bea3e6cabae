"""Where the explorer draws each node: layouts computed at build time, so the page draws at once.

:func:`positions` places a graph with a seeded force-directed layout (networkx's Fruchterman-Reingold
for small graphs; for big ones the same forces with the repulsion limited to near neighbours, found
with a k-d tree, which keeps each step near O(n log n)). Nodes of quiet types (works, which start
hidden in a busy view) are placed afterwards around the nodes they link to, so hiding them leaves no
holes. :func:`genealogy` places people in a family tree of who analysed whom, one row per generation.

Every layout is deterministic: the same graph gives the same positions (nodes are sorted and the
random starting positions come from :data:`SEED`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable

import networkx as nx
import numpy as np

#: Seed of every random start: the same input always gives the same picture.
SEED = 20261123
#: Distance between linked nodes in page units (vis-network canvas pixels at zoom 1).
SPACING = 120.0
#: Above this many nodes the layout takes fewer, coarser steps.
BIG = 2000
#: Horizontal and vertical gaps of the genealogy tree.
TREE_GAP = (150.0, 140.0)

Positions = dict[str, tuple[float, float]]


def positions(graph: nx.MultiDiGraph, quiet: Iterable[str] = ()) -> Positions:
    """Seeded positions of every node of *graph*; nodes whose type is in *quiet* are placed last.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b"); _ = g.add_edge("b", "c")
    >>> placed = positions(g)
    >>> sorted(placed) == ["a", "b", "c"] and placed == positions(g)
    True
    """
    quiet_types = set(quiet)
    key = layout_key(graph, quiet_types)
    if key not in _DRAWN:
        if len(_DRAWN) >= 8:
            _DRAWN.pop(next(iter(_DRAWN)))
        _DRAWN[key] = _positions(graph, quiet_types)
    return dict(_DRAWN[key])


def layout_key(graph: nx.MultiDiGraph, quiet: Iterable[str] = ()) -> str:
    """What the layout of *graph* depends on (its nodes with their types, its links, the *quiet*
    types), as a hex digest: graphs with the same key are placed alike.

    Examples
    --------
    >>> a, b = nx.MultiDiGraph([("x", "y")]), nx.MultiDiGraph([("y", "x")])
    >>> layout_key(a) == layout_key(nx.MultiDiGraph([("x", "y")])), layout_key(a) == layout_key(b)
    (True, False)
    """
    described = [
        sorted((n, str(t)) for n, t in graph.nodes(data="type")),
        sorted(graph.edges()),
        sorted(set(quiet)),
    ]
    return hashlib.sha256(json.dumps(described).encode()).hexdigest()


#: The last few layouts by their graph: the same graph drawn again (another filter of one page,
#: a notebook redrawing) is placed at once. Layouts are deterministic, so this changes no answer.
_DRAWN: dict[str, Positions] = {}


def _positions(graph: nx.MultiDiGraph, quiet_types: set[str]) -> Positions:
    """The layout :func:`positions` returns, computed."""
    core = sorted(n for n, t in graph.nodes(data="type") if t not in quiet_types)
    if not core:
        core, quiet_types = sorted(graph.nodes), set()
    simple = nx.Graph()
    simple.add_nodes_from(core)
    simple.add_edges_from((s, o) for s, o in graph.edges() if s != o and s in simple and o in simple)
    placed = _force(simple)
    _place_around(graph, placed)
    # + 0.0 turns -0.0 into 0.0, as SQLite keeps it (a kept layout then draws the same page).
    return {n: (round(x, 1) + 0.0, round(y, 1) + 0.0) for n, (x, y) in placed.items()}


def _force(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """A force-directed layout of *graph*, scaled so that linked nodes sit about :data:`SPACING` apart."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    nodes = sorted(graph)
    coords = _sparse_force(graph, nodes)
    return _scaled(graph, nodes, coords)


def _scaled(graph: nx.Graph, nodes: list[str], coords: np.ndarray) -> dict[str, tuple[float, float]]:
    """*coords* moved to the origin and scaled so that the median link is :data:`SPACING` long."""
    coords = coords - coords.mean(axis=0)
    index = {node: i for i, node in enumerate(nodes)}
    lengths = [float(np.linalg.norm(coords[index[s]] - coords[index[o]])) for s, o in graph.edges()]
    typical = float(np.median(lengths)) if lengths else 0.0
    if typical <= 0:
        spread = float(np.abs(coords).max()) or 1.0
        typical = spread / math.sqrt(len(nodes))
    coords = coords * (SPACING / typical)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coords, strict=True)}


def _start(graph: nx.Graph, nodes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Evenly spaced starting positions (a sunflower spiral of area n), and the links as index pairs.

    Nodes take the spiral's places in breadth-first order from the best-connected node of each
    component, biggest component first, so linked nodes start near each other and the force steps
    have little to untangle.
    """
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array(sorted((index[s], index[o]) for s, o in graph.edges()), dtype=np.int64).reshape(-1, 2)
    order: list[str] = []
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    for component in components:
        root = max(sorted(component), key=graph.degree)
        order.extend(_breadth_first(graph, root))
    place = np.arange(len(nodes), dtype=float)
    radius = np.sqrt(place + 0.5) * math.sqrt(1 / math.pi) * 1.2
    angle = place * 2.399963  # the golden angle
    spiral = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    pos = np.empty((len(nodes), 2))
    pos[[index[node] for node in order]] = spiral
    return pos, edges


def _breadth_first(graph: nx.Graph, root: str) -> list[str]:
    """The nodes of *root*'s component in breadth-first order, neighbours by falling degree."""
    seen = {root}
    order = [root]
    for node in order:
        for other in sorted(graph.neighbors(node), key=lambda o: (-graph.degree(o), o)):
            if other not in seen:
                seen.add(other)
                order.append(other)
    return order


def _sparse_force(graph: nx.Graph, nodes: list[str]) -> np.ndarray:
    """Fruchterman-Reingold with repulsion only between nodes closer than a few link lengths.

    Links pull with the square of their length, near nodes push with the inverse of their distance,
    and a weak pull towards the centre keeps separate components near the rest. Near pairs are
    found with a k-d tree, so a step costs about O(n log n) instead of O(n^2).
    """
    from scipy.spatial import cKDTree

    pos, edges = _start(graph, nodes)
    big = len(nodes) > BIG
    reach, iterations = (2.0, 40) if big else (3.5, 80)
    # hubs push harder (as in ForceAtlas2), so their many neighbours spread out around them
    mass = np.sqrt(np.array([graph.degree(node) + 1 for node in nodes], dtype=float))
    temperature = 2.0
    gravity = 0.5 / math.sqrt(len(nodes))
    for _ in range(iterations):
        pairs = cKDTree(pos).query_pairs(reach, output_type="ndarray")
        move = _pull(pos, edges) - pos * gravity
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            strength = mass[pairs[:, 0]] * mass[pairs[:, 1]]
            push = delta * (strength / np.maximum((delta**2).sum(axis=1), 1e-4))[:, None]
            move += _gather(len(pos), pairs[:, 0], push) - _gather(len(pos), pairs[:, 1], push)
        pos = _step(pos, move, temperature)
        temperature = max(temperature * 0.95, 0.05)
    return pos


def _pull(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Each node's pull along its links: the square of their length, at most 3 times the length.

    The cap keeps the many long links of a big graph from pulling it into one dense clump.
    """
    move = np.zeros_like(pos)
    if len(edges):
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        pull = delta * np.minimum(np.sqrt((delta**2).sum(axis=1)), 3.0)[:, None]
        move += _gather(len(pos), edges[:, 1], pull) - _gather(len(pos), edges[:, 0], pull)
    return move


def _gather(n: int, at: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The sum of *values* rows per index in *at*, as an (n, 2) array."""
    return np.stack(
        [
            np.bincount(at, weights=values[:, 0], minlength=n),
            np.bincount(at, weights=values[:, 1], minlength=n),
        ],
        axis=1,
    )


def _step(pos: np.ndarray, move: np.ndarray, temperature: float) -> np.ndarray:
    """*pos* moved along *move*, each node by at most *temperature*."""
    length = np.maximum(np.sqrt((move**2).sum(axis=1)), 1e-9)
    return pos + move / length[:, None] * np.minimum(length, temperature)[:, None]


def _place_around(graph: nx.MultiDiGraph, placed: dict[str, tuple[float, float]]) -> None:
    """Add every node of *graph* missing from *placed*, in a small ring around its placed neighbours.

    A node with no placed neighbour goes on a ring outside the picture.
    """
    missing = sorted(set(graph) - set(placed))
    if not missing:
        return
    neighbours: dict[str, set[str]] = {node: set() for node in graph}
    for s, o in graph.edges():
        neighbours[s].add(o)
        neighbours[o].add(s)
    crowd: dict[str, int] = {}
    loose = []
    for node in missing:
        anchors = sorted(n for n in neighbours[node] if n in placed)
        if not anchors:
            loose.append(node)
            continue
        anchor = max(anchors, key=lambda a: (len(neighbours[a]), a))
        count = crowd.get(anchor, 0)
        crowd[anchor] = count + 1
        angle = count * 2.399963  # the golden angle: a spiral that never repeats a spot
        radius = SPACING * (0.55 + 0.12 * math.sqrt(count))
        x, y = placed[anchor]
        placed[node] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    if loose:
        reach = max((math.hypot(x, y) for x, y in placed.values()), default=0.0) + SPACING
        for i, node in enumerate(loose):
            angle = 2 * math.pi * i / len(loose)
            placed[node] = (reach * math.cos(angle), reach * math.sin(angle))


def genealogy(graph: nx.MultiDiGraph, relation: str) -> Positions:
    """A top-down family tree of the *relation* links (``analysedBy``: the analysand points to the analyst).

    Each person sits one row below the analyst of the deepest generation they descend from; people
    of a row are ordered under the mean place of their analysts, so lines cross little.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("pupil", "teacher", relation="r"); _ = g.add_edge("grandpupil", "pupil", relation="r")
    >>> tree = genealogy(g, "r")
    >>> tree["teacher"][1] < tree["pupil"][1] < tree["grandpupil"][1]
    True
    """
    tree = nx.DiGraph()
    tree.add_edges_from((o, s) for s, o, r in graph.edges(data="relation") if r == relation and s != o)
    if tree.number_of_nodes() == 0:
        return {}
    acyclic = tree if nx.is_directed_acyclic_graph(tree) else _drop_cycles(tree)
    generation: dict[str, int] = {}
    for node in nx.topological_sort(acyclic):
        parents = list(acyclic.predecessors(node))
        generation[node] = 1 + max((generation[p] for p in parents), default=-1)
    rows: dict[int, list[str]] = {}
    for node, level in generation.items():
        rows.setdefault(level, []).append(node)
    placed: Positions = {}
    for level in sorted(rows):
        order: list[tuple[float, str]] = []
        for node in rows[level]:
            parents = [placed[p][0] for p in acyclic.predecessors(node) if p in placed]
            order.append((sum(parents) / len(parents) if parents else -1e9, node))
        order.sort()
        width = (len(order) - 1) * TREE_GAP[0]
        for i, (_, node) in enumerate(order):
            placed[node] = (round(i * TREE_GAP[0] - width / 2, 1), round(level * TREE_GAP[1], 1))
    return placed


def _drop_cycles(tree: nx.DiGraph) -> nx.DiGraph:
    """*tree* without the links that close a cycle (a data slip must not stop the drawing)."""
    acyclic = nx.DiGraph()
    acyclic.add_nodes_from(sorted(tree))
    for s, o in sorted(tree.edges()):
        if not nx.has_path(acyclic, o, s):
            acyclic.add_edge(s, o)
    return acyclic
