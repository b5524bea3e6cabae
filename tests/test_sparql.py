"""The bundled SPARQL queries, and the read-only check and runner for user queries."""

from __future__ import annotations

from pathlib import Path

import pytest

import psygraph
from psygraph import sparql
from psygraph.errors import InputError, QueryError
from psygraph.namespaces import ID

KLEIN = ID + "melanie-klein"
BPD = ID + "borderline-personality-disorder"

#: Bindings the queries that describe one entity need.
REQUIRED_BINDINGS = {
    "entity_literals": {"entity": KLEIN},
    "entity_links_out": {"entity": KLEIN},
    "entity_links_in": {"entity": KLEIN},
    "evidence_chain": {"concept": ID + "mentalization"},
}


@pytest.mark.parametrize("name", sparql.query_names())
def test_every_bundled_query_runs(mini_kg: psygraph.KnowledgeGraph, name: str) -> None:
    text = sparql.load_query(name)
    assert text.startswith("# Purpose:"), "each query starts with a header naming its purpose"
    rows = sparql.run(mini_kg, name, **REQUIRED_BINDINGS.get(name, {}))
    assert rows, f"{name} found nothing in the fixture graph"


def test_a_binding_narrows_a_query(mini_kg: psygraph.KnowledgeGraph) -> None:
    every = sparql.run(mini_kg, "evidence")
    for_bpd = sparql.run(mini_kg, "evidence", condition=BPD, modality=None)
    assert {row["condition"] for row in for_bpd} == {BPD}
    assert len(every) >= len(for_bpd) > 0


def test_an_unknown_bundled_query_is_named(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="no bundled query named 'nope'; the queries are: .*names"):
        sparql.run(mini_kg, "nope")


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("prefix ex: <http://example.org/#delete> select ?insert where { ?insert ?p ?o }", "SELECT"),
        ('SELECT ?s WHERE { ?s ?p "INSERT DATA { }" }', "SELECT"),
        ("# DELETE everything\nASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE id:melanie-klein", "DESCRIBE"),
        ("SELECT ?s WHERE { ?s psy:add ?o }", "SELECT"),
    ],
)
def test_read_only_queries_pass(text: str, form: str) -> None:
    assert sparql.query_form(text) == form


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
        ("delete where { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP GRAPH <http://example.org/g>", "DROP"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("PREFIX ex: <http://example.org/> CREATE GRAPH ex:g", "CREATE"),
    ],
)
def test_updates_are_refused(text: str, keyword: str) -> None:
    with pytest.raises(QueryError, match=f"read-only queries only .*; {keyword} would change the graph"):
        sparql.query_form(text)


def test_service_is_refused(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        sparql.user_query(mini_kg, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


def test_text_without_a_query_form_is_refused() -> None:
    with pytest.raises(QueryError, match="not a SPARQL query"):
        sparql.query_form("hello world")


def test_user_select_has_the_prefixes_bound(mini_kg: psygraph.KnowledgeGraph) -> None:
    result = sparql.user_query(
        mini_kg, "SELECT ?t WHERE { ?t a psy:Theorist ; skos:prefLabel 'Melanie Klein'@en }"
    )
    assert result.form == "SELECT"
    assert result.columns == ["t"]
    assert result.rows == [{"t": KLEIN}]
    compacted = sparql.user_query(
        mini_kg, "SELECT ?t WHERE { ?t skos:altLabel 'Melanie Reizes'@en }", compact_iris=True
    )
    assert compacted.rows == [{"t": "id:melanie-klein"}]


def test_user_select_with_no_rows_keeps_its_columns(mini_kg: psygraph.KnowledgeGraph) -> None:
    result = sparql.user_query(mini_kg, "SELECT ?x (COUNT(?y) AS ?n) WHERE { ?x a psy:Nothing } GROUP BY ?x")
    assert result.rows == []
    assert result.columns == ["x", "n"]


def test_user_ask_and_construct(mini_kg: psygraph.KnowledgeGraph) -> None:
    assert sparql.user_query(mini_kg, "ASK { id:melanie-klein a psy:Theorist }").rows == [{"ask": True}]
    assert sparql.user_query(mini_kg, "ASK { id:melanie-klein a psy:Work }").rows == [{"ask": False}]
    triples = sparql.user_query(
        mini_kg,
        "CONSTRUCT { id:melanie-klein psy:analysedBy ?o } WHERE { id:melanie-klein psy:analysedBy ?o }",
    )
    assert triples.columns == ["subject", "predicate", "object"]
    assert {row["object"] for row in triples.rows} == {ID + "sandor-ferenczi", ID + "karl-abraham"}


def test_a_broken_query_is_one_line(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(QueryError) as caught:
        sparql.user_query(mini_kg, "SELECT ?x WHERE { ?x ")
    assert str(caught.value).startswith("the SPARQL query is not valid at line 1, column ")
    assert "\n" not in str(caught.value)


def test_user_queries_cannot_change_the_graph(mini_kg: psygraph.KnowledgeGraph) -> None:
    before = len(mini_kg)
    with pytest.raises(QueryError):
        sparql.user_query(mini_kg, "INSERT DATA { id:x a psy:Theorist }")
    assert len(mini_kg) == before


def test_read_query_takes_text_or_a_file(tmp_path: Path) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    assert sparql.read_query(query) == query
    path = tmp_path / "q.rq"
    path.write_text(query, encoding="utf-8")
    assert sparql.read_query(str(path)) == query


def test_read_query_names_a_missing_or_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such query file: 'missing.rq'"):
        sparql.read_query("missing.rq")
    empty = tmp_path / "empty.rq"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        sparql.read_query(str(empty))
