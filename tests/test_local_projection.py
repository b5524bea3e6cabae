"""The local projection around one node answers as the whole projection does."""

from __future__ import annotations

import networkx as nx
import pytest

import psygraph
from psygraph import api, storepath, viz
from psygraph.namespaces import ID
from psygraph.project import project_local

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
def test_neighbours_from_the_local_projection_match(
    kg: psygraph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, slug: str, depth: int
) -> None:
    whole = api.neighbours(kg, "id:" + slug, depth=depth)
    filtered = api.neighbours(kg, "id:" + slug, depth=depth, relations=["influenced by", "introduced by"])
    monkeypatch.setattr(storepath, "prefer", lambda _kg: True)
    assert api.neighbours(kg, "id:" + slug, depth=depth) == whole
    assert (
        api.neighbours(kg, "id:" + slug, depth=depth, relations=["influenced by", "introduced by"])
        == filtered
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
        try:
            expected_graph = viz.subgraph(kg, focus=focus, depth=depth, **narrowing)
        except psygraph.errors.UsageError:
            continue
        local_graph = viz.subgraph(context, focus=focus, depth=depth, **narrowing)
        _same(local_graph, expected_graph)
        expected = viz.page_data(expected_graph, title="t", kg=kg, focus=focus)
        assert viz.page_data(local_graph, title="t", kg=kg, focus=focus, context=context) == expected


def test_focus_page_written_from_the_local_context(
    kg: psygraph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    whole = viz.write_explorer(kg, tmp_path / "whole.html", focus="winnicott", depth=1).read_text("utf-8")
    monkeypatch.setattr(storepath, "prefer", lambda _kg: True)
    local = viz.write_explorer(kg, tmp_path / "local.html", focus="winnicott", depth=1).read_text("utf-8")
    assert local == whole
