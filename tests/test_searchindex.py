"""The search index narrows the field without changing what ``search`` answers."""

from __future__ import annotations

import pytest

import psygraph
from psygraph import resolve
from psygraph.namespaces import compact
from psygraph.scoring import score_entities
from psygraph.searchindex import candidates

QUERIES = [
    "mirror",
    "winnicot",
    "Frued",
    "defence",
    "projective identification",
    "object relations",
    "mentalisation",
    "trnsference",
    "ego",
    "the",
    "a",
    "holding environ",
    "ation",
    "zzzz",
]


def _scan(kg: psygraph.KnowledgeGraph, text: str, types: str | None) -> list[dict]:
    """What search answered before it had an index: every entity scored, ranked the same way (a
    limit takes the first rows)."""
    index = resolve.name_index(kg)
    allowed = resolve.resolve_type(kg, types) if types else None
    links = resolve.prominence(kg)
    rows = []
    for entity, (score, match) in score_entities(index, text).items():
        if allowed is not None and not index.classes(entity) & allowed:
            continue
        kind = resolve.type_label(kg, resolve.entity_type(kg, entity))
        name = resolve.label(kg, entity).casefold()
        rows.append((-score, -links.get(entity, 0), name, entity, kind, match))
    rows.sort(key=lambda r: r[:3])
    found = [
        {"label": resolve.label(kg, e), "type": kind, "match": match, "score": -s, "id": compact(e)}
        for s, _, _, e, kind, match in rows
    ]
    return found


@pytest.mark.parametrize("text", QUERIES)
def test_search_answers_as_a_full_scan_does(kg: psygraph.KnowledgeGraph, text: str) -> None:
    for types in (None, "theorist"):
        scanned = _scan(kg, text, types)
        for limit in (1, 5, 20, None):
            assert psygraph.search(kg, text, limit=limit, types=types) == scanned[:limit]


@pytest.mark.parametrize("text", QUERIES)
def test_candidates_hold_every_match(kg: psygraph.KnowledgeGraph, text: str) -> None:
    index = resolve.name_index(kg)
    assert set(score_entities(index, text)) <= set(candidates(kg, text))


def test_candidates_are_fewer_than_all_entities(kg: psygraph.KnowledgeGraph) -> None:
    assert 0 < len(candidates(kg, "winnicott")) < len(resolve.name_index(kg)) / 2
    assert candidates(kg, "   ") == []
