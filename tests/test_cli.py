"""The command line, through click's CliRunner: content, formats, exit codes and one-line errors.

Most tests ask the shipped data the questions the issue names.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import psygraph
from psygraph.cli import COMMANDS, main
from psygraph.namespaces import PREFIXES

REPO = Path(__file__).resolve().parent.parent


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args))


def assert_one_line_error(result: Result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message, message
    assert message.startswith("Error: ")
    for fragment in fragments:
        assert fragment in message


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def expand(prefixed: str) -> str:
    prefix, _, local = prefixed.partition(":")
    return PREFIXES[prefix] + local


# Help and version


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"psygraph {command}" in result.output


def test_group_help_lists_the_commands(runner: CliRunner) -> None:
    result = run(runner, "--help")
    assert result.exit_code == 0
    for command in ("show", "search", "path", "lineage", "defences", "treatments", "sparql"):
        assert command in result.output


def test_version_names_package_and_data_model(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"psygraph {psygraph.__version__} (data model {psygraph.data_version()})"


def test_american_spellings_of_commands(runner: CliRunner) -> None:
    assert run(runner, "neighbors", "melanie-klein").exit_code == 0
    assert run(runner, "defenses", "--level", "immature").exit_code == 0


# show and search


def test_show_freud(runner: CliRunner) -> None:
    result = run(runner, "show", "freud")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Sigmund Freud  (id:sigmund-freud)"
    assert lines[1] == "theorist · 1856–1939"
    assert "Relations" in lines
    assert "Sources" in lines
    assert re.search(r"Wikidata +http://www.wikidata.org/entity/Q9215", result.output)


def test_show_projective_identification_in_json(runner: CliRunner) -> None:
    result = run(runner, "show", "projective identification", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["id"] == "id:projective-identification"
    assert data["type"] == "defence mechanism"
    assert "id:melanie-klein" in [p["id"] for p in data["introduced_by"]]
    assert data["sources"]
    assert all(s["citation"] for s in data["sources"])


def test_show_a_modality_as_csv_lists_its_evidence(runner: CliRunner) -> None:
    result = run(runner, "show", "MBT", "--format", "csv")
    assert result.exit_code == 0
    rows = csv_rows(result.output)
    assert rows[0] == {
        "field": "label",
        "value": "mentalization-based treatment",
        "id": "id:mentalization-based-treatment",
    }
    evidence = [row for row in rows if row["field"] == "evidence"]
    assert any("borderline personality disorder" in row["value"] for row in evidence)


def test_search(runner: CliRunner) -> None:
    result = run(runner, "search", "mirror", "--format", "csv")
    assert result.exit_code == 0
    ids = [row["id"] for row in csv_rows(result.output)]
    assert "id:mirror-stage" in ids
    nothing = run(runner, "search", "qqqqqqqq")
    assert_one_line_error(nothing, 1, "nothing matches 'qqqqqqqq'")


# neighbours, path, lineage


def test_neighbours_of_klein(runner: CliRunner) -> None:
    result = run(runner, "neighbours", "klein", "--type", "theorist", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    by_id = {row["id"]: row["relation"] for row in rows}
    assert "analysed by" in by_id["id:karl-abraham"]
    assert {row["type"] for row in rows} == {"theorist"}


def test_path_from_winnicott_to_freud(runner: CliRunner, kg: psygraph.KnowledgeGraph) -> None:
    result = run(runner, "path", "winnicott", "freud")
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    assert line.startswith("Donald Winnicott → ")
    assert line.endswith(" Sigmund Freud")
    as_json = run(runner, "path", "winnicott", "freud", "--all", "--format", "json")
    for path in json.loads(as_json.output):
        for step in path["steps"]:
            triple = {
                "s": expand(step["subject_id"]),
                "p": expand(step["predicate"]),
                "o": expand(step["object_id"]),
            }
            assert kg.ask("ASK { ?s ?p ?o }", triple), step


def test_path_through_training_analyses(runner: CliRunner) -> None:
    result = run(runner, "path", "winnicott", "freud", "--relation", "analysed by", "--format", "csv")
    assert result.exit_code == 0
    steps = csv_rows(result.output)
    assert steps[0]["subject"] == "Donald Winnicott"
    assert steps[-1]["object"] == "Sigmund Freud"
    assert {step["relation"] for step in steps} == {"analysed by"}
    assert {step["direction"] for step in steps} == {"forward"}


def test_path_max(runner: CliRunner) -> None:
    result = run(runner, "path", "klein", "winnicott", "--max", "2", "--format", "json")
    assert result.exit_code == 0
    assert 1 <= len(json.loads(result.output)) <= 2


def test_lineage_of_klein(runner: CliRunner) -> None:
    result = run(runner, "lineage", "klein")
    assert result.exit_code == 0
    assert "Sándor Ferenczi" in result.output
    assert "Karl Abraham" in result.output
    down = run(runner, "lineage", "freud", "--down", "--depth", "1", "--format", "json")
    rows = json.loads(down.output)
    assert {row["depth"] for row in rows} == {1}
    assert "id:anna-freud" in {row["id"] for row in rows}


# defences, treatments, concepts


def test_splitting_sits_below_sublimation(runner: CliRunner) -> None:
    result = run(runner, "defences", "--hierarchy", "dsm", "--format", "csv")
    assert result.exit_code == 0
    rows = csv_rows(result.output)
    rank = {row["id"]: int(row["rank"]) for row in rows}
    assert rank["id:splitting"] < rank["id:sublimation"]
    table = run(runner, "defences", "--hierarchy", "dsm").output
    assert table.index("id:sublimation") < table.index("id:splitting")


def test_defences_by_level(runner: CliRunner) -> None:
    result = run(runner, "defences", "--level", "vaillant-immature", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert {row["rank"] for row in rows} == {2}
    assert "id:projection" in {row["id"] for row in rows}


def test_mbt_for_borderline_personality_disorder(runner: CliRunner) -> None:
    result = run(runner, "treatments", "borderline personality disorder", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    mbt = [row for row in rows if row["modality"].lower() == "mentalization-based treatment"]
    assert mbt
    assert mbt[0]["source"]
    assert all(mbt[0]["citation"])
    assert mbt[0]["result"] in {"favours modality", "no difference", "favours comparator", "mixed"}


def test_treatments_reverse(runner: CliRunner) -> None:
    result = run(runner, "treatments", "--modality", "MBT", "--format", "csv")
    assert result.exit_code == 0
    assert "borderline personality disorder" in {row["condition"] for row in csv_rows(result.output)}


def test_concepts_by_klein(runner: CliRunner) -> None:
    result = run(runner, "concepts", "--by", "klein", "--format", "csv")
    assert result.exit_code == 0
    ids = {row["id"] for row in csv_rows(result.output)}
    assert {"id:projective-identification", "id:paranoid-schizoid-position"} <= ids
    since = json.loads(run(runner, "concepts", "--since", "1950", "--format", "json").output)
    assert all(row["year"] >= 1950 for row in since)


# rank, communities, stats, sparql


def test_rank_theorists_by_pagerank(runner: CliRunner) -> None:
    result = run(
        runner,
        "rank",
        "--measure",
        "pagerank",
        "--relation",
        "influenced by",
        "--type",
        "theorist",
        "--limit",
        "3",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [row["rank"] for row in rows] == [1, 2, 3]
    assert {row["type"] for row in rows} == {"theorist"}


def test_communities(runner: CliRunner) -> None:
    result = run(runner, "communities", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) > 1
    assert run(runner, "communities", "--format", "json").output == result.output


def test_stats(runner: CliRunner) -> None:
    result = run(runner, "stats", "--format", "csv")
    assert result.exit_code == 0
    counts = {(row["kind"], row["name"]): int(row["count"]) for row in csv_rows(result.output)}
    assert counts[("type", "theorist")] >= 60
    assert counts[("relation", "analysed by")] > 0


def test_sparql_text_and_file(runner: CliRunner, tmp_path: Path) -> None:
    query = "SELECT ?label WHERE { id:melanie-klein skos:prefLabel ?label }"
    result = run(runner, "sparql", query, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == [{"label": "Melanie Klein"}]
    path = tmp_path / "q.rq"
    path.write_text(query, encoding="utf-8")
    assert csv_rows(run(runner, "sparql", str(path), "--format", "csv").output) == [
        {"label": "Melanie Klein"}
    ]


def test_sparql_ask(runner: CliRunner) -> None:
    yes = run(runner, "sparql", "ASK { id:melanie-klein a psy:Theorist }", "--format", "csv")
    assert (yes.exit_code, yes.output) == (0, "ask\ntrue\n")
    no = run(runner, "sparql", "ASK { id:melanie-klein a psy:Work }", "--format", "csv")
    assert (no.exit_code, no.output) == (1, "ask\nfalse\n")


# Errors: one line, the right exit code, no traceback


def test_misspelled_name(runner: CliRunner) -> None:
    assert_one_line_error(
        run(runner, "show", "Frued"), 1, "no entity named 'Frued'", "did you mean 'Sigmund Freud'"
    )


def test_unknown_name(runner: CliRunner) -> None:
    assert_one_line_error(
        run(runner, "path", "winnicott", "nobody-at-all"), 1, "no entity named 'nobody-at-all'"
    )


def test_name_of_the_wrong_type(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "treatments", "freud"), 1, "is a theorist", "not a condition")


def test_empty_data_file(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    assert_one_line_error(run(runner, "--data", str(empty), "show", "freud"), 2, "empty.ttl", "empty")


def test_broken_data_file(runner: CliRunner, write_ttl: Callable[..., Path]) -> None:
    broken = write_ttl("id:x a psy:Theorist ;\n    skos:prefLabel .\n", name="broken.ttl")
    assert_one_line_error(
        run(runner, "--data", str(broken), "stats"), 2, "broken.ttl", "not valid RDF", "line"
    )


def test_missing_data_file(runner: CliRunner, tmp_path: Path) -> None:
    assert_one_line_error(run(runner, "--data", str(tmp_path / "nope.ttl"), "stats"), 2, "no such data file")


def test_bad_sparql(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "sparql", "SELECT ?x WHERE { ?x"), 2, "the SPARQL query is not valid")


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("INSERT DATA { id:x a psy:Theorist }", "INSERT would change the graph"),
        ("DROP ALL", "DROP would change the graph"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ],
)
def test_sparql_that_is_not_read_only(runner: CliRunner, query: str, fragment: str) -> None:
    assert_one_line_error(run(runner, "sparql", query), 2, fragment)


def test_unknown_relation_and_type(runner: CliRunner) -> None:
    assert_one_line_error(
        run(runner, "neighbours", "klein", "--relation", "analysd by"), 2, "did you mean 'analysed by'"
    )
    assert_one_line_error(run(runner, "rank", "--type", "bogus"), 2, "no type named 'bogus'")


def test_nothing_matched(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "concepts", "--since", "3000"), 1, "no concepts match")


def test_bad_option_value_is_usage_error(runner: CliRunner) -> None:
    result = run(runner, "neighbours", "klein", "--depth", "0")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --data and --infer


def test_data_file_adds_to_the_graph(runner: CliRunner, write_ttl: Callable[..., Path]) -> None:
    extra = write_ttl(
        """
        id:test-analyst a psy:Theorist ;
            skos:prefLabel "Testa Analystova"@en ;
            skos:definition "An analyst who exists only in this test."@en ;
            psy:analysedBy id:melanie-klein ;
            dcterms:source id:grosskurth-1986-melanie-klein .
        """
    )
    shown = run(runner, "--data", str(extra), "show", "analystova")
    assert shown.exit_code == 0, shown.output
    assert "analysed by  Melanie Klein" in shown.output
    path = run(
        runner, "--data", str(extra), "path", "testa analystova", "karl abraham", "--relation", "analysed by"
    )
    assert (
        path.output.strip() == "Testa Analystova → analysed by → Melanie Klein → analysed by → Karl Abraham"
    )


def test_infer_applies_the_inference_module(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import psygraph.infer

    calls = []

    def fake(kg: psygraph.KnowledgeGraph) -> psygraph.KnowledgeGraph:
        calls.append(kg)
        return kg

    monkeypatch.setattr(psygraph.infer, "with_inferences", fake)
    assert run(runner, "--infer", "show", "klein").exit_code == 0
    assert len(calls) == 1


# Start-up cost


def test_show_imports_neither_rdflib_nor_networkx() -> None:
    code = (
        "import sys\n"
        "from psygraph.cli import main\n"
        "try:\n"
        "    main(['show', 'freud'], prog_name='psygraph')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'networkx', 'pyvis'})\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Sigmund Freud" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "HEAVY []"
