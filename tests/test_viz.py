"""The HTML explorer: what the generated page holds, its escaping, its offline-ness and determinism.

The page data is read back from the ``<script type="application/json">`` element the page itself
parses, so the counts checked here are the ones the browser draws (see test_browser.py).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

import psygraph
from psygraph import viz, viz_layout
from psygraph.errors import InputError, UnknownEntityError, UsageError
from psygraph.namespaces import ID, PSY, local_name
from tests.conftest import TTL_PREFIXES

FREUD = ID + "sigmund-freud"
ALPHA = ID + "viz-test-alpha"
BETA = ID + "viz-test-beta"
GAMMA = ID + "viz-test-gamma"
SCHOOL = ID + "viz-test-school"
CONCEPT = ID + "viz-test-concept"
MODALITY = ID + "viz-test-modality"
CONDITION = ID + "viz-test-condition"
BOOK = ID + "viz-test-book"
HOSTILE = ID + "viz-test-hostile"

SCRIPT_LABEL = "<script>alert(1)</script>"
IMG_LABEL = "<img src=x onerror=alert(1)>"

FIXTURE = """
id:viz-test-alpha a psy:Theorist ; skos:prefLabel "Alpha Tester"@en ; skos:altLabel "A. T."@en ;
    skos:definition "A made-up theorist. Used by the tests."@en ;
    psy:birthYear 1900 ; psy:deathYear 1980 ;
    psy:founded id:viz-test-school ; skos:exactMatch <http://www.wikidata.org/entity/Q1> ;
    dcterms:source id:viz-test-book .
id:viz-test-beta a psy:Theorist ; skos:prefLabel "Beta Tester"@en ;
    skos:definition "Another made-up theorist."@en ;
    psy:memberOf id:viz-test-school ; psy:influencedBy id:viz-test-alpha .
id:viz-test-gamma a psy:Theorist ; skos:prefLabel "Gamma Tester"@en ;
    skos:definition "A third, far from the others."@en ; psy:influencedBy id:viz-test-beta .
id:viz-test-school a psy:School ; skos:prefLabel "Test School"@en ; skos:definition "A made-up school."@en .
id:viz-test-concept a psy:MentalStructure ; skos:prefLabel "Test Concept"@en ;
    skos:definition "A made-up concept."@en ; psy:introducedBy id:viz-test-alpha ;
    psy:introducedIn id:viz-test-book .
id:viz-test-book a psy:Work ; skos:prefLabel "Test Book"@en ; skos:definition "A made-up book."@en ;
    psy:year 1950 ; psy:author id:viz-test-alpha ;
    dcterms:bibliographicCitation "Tester, A. (1950). Test Book. Nowhere: No Press." .
id:viz-test-modality a psy:TherapyModality ; skos:prefLabel "Test Therapy"@en ;
    skos:definition "A made-up modality."@en ; psy:addresses id:viz-test-condition ;
    psy:partOfSchool id:viz-test-school .
id:viz-test-condition a psy:Condition ; skos:prefLabel "Test Condition"@en ;
    skos:definition "A made-up condition."@en .
id:evidence-viz-test a psy:EvidenceClaim ; psy:evidenceFor id:viz-test-modality ;
    psy:evidenceAbout id:viz-test-condition ; psy:evidenceLevel psy:ClinicalConsensus ;
    psy:direction psy:NoComparison ; psy:certainty psy:NotGraded ; psy:comparator "none" ;
    dcterms:source id:viz-test-book ; skos:note "Made up."@en .
"""

HOSTILE_TTL = """
id:viz-test-hostile a psy:Theorist ;
    skos:prefLabel "<script>alert(1)</script>"@en ;
    skos:altLabel "<img src=x onerror=alert(1)>"@en ;
    skos:definition "</script><script>alert(2)</script><!-- \u2028 <img src=x onerror=alert(1)> & more"@en ;
    psy:influencedBy id:sigmund-freud ;
    skos:exactMatch <javascript:alert(3)> .
"""


class _Tags(HTMLParser):
    """Collects start tags with their attributes and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_payload(path: Path) -> dict[str, Any]:
    """The JSON data the page script reads, exactly as the browser gets it."""
    parser = parse(path)
    index = next(
        i for i, (tag, attrs) in enumerate(_script_tags(parser)) if attrs.get("type") == "application/json"
    )
    return json.loads(parser.scripts[index])


def _script_tags(parser: _Tags) -> list[tuple[str, dict[str, str | None]]]:
    return [t for t in parser.tags if t[0] == "script"]


def invoke(runner: CliRunner, args: list[str], data: list[Path] = ()) -> Any:
    from psygraph.cli import main

    options = [part for path in data for part in ("--data", str(path))]
    return runner.invoke(main, [*options, "viz", *args])


@pytest.fixture(scope="module")
def fixture_kg(tmp_path_factory: pytest.TempPathFactory) -> psygraph.KnowledgeGraph:
    """The shipped graph and the fixture, loaded once for the module (its projection built once too)."""
    path = tmp_path_factory.mktemp("viz") / "extra.ttl"
    path.write_text(TTL_PREFIXES + FIXTURE, encoding="utf-8")
    return psygraph.load([path])


@pytest.fixture
def fixture_file(write_ttl: Callable[..., Path]) -> Path:
    return write_ttl(FIXTURE)


@pytest.fixture
def hostile_file(write_ttl: Callable[..., Path]) -> Path:
    return write_ttl(HOSTILE_TTL, name="hostile.ttl")


# ---- structure and counts ----------------------------------------------------------------------


def test_positions_never_hold_negative_zero(kg: psygraph.KnowledgeGraph) -> None:
    """A kept layout is read back from SQLite, which keeps -0.0 as 0.0: a layout holding -0.0 would
    draw a page that differs from the one drawn when the layout is kept (the shipped graph's whole
    page, with works and studies placed last, had one)."""
    placed = viz_layout.positions(kg.nx, viz.QUIET_TYPES)
    assert not [n for n, xy in placed.items() if any(v == 0 and math.copysign(1, v) < 0 for v in xy)]


def test_page_structure(tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph) -> None:
    path = viz.render_html(fixture_kg.nx, tmp_path / "page.html", title="A title", kg=fixture_kg)
    parser = parse(path)
    ids = {attrs.get("id") for _, attrs in parser.tags}
    expected = {"network", "search", "legend", "schools", "relations", "physics", "details", "psygraph-data"}
    assert expected <= ids
    assert len(_script_tags(parser)) == 3  # the data, vis-network, the page script
    assert all("src" not in attrs for _, attrs in _script_tags(parser))
    assert "vis.Network" in path.read_text(encoding="utf-8")
    assert "<title>A title</title>" in path.read_text(encoding="utf-8")


def test_full_page_counts_match_projection(tmp_path: Path, kg: psygraph.KnowledgeGraph) -> None:
    path = viz.write_explorer(kg, tmp_path / "all.html")
    payload = page_payload(path)
    assert len(payload["nodes"]) == kg.nx.number_of_nodes()
    assert {n["id"] for n in payload["nodes"]} == set(kg.nx.nodes)
    stated = {(s, o, r) for s, o, r in kg.nx.edges(data="relation")}
    drawn = [(e["from"], e["to"], e["relation"]) for e in payload["edges"]]
    assert len(drawn) == len(set(drawn))
    symmetric = {r for r, about in payload["relations"].items() if about["symmetric"]}
    both_ways = {(s, o, r) for s, o, r in stated if r in symmetric and (o, s, r) in stated and o < s}
    assert set(drawn) == stated - both_ways  # a symmetric link stated both ways is drawn once
    assert sum(t["count"] for t in payload["types"]) == kg.nx.number_of_nodes()


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_focus_page_counts_match_subgraph(
    tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph, depth: int
) -> None:
    path = viz.write_explorer(fixture_kg, tmp_path / "focus.html", focus="Beta Tester", depth=depth)
    payload = page_payload(path)
    expected = viz.subgraph(fixture_kg, focus=BETA, depth=depth)
    assert {n["id"] for n in payload["nodes"]} == set(expected.nodes)
    assert len(payload["edges"]) == expected.number_of_edges()
    assert payload["focus"] == BETA
    distances = nx.single_source_shortest_path_length(fixture_kg.nx.to_undirected(as_view=True), BETA)
    assert {n for n, d in distances.items() if d <= depth} == set(expected.nodes)


def test_focus_in_full_graph_keeps_relations_to_nodes_outside_the_view(
    tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph
) -> None:
    payload = page_payload(viz.write_explorer(fixture_kg, tmp_path / "f.html", focus=GAMMA, depth=1))
    beta_relations = payload["info"][BETA]["rel"]
    assert [PSY + "influencedBy", "o", ALPHA] in beta_relations
    assert payload["external"][ALPHA] == "Alpha Tester"


def test_details_data(tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph) -> None:
    payload = page_payload(viz.write_explorer(fixture_kg, tmp_path / "d.html"))
    alpha = payload["info"][ALPHA]
    assert alpha["label"] == "Alpha Tester"
    assert alpha["alt"] == ["A. T."]
    assert (alpha["birth_year"], alpha["death_year"]) == (1900, 1980)
    assert alpha["sources"] == [BOOK]
    assert alpha["ids"] == [["exactMatch", "http://www.wikidata.org/entity/Q1", "wd:Q1"]]
    assert alpha["schools"] == [SCHOOL]
    assert payload["citations"][BOOK].startswith("Tester, A. (1950)")
    assert payload["relations"][PSY + "influencedBy"]["inverse"] == "influenced"
    claims = payload["evidence"][MODALITY + " " + CONDITION]
    assert claims[0]["sources"] == [BOOK]
    assert (claims[0]["design"], claims[0]["result"], claims[0]["certainty"]) == (
        "expert consensus",
        "no comparison",
        "not graded",
    )


def test_busy_whole_graph_starts_with_works_hidden(
    tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(viz, "BUSY_GRAPH", 0)
    hidden = page_payload(viz.write_explorer(fixture_kg, tmp_path / "a.html"))["hidden"]
    assert "Work" in hidden
    assert set(hidden) <= set(viz.QUIET_TYPES)
    chosen = viz.write_explorer(fixture_kg, tmp_path / "b.html", types=["work", "theorist"])
    assert page_payload(chosen)["hidden"] == []


def test_labels_grow_with_connections(tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph) -> None:
    nodes = {n["id"]: n for n in page_payload(viz.write_explorer(fixture_kg, tmp_path / "l.html"))["nodes"]}
    degree = dict(fixture_kg.nx.to_undirected(as_view=True).degree())
    hub = max(degree, key=lambda n: (degree[n], n))
    leaf = min(degree, key=lambda n: (degree[n], n))
    assert nodes[hub]["prominence"] > nodes[leaf]["prominence"]  # labelled first when space is short
    assert nodes[hub]["value"] > nodes[leaf]["value"]


def test_nodes_arrive_placed_and_physics_is_off(tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph) -> None:
    focus = viz.write_explorer(fixture_kg, tmp_path / "f.html", focus=ALPHA, depth=1)
    payload = page_payload(focus)
    assert payload["options"]["physics"]["enabled"] is False
    placed = {n["id"]: (n["x"], n["y"]) for n in payload["nodes"]}
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in placed.values())
    assert len(set(placed.values())) == len(placed)  # no two nodes on one spot
    again = page_payload(viz.write_explorer(fixture_kg, tmp_path / "g.html", focus=ALPHA, depth=1))
    assert {n["id"]: (n["x"], n["y"]) for n in again["nodes"]} == placed


def test_a_filtered_view_is_laid_out_for_its_own_nodes(
    tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph
) -> None:
    whole = page_payload(viz.write_explorer(fixture_kg, tmp_path / "a.html", types=["theorist", "school"]))
    part = page_payload(viz.write_explorer(fixture_kg, tmp_path / "p.html", schools=[SCHOOL]))
    xs = [n["x"] for n in part["nodes"]]
    ys = [n["y"] for n in part["nodes"]]
    centre = (sum(xs) / len(xs), sum(ys) / len(ys))
    assert abs(centre[0]) < 100
    assert abs(centre[1]) < 100
    spread = max(max(xs) - min(xs), max(ys) - min(ys))
    whole_xs = [n["x"] for n in whole["nodes"]]
    assert spread < (max(whole_xs) - min(whole_xs)) / 3


def test_directed_relations_have_arrows_and_symmetric_ones_do_not(
    tmp_path: Path, write_ttl: Callable[..., Path]
) -> None:
    extra = write_ttl(
        "id:viz-test-concept a psy:MentalStructure ; skos:prefLabel 'C'@en ;"
        " psy:relatedTo id:viz-test-other ; psy:introducedBy id:sigmund-freud .\n"
        "id:viz-test-other a psy:MentalStructure ; skos:prefLabel 'D'@en .\n"
    )
    kg = psygraph.load([extra])
    edges = page_payload(viz.write_explorer(kg, Path(extra).with_suffix(".html")))["edges"]
    arrows = {e["relation"]: e["arrows"] for e in edges if e["from"] == CONCEPT}
    assert arrows == {PSY + "relatedTo": "", PSY + "introducedBy": "to"}


# ---- narrowing ------------------------------------------------------------------------------------


def test_subgraph_by_type(fixture_kg: psygraph.KnowledgeGraph) -> None:
    theorists = viz.subgraph(fixture_kg, types=["theorist"])
    assert {ALPHA, BETA, GAMMA} <= set(theorists)
    assert {theorists.nodes[n]["type"] for n in theorists} == {"Theorist"}
    assert set(viz.subgraph(fixture_kg, types=["theorists"])) == set(theorists)  # plurals are fine
    concepts = viz.subgraph(fixture_kg, types=["Concept"])
    assert CONCEPT in concepts
    kinds = {local_name(c) for c in fixture_kg.schema.concept_kinds()}
    assert all(concepts.nodes[n]["type"] in kinds for n in concepts)


def test_subgraph_by_school(fixture_kg: psygraph.KnowledgeGraph) -> None:
    school = viz.subgraph(fixture_kg, schools=["Test School"])
    # the school, its founder and member, a modality part of it, and what the founder introduced or wrote
    assert set(school) == {SCHOOL, ALPHA, BETA, MODALITY, CONCEPT, BOOK}
    assert set(viz.subgraph(fixture_kg, schools=["viz-test-school"])) == set(school)


def test_subgraph_by_relation(fixture_kg: psygraph.KnowledgeGraph) -> None:
    lineage = viz.subgraph(fixture_kg, relations=["influenced by"])
    relations = {r for _, _, r in lineage.edges(data="relation")}
    assert relations == {PSY + "influencedBy"}
    expected = [(s, o) for s, o, r in fixture_kg.nx.edges(data="relation") if r == PSY + "influencedBy"]
    assert lineage.number_of_edges() == len(expected)
    assert all(lineage.degree(n) > 0 for n in lineage)


def test_subgraph_focus_is_kept_by_every_filter(fixture_kg: psygraph.KnowledgeGraph) -> None:
    view = viz.subgraph(fixture_kg, focus=BETA, depth=1, types=["work"])
    assert BETA in view


@pytest.mark.parametrize(
    ("option", "value", "error", "listed"),
    [
        ("types", "planet", UsageError, "theorist"),
        ("schools", "no-such-school", UnknownEntityError, "psygraph search"),
        ("relations", "loves", UsageError, "influenced by"),
    ],
)
def test_subgraph_unknown_values_list_valid_ones(
    fixture_kg: psygraph.KnowledgeGraph, option: str, value: str, error: type[Exception], listed: str
) -> None:
    with pytest.raises(error) as caught:
        viz.subgraph(fixture_kg, **{option: [value]})
    assert repr(value) in str(caught.value)
    assert listed in str(caught.value)


def test_issue_10_viz_reads_names_as_every_command_does(
    fixture_kg: psygraph.KnowledgeGraph, kg: psygraph.KnowledgeGraph
) -> None:
    # "influenced" is the inverse's name: the same relation the data states as "influenced by".
    assert set(viz.subgraph(fixture_kg, relations=["influenced"])) == set(
        viz.subgraph(fixture_kg, relations=["influenced by"])
    )
    defences = viz.subgraph(kg, types=["defence"])
    assert len(defences) > 20
    assert {defences.nodes[n]["type"] for n in defences} == {"DefenceMechanism"}


def test_subgraph_unknown_focus_suggests(fixture_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError, match="Alpha Tester"):
        viz.subgraph(fixture_kg, focus="Alpha Testr")


def test_subgraph_negative_depth(fixture_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="depth"):
        viz.subgraph(fixture_kg, focus=ALPHA, depth=-1)


# ---- escaping ---------------------------------------------------------------------------------------


def test_hostile_text_appears_only_escaped(tmp_path: Path, runner: CliRunner, hostile_file: Path) -> None:
    out = tmp_path / "hostile.html"
    result = invoke(runner, ["--focus", "viz-test-hostile", "-o", str(out)], data=[hostile_file])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for raw in (SCRIPT_LABEL, IMG_LABEL, "alert(2)</script>", "<!--"):
        assert raw not in text
    assert "<img" not in text
    assert text.count("</script>") == 3
    assert "\u2028" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # the title, HTML-escaped
    payload = page_payload(out)
    assert payload["info"][HOSTILE]["label"] == SCRIPT_LABEL  # the text itself survives intact
    assert payload["info"][HOSTILE]["alt"] == [IMG_LABEL]


def test_page_script_never_uses_inner_html() -> None:
    from importlib.resources import files

    script = (files("psygraph") / "viz_assets" / "explorer.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert "document.write" not in script
    assert "eval(" not in script


# ---- offline -------------------------------------------------------------------------------------

_FETCHING_TAGS = [
    r"<script[^>]*\ssrc\s*=",
    r"<link[^>]*\shref\s*=",
    r"<(?:img|iframe|embed|object|source|audio|video|base)\b",
    r"(?:src|href|action)\s*=\s*['\"]?\s*(?:https?:)?//",
]
_FETCHING_CSS = [r"@import", r"url\(\s*['\"]?\s*(?!data:)[^\s'\"]"]


def test_page_fetches_nothing(tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph) -> None:
    text = viz.write_explorer(fixture_kg, tmp_path / "offline.html").read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", text, flags=re.DOTALL | re.IGNORECASE)
    for pattern in _FETCHING_TAGS:
        assert not re.search(pattern, markup, re.IGNORECASE), pattern
    styles = re.findall(r"<style>(.*?)</style>", text, flags=re.DOTALL)
    assert len(styles) == 1  # the page's own; vis-network's (icons of unused buttons) is left out
    assert len(styles[0]) < 20_000
    assert "data:image" not in styles[0]
    for pattern in _FETCHING_CSS:
        assert not re.search(pattern, "".join(styles), re.IGNORECASE), pattern
    policy = next(
        attrs["content"] for tag, attrs in parse(tmp_path / "offline.html").tags if attrs.get("http-equiv")
    )
    assert "default-src 'none'" in policy
    assert "connect-src" not in policy  # so default-src 'none' forbids fetch and XHR


# ---- determinism and files ---------------------------------------------------------------------------


def test_same_input_gives_the_same_file(tmp_path: Path, fixture_file: Path) -> None:
    first = viz.write_explorer(psygraph.load([fixture_file]), tmp_path / "one.html")
    second = viz.write_explorer(psygraph.load([fixture_file]), tmp_path / "two.html")
    assert first.read_bytes() == second.read_bytes()
    options = page_payload(first)["options"]
    assert options["physics"]["enabled"] is False  # placed at build time: nothing random in the page


def test_missing_folder_is_an_input_error(tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="does not exist"):
        viz.render_html(fixture_kg.nx, tmp_path / "nowhere" / "page.html")


def test_rewrite_replaces_the_file_and_leaves_no_temp(
    tmp_path: Path, fixture_kg: psygraph.KnowledgeGraph
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "page.html"
    target.write_text("old", encoding="utf-8")
    viz.render_html(fixture_kg.nx, target, kg=fixture_kg)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in folder.iterdir()] == ["page.html"]


# ---- the command -------------------------------------------------------------------------------------


def test_cli_writes_the_page_and_prints_its_path(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "graph.html"
    result = invoke(runner, ["-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    assert out.is_file()


def test_cli_focus_and_filters(tmp_path: Path, runner: CliRunner, fixture_file: Path) -> None:
    out = tmp_path / "f.html"
    args = ["--focus", "Alpha Tester", "--depth", "2", "--type", "theorist", "--relation", "influencedBy"]
    result = invoke(runner, [*args, "-o", str(out)], data=[fixture_file])
    assert result.exit_code == 0, result.output
    assert {n["id"] for n in page_payload(out)["nodes"]} == {ALPHA, BETA, GAMMA}


def test_cli_school_filter(tmp_path: Path, runner: CliRunner, fixture_file: Path) -> None:
    out = tmp_path / "s.html"
    result = invoke(runner, ["--school", "Test School", "-o", str(out)], data=[fixture_file])
    assert result.exit_code == 0, result.output
    assert SCHOOL in {n["id"] for n in page_payload(out)["nodes"]}


def test_cli_open_uses_the_browser(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    out = tmp_path / "o.html"
    result = invoke(runner, ["--focus", "id:sigmund-freud", "-o", str(out), "--open"])
    assert result.exit_code == 0, result.output
    assert opened == [out.resolve().as_uri()]


@pytest.mark.parametrize(
    ("args", "message", "listed", "code"),
    [
        (["--type", "planet"], "no type named 'planet'", "theorist", 2),
        (["--school", "nowhere"], "no entity named 'nowhere'", "psygraph search", 1),
        (["--relation", "loves"], "no relation named 'loves'", "influenced by", 2),
        (["--focus", "Alpha Testr"], "Alpha Tester", "did you mean", 1),
    ],
)
def test_cli_bad_values_give_one_line(
    tmp_path: Path,
    runner: CliRunner,
    fixture_file: Path,
    args: list[str],
    message: str,
    listed: str,
    code: int,
) -> None:
    result = invoke(runner, [*args, "-o", str(tmp_path / "x.html")], data=[fixture_file])
    assert result.exit_code == code
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert message in lines[0]
    assert listed in lines[0]
    assert not (tmp_path / "x.html").exists()


def test_cli_nothing_left_to_draw(tmp_path: Path, runner: CliRunner, fixture_file: Path) -> None:
    args = ["--school", "Test School", "--type", "condition", "-o", str(tmp_path / "x.html")]
    result = invoke(runner, args, data=[fixture_file])
    assert result.exit_code == 1
    assert "no entity matches" in result.output
    assert "Traceback" not in result.output


def test_cli_negative_depth_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = invoke(runner, ["--focus", "id:sigmund-freud", "--depth", "-1"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_freud_is_in_the_shipped_graph(kg: psygraph.KnowledgeGraph) -> None:
    assert FREUD in viz.subgraph(kg, focus="id:sigmund-freud", depth=1)


# ---- what the page lists ---------------------------------------------------------------------------

TWO_WAYS = """
id:viz-test-concept a psy:MentalStructure ; skos:prefLabel "Test Concept"@en ;
    psy:relatedTo id:viz-test-other ; psy:introducedBy id:sigmund-freud .
id:viz-test-other a psy:MentalStructure ; skos:prefLabel "Other Concept"@en ;
    psy:relatedTo id:viz-test-concept .
"""

CLAIM_WITH_THREE_SOURCES = """
id:viz-test-modality a psy:TherapyModality ; skos:prefLabel "Test Therapy"@en ;
    psy:addresses id:viz-test-condition .
id:viz-test-condition a psy:Condition ; skos:prefLabel "Test Condition"@en .
id:viz-test-book a psy:Work ; skos:prefLabel "Test Book"@en ; psy:year 1950 .
id:viz-test-book-2 a psy:Work ; skos:prefLabel "Test Book 2"@en ; psy:year 1951 .
id:viz-test-book-3 a psy:Work ; skos:prefLabel "Test Book 3"@en ; psy:year 1952 .
id:evidence-viz-test a psy:EvidenceClaim ; psy:evidenceFor id:viz-test-modality ;
    psy:evidenceAbout id:viz-test-condition ; psy:evidenceLevel psy:ClinicalConsensus ;
    psy:direction psy:NoComparison ; psy:certainty psy:NotGraded ; psy:comparator "none" ;
    dcterms:source id:viz-test-book, id:viz-test-book-2, id:viz-test-book-3 ; skos:note "Made up."@en .
"""


def test_a_symmetric_relation_stated_both_ways_is_drawn_and_listed_once(
    tmp_path: Path, write_ttl: Callable[..., Path]
) -> None:
    kg = psygraph.load([write_ttl(TWO_WAYS)])
    payload = page_payload(viz.write_explorer(kg, tmp_path / "two.html", focus=CONCEPT, depth=1))
    related = [e for e in payload["edges"] if e["relation"] == PSY + "relatedTo"]
    assert len(related) == 1
    assert [r for r in payload["info"][CONCEPT]["rel"] if r[0] == PSY + "relatedTo"] == [
        [PSY + "relatedTo", "o", ID + "viz-test-other"]
    ]
    assert [r for r in payload["info"][ID + "viz-test-other"]["rel"] if r[0] == PSY + "relatedTo"] == [
        [PSY + "relatedTo", "o", CONCEPT]
    ]


def test_one_evidence_claim_is_one_entry_with_all_its_sources(
    tmp_path: Path, write_ttl: Callable[..., Path]
) -> None:
    kg = psygraph.load([write_ttl(CLAIM_WITH_THREE_SOURCES)])
    payload = page_payload(viz.write_explorer(kg, tmp_path / "ev.html", focus=MODALITY, depth=1))
    claims = payload["evidence"][MODALITY + " " + CONDITION]
    assert len(claims) == 1
    assert claims[0]["sources"] == [BOOK, BOOK + "-2", BOOK + "-3"]
    assert (claims[0]["design"], claims[0]["note"]) == ("expert consensus", "Made up.")


def test_genealogy_and_timeline_data(tmp_path: Path, kg: psygraph.KnowledgeGraph) -> None:
    payload = page_payload(viz.write_explorer(kg, tmp_path / "all.html"))
    tree = payload["genealogy"]
    analysed = [(s, o) for s, o, r in kg.nx.edges(data="relation") if r == PSY + "analysedBy"]
    assert analysed
    assert all(tree[s][1] > tree[o][1] for s, o in analysed)
    assert payload["info"][FREUD]["since"] == kg.nx.nodes[FREUD]["birth_year"]
    dated = [entry["since"] for entry in payload["info"].values() if entry["since"] is not None]
    assert len(dated) > len(payload["info"]) / 2


# ---- colours and contrast ---------------------------------------------------------------------------

#: Machado, Oliveira and Fernandes (2009): linear RGB as a person with deuteranopia sees it.
DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)


def _linear(colour: str) -> tuple[float, ...]:
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _lab(linear: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b = linear
    x, y, z = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _deuteranope(colour: str) -> tuple[float, float, float]:
    linear = _linear(colour)
    seen = tuple(
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, linear, strict=True)))) for row in DEUTERANOPIA
    )
    return _lab(seen)


def test_type_colours_stay_distinct_under_deuteranopia() -> None:
    family = {"triangleDown": "triangle"}  # a triangle either way up reads as one shape
    for (a, one), (b, other) in itertools.combinations(viz.TYPE_STYLES.items(), 2):
        difference = math.dist(_deuteranope(one.color), _deuteranope(other.color))
        same_shape = family.get(one.shape, one.shape) == family.get(other.shape, other.shape)
        assert difference >= (20 if same_shape else 8), (a, b, round(difference, 1))


def _luminance(colour: str) -> float:
    r, g, b = _linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(ink: str, paper: str) -> float:
    lighter, darker = sorted((_luminance(ink), _luminance(paper)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_text_colours_meet_wcag_aa() -> None:
    css = (Path(viz.__file__).parent / "viz_assets" / "explorer.css").read_text(encoding="utf-8")
    names = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6})", css))
    pairs = [("ink", "bg"), ("ink", "panel"), ("muted", "bg"), ("muted", "panel"), ("accent", "panel")]
    for ink, paper in pairs:
        assert _contrast(names[ink], names[paper]) >= 4.5, (ink, paper)
    assert _contrast("#ffffff", names["accent"]) >= 4.5  # the logo
    assert _contrast(names["muted"], "#eef2f8") >= 4.5  # a highlighted search result
    for colour in re.findall(r"color:\s*(#[0-9a-f]{6})", css):  # every other text colour
        assert _contrast(colour, names["panel"]) >= 4.5, colour
