"""Proof that tools psygraph did not write read its exports, and that the recipes in docs/recipes.md work.

* owlready2 loads the ontology and the data (RDF/XML and N-Triples) and its HermiT reasoner finds
  them consistent (and, as a control, finds a contradiction when there is one);
* pyoxigraph and raptor's ``rapper`` parse every RDF export to the same triples as rdflib;
* the commands, Python, SPARQL and Cypher in docs/recipes.md run or match the files they name.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import psygraph
from psygraph.export import EDGE_COLUMNS, LIST_SEPARATOR, NODE_COLUMNS, SUFFIXES, export, output_paths
from psygraph.namespaces import PSY

owlready2 = pytest.importorskip("owlready2")

RECIPES = Path(__file__).resolve().parent.parent / "docs" / "recipes.md"
OX_FORMAT = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "owl": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RAPPER_SYNTAX = {"ttl": "turtle", "nt": "ntriples", "owl": "rdfxml"}  # raptor has no JSON-LD parser
XSD_STRING = rdflib.XSD.string


def recipe_blocks() -> dict[str, str]:
    """The code blocks of docs/recipes.md that carry a ``<!-- test: name -->`` marker, by name."""
    text = RECIPES.read_text(encoding="utf-8")
    pattern = re.compile(r"<!-- test: (\S+) -->\s*```\w*\n(.*?)```", re.DOTALL)
    return {name: body for name, body in pattern.findall(text)}


def run_python(code: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    exec(compile(code, str(RECIPES), "exec"), {"__name__": "recipe"})  # noqa: S102 - our own docs


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every format of the shipped graph, written once into one folder as psygraph.<suffix> by the
    export commands of docs/recipes.md, which the other recipes then open."""
    from click.testing import CliRunner

    from psygraph.cli import main

    folder = tmp_path_factory.mktemp("exports")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        lines = [line.split("#")[0].strip() for line in recipe_blocks()["export-commands"].splitlines()]
        for line in filter(None, lines):
            args = shlex.split(line)
            assert args[0] == "psygraph", line
            result = CliRunner().invoke(main, args[1:])
            assert result.exit_code == 0, f"{line}: {result.output}"
    return folder


@pytest.fixture(scope="module")
def source(kg: psygraph.KnowledgeGraph) -> rdflib.Graph:
    """What an export of everything holds: the stated graph and the dataset's own description."""
    from psygraph.dataset import void_triples

    graph = kg.to_rdflib("all")
    graph.parse(data=ox.serialize(void_triples(kg), format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


# --- owlready2 and HermiT --------------------------------------------------------------------------


def owl_world(path: Path) -> Any:
    world = owlready2.World()
    world.get_ontology(path.resolve().as_uri()).load()
    return world


def _comparable(triple: tuple[Any, Any, Any]) -> tuple[str, str, Any]:
    """A triple as owlready2 gives it back: plain literals become xsd:string (the same thing in RDF
    1.1), decimals compare by value, and a trailing '/' is dropped from IRIs (owlready2 stores
    https://x/4.0/ as https://x/4.0)."""
    s, p, o = triple
    if isinstance(o, rdflib.Literal) and str(o.datatype).endswith("#decimal"):
        value: Any = (float(o), None, o.datatype)  # 0.0 and 0 are one decimal, however written
    elif isinstance(o, rdflib.Literal):
        value = (str(o), o.language, o.datatype or (None if o.language else XSD_STRING))
    else:
        value = str(o).rstrip("/")
    return (str(s), str(p), value)


@pytest.mark.parametrize("fmt", ["owl", "nt"])
def test_owlready2_loads_ontology_and_data(
    exported: Path, kg: psygraph.KnowledgeGraph, source: rdflib.Graph, fmt: str
) -> None:
    world = owl_world(exported / f"psygraph.{fmt}")
    kinds = {
        rdflib.OWL.Class: owlready2.ThingClass,
        rdflib.OWL.ObjectProperty: owlready2.ObjectPropertyClass,
        rdflib.OWL.DatatypeProperty: owlready2.DataPropertyClass,
    }
    for rdf_kind, owlready_kind in kinds.items():
        for term in source.subjects(rdflib.RDF.type, rdf_kind):
            if str(term).startswith(PSY):
                assert isinstance(world[str(term)], owlready_kind), term
    for node, attrs in kg.nx.nodes(data=True):
        assert isinstance(world[node], world[PSY + attrs["type"]]), node
    held = {_comparable(t) for t in world.as_rdflib_graph()}
    missing = [t for t in source if _comparable(t) not in held]
    assert missing == []


def test_hermit_finds_the_shipped_graph_consistent(exported: Path) -> None:
    # Years are xsd:integer, inside the OWL 2 datatype map: HermiT needs no extra flags.
    world = owl_world(exported / "psygraph.owl")
    owlready2.sync_reasoner_hermit(world, debug=0)


def test_hermit_finds_the_inferred_graph_consistent(kg: psygraph.KnowledgeGraph, tmp_path: Path) -> None:
    [path] = export(kg, "owl", tmp_path / "inferred.owl", inferred=True)
    owlready2.sync_reasoner_hermit(owl_world(path), debug=0)


def test_hermit_catches_a_contradiction(write_ttl: Any, tmp_path: Path, mini_shipped: Path) -> None:
    # The control: one entity typed with two disjoint classes must make HermiT fail (with the real
    # ontology and the tiny data set in place of the shipped data, so HermiT has little else to read).
    bad = write_ttl('id:confused a psy:Theorist , psy:Work ; skos:prefLabel "Confused"@en .')
    [path] = export(psygraph.load([bad]), "owl", tmp_path / "bad.owl")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner_hermit(owl_world(path), debug=0)


# --- independent RDF parsers -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(OX_FORMAT))
def test_pyoxigraph_parses_each_export(exported: Path, source: rdflib.Graph, fmt: str) -> None:
    triples = set(ox.parse(path=exported / f"psygraph{SUFFIXES[fmt]}", format=OX_FORMAT[fmt]))
    assert len(triples) == len(source)
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert isomorphic(rdflib.Graph().parse(data=nt, format="nt"), source)


@pytest.fixture(scope="module")
def rapper() -> str:
    found = shutil.which("rapper")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("rapper is missing in CI; .ci/run must install raptor2-utils")
        pytest.skip("raptor's rapper is not installed (apt-get install raptor2-utils)")
    return found


@pytest.mark.parametrize("fmt", list(RAPPER_SYNTAX))
def test_rapper_counts_and_reads_the_same_triples(
    rapper: str, exported: Path, source: rdflib.Graph, fmt: str
) -> None:
    path = exported / f"psygraph{SUFFIXES[fmt]}"
    result = subprocess.run(
        [rapper, "-i", RAPPER_SYNTAX[fmt], "-o", "ntriples", str(path)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    counted = re.search(r"Parsing returned (\d+) triples", result.stderr.decode())
    assert counted is not None, result.stderr.decode()
    assert int(counted.group(1)) == len(source)
    assert isomorphic(rdflib.Graph().parse(data=result.stdout.decode(), format="nt"), source)


# --- the recipes -----------------------------------------------------------------------------------


def test_recipes_have_every_tested_block() -> None:
    expected = {
        "export-commands",
        "owlready2",
        "oxigraph-commands",
        "sparql-query",
        "cypher",
        "networkx",
        "json",
    }
    assert expected <= set(recipe_blocks())


def test_recipe_export_commands_write_every_format(exported: Path, tmp_path: Path) -> None:
    # The recipe's commands (run by the fixture) write one file of each format, named as the
    # other recipes expect.
    expected = [
        p.name for fmt, suffix in SUFFIXES.items() for p in output_paths(fmt, tmp_path / f"psygraph{suffix}")
    ]
    assert sorted(p.name for p in exported.iterdir()) == sorted(expected)


def test_recipe_owlready2_runs(exported: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    run_python(recipe_blocks()["owlready2"], exported, monkeypatch)
    count = int(capsys.readouterr().out.split()[0])
    assert count > 0


def test_recipe_sparql_query_answers_in_oxigraph(exported: Path, kg: psygraph.KnowledgeGraph) -> None:
    # pyoxigraph is the engine of the Oxigraph server; load the N-Triples file as the recipe does.
    query = recipe_blocks()["sparql-query"]
    store = ox.Store()
    store.load(path=exported / "psygraph.nt", format=ox.RdfFormat.N_TRIPLES)
    rows = [(s["theorist"].value, s["influence"].value) for s in store.query(query)]
    assert rows
    assert rows == [(r["theorist"], r["influence"]) for r in kg.select(query)]


def test_recipe_oxigraph_cli(exported: Path, tmp_path: Path, kg: psygraph.KnowledgeGraph) -> None:
    # pip installs the CLI beside the Python that runs the tests, which need not be on PATH.
    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("the Oxigraph CLI is not installed (pip install oxigraph)")
    (tmp_path / "influences.rq").write_text(recipe_blocks()["sparql-query"], encoding="utf-8")
    shutil.copy(exported / "psygraph.nt", tmp_path)
    lines = [shlex.split(line.split("#")[0]) for line in recipe_blocks()["oxigraph-commands"].splitlines()]
    load, query, serve = (args for args in lines if args)
    subprocess.run([binary, *load[1:]], cwd=tmp_path, check=True, capture_output=True, timeout=120)
    result = subprocess.run([binary, *query[1:]], cwd=tmp_path, check=True, capture_output=True, timeout=120)
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
    assert [(r["theorist"], r["influence"]) for r in rows] == [
        (r["theorist"], r["influence"]) for r in kg.select(recipe_blocks()["sparql-query"])
    ]
    help_text = subprocess.run([binary, "--help"], check=True, capture_output=True, timeout=60).stdout
    assert serve[1].encode() in help_text


def test_recipe_cypher_matches_the_csv(exported: Path) -> None:
    cypher = recipe_blocks()["cypher"]
    nodes_path, edges_path = output_paths("csv", exported)
    assert f"file:///{nodes_path.name}" in cypher
    assert f"file:///{edges_path.name}" in cypher
    headers: dict[str, list[str]] = {}
    rows: dict[str, list[dict[str, str]]] = {}
    for path in (nodes_path, edges_path):
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            headers[path.name] = list(reader.fieldnames or [])
            rows[path.name] = list(reader)
    # Split the script at each LOAD CSV; the row.<column> names used must be that file's columns.
    for part in cypher.split("LOAD CSV")[1:]:
        name = re.search(r"file:///([\w.-]+)", part)
        assert name is not None
        used = set(re.findall(r"\brow\.(\w+)", part))
        assert used
        assert used <= set(headers[name.group(1)]), used - set(headers[name.group(1)])
    assert f"split(row.alt_labels, '{LIST_SEPARATOR}')" in cypher
    for relation in re.findall(r"\{name: '(\w+)'\}", cypher):
        assert relation in {row["relation_name"] for row in rows[edges_path.name]}


def test_recipe_names_the_csv_columns() -> None:
    text = " ".join(RECIPES.read_text(encoding="utf-8").split())
    assert f"The node columns are `{', '.join(NODE_COLUMNS)}`" in text
    assert f"the edge columns are `{', '.join(EDGE_COLUMNS)}`" in text


def test_recipe_gephi_attributes_are_in_the_files(exported: Path) -> None:
    import networkx as nx

    text = RECIPES.read_text(encoding="utf-8")
    node_attrs = ["label", "type", "definition", "alt_labels", "year", "birth_year", "death_year", "sources"]
    edge_attrs = ["relation", "relation_label", "label"]
    for name in node_attrs + edge_attrs:
        assert f"`{name}`" in text
    for reader, suffix in ((nx.read_graphml, ".graphml"), (nx.read_gexf, ".gexf")):
        graph = reader(exported / f"psygraph{suffix}")
        present = {key for _, attrs in graph.nodes(data=True) for key in attrs}
        assert set(node_attrs) <= present, set(node_attrs) - present
        edge_present = {key for _, _, attrs in graph.edges(data=True) for key in attrs}
        assert set(edge_attrs) <= edge_present, set(edge_attrs) - edge_present


def test_recipe_networkx_runs(
    exported: Path, kg: psygraph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    run_python(recipe_blocks()["networkx"], exported, monkeypatch)
    out = capsys.readouterr().out
    freud = kg.nx.nodes["https://w3id.org/psygraph/id/sigmund-freud"]
    assert out.startswith(f"{freud['label']} - {freud['type']}")
    assert "influenced by Freud:" in out


def test_recipe_json_runs(
    exported: Path, kg: psygraph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    run_python(recipe_blocks()["json"], exported, monkeypatch)
    freud = kg.nx.nodes["https://w3id.org/psygraph/id/sigmund-freud"]
    assert capsys.readouterr().out.split("\n")[0] == f"{freud['label']} {freud['type']} {freud['birth_year']}"
