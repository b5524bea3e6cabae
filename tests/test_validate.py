"""Each rule of the model fires on a broken fixture and names the entity that breaks it.

The fixtures in ``tests/fixtures/shapes/`` are tiny Turtle files. ``valid.ttl`` follows every rule;
each other file adds one broken thing to it and says in its header which entity must be reported
(``# expect-focus:``) and with which words (``# expect-message:``). They are validated against the
ontology alone, without the shipped data, so each test is fast and sees only its own problem. A
fixture whose problem only the OWL RL reasoner finds says so (``# expect-check: owl``); the others
are checked without it (the shapes, functional properties and declared terms), which is the same
report minus a reasoner's run that has nothing to find in them.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from psygraph import resources
from psygraph.graph import KnowledgeGraph
from psygraph.namespaces import ID, ONTOLOGY_GRAPH, SKOS, USER_GRAPH_PREFIX, compact
from psygraph.validate import ValidationReport, ValidationResult, format_report, validate

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
VALID = FIXTURES / "valid.ttl"
BROKEN = sorted(p for p in FIXTURES.glob("*.ttl") if p != VALID)


def graph_of(*paths: Path) -> KnowledgeGraph:
    """A graph holding the ontology and *paths* only (no shipped data), as the loader lays it out."""
    store = ox.Store()
    for source in resources.schema_files():
        store.load(source.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    graphs = []
    for index, path in enumerate(paths):
        graph = f"{USER_GRAPH_PREFIX}{index}/{path.name}"
        store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
        graphs.append(graph)
    return KnowledgeGraph(store, graphs)


def header(path: Path) -> dict[str, str]:
    """The ``# expect-...:`` lines of a broken fixture's header."""
    return dict(
        line[2:].split(": ", 1)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect-")
    )


def expectation(path: Path) -> tuple[str, str]:
    """The focus node and message fragment a broken fixture declares in its header."""
    declared = header(path)
    return declared["expect-focus"], declared["expect-message"]


def test_valid_fixture_conforms() -> None:
    report = validate(graph_of(VALID))
    assert report.conforms, format_report(report)
    assert report.results == []


@pytest.mark.parametrize("fixture", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_is_reported_with_its_entity(fixture: Path) -> None:
    focus, fragment = expectation(fixture)
    report = validate(graph_of(VALID, fixture), reasoning=header(fixture).get("expect-check") == "owl")
    assert not report.conforms
    messages = [r.message for r in report.results if compact(r.focus) == focus]
    assert messages, f"{focus} not reported; got:\n{format_report(report)}"
    assert any(fragment in m for m in messages), f"no message about {fragment!r}: {messages}"


def test_each_broken_fixture_states_what_it_expects() -> None:
    assert len(BROKEN) >= 25
    for fixture in BROKEN:
        focus, fragment = expectation(fixture)
        assert focus, fixture.name
        assert fragment, fixture.name


def test_results_carry_focus_path_message_and_severity() -> None:
    report = validate(graph_of(VALID, FIXTURES / "missing_label.ttl"))
    (result,) = report.results
    focus, path, message, severity = result
    assert focus == ID + "test-no-label"
    assert path == SKOS + "prefLabel"
    assert "preferred label" in message
    assert severity == "Violation"


def test_format_report_gives_one_line_per_result() -> None:
    report = validate(graph_of(VALID, FIXTURES / "claim_without_level_or_source.ttl"))
    lines = format_report(report).splitlines()
    assert len(lines) == len(report.results) >= 2
    assert all(line.startswith("id:evidence-test-incomplete: ") for line in lines)


def test_format_report_of_a_conforming_report_is_empty() -> None:
    assert format_report(ValidationReport(conforms=True)) == ""


def test_a_wrong_range_is_reported_not_inferred_away() -> None:
    # With RDFS inference the range would make the work a theorist and the shape would pass.
    report = validate(graph_of(VALID, FIXTURES / "wrong_range_type.ttl"), reasoning=False)
    (result,) = report.results
    assert result.focus == ID + "test-wrong-range"
    assert "id:test-work" in result.message


def test_reasoning_off_skips_the_owl_rl_check() -> None:
    fixture = FIXTURES / "disjoint_types.ttl"
    with_owl = validate(graph_of(VALID, fixture))
    without_owl = validate(graph_of(VALID, fixture), reasoning=False)
    assert any("nothing can be both" in r.message for r in with_owl.results)
    assert not any("nothing can be both" in r.message for r in without_owl.results)


def test_owl_rl_inconsistency_names_the_individual() -> None:
    report = validate(graph_of(VALID, FIXTURES / "disjoint_types.ttl"))
    clash = [r for r in report.results if "nothing can be both" in r.message]
    assert [r.focus for r in clash] == [ID + "test-person-book"]
    assert "psy:Theorist" in clash[0].message
    assert "psy:Work" in clash[0].message


def test_undeclared_property_is_named() -> None:
    report = validate(graph_of(VALID, FIXTURES / "undeclared_property.ttl"))
    message = (
        "uses the undeclared property skos:preflabel; fix its spelling or declare it in ontology/psygraph.ttl"
    )
    assert ValidationResult(ID + "test-typo", SKOS + "preflabel", message) in report.results


def test_every_relation_checks_both_ends(write_ttl) -> None:
    # One subject and one object of the wrong kind for every object property in the ontology.
    import rdflib

    ontology = graph_of().to_rdflib("ontology")
    props = sorted(ontology.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty))
    lines = []
    for prop in props:
        name = prop.split("#")[-1].lower()
        in_range = str(ontology.value(prop, rdflib.RDFS.range))
        wrong_object = "psy:Work" if in_range.endswith("EvidenceLevel") else "psy:EvidenceLevel"
        lines.append(f"id:test-s-{name} a psy:EvidenceLevel ; <{prop}> id:test-o-{name} .")
        lines.append(f"id:test-o-{name} a {wrong_object} .")
    report = validate(graph_of(write_ttl("\n".join(lines))), reasoning=False)
    for prop in props:
        name = prop.split("#")[-1].lower()
        label = str(ontology.value(prop, rdflib.RDFS.label))
        messages = [r.message for r in report.results if r.focus == f"{ID}test-s-{name}"]
        assert any(f"may have '{label}'" in m for m in messages), (prop, messages)
        assert any(f"'{label}' must point to" in m for m in messages), (prop, messages)


# --- psygraph validate (the command line) ---------------------------------------------------------

BROKEN_ENTITY = """
id:test-cli-unlabelled a psy:Technique ;
    skos:definition "A technique added without a label."@en ;
    dcterms:source id:gay-1988-freud-a-life .
"""


def test_cli_reports_a_broken_entity_and_exits_1(runner, write_ttl, mini_shipped) -> None:
    from psygraph.cli import main

    path = write_ttl(BROKEN_ENTITY, name="broken.ttl")
    result = runner.invoke(main, ["validate", "--no-reasoning", "--data", str(path)])
    assert result.exit_code == 1, result.output
    assert "id:test-cli-unlabelled: every entity needs an English preferred label" in result.stdout
    assert "Traceback" not in result.output


def test_cli_exits_0_when_the_shipped_data_conforms(runner) -> None:
    from psygraph.cli import main

    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "conforms" in result.stderr


def test_cli_exits_2_when_a_file_is_missing(runner, tmp_path) -> None:
    from psygraph.cli import main

    missing = tmp_path / "nowhere.ttl"
    result = runner.invoke(main, ["validate", "--data", str(missing)])
    assert result.exit_code == 2
    assert "nowhere.ttl" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_exits_2_when_a_file_is_not_turtle(runner, write_ttl) -> None:
    from psygraph.cli import main

    path = write_ttl("id:x a psy:Technique ;;; this is not turtle", name="garbled.ttl")
    result = runner.invoke(main, ["validate", "--data", str(path)])
    assert result.exit_code == 2
    assert "garbled.ttl" in result.stderr
    assert "Traceback" not in result.output


def test_issue_10_a_report_is_kept_and_read_back_for_the_same_files(write_ttl, mini_shipped) -> None:
    from psygraph import cache, load

    # Without the reasoner: a report is kept the same way with it or without, and the reasoner's own
    # run is kept apart (tests/test_cache.py).
    broken = write_ttl("id:nameless a psy:Concept .", name="kept-broken.ttl")
    first = validate(load([broken]), reasoning=False)
    built = cache.stats["memo-build"]
    again = validate(load([broken]), reasoning=False)
    assert cache.stats["memo-build"] == built  # read back, not checked again
    assert again == first
    assert not again.conforms
    assert any(compact(r.focus) == "id:nameless" for r in again.results)
    fixed = write_ttl('id:nameless a psy:Concept ; skos:prefLabel "Nameless"@en .', name="kept-broken.ttl")
    assert validate(load([fixed]), reasoning=False) != first  # changed content: checked again
