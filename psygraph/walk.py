"""The walker: local questions (paths between two entities) answered straight from the store.

Local questions touch a few nodes, so they never build the whole networkx projection (which takes
most of a minute on a graph of a million triples); they ask the store for the links of each node
they reach, at every graph size. :func:`shortest_paths` runs a breadth-first search from both ends
at once. It follows exactly the edges the projection has (object-property triples between two
entities, those stated on the unstated side of an inverse pair read in the projected direction, by
:meth:`psygraph.schema.Schema.projected`) and returns :class:`~psygraph.analysis.Step` lists, plus
a small projection of just the nodes on the paths, which is all the caller needs for labels.
Neighbourhoods are read the same way, by :func:`psygraph.project.project_local`.

Examples
--------
>>> import psygraph
>>> from psygraph.namespaces import ID
>>> kg = psygraph.load()
>>> [steps], _ = shortest_paths(kg, ID + "donald-winnicott", ID + "sigmund-freud")
>>> [step.relation_label for step in steps]
['influenced by']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from psygraph.analysis import Step
from psygraph.namespaces import INVERSES_GRAPH, local_name

if TYPE_CHECKING:
    import networkx as nx

    from psygraph.graph import KnowledgeGraph


def shortest_paths(
    kg: KnowledgeGraph,
    source: str,
    target: str,
    *,
    relations: Collection[str] | None = None,
    limit: int | None = 1,
) -> tuple[list[list[Step]], nx.MultiDiGraph]:
    """The shortest paths from *source* to *target* (entity IRIs), direction ignored, and their nodes.

    Returns the paths as :func:`psygraph.analysis.shortest_paths` does, and a networkx graph of the
    nodes on them with their ``label`` and ``type``.
    """
    walker = _Walker(kg, relations)
    found: list[list[Step]] = []
    if walker.is_entity(source) and walker.is_entity(target):
        for nodes in walker.node_paths(source, target):
            found.append([walker.links(a, b)[0] for a, b in zip(nodes, nodes[1:], strict=False)])
            if limit is not None and len(found) >= limit:
                break
    return found, walker.small_graph({n for path in found for s in path for n in (s.subject, s.object)})


_INVERSES = ox.NamedNode(INVERSES_GRAPH)


class _Walker:
    """The projection's edges, read node by node from the store."""

    def __init__(self, kg: KnowledgeGraph, relations: Collection[str] | None) -> None:
        self.kg = kg
        self.store = kg.store
        # stated predicate -> (projected predicate, stated in the projected direction?)
        self.reading: dict[str, tuple[str, bool]] = {}
        for stated in kg.schema.relations:
            projected, same_way = kg.schema.projected(stated)
            if relations is None or projected in relations:
                self.reading[stated] = (projected, same_way)
        self._links: dict[str, list[tuple[str, Step]]] = {}

    def is_entity(self, node: str) -> bool:
        return node in self.kg.names

    def neighbours(self, node: str) -> list[tuple[str, Step]]:
        """``(other node, step from node to it)`` for every projected edge at *node*, sorted."""
        if node not in self._links:
            here = ox.NamedNode(node)
            found: set[tuple[str, Step]] = set()
            # The stated links only, as the projection reads them: not the reverse links a query
            # may have materialised in place (their graph, INVERSES_GRAPH, repeats each link backwards).
            for quad in self.store.quads_for_pattern(here, None, None):
                if quad.graph_name != _INVERSES:
                    self._add(found, node, quad.predicate.value, quad.object, outgoing=True)
            for quad in self.store.quads_for_pattern(None, None, here):
                if quad.graph_name != _INVERSES:
                    self._add(found, node, quad.predicate.value, quad.subject, outgoing=False)
            steps = [(other, step) for other, step in found if other != node and self.is_entity(other)]
            self._links[node] = sorted(steps, key=lambda pair: (pair[0], _order(pair[1])))
        return self._links[node]

    def _add(self, found: set[tuple[str, Step]], node: str, stated: str, other: Any, outgoing: bool) -> None:
        if stated not in self.reading or not isinstance(other, ox.NamedNode):
            return
        predicate, same_way = self.reading[stated]
        # The projected edge runs node -> other when the triple leaves node and reads the same way,
        # or when it arrives at node but is stated on the inverse side.
        forward = outgoing == same_way
        subject, obj = (node, other.value) if forward else (other.value, node)
        label = self.kg.schema.relation_label(predicate)
        found.add((other.value, Step(subject, predicate, obj, label, forward)))

    def links(self, a: str, b: str) -> list[Step]:
        """Every projected edge between *a* and *b*, as steps from *a*: forward first, then by label."""
        return sorted((step for other, step in self.neighbours(a) if other == b), key=_order)

    def node_paths(self, source: str, target: str) -> Iterator[list[str]]:
        """Every shortest path between *source* and *target* as a node list (bidirectional search)."""
        if source == target:
            return
        sides: list[tuple[dict[str, int], defaultdict[str, list[str]], list[str]]] = [
            ({source: 0}, defaultdict(list), [source]),
            ({target: 0}, defaultdict(list), [target]),
        ]
        while sides[0][2] and sides[1][2]:
            grow = 0 if len(sides[0][2]) <= len(sides[1][2]) else 1
            seen, parents, frontier = sides[grow]
            other_seen = sides[1 - grow][0]
            following = []
            for node in frontier:
                for other, _ in self.neighbours(node):
                    if other not in seen:
                        seen[other] = seen[node] + 1
                        following.append(other)
                    if seen[other] == seen[node] + 1 and node not in parents[other]:
                        parents[other].append(node)
            sides[grow] = (seen, parents, following)
            meeting = [n for n in following if n in other_seen]
            if meeting:
                shortest = min(seen[n] + other_seen[n] for n in meeting)
                middle = sorted(n for n in meeting if seen[n] + other_seen[n] == shortest)
                for node in middle:
                    for left in _walk_back(sides[0][1], node, source):
                        for right in _walk_back(sides[1][1], node, target):
                            yield left[::-1] + right[1:]
                return

    def small_graph(self, nodes: set[str]) -> nx.MultiDiGraph:
        """A projection of only *nodes*, with their ``label`` and ``type``."""
        import networkx as nx

        from psygraph.resolve import entity_type, label

        graph = nx.MultiDiGraph()
        for node in sorted(nodes):
            kind = entity_type(self.kg, node)
            graph.add_node(node, label=label(self.kg, node), type=local_name(kind) if kind else "")
        return graph


def _walk_back(parents: dict[str, list[str]], node: str, end: str) -> Iterator[list[str]]:
    """Paths from *node* back to *end* through *parents*, *node* first."""
    if node == end:
        yield [node]
        return
    for parent in sorted(parents[node]):
        for rest in _walk_back(parents, parent, end):
            yield [node, *rest]


def _order(step: Step) -> tuple[bool, str, str]:
    return (not step.forward, step.relation_label, step.predicate)
