"""The loader's contract: what psygraph.load returns, where each file goes, and its one-line errors.

Each behaviour is checked with the store cache off, below its size threshold (parsed into memory)
and forced on (every load through an on-disk store), since all three must give the same graph.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

import psygraph
from psygraph.errors import InputError
from psygraph.loader import user_graph_iri
from psygraph.namespaces import DATA_GRAPH, ID, INVERSES_GRAPH, ONTOLOGY_GRAPH, PSY, SKOS

MODES = ["no-cache", "memory", "store"]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Run the test with the cache off, on for small inputs (memory) and on with a store for any input."""
    monkeypatch.setenv("PSYGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PSYGRAPH_NO_CACHE", raising=False)
    if request.param == "no-cache":
        monkeypatch.setenv("PSYGRAPH_NO_CACHE", "1")
    elif request.param == "store":
        monkeypatch.setenv("PSYGRAPH_CACHE_MIN_BYTES", "0")
        monkeypatch.setenv("PSYGRAPH_CACHE_BUILD", "foreground")
    else:
        monkeypatch.setenv("PSYGRAPH_CACHE_MIN_BYTES", str(10**12))
    return str(request.param)


def quads(kg: psygraph.KnowledgeGraph) -> set[tuple[str, str, str, str]]:
    """The stated quads (the materialised inverses are derived, and made on first use in memory)."""
    return {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in kg.store
        if str(q.graph_name) != f"<{INVERSES_GRAPH}>"
    }


def test_issue_10_reverse_links_answer_without_infer(mode: str, write_ttl: Callable[..., Path]) -> None:
    extra = write_ttl("id:new-school a psy:School . id:sigmund-freud psy:founded id:new-school .")
    kg = psygraph.load([extra])
    query = "SELECT ?who WHERE { id:new-school psy:foundedBy ?who }"
    assert [row["who"] for row in kg.select(query, inverses=True)] == [ID + "sigmund-freud"]
    assert kg.select(query) == []  # psygraph's own questions read what is stated


def test_shipped_graph_has_ontology_and_data_in_their_own_graphs(mode: str) -> None:
    kg = psygraph.load()
    assert isinstance(kg, psygraph.KnowledgeGraph)
    assert kg.user_graphs == ()
    assert kg.ask("ASK { GRAPH ?g { psy:Theorist a owl:Class } }", {"g": ONTOLOGY_GRAPH})
    assert kg.ask("ASK { GRAPH ?g { id:sigmund-freud a psy:Theorist } }", {"g": DATA_GRAPH})


def test_every_mode_loads_the_same_triples(
    mode: str, write_ttl: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = write_ttl('id:new-thing a psy:Concept ; skos:prefLabel "New thing"@en .')
    loaded = quads(psygraph.load([extra]))
    monkeypatch.setenv("PSYGRAPH_NO_CACHE", "1")
    assert loaded == quads(psygraph.load([extra]))


def test_each_data_file_goes_into_its_own_named_graph(mode: str, write_ttl: Callable[..., Path]) -> None:
    first = write_ttl('id:first-thing skos:prefLabel "First"@en .', name="a.ttl")
    second = write_ttl('id:second-thing skos:prefLabel "Second"@en .', name="b.ttl")
    kg = psygraph.load([first, second])
    assert kg.user_graphs == (user_graph_iri(0, first), user_graph_iri(1, second))
    for graph, thing in zip(kg.user_graphs, ("first-thing", "second-thing"), strict=True):
        found = kg.store.quads_for_pattern(ox.NamedNode(ID + thing), None, None, ox.NamedNode(graph))
        assert len(list(found)) == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("extra.nt", f'<{ID}x> <{SKOS}prefLabel> "X"@en .\n'),
        ("extra.jsonld", f'{{"@id": "{ID}x", "{SKOS}prefLabel": "X"}}'),
        (
            "extra.rdf",
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:skos="http://www.w3.org/2004/02/skos/core#">'
            f'<rdf:Description rdf:about="{ID}x"><skos:prefLabel>X</skos:prefLabel></rdf:Description>'
            "</rdf:RDF>",
        ),
    ],
)
def test_other_rdf_formats_load_by_suffix(mode: str, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    kg = psygraph.load([path])
    assert kg.select("SELECT ?l WHERE { id:x skos:prefLabel ?l }")[0]["l"] == "X"


def test_relative_iris_resolve_against_the_file(mode: str, tmp_path: Path) -> None:
    path = tmp_path / "relative.ttl"
    path.write_text('<thing> <%s> "Relative"@en .' % (SKOS + "prefLabel"), encoding="utf-8")
    kg = psygraph.load([path])
    assert (
        kg.select("SELECT ?s WHERE { ?s skos:prefLabel 'Relative'@en }")[0]["s"]
        == (tmp_path.resolve() / "thing").as_uri()
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.ttl", "no such data file: '{path}'"),
        (lambda d: _write(d / "notes.txt", "x"), "cannot tell the RDF format of '{path}'; use one of"),
        (lambda d: _write(d / "empty.ttl", ""), "the data file '{path}' is empty"),
        (lambda d: _write(d / "bad.ttl", "@prefix x: <http://x/> .\nx:a x:b"), "'{path}' is not valid RDF:"),
    ],
)
def test_bad_files_raise_one_line_input_errors(
    mode: str, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as raised:
        psygraph.load([path])
    text = str(raised.value)
    assert text.startswith(message.format(path=path))
    assert "\n" not in text
    assert raised.value.exit_code == 2


def test_a_syntax_error_names_the_line(mode: str, write_ttl: Callable[..., Path]) -> None:
    path = write_ttl('id:a skos:prefLabel "fine"@en .\nid:b skos:prefLabel "broken .\n')
    with pytest.raises(InputError, match=r"line \d"):
        psygraph.load([path])


def test_a_bad_file_leaves_no_cache_entry(mode: str, tmp_path: Path, write_ttl: Callable[..., Path]) -> None:
    path = write_ttl("id:a psy:relatedTo")
    with pytest.raises(InputError):
        psygraph.load([path])
    stores = tmp_path / "cache" / "stores"
    assert not stores.exists() or not list(stores.iterdir())


def test_the_graph_answers_queries(mode: str, write_ttl: Callable[..., Path]) -> None:
    path = write_ttl(
        "id:sigmund-freud psy:influencedBy id:new-mentor .\n"
        'id:new-mentor a psy:Theorist ; skos:prefLabel "New mentor"@en .'
    )
    kg = psygraph.load([path])
    assert kg.ask("ASK { id:sigmund-freud psy:influencedBy id:new-mentor }")
    assert kg.select("SELECT ?c WHERE { id:new-mentor a ?c }")[0]["c"] == PSY + "Theorist"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_select_tuples_gives_the_rows_of_select_in_the_order_of_the_variables(
    kg: psygraph.KnowledgeGraph,
) -> None:
    query = "SELECT ?label ?year WHERE { ?who skos:prefLabel ?label ; psy:birthYear ?year } ORDER BY ?label"
    rows = kg.select(query)
    assert rows
    assert kg.select_tuples(query) == [(row["label"], row["year"]) for row in rows]
    assert all(isinstance(year, int) for _, year in kg.select_tuples(query))
