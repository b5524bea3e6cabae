"""Graph analysis over the networkx projection: paths, lineage, neighbourhoods, centrality, communities."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import psygraph
from psygraph import analysis
from psygraph.namespaces import ID, PSY

FREUD = ID + "sigmund-freud"
ANNA_FREUD = ID + "anna-freud"
WINNICOTT = ID + "donald-winnicott"
STRACHEY = ID + "james-strachey"
KLEIN = ID + "melanie-klein"
FERENCZI = ID + "sandor-ferenczi"
ABRAHAM = ID + "karl-abraham"
ANALYSED_BY = PSY + "analysedBy"
INFLUENCED_BY = PSY + "influencedBy"


def chain_graph() -> nx.MultiDiGraph:
    """a -p-> b <-q- c, and a -r-> d -r-> c: two routes from a to c."""
    G = nx.MultiDiGraph()
    for node in "abcd":
        G.add_node(node, label=node.upper(), type="Theorist" if node != "d" else "Work")
    G.add_edge("a", "b", key="p", relation_label="p")
    G.add_edge("c", "b", key="q", relation_label="q")
    G.add_edge("a", "d", key="r", relation_label="r")
    G.add_edge("d", "c", key="r", relation_label="r")
    return G


def assert_real_triples(G: nx.MultiDiGraph, path: list[analysis.Step], source: str, target: str) -> None:
    assert path[0].start == source
    assert path[-1].end == target
    for step, following in zip(path, path[1:], strict=False):
        assert step.end == following.start
    for step in path:
        assert G.has_edge(step.subject, step.object, key=step.predicate), step


def test_shortest_paths_walk_both_directions_and_keep_the_triples() -> None:
    G = chain_graph()
    paths = analysis.shortest_paths(G, "a", "c", limit=None)
    assert len(paths) == 2
    for path in paths:
        assert_real_triples(G, path, "a", "c")
    texts = {analysis.format_path(G, path) for path in paths}
    assert texts == {"A → p → B ← q ← C", "A → r → D → r → C"}


def test_shortest_paths_limit_and_relations() -> None:
    G = chain_graph()
    assert len(analysis.shortest_paths(G, "a", "c")) == 1
    only_r = analysis.shortest_paths(G, "a", "c", relations={"r"}, limit=None)
    assert [[s.predicate for s in path] for path in only_r] == [["r", "r"]]
    assert analysis.shortest_paths(G, "a", "c", relations={"p"}) == []


def test_no_path_and_unknown_nodes_give_nothing() -> None:
    G = chain_graph()
    G.add_node("lonely", label="Lonely")
    assert analysis.shortest_paths(G, "a", "lonely") == []
    assert analysis.shortest_paths(G, "a", "nowhere") == []


def test_links_prefer_the_forward_triple() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("x", "y", key="relatedTo", relation_label="related to")
    G.add_edge("y", "x", key="relatedTo", relation_label="related to")
    first = analysis.links(G, "x", "y")[0]
    assert (first.subject, first.object, first.forward) == ("x", "y", True)


def test_winnicott_reaches_freud_through_analysts(mini_kg: psygraph.KnowledgeGraph) -> None:
    G = mini_kg.nx
    paths = analysis.shortest_paths(G, WINNICOTT, FREUD, relations={ANALYSED_BY})
    assert len(paths) == 1
    assert_real_triples(G, paths[0], WINNICOTT, FREUD)
    assert analysis.format_path(G, paths[0]) == (
        "Donald Winnicott → analysed by → James Strachey → analysed by → Sigmund Freud"
    )


def test_lineage_up_finds_teachers_and_their_teachers(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = analysis.lineage(mini_kg.nx, KLEIN)
    depth = {row["node"]: row["depth"] for row in rows if not row["repeat"]}
    assert depth == {FERENCZI: 1, ABRAHAM: 1, FREUD: 1}
    ferenczi = next(row for row in rows if row["node"] == FERENCZI)
    assert ferenczi["parent"] == KLEIN
    assert ferenczi["relations"] == [ANALYSED_BY, INFLUENCED_BY]


def test_lineage_down_and_depth(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = analysis.lineage(mini_kg.nx, FREUD, direction="down")
    depth = {row["node"]: row["depth"] for row in rows}
    assert depth[STRACHEY] == 1
    assert depth[WINNICOTT] == 2
    assert depth[ANNA_FREUD] == 1
    shallow = analysis.lineage(mini_kg.nx, FREUD, direction="down", depth=1)
    assert WINNICOTT not in {row["node"] for row in shallow}
    analysis_only = analysis.lineage(mini_kg.nx, WINNICOTT, relations={ANALYSED_BY})
    assert [row["node"] for row in analysis_only] == [STRACHEY, FREUD]


def test_lineage_rows_come_in_tree_order(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = analysis.lineage(mini_kg.nx, FREUD, direction="down")
    seen = {FREUD}
    for row in rows:
        assert row["parent"] in seen, "every person comes after the one they were reached from"
        seen.add(row["node"])


def test_lineage_direction_is_checked() -> None:
    with pytest.raises(ValueError, match="'up' or 'down'"):
        analysis.lineage(chain_graph(), "a", direction="sideways")


def test_neighbourhood_depth_types_and_relations() -> None:
    G = chain_graph()
    near = analysis.neighbourhood(G, "a")
    assert {row["node"] for row in near} == {"b", "d"}
    far = analysis.neighbourhood(G, "a", depth=2)
    assert {row["node"]: row["distance"] for row in far} == {"b": 1, "d": 1, "c": 2}
    assert [row["node"] for row in analysis.neighbourhood(G, "a", depth=2, types={"Work"})] == ["d"]
    assert {row["node"] for row in analysis.neighbourhood(G, "a", depth=3, relations={"p", "q"})} == {
        "b",
        "c",
    }
    c_row = next(row for row in far if row["node"] == "c")
    assert c_row["steps"][0].forward in (True, False)
    assert G.has_edge(c_row["steps"][0].subject, c_row["steps"][0].object)


def test_degree_counts_triples() -> None:
    scores = analysis.centrality(chain_graph(), "degree")
    assert scores == {"a": 2.0, "b": 2.0, "c": 2.0, "d": 2.0}


def test_betweenness_finds_the_bridge() -> None:
    G = nx.MultiDiGraph([("x1", "bridge"), ("x2", "bridge"), ("bridge", "y1"), ("bridge", "y2")])
    scores = analysis.centrality(G, "betweenness")
    assert max(scores, key=scores.get) == "bridge"


def test_pagerank_favours_what_is_pointed_at() -> None:
    G = nx.MultiDiGraph([("c1", "freud"), ("c2", "freud"), ("c3", "klein"), ("klein", "freud")])
    scores = analysis.centrality(G, "pagerank")
    assert sum(scores.values()) == pytest.approx(1.0)
    assert max(scores, key=scores.get) == "freud"
    assert scores["klein"] > scores["c1"]


def test_unknown_measure() -> None:
    with pytest.raises(ValueError, match="unknown measure 'fame'"):
        analysis.centrality(chain_graph(), "fame")


def test_ranked_breaks_ties_by_label() -> None:
    G = chain_graph()
    assert [node for node, _ in analysis.ranked({"b": 1.0, "a": 1.0, "c": 2.0}, G)] == ["c", "a", "b"]


def test_communities_are_stable_and_separate_clusters() -> None:
    G = nx.MultiDiGraph()
    for group in ("abcd", "wxyz"):
        for i, u in enumerate(group):
            for v in group[i + 1 :]:
                G.add_edge(u, v)
    G.add_edge("d", "w")
    first = analysis.communities(G)
    assert sorted(sorted(group) for group in first) == [list("abcd"), list("wxyz")]
    assert analysis.communities(G) == first


def test_communities_of_the_fixture_are_reproducible(mini_kg: psygraph.KnowledgeGraph) -> None:
    G = mini_kg.nx
    groups = analysis.communities(G)
    assert analysis.communities(G) == groups
    assert sorted(node for group in groups for node in group) == sorted(G)


def test_of_types_keeps_one_kind() -> None:
    sub = analysis.of_types(chain_graph(), {"Theorist"})
    assert set(sub) == {"a", "b", "c"}
    assert sub.number_of_edges() == 2


def test_a_link_stated_on_the_inverse_side_is_projected_forwards(write_ttl: Callable[..., Path]) -> None:
    extra = write_ttl(
        """
        id:test-concept a psy:TheoreticalConcept ;
            skos:prefLabel "Testing concept"@en ;
            skos:definition "A concept that exists only in this test."@en .
        id:melanie-klein psy:introduced id:test-concept .
        """
    )
    G = psygraph.load([extra]).nx
    concept = ID + "test-concept"
    assert G.has_edge(concept, KLEIN, key=PSY + "introducedBy")
    assert not G.has_edge(KLEIN, concept, key=PSY + "introduced")


def test_communities_do_not_depend_on_the_order_the_graph_was_built_in(kg: psygraph.KnowledgeGraph) -> None:
    theorists = analysis.of_types(kg.nx, ["Theorist"])
    expected = analysis.communities(theorists)
    for seed in range(5):
        nodes, edges = list(theorists.nodes(data=True)), list(theorists.edges(keys=True, data=True))
        random.Random(seed).shuffle(nodes)
        random.Random(seed).shuffle(edges)
        shuffled = nx.MultiDiGraph()
        shuffled.add_nodes_from(nodes)
        shuffled.add_edges_from(edges)
        assert analysis.communities(shuffled) == expected
