"""The questions of issue 13 (compare, timeline, reading list, tree, schema) and the fixes to what
misled (rank, communities, lineage, neighbours, export filters, SPARQL warnings, tables), through the
Python API and the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import psygraph
from psygraph.cli import main
from psygraph.errors import UnknownEntityError, UsageError
from psygraph.questions.chronology import plot_timeline, text_timeline
from psygraph.questions.hierarchy import tree_roots


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args))


def assert_error(result: Result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 or code == 2, message
    for fragment in fragments:
        assert fragment in message


# --------------------------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------------------------


def test_compare_klein_and_winnicott_finds_the_bridges_not_only_the_edge(kg: psygraph.KnowledgeGraph) -> None:
    found = psygraph.compare(kg, "klein", "winnicott")
    by_aspect: dict[str, list[dict[str, object]]] = {}
    for row in found.rows:
        by_aspect.setdefault(str(row["aspect"]), []).append(row)
    assert [row["a"] for row in by_aspect["link"]] == ["influenced"]
    shared = {row["item"] for row in found.rows if row["shared"] and row["aspect"] == "school"}
    assert "object relations theory" in shared
    klein_only = {row["item"] for row in found.rows if row["a"] and not row["b"]}
    winnicott_only = {row["item"] for row in found.rows if row["b"] and not row["a"]}
    assert "projective identification" in klein_only
    assert "transitional object" in winnicott_only
    bridges = by_aspect["bridge"]
    assert bridges, "Klein's and Winnicott's ideas are linked through related concepts"
    for row in bridges:
        assert row["a"] in klein_only
        assert row["b"] in winnicott_only
    freud = next(row for row in by_aspect["common analytic ancestor"] if row["item"] == "Sigmund Freud")
    assert str(freud["a"]).endswith("Sigmund Freud")
    assert str(freud["b"]).endswith("Sigmund Freud")


def test_compare_modalities_puts_the_evidence_side_by_side(kg: psygraph.KnowledgeGraph) -> None:
    found = psygraph.compare(kg, "mentalization-based treatment", "transference-focused psychotherapy")
    evidence = {row["item"]: row for row in found.rows if row["aspect"] == "evidence"}
    bpd = evidence["borderline personality disorder"]
    assert bpd["shared"]
    assert "vs" in str(bpd["a"])
    assert "Clarkin" in str(bpd["b"])
    assert not any(row["aspect"] == "common influence" for row in found.rows)


def test_compare_refuses_one_entity_twice_and_unknown_names(kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="same entity"):
        psygraph.compare(kg, "klein", "Melanie Klein")
    with pytest.raises(UnknownEntityError, match="did you mean 'Melanie Klein'"):
        psygraph.compare(kg, "kleim", "winnicott")


def test_compare_cli(runner: CliRunner) -> None:
    result = run(runner, "compare", "klein", "winnicott")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("A: Melanie Klein   B: Donald Winnicott")
    data = json.loads(run(runner, "compare", "klein", "winnicott", "--format", "json").output)
    assert data["a"] == "id:melanie-klein"
    assert data["rows"]
    csv_head = run(runner, "compare", "MBT", "TFP", "--format", "csv").output.splitlines()[0]
    assert csv_head == "aspect,item,a,b,shared,id"
    assert_error(run(runner, "compare", "kleim", "winnicott"), 1, "did you mean 'Melanie Klein'")
    assert_error(run(runner, "compare", "klein"), 2, "Missing argument")


# --------------------------------------------------------------------------------------------
# timeline
# --------------------------------------------------------------------------------------------


def test_timeline_is_dated_and_filtered(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.timeline(kg)
    years = [row["year"] for row in rows]
    assert years == sorted(years)
    assert len(rows) > 300
    freud = next(row for row in rows if row["id"] == "id:sigmund-freud")
    assert (freud["year"], freud["decade"], freud["event"], freud["until"]) == (1856, 1850, "born", 1939)
    theorists = psygraph.timeline(kg, types="theorist", start=1880, end=1899)
    assert theorists
    assert {row["type"] for row in theorists} == {"theorist"}
    assert all(1880 <= row["year"] <= 1899 for row in theorists)
    kleinian = {row["label"] for row in psygraph.timeline(kg, school="Kleinian school")}
    assert {"Melanie Klein", "projective identification", "Envy and Gratitude"} <= kleinian
    assert "Donald Winnicott" not in kleinian
    with pytest.raises(UsageError, match="after"):
        psygraph.timeline(kg, start=1950, end=1900)


def test_text_timeline_groups_by_decade_or_year(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.timeline(kg, types="school")
    by_decade = text_timeline(rows).splitlines()
    assert by_decade[0].startswith("1890s  1896 classical psychoanalysis (school)")
    by_year = text_timeline(rows, by="year")
    assert "1912  individual psychology (school)" in by_year


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_timeline_plot(kg: psygraph.KnowledgeGraph, tmp_path: Path, suffix: str) -> None:
    target = plot_timeline(psygraph.timeline(kg, types="school"), tmp_path / f"t{suffix}")
    head = target.read_bytes()[:100]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in target.read_bytes()[:2000]
    assert not list(tmp_path.glob("*.part"))


def test_timeline_cli(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "timeline", "--type", "school", "--by", "year")
    assert result.exit_code == 0
    assert result.output.startswith("1896  classical psychoanalysis")
    csv_head = run(runner, "timeline", "--type", "school", "--format", "csv").output.splitlines()[0]
    assert csv_head == "year,decade,event,label,type,by,until,id"
    picture = tmp_path / "timeline.png"
    drawn = run(runner, "timeline", "--from", "1890", "--to", "1970", "-o", str(picture))
    assert drawn.exit_code == 0
    assert drawn.output.strip() == str(picture)
    assert picture.stat().st_size > 1000
    assert_error(run(runner, "timeline", "--from", "1950", "--to", "1900"), 2, "give the earlier year first")
    assert_error(run(runner, "timeline", "-o", str(tmp_path / "t.txt")), 2, ".png")
    assert_error(run(runner, "timeline", "--from", "3000"), 1, "nothing dated fits")
    assert_error(run(runner, "timeline", "--school", "Kleinan school"), 1, "did you mean 'Kleinian school'")
    assert_error(run(runner, "timeline", "--type", "planets"), 2, "no type named 'planets'")


def test_the_cli_does_not_import_matplotlib_until_it_draws() -> None:
    import subprocess
    import sys

    code = "import sys, psygraph.cli, psygraph.cli.history; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --------------------------------------------------------------------------------------------
# reading list
# --------------------------------------------------------------------------------------------


def test_reading_list_puts_the_prerequisites_first(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.reading_list(kg, "mentalization-based treatment")
    # The work the data records as introducing psychoanalysis, which MBT builds on, comes first.
    (introducing,) = kg.select("SELECT ?work WHERE { id:psychoanalysis psy:introducedIn ?work }")
    ids = [row["id"] for row in rows]
    first = ids.index("id:" + introducing["work"].rsplit("/", 1)[-1])
    mbt_books = [i for i, row in enumerate(rows) if "on mentalization-based treatment" in row["why"]]
    assert mbt_books
    assert all(first < i for i in mbt_books)
    assert "needed for mentalization-based treatment" in rows[first]["why"]
    assert [row["step"] for row in rows] == list(range(1, len(rows) + 1))
    assert all(row["citation"] for row in rows)


def test_reading_list_for_a_school_and_a_person(kg: psygraph.KnowledgeGraph) -> None:
    school = psygraph.reading_list(kg, "Kleinian school")
    assert "Notes on Some Schizoid Mechanisms" in {row["title"] for row in school}
    person = psygraph.reading_list(kg, "winnicott")
    assert any(row["why"].startswith("by Donald Winnicott") for row in person)
    dated = [row["year"] for row in person if "needed for" not in row["why"]]
    assert dated == sorted(dated)


def test_reading_list_shows_a_doi_when_the_data_has_one(write_ttl: Callable[..., Path]) -> None:
    extra = write_ttl('id:klein-1946-schizoid-mechanisms psy:doi "10.1000/example-doi" .\n')
    rows = psygraph.reading_list(psygraph.load([extra]), "projective identification")
    dois = {row["title"]: row["doi"] for row in rows}
    assert dois["Notes on Some Schizoid Mechanisms"] == "10.1000/example-doi"
    assert dois["Borderline Conditions and Pathological Narcissism"] is None


def test_reading_list_cli(runner: CliRunner) -> None:
    result = run(runner, "reading-list", "projective identification")
    assert result.exit_code == 0
    assert "    citation: Klein, M. (1946)." in result.output  # long text as a block under its row
    data = json.loads(run(runner, "reading-list", "oral stage", "--format", "json").output)
    assert {"step", "year", "title", "authors", "why", "citation", "doi", "id"} == set(data[0])
    assert_error(run(runner, "reading-list", "projectve identification"), 1, "did you mean")
    assert_error(run(runner, "reading-list", "loneliness"), 1, "links no work")


# --------------------------------------------------------------------------------------------
# tree
# --------------------------------------------------------------------------------------------


def test_tree_of_a_concept_and_of_a_defence_hierarchy(kg: psygraph.KnowledgeGraph) -> None:
    stages = psygraph.tree(kg, "psychosexual development")
    assert stages.rows[0]["depth"] == 0
    assert {row["label"] for row in stages.rows[1:]} >= {"oral stage", "anal stage", "genital stage"}
    vaillant = psygraph.tree(kg, "Vaillant's hierarchy of defences")
    levels = [row["label"] for row in vaillant.rows if row["depth"] == 1]
    assert levels[0].startswith("Mature")
    assert levels[-1].startswith("Psychotic")
    assert any(row["label"] == "acting out" and row["depth"] == 2 for row in vaillant.rows)
    shallow = psygraph.tree(kg, "Vaillant's hierarchy of defences", depth=1)
    assert max(row["depth"] for row in shallow.rows) == 1
    assert psygraph.tree(kg, "oral stage").broader == ["psychosexual development"]
    offshoots = psygraph.tree(kg, "classical psychoanalysis").rows[1:]
    assert {(row["label"], row["link"]) for row in offshoots} >= {("individual psychology", "offshoot")}
    assert tree_roots(kg)[0]["below"] >= tree_roots(kg)[-1]["below"]


def test_tree_lists_an_entry_with_two_parents_under_both(write_ttl: Callable[..., Path]) -> None:
    extra = write_ttl(
        "id:oral-stage skos:broader id:drive .\nid:drive skos:broader id:psychosexual-development .\n"
    )
    rows = psygraph.tree(psygraph.load([extra]), "psychosexual development").rows
    oral = [row for row in rows if row["label"] == "oral stage"]
    assert len(oral) == 2
    assert [row["repeat"] for row in oral].count(True) == 1


def test_tree_cli(runner: CliRunner) -> None:
    result = run(runner, "tree", "psychoanalysis", "--depth", "1")
    assert result.exit_code == 0
    assert "\n  psychodynamic psychotherapy" in result.output
    leaf = run(runner, "tree", "oral stage")
    assert leaf.exit_code == 0
    assert "its family under psychosexual development" in leaf.output
    assert run(runner, "tree").exit_code == 0
    assert_error(run(runner, "tree", "Alfred Adler"), 1, "nothing sits below", "psygraph tree")
    assert_error(run(runner, "tree", "psychoanalysis", "--depth", "0"), 2, "--depth")


# --------------------------------------------------------------------------------------------
# schema
# --------------------------------------------------------------------------------------------


def test_schema_names_every_term_with_an_example(kg: psygraph.KnowledgeGraph) -> None:
    rows = {row["name"]: row for row in psygraph.schema_terms(kg)}
    assert rows["psy:Theorist"]["kind"] == "class"
    assert rows["psy:Theorist"]["example"].startswith("id:")
    analysed = rows["psy:analysedBy"]
    assert analysed["links"] == "psy:Theorist → psy:Theorist"
    assert analysed["example"].startswith("id:")
    assert " psy:analysedBy id:" in analysed["example"]
    assert rows["skos:prefLabel"]["kind"] == "standard"
    assert {row["kind"] for row in psygraph.schema_terms(kg, kind="attribute")} == {"attribute"}


def test_schema_cli(runner: CliRunner) -> None:
    result = run(runner, "schema", "--kind", "relation", "--format", "csv")
    assert result.exit_code == 0
    assert "psy:analysedBy" in result.output
    assert_error(run(runner, "schema", "--kind", "planet"), 2, "--kind")


# --------------------------------------------------------------------------------------------
# What misled
# --------------------------------------------------------------------------------------------


def test_rank_needs_a_stated_network_for_pagerank(runner: CliRunner, kg: psygraph.KnowledgeGraph) -> None:
    assert_error(run(runner, "rank", "--measure", "pagerank"), 2, "--relation")
    teachers = psygraph.rank(kg, measure="out-degree", relations=["influenced"], types="theorist", limit=1)
    heirs = psygraph.rank(kg, measure="in-degree", relations=["influenced by"], types="theorist", limit=1)
    assert teachers[0]["label"] == heirs[0]["label"] == "Sigmund Freud"
    students = psygraph.rank(kg, measure="out-degree", relations=["influenced by"], types="theorist", limit=1)
    assert students[0]["label"] != "Sigmund Freud"
    assert "what a high score means" in run(runner, "rank", "--help").output


def test_communities_are_labelled(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.communities(kg)
    assert rows[0]["central"] == rows[0]["members"][0]
    assert all(row["school"] for row in rows[:3])
    assert rows[0]["school"].startswith("classical psychoanalysis (")


def test_lineage_shows_every_parent(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.lineage(kg, "klein")
    parents_of_freud = {row["of"] for row in rows if row["theorist"] == "Sigmund Freud"}
    assert parents_of_freud == {"Melanie Klein", "Karl Abraham", "Sándor Ferenczi"}
    assert [row["repeat"] for row in rows if row["theorist"] == "Sigmund Freud"].count(False) == 1


def test_neighbours_have_years_and_sources_for_what_to_read(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.neighbours(kg, "projective identification", types="work")
    relations = {row["relation"] for row in rows}
    assert {"introduced in", "source"} <= relations
    for relation in relations:
        years = [row["year"] for row in rows if row["relation"] == relation and row["year"] is not None]
        assert years == sorted(years)


def test_export_filters_and_gephi_timeline(runner: CliRunner, tmp_path: Path) -> None:
    import networkx as nx

    target = tmp_path / "analyses.gexf"
    result = run(runner, "export", "--type", "theorist", "--relation", "analysed by", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text
    assert 'start="1856" end="1939"' in text
    graph = nx.read_gexf(target)
    assert {data["type"] for _, data in graph.nodes(data=True)} == {"Theorist"}
    assert {data["relation_label"] for _, _, data in graph.edges(data=True)} == {"analysed by"}
    assert_error(
        run(runner, "export", "--type", "theorist", "-o", str(tmp_path / "x.ttl")), 2, "graph formats"
    )


def test_sparql_warns_about_undeclared_names(runner: CliRunner) -> None:
    result = run(runner, "sparql", "SELECT ?a WHERE { ?a psy:analyzedBy ?b }")
    assert result.exit_code == 1
    assert "Warning: psy:analyzedBy is not declared; did you mean psy:analysedBy?" in result.stderr
    broken = run(runner, "sparql", "SELECT ?a WHERE { ?a ?b ")
    assert_error(broken, 2, "not valid at line 1, column")
    assert "expected" not in broken.stderr


def test_tables_state_a_constant_column_once(runner: CliRunner) -> None:
    result = run(runner, "defences", "--level", "immature")
    assert result.exit_code == 0
    assert "rank: 2\nlevel: Immature defences (Vaillant)\n" in result.output
    assert "rank  level" not in result.output
    as_json = json.loads(run(runner, "defences", "--level", "immature", "--format", "json").output)
    assert all(row["rank"] == 2 for row in as_json)  # scripts still get every column


@pytest.mark.parametrize("command", ["compare", "timeline", "reading-list", "tree", "schema"])
def test_new_commands_have_examples(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "--format" in result.output
