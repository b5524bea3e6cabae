"""Exports: every format round-trips, the include and inferred choices select the right triples, every
write is atomic, and bad requests get one-line errors.

RDF exports are checked by re-parsing them (rdflib) and comparing them triple by triple (with
``rdflib.compare.isomorphic`` when blank nodes make that necessary);
GraphML and GEXF by reading them back with networkx; CSV with the standard ``csv`` module.
"""

from __future__ import annotations

import csv
import functools
import json
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from minidata import mini_as_shipped_data
from rdflib.compare import isomorphic as isomorphic_with_blank_nodes

import psygraph
from psygraph import resources
from psygraph._output import spreadsheet_safe
from psygraph.api import data_version
from psygraph.atomic import TEMP_PREFIX
from psygraph.errors import InputError, UsageError
from psygraph.export import (
    EDGE_COLUMNS,
    FORMATS,
    LIST_SEPARATOR,
    NODE_COLUMNS,
    RDF_FORMATS,
    context,
    export,
    output_paths,
    rdf_selection,
)
from psygraph.infer import inferred_closure, with_inferences
from psygraph.namespaces import ID, OWL, PSY, RDF, SKOS

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "owl": "xml", "jsonld": "json-ld"}

EXTRA_TTL = """\
@prefix id:      <https://w3id.org/psygraph/id/> .
@prefix psy:     <https://w3id.org/psygraph/ontology#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

id:test-theorist a psy:Theorist ;
    skos:prefLabel "Théo \\"the tester\\", <script>alert(1)</script>"@en ;
    skos:altLabel "T. Tester"@en , "Prüfer"@de ;
    skos:definition "A made-up theorist, with a comma, a quote (\\") and\\na line break."@en ;
    psy:birthYear 1901 ;
    psy:influencedBy id:sigmund-freud ;
    psy:founded id:test-school ;
    dcterms:source id:test-work .

id:test-school a psy:School ;
    skos:prefLabel "Test school"@en ;
    skos:definition "A made-up school."@en ;
    dcterms:source id:test-work .

id:test-concept a psy:TheoreticalConcept ;
    skos:prefLabel "Test concept"@en ;
    skos:definition "A made-up concept."@en ;
    psy:introducedBy id:test-theorist ;
    psy:introducedIn id:test-work ;
    psy:relatedTo id:other-concept ;
    psy:year 1950 ;
    dcterms:source id:test-work .

id:other-concept a psy:TheoreticalConcept ;
    skos:prefLabel "Other concept"@en ;
    skos:definition "Another made-up concept."@en ;
    dcterms:source id:test-work .

id:test-work a psy:Work ;
    skos:prefLabel "A test work"@en ;
    skos:definition "A made-up book."@en ;
    psy:year 1949 ;
    psy:author id:test-theorist ;
    dcterms:bibliographicCitation "Tester, T. (1949). A Test Work. Nowhere: No Press." .
"""

TEST_THEORIST = ID + "test-theorist"
TEST_CONCEPT = ID + "test-concept"
OTHER_CONCEPT = ID + "other-concept"
FREUD = ID + "sigmund-freud"


@pytest.fixture(scope="module")
def extra_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "extra.ttl"
    path.write_text(EXTRA_TTL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_kg(extra_file: Path) -> psygraph.KnowledgeGraph:
    """The shipped ontology, the tiny data set in place of the shipped data, and a small user file with
    awkward text and each kind of relation."""
    with mini_as_shipped_data():
        return psygraph.load([extra_file])


@pytest.fixture(scope="module")
def inferred_kg(small_kg: psygraph.KnowledgeGraph) -> psygraph.KnowledgeGraph:
    """*small_kg* with its OWL RL inferences stored, so the tests reason once, not once each."""
    return with_inferences(small_kg)


def parse(path: Path, fmt: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    with warnings.catch_warnings():
        # rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally.
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(path, format=RDFLIB_FORMAT[fmt])
    return graph


def temp_leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def edge_triples(graph: nx.MultiDiGraph) -> Counter[tuple[str, str, str]]:
    return Counter((u, v, d["relation"]) for u, v, d in graph.edges(data=True))


def joined(values: list[str]) -> str:
    return LIST_SEPARATOR.join(sorted(set(values)))


# --- RDF formats -----------------------------------------------------------------------------------


def isomorphic(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    """Whether *a* and *b* hold the same triples, blank nodes matched by rdflib when there are any
    (rdflib's check costs a second on the shipped graph, which has none)."""
    if any(isinstance(term, rdflib.BNode) for graph in (a, b) for triple in graph for term in triple):
        return isomorphic_with_blank_nodes(a, b)
    return set(a) == set(b)


@pytest.fixture(scope="module")
def read_back(small_kg: psygraph.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """*small_kg* exported in a format with an include, and parsed back by rdflib: once each per module."""
    folder = tmp_path_factory.mktemp("exports")

    @functools.cache
    def read(fmt: str, include: str) -> rdflib.Graph:
        [path] = export(small_kg, fmt, folder / f"{include}.{fmt}", include=include)
        return parse(path, fmt)

    yield read
    read.cache_clear()  # the graphs are big: not kept for the rest of the session


@pytest.fixture(scope="module")
def described() -> Iterator[Any]:
    """:func:`with_description`, computed once per graph and include in this module (read-only)."""
    once = functools.cache(with_description)
    yield once
    once.cache_clear()


def with_description(kg: psygraph.KnowledgeGraph, include: str) -> rdflib.Graph:
    """The triples of *include*, plus the dataset's description when the data is exported."""
    graph = kg.to_rdflib(include)
    if include != "ontology":
        from psygraph.dataset import void_triples

        nt = pyoxigraph.serialize(void_triples(kg), format=pyoxigraph.RdfFormat.N_TRIPLES)
        graph.parse(data=nt, format="nt")
    return graph


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_data_exports_describe_the_dataset(
    small_kg: psygraph.KnowledgeGraph, read_back: Any, fmt: str
) -> None:
    graph = read_back(fmt, "data")
    dataset = rdflib.URIRef("https://w3id.org/psygraph/dataset")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    assert (dataset, rdflib.RDF.type, void.Dataset) in graph
    assert (dataset, rdflib.RDF.type, dcat.Dataset) in graph
    assert str(graph.value(dataset, dcat.version)) == data_version(small_kg)
    assert graph.value(dataset, dcterms.license) == rdflib.URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert graph.value(dataset, dcterms.creator) is not None
    assert "[Data set]" in str(graph.value(dataset, dcterms.bibliographicCitation))


def test_graph_exports_describe_the_dataset(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    import networkx as nx

    [graphml] = export(small_kg, "graphml", tmp_path / "out.graphml")
    about = nx.read_graphml(graphml).graph
    assert about["dataset"] == "https://w3id.org/psygraph/dataset"
    assert about["version"] == data_version(small_kg)
    assert about["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "[Data set]" in about["citation"]
    [gexf] = export(small_kg, "gexf", tmp_path / "out.gexf")
    meta = ET.parse(gexf).getroot().find("{http://www.gexf.net/1.2draft}meta")
    assert meta is not None
    text = {child.tag.rsplit("}", 1)[-1]: child.text or "" for child in meta}
    assert text["creator"] == about["creators"]
    assert data_version(small_kg) in text["description"]
    assert about["citation"] in text["description"]
    assert len(nx.read_gexf(gexf)) == len(nx.read_graphml(graphml))


@pytest.mark.parametrize("include", ["all", "ontology", "data"])
@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_export_round_trips(
    small_kg: psygraph.KnowledgeGraph, read_back: Any, described: Any, fmt: str, include: str
) -> None:
    assert isomorphic(read_back(fmt, include), described(small_kg, include))


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_shipped_graph_round_trips(
    kg: psygraph.KnowledgeGraph, described: Any, tmp_path: Path, fmt: str
) -> None:
    [path] = export(kg, fmt, tmp_path / f"psygraph.{fmt}")
    back, source = parse(path, fmt), described(kg, "all")
    assert len(back) == len(source)
    assert isomorphic(back, source)


def test_include_picks_the_named_graphs(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    ontology = parse(export(small_kg, "ttl", tmp_path / "o.ttl", include="ontology")[0], "ttl")
    data = parse(export(small_kg, "ttl", tmp_path / "d.ttl", include="data")[0], "ttl")
    theorist, person_class = rdflib.URIRef(TEST_THEORIST), rdflib.URIRef(PSY + "Theorist")
    assert (person_class, rdflib.RDF.type, rdflib.OWL.Class) in ontology
    assert not list(ontology.triples((theorist, None, None)))
    assert (theorist, rdflib.RDF.type, person_class) in data  # the user's file counts as data
    assert (rdflib.URIRef(FREUD), rdflib.RDF.type, person_class) in data  # and so does the shipped data
    assert not list(data.triples((person_class, None, None)))


def test_inferred_adds_inverse_symmetric_and_super_properties(
    small_kg: psygraph.KnowledgeGraph, inferred_kg: psygraph.KnowledgeGraph, tmp_path: Path
) -> None:
    stated = parse(export(small_kg, "nt", tmp_path / "s.nt", include="data")[0], "nt")
    inferred = parse(export(small_kg, "nt", tmp_path / "i.nt", include="data", inferred=True)[0], "nt")
    theorist, concept, other = (rdflib.URIRef(x) for x in (TEST_THEORIST, TEST_CONCEPT, OTHER_CONCEPT))
    expected = [
        (theorist, rdflib.URIRef(PSY + "introduced"), concept),  # inverse of introducedBy
        (other, rdflib.URIRef(PSY + "relatedTo"), concept),  # relatedTo is symmetric
        (theorist, rdflib.URIRef(PSY + "memberOf"), rdflib.URIRef(ID + "test-school")),  # founded ⊑ memberOf
        (theorist, rdflib.RDF.type, rdflib.URIRef(PSY + "Entity")),  # Theorist ⊑ Entity
    ]
    for triple in expected:
        assert triple not in stated
        assert triple in inferred
    assert all(t in inferred for t in stated)
    # Reasoning on the fly (above) and reading stored inferences agree.
    assert isomorphic(inferred, rdf_selection(inferred_kg, "data", inferred=True))


def test_inferred_leaves_out_tautologies(inferred_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    graph = parse(export(inferred_kg, "nt", tmp_path / "i.nt", inferred=True)[0], "nt")
    assert not list(graph.triples((None, rdflib.OWL.sameAs, None)))
    assert not list(graph.triples((None, None, rdflib.OWL.Thing)))
    assert not [s for s in graph.subjects() if str(s).startswith((OWL, RDF))]


def test_inferred_closure_is_a_fresh_graph_each_time(inferred_kg: psygraph.KnowledgeGraph) -> None:
    first = inferred_closure(inferred_kg)
    size = len(first)
    first.remove((None, None, None))  # a caller changing its copy must not change the next answer
    assert len(inferred_closure(inferred_kg)) == size > len(inferred_kg.to_rdflib("all"))


def test_cli_inferred_export_of_inconsistent_data_fails_in_one_line(
    cli: Any, runner: Any, write_ttl: Any, tmp_path: Path, mini_shipped: Path
) -> None:
    bad = write_ttl('id:confused a psy:Theorist , psy:Work ; skos:prefLabel "Confused"@en .')
    target = tmp_path / "out.ttl"
    result = runner.invoke(cli, ["--data", str(bad), "export", "--inferred", "-o", str(target)])
    assert result.exit_code == 1
    assert "OWL RL reasoning finds the graph inconsistent" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not target.exists()


def test_jsonld_reads_like_plain_json(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    [path] = export(small_kg, "jsonld", tmp_path / "out.jsonld", include="data")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"] == context()
    nodes = {node["@id"]: node for node in document["@graph"]}
    theorist = nodes["id:test-theorist"]
    assert theorist["type"] == "Theorist"
    assert theorist["label"].startswith("Théo")
    assert theorist["altLabel"] == "T. Tester"
    assert theorist["birthYear"] == 1901
    assert theorist["influencedBy"] == ["id:sigmund-freud"]
    assert theorist["founded"] == ["id:test-school"]
    assert nodes["id:test-concept"]["relatedTo"] == ["id:other-concept"]


def test_context_has_a_term_for_every_property() -> None:
    terms = context()
    prefixes = {k: v for k, v in terms.items() if isinstance(v, str) and not v.startswith("@")}

    def expand(term: str, definition: Any) -> str:
        iri = definition["@id"] if isinstance(definition, dict) else definition
        prefix, _, rest = iri.partition(":")
        return prefixes[prefix] + rest if prefix in prefixes else iri

    expanded = {expand(k, v) for k, v in terms.items() if not k.startswith("@") and k not in prefixes}
    ontology = psygraph.load().to_rdflib("ontology")
    for kind in (rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty):
        for prop in ontology.subjects(rdflib.RDF.type, kind):
            assert str(prop) in expanded, f"context.jsonld has no term for {prop}"
    assert expand("label", terms["label"]) == SKOS + "prefLabel"
    assert terms["type"] == "@type"


# --- graph formats ---------------------------------------------------------------------------------


def test_graphml_round_trips(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    [path] = export(small_kg, "graphml", tmp_path / "out.graphml")
    back = nx.read_graphml(path)
    source = small_kg.nx
    assert set(back) == set(source)
    assert edge_triples(back) == edge_triples(source)
    for node, attrs in source.nodes(data=True):
        got = back.nodes[node]
        assert (got["label"], got["type"], got["definition"]) == (
            attrs["label"],
            attrs["type"],
            attrs["definition"],
        )
        assert got["alt_labels"] == joined(attrs["alt_labels"])
        assert got["sources"] == joined(attrs["sources"])
        for year in ("year", "birth_year", "death_year"):
            assert got.get(year) == attrs.get(year)
    for _u, _v, attrs in back.edges(data=True):
        assert attrs["relation_label"] == attrs["label"]
        assert attrs["relation_label"]


def test_gexf_round_trips(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    [path] = export(small_kg, "gexf", tmp_path / "out.gexf")
    back = nx.read_gexf(path)
    source = small_kg.nx
    assert set(back) == set(source)
    assert edge_triples(back) == edge_triples(source)
    for node, attrs in source.nodes(data=True):
        got = back.nodes[node]
        assert (got["label"], got["type"], got["definition"]) == (
            attrs["label"],
            attrs["type"],
            attrs["definition"],
        )
        assert got["alt_labels"] == joined(attrs["alt_labels"])
        assert got.get("birth_year") == attrs.get("birth_year")
    assert {d["relation_label"] for _, _, d in back.edges(data=True)} == {
        d["relation_label"] for _, _, d in source.edges(data=True)
    }


def test_graph_formats_keep_parallel_edges_apart(
    inferred_kg: psygraph.KnowledgeGraph, tmp_path: Path
) -> None:
    # The test theorist founded the test school; with inference it is also a member of it: two edges
    # between the same pair, which GraphML and GEXF must keep as two edges with distinct ids.
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        [path] = export(inferred_kg, fmt, tmp_path / f"out.{fmt}", inferred=True)
        back = reader(path)
        relations = {d["relation"] for d in back.get_edge_data(TEST_THEORIST, ID + "test-school").values()}
        assert relations == {PSY + "founded", PSY + "memberOf"}


def test_csv_round_trips(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    nodes_path, edges_path = export(small_kg, "csv", tmp_path / "psygraph.csv")
    assert (nodes_path.name, edges_path.name) == ("psygraph-nodes.csv", "psygraph-edges.csv")
    with nodes_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == NODE_COLUMNS
        nodes = {row["id"]: row for row in reader}
    with edges_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == EDGE_COLUMNS
        edges = list(reader)
    source = small_kg.nx
    assert set(nodes) == set(source)
    for node, attrs in source.nodes(data=True):
        row = nodes[node]
        assert (row["label"], row["type"], row["definition"]) == (
            attrs["label"],
            attrs["type"],
            attrs["definition"],
        )
        cell = row["alt_labels"]
        if cell.startswith("'") and spreadsheet_safe(cell[1:]) == cell:  # guarded against formulas
            cell = cell[1:]
        split = cell.split(LIST_SEPARATOR) if cell else []
        assert sorted(split) == sorted(set(attrs["alt_labels"]))
        assert row["birth_year"] == str(attrs.get("birth_year", ""))
    assert Counter((e["source"], e["target"], e["relation"]) for e in edges) == edge_triples(source)
    influence = next(e for e in edges if e["source"] == TEST_THEORIST and e["target"] == FREUD)
    assert influence["relation_name"] == "influencedBy"
    assert influence["relation_label"] == "influenced by"
    assert influence["target_label"] == source.nodes[FREUD]["label"]


def test_csv_cells_never_run_as_spreadsheet_formulas(write_ttl: Any, tmp_path: Path) -> None:
    hostile = write_ttl(
        'id:formula a psy:TheoreticalConcept ; skos:prefLabel "=WEBSERVICE(\\"http://example.org\\")"@en ;'
        ' skos:definition "@SUM(A1)"@en .'
    )
    nodes_path, _ = export(psygraph.load([hostile]), "csv", tmp_path / "out.csv")
    with nodes_path.open(newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["id"] == ID + "formula")
    assert row["label"] == '\'=WEBSERVICE("http://example.org")'
    assert row["definition"] == "'@SUM(A1)"


@pytest.mark.parametrize("fmt", ["csv", "ttl"])
def test_stored_inferences_are_left_out_unless_asked_for(
    small_kg: psygraph.KnowledgeGraph, inferred_kg: psygraph.KnowledgeGraph, tmp_path: Path, fmt: str
) -> None:
    stated = export(small_kg, fmt, tmp_path / f"stated.{fmt}")
    from_inferred = export(inferred_kg, fmt, tmp_path / f"from-inferred.{fmt}")
    with_inferred = export(inferred_kg, fmt, tmp_path / f"with-inferred.{fmt}", inferred=True)
    if fmt == "ttl":
        assert isomorphic(parse(stated[0], "ttl"), parse(from_inferred[0], "ttl"))
    else:
        assert [p.read_bytes() for p in stated] == [p.read_bytes() for p in from_inferred]
    # The last file (the edges, for csv) grows with the inferred relations.
    assert stated[-1].stat().st_size < with_inferred[-1].stat().st_size


def test_graph_formats_refuse_ontology_only(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--include all or data"):
        export(small_kg, "graphml", tmp_path / "out.graphml", include="ontology")
    assert list(tmp_path.iterdir()) == []


# --- atomic writes ---------------------------------------------------------------------------------


class Interrupted(Exception):
    """Stands for a failure halfway through writing an export."""


def _break_serialize(self: rdflib.Graph, destination: Any = None, **kwargs: Any) -> None:
    destination.write(b"<half a file")
    raise Interrupted


def _break_nx_writer(graph: Any, handle: Any, *args: Any, **kwargs: Any) -> None:
    handle.write(b"<half a file")
    raise Interrupted


def _break_rows(graph: Any) -> Any:
    yield {column: "x" for column in EDGE_COLUMNS}
    raise Interrupted


def _breakers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdflib.Graph, "serialize", _break_serialize)
    monkeypatch.setattr(pyoxigraph, "serialize", _break_nx_writer)  # ttl and nt without inferences
    monkeypatch.setattr(nx, "write_graphml", _break_nx_writer)
    monkeypatch.setattr(nx, "write_gexf", _break_nx_writer)
    monkeypatch.setattr("psygraph.export.edge_rows", _break_rows)


@pytest.mark.parametrize("fmt", FORMATS)
def test_interrupted_export_keeps_old_file(
    small_kg: psygraph.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    small_kg.nx  # build the projection before the writers are broken  # noqa: B018
    targets = output_paths(fmt, tmp_path / f"out.{fmt}")
    for target in targets:
        target.write_text("good old file\n", encoding="utf-8")
    _breakers(monkeypatch)
    with pytest.raises(Interrupted):
        export(small_kg, fmt, tmp_path / f"out.{fmt}")
    for target in targets:
        assert target.read_text(encoding="utf-8") == "good old file\n"
    assert temp_leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_interrupted_export_creates_nothing(
    small_kg: psygraph.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    small_kg.nx  # noqa: B018
    _breakers(monkeypatch)
    with pytest.raises(Interrupted):
        export(small_kg, fmt, tmp_path / f"out.{fmt}")
    assert list(tmp_path.iterdir()) == []


# --- targets and errors ----------------------------------------------------------------------------


def test_unknown_format_lists_the_valid_ones(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        export(small_kg, "xlsx", tmp_path / "out.xlsx")
    message = str(info.value)
    assert "\n" not in message
    assert "'xlsx'" in message
    assert all(fmt in message for fmt in FORMATS)


def test_unknown_include_lists_the_valid_ones(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="all, ontology, data"):
        export(small_kg, "ttl", tmp_path / "out.ttl", include="everything")


def test_folder_target_gets_default_names(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    assert [p.name for p in export(small_kg, "owl", tmp_path)] == ["psygraph.owl"]
    assert [p.name for p in export(small_kg, "csv", tmp_path)] == ["psygraph-nodes.csv", "psygraph-edges.csv"]


def test_missing_folder_is_an_input_error(small_kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        export(small_kg, "ttl", tmp_path / "nowhere" / "out.ttl")


def shipped_files() -> list[Path]:
    return [Path(str(f)) for f in [*resources.ontology_files(), resources.data_file()]]


@pytest.mark.parametrize("fmt", ["ttl", "csv"])
@pytest.mark.parametrize("index", [0, -1])
def test_refuses_to_overwrite_shipped_files(small_kg: psygraph.KnowledgeGraph, fmt: str, index: int) -> None:
    target = shipped_files()[index]
    before = target.read_bytes()
    with pytest.raises(UsageError, match="shipped"):
        export(small_kg, fmt, target if fmt == "ttl" else target.with_suffix(".csv"))
    assert target.read_bytes() == before


def test_refuses_new_files_in_shipped_folders(small_kg: psygraph.KnowledgeGraph) -> None:
    # A new .ttl in the ontology folder would be loaded as part of the schema next time.
    folder = Path(str(resources.ontology_files()[0])).parent
    with pytest.raises(UsageError, match="shipped"):
        export(small_kg, "ttl", folder / "export.ttl")
    assert not (folder / "export.ttl").exists()


# --- the command line ------------------------------------------------------------------------------


@pytest.fixture
def cli() -> Any:
    from psygraph.cli import main

    return main


def test_cli_exports_with_format_from_suffix(cli: Any, runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "psygraph.owl"
    result = runner.invoke(cli, ["export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert (rdflib.URIRef(FREUD), rdflib.RDF.type, rdflib.URIRef(PSY + "Theorist")) in parse(target, "owl")


def test_cli_exports_user_data(cli: Any, runner: Any, extra_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.nt"
    args = ["--data", str(extra_file), "export", "--format", "nt", "--include", "data", "-o", str(target)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert rdflib.URIRef(TEST_THEORIST) in set(parse(target, "nt").subjects())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx", "-o", "out.xlsx"], "unknown export format 'xlsx'; choose one of ttl, nt, owl"),
        (["-o", "out.xlsx"], "cannot tell the export format of 'out.xlsx'"),
        (["-f", "ttl", "--include", "some", "-o", "out.ttl"], "unknown --include 'some'"),
        (["-f", "ttl", "-o", "missing/out.ttl"], "does not exist"),
        (["-f", "gexf", "--include", "ontology", "-o", "out.gexf"], "takes --include all or data"),
    ],
)
def test_cli_errors_are_one_line(
    cli: Any, runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["export", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_shipped_data_file(cli: Any, runner: Any) -> None:
    target = Path(str(resources.data_file()))
    before = target.read_bytes()
    result = runner.invoke(cli, ["export", "-f", "ttl", "-o", str(target)])
    assert result.exit_code == 2
    assert "shipped" in result.output
    assert "Traceback" not in result.output
    assert target.read_bytes() == before


def test_cli_inferred_and_group_infer_agree(
    cli: Any, runner: Any, extra_file: Path, tmp_path: Path, mini_shipped: Path
) -> None:
    plain, flag, group = tmp_path / "plain.nt", tmp_path / "flag.nt", tmp_path / "group.nt"
    base = ["--data", str(extra_file)]
    assert runner.invoke(cli, [*base, "export", "-o", str(plain)]).exit_code == 0
    assert runner.invoke(cli, [*base, "export", "--inferred", "-o", str(flag)]).exit_code == 0
    assert runner.invoke(cli, [*base, "--infer", "export", "-o", str(group)]).exit_code == 0
    triple = (rdflib.URIRef(OTHER_CONCEPT), rdflib.URIRef(PSY + "relatedTo"), rdflib.URIRef(TEST_CONCEPT))
    assert triple not in parse(plain, "nt")
    assert triple in parse(flag, "nt")
    assert isomorphic(parse(flag, "nt"), parse(group, "nt"))
