"""The walker (local questions from the store) answers as networkx does over the whole projection.

Checked on the shipped graph and, property-based, on small generated graphs.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import psygraph
from psygraph import analysis, api, resources, viz, walk
from psygraph.namespaces import DATA_GRAPH, ID, ONTOLOGY_GRAPH, PSY, compact
from psygraph.namespaces import PREFIXES as NAMESPACES
from psygraph.project import project_lineage, project_local

FOCUS = ["sigmund-freud", "donald-winnicott", "transference", "projective-identification", "mentalization"]


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


@pytest.mark.parametrize("slug", FOCUS)
@pytest.mark.parametrize("depth", [0, 1, 2])
def test_local_projection_is_the_ego_graph_of_the_whole(
    kg: psygraph.KnowledgeGraph, slug: str, depth: int
) -> None:
    center = ID + slug
    assert center in kg.nx
    _same(project_local(kg, center, depth), nx.ego_graph(kg.nx, center, radius=depth, undirected=True))


def test_local_projection_of_a_non_entity_is_empty(kg: psygraph.KnowledgeGraph) -> None:
    assert len(project_local(kg, ID + "no-such-entity", 2)) == 0


@pytest.mark.parametrize("slug", FOCUS)
@pytest.mark.parametrize("depth", [1, 2])
def test_neighbours_match_networkx_over_the_whole_projection(
    kg: psygraph.KnowledgeGraph, slug: str, depth: int
) -> None:
    rows = api.neighbours(kg, "id:" + slug, depth=depth)
    expected = analysis.neighbourhood(kg.nx, ID + slug, depth=depth)
    assert sorted((r["id"], r["distance"]) for r in rows) == sorted(
        (compact(found["node"]), found["distance"]) for found in expected
    )


PAIRS = [
    ("donald-winnicott", "sigmund-freud"),
    ("projective-identification", "mentalization"),
    ("transference", "borderline-personality-disorder"),
    ("melanie-klein", "heinz-kohut"),
]


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_walker_paths_are_networkx_shortest_paths(
    kg: psygraph.KnowledgeGraph, source: str, target: str
) -> None:
    found, _ = walk.shortest_paths(kg, ID + source, ID + target, limit=None)
    expected = analysis.shortest_paths(kg.nx, ID + source, ID + target, limit=None)
    assert {_nodes(p) for p in found} == {_nodes(p) for p in expected}
    assert all(step.predicate in kg.nx[step.subject][step.object] for path in found for step in path)


def _nodes(path: list[analysis.Step]) -> tuple[str, ...]:
    return (path[0].subject if path[0].forward else path[0].object,) + tuple(
        s.object if s.forward else s.subject for s in path
    )


@pytest.mark.parametrize("slug", FOCUS)
@pytest.mark.parametrize("depth", [0, 1, 2])
def test_focus_page_from_the_local_context_matches(
    kg: psygraph.KnowledgeGraph, slug: str, depth: int
) -> None:
    focus = ID + slug
    context = viz.focus_context(kg, focus, depth)
    for narrowing in (
        {},
        {"types": ["Theorist"]},
        {"schools": ["kleinian-school"]},
        {"schools": ["self-psychology"]},
    ):
        expected_graph = viz.subgraph(kg, focus=focus, depth=depth, **narrowing)
        local_graph = viz.subgraph(context, focus=focus, depth=depth, kg=kg, **narrowing)
        _same(local_graph, expected_graph)
        expected = viz.page_data(expected_graph, title="t", kg=kg, focus=focus)
        assert viz.page_data(local_graph, title="t", kg=kg, focus=focus, context=context) == expected


LINEAGE_ROOTS = ["melanie-klein", "sigmund-freud", "donald-winnicott", "heinz-kohut", "habib-davanloo"]
LINEAGE_RELATIONS = {
    "both": analysis.LINEAGE_RELATIONS,
    "influence": (PSY + "influencedBy",),
    "analysis": (PSY + "analysedBy",),
}


def _lineage_agrees(
    kg: psygraph.KnowledgeGraph, root: str, direction: str, relations: tuple[str, ...], depth: int | None
) -> None:
    """The lineage of *root* over its walked part of the projection is the one over the whole, with
    the same node attributes."""
    walked = project_lineage(kg, root, direction=direction, relations=relations, depth=depth)
    expected = analysis.lineage(kg.nx, root, direction=direction, relations=relations, depth=depth)
    assert analysis.lineage(walked, root, direction=direction, relations=relations, depth=depth) == expected
    assert {row["node"] for row in expected} <= set(walked)
    assert all(walked.nodes[node] == kg.nx.nodes[node] for node in walked)


@pytest.mark.parametrize("slug", LINEAGE_ROOTS)
@pytest.mark.parametrize("direction", ["up", "down"])
@pytest.mark.parametrize("depth", [None, 1, 2])
@pytest.mark.parametrize("relations", list(LINEAGE_RELATIONS))
def test_lineage_from_the_walked_part_matches_the_whole_projection(
    kg: psygraph.KnowledgeGraph, slug: str, direction: str, depth: int | None, relations: str
) -> None:
    _lineage_agrees(kg, ID + slug, direction, LINEAGE_RELATIONS[relations], depth)


def test_lineage_of_a_non_entity_walks_nothing(kg: psygraph.KnowledgeGraph) -> None:
    walked = project_lineage(
        kg, ID + "no-such-entity", direction="up", relations=analysis.LINEAGE_RELATIONS, depth=None
    )
    assert len(walked) == 0


# Property-based: random small graphs of people and concepts, linked by relations of every kind
# (stated forwards, on the inverse side, and symmetric).

PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in NAMESPACES.items())
_RELATIONS = ["psy:influencedBy", "psy:influenced", "psy:analysedBy", "psy:introduced", "psy:relatedTo"]
#: The projected relations of those (the side of each inverse pair the projection keeps).
_PROJECTED = ["influencedBy", "analysedBy", "introducedBy", "relatedTo"]


@st.composite
def small_graphs(draw: st.DrawFn) -> tuple[str, int]:
    size = draw(st.integers(min_value=2, max_value=12))
    edges = draw(
        st.lists(
            st.tuples(st.integers(0, size - 1), st.sampled_from(_RELATIONS), st.integers(0, size - 1)),
            max_size=3 * size,
        )
    )
    lines = []
    for n in range(size):
        kind = "psy:Theorist" if n % 3 else "psy:TheoreticalConcept"
        lines.append(f'id:n{n} a {kind} ; skos:prefLabel "Node {n}"@en .')
    for s, p, o in edges:
        if s != o:
            lines.append(f"id:n{s} {p} id:n{o} .")
    return "\n".join(lines), size


def _graph_of(body: str) -> psygraph.KnowledgeGraph:
    store = ox.Store()
    for path in resources.schema_files():
        store.bulk_load(path.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.bulk_load((PREFIXES + body).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(DATA_GRAPH))
    return psygraph.KnowledgeGraph(store)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_graphs(), st.data())
def test_walker_agrees_with_networkx_on_generated_graphs(graph: tuple[str, int], data: st.DataObject) -> None:
    body, size = graph
    kg = _graph_of(body)
    a, b = (ID + f"n{data.draw(st.integers(0, size - 1))}" for _ in range(2))
    found, _ = walk.shortest_paths(kg, a, b, limit=None)
    expected = analysis.shortest_paths(kg.nx, a, b, limit=None) if a != b else []
    assert {_nodes(p) for p in found} == {_nodes(p) for p in expected}
    depth = data.draw(st.integers(0, 3))
    _same(project_local(kg, a, depth), nx.ego_graph(kg.nx, a, radius=depth, undirected=True))
    direction = data.draw(st.sampled_from(["up", "down"]))
    relations = tuple(PSY + local for local in data.draw(st.sets(st.sampled_from(_PROJECTED), min_size=1)))
    _lineage_agrees(kg, a, direction, relations, data.draw(st.none() | st.integers(1, 3)))


def test_reverse_links_a_query_materialised_do_not_change_the_paths() -> None:
    fresh = psygraph.load()
    before, _ = walk.shortest_paths(
        fresh, ID + "transference", ID + "borderline-personality-disorder", limit=None
    )
    assert fresh.ask("ASK { ?s psy:analysed ?o }", inverses=True)  # materialises the reverse links
    after, _ = walk.shortest_paths(
        fresh, ID + "transference", ID + "borderline-personality-disorder", limit=None
    )
    assert after == before
    assert all(step.predicate in fresh.nx[step.subject][step.object] for path in after for step in path)
