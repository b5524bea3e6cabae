"""``psygraph site``: the static site's pages, their embedded JSON-LD and RDF files, HTML validity,
escaping of hostile data, the index pages, and the folder swap that leaves an old site whole."""

from __future__ import annotations

import html
import json
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import html5rdf
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

import psygraph
from psygraph import api
from psygraph.cli import main
from psygraph.errors import UsageError
from psygraph.site import MARKER, build_site

JSONLD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

HOSTILE_TTL = """
id:site-test-hostile a psy:Theorist ;
    skos:prefLabel "<script>alert(1)</script>"@en ;
    skos:altLabel "</script><img src=x onerror=alert(1)>"@en ;
    skos:definition "\\"'><svg onload=alert(2)>"@en ;
    psy:influencedBy id:sigmund-freud ;
    skos:exactMatch <javascript:alert(3)> .
"""


def _pages(site: Path) -> list[Path]:
    return sorted((site / "id").glob("*.html"))


def _triples(data: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(data, fmt)}


# --- what the site holds ----------------------------------------------------------------------------


def test_every_entity_has_a_page_with_its_rdf_beside_it(
    kg: psygraph.KnowledgeGraph, built_site: Path
) -> None:
    pages = _pages(built_site)
    assert len(pages) == len(kg.names)
    for page in pages[::50]:
        for suffix in (".ttl", ".jsonld", ".nt", ".rdf"):
            assert page.with_suffix(suffix).is_file()
        text = page.read_text(encoding="utf-8")
        for suffix, media in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json")):
            assert f'<link rel="alternate" type="{media}" href="{page.stem}{suffix}"' in text


def test_entity_page_shows_what_show_says(built_site: Path) -> None:
    text = (built_site / "id" / "melanie-klein.html").read_text(encoding="utf-8")
    entity = psygraph.describe(psygraph.load(), "id:melanie-klein")
    assert f"<h1>{entity.label}</h1>" in text
    assert f"{entity.born}–{entity.died}" in text
    assert entity.definition.replace("'", "&#39;") in text
    assert '<a href="../id/sigmund-freud.html">Sigmund Freud</a>' in text
    assert '<a href="../explorer.html#id:melanie-klein">' in text
    picture = text[text.index('<p class="local">') : text.index("</svg>")]
    assert picture.count("<circle") == 13  # Klein and twelve of the entities linked to her
    for identifier in entity.identifiers:
        assert f'<a href="{identifier["value"]}">' in text
    for synonym in entity.synonyms:
        assert synonym in text


def test_sources_carry_citations_and_doi_links(built_site: Path) -> None:
    text = (built_site / "id" / "mentalization-based-treatment.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="https://doi\.org/10\.[^"]+">', text)
    assert "Bateman" in text
    assert '<h2 id="evidence">Evidence</h2>' in text


def test_synonyms_in_other_languages_are_marked_with_their_language(built_site: Path) -> None:
    text = (built_site / "id" / "transference.html").read_text(encoding="utf-8")
    assert re.search(r'<span lang="de">Übertragung</span>', text)


#: The index pages beside the home page.
INDEX_PAGES = [
    "types.html",
    "a-z.html",
    "schools.html",
    "decades.html",
    "defences.html",
    "evidence.html",
    "ontology/index.html",
]


@pytest.mark.parametrize("page", INDEX_PAGES)
def test_index_pages_exist_and_link_entities(built_site: Path, page: str) -> None:
    text = (built_site / page).read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)?id/[a-z0-9-]+\.html"', text)


def test_defence_hierarchies_are_tables_of_levels(kg: psygraph.KnowledgeGraph, built_site: Path) -> None:
    text = (built_site / "defences.html").read_text(encoding="utf-8")
    for row in api.defences(kg)[:20]:
        assert row["hierarchy"].replace("'", "&#39;") in text
        assert f'<th scope="row">{row["level"]}</th>'.replace("'", "&#39;") in text


def test_evidence_page_has_a_section_per_condition(kg: psygraph.KnowledgeGraph, built_site: Path) -> None:
    text = (built_site / "evidence.html").read_text(encoding="utf-8")
    conditions = {row["condition"] for row in api.treatments(kg)}
    assert text.count("<section") == len(conditions)


def test_ontology_page_documents_classes_properties_and_shapes(built_site: Path) -> None:
    text = (built_site / "ontology" / "index.html").read_text(encoding="utf-8")
    assert 'id="Theorist"' in text
    theorist = text[text.index('id="Theorist"') :]
    theorist = theorist[: theorist.index("</section>")]
    assert '<a href="../id/' in theorist  # examples
    influenced = text[text.index('id="influencedBy"') :]
    influenced = influenced[: influenced.index("</section>")]
    assert "<dt>domain</dt>" in influenced
    assert "<dt>range</dt>" in influenced
    assert 'id="EntityShape"' in text


def test_ontology_files_hold_the_ontology(kg: psygraph.KnowledgeGraph, built_site: Path) -> None:
    turtle = _triples((built_site / "ontology" / "ontology.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    stored = {
        q.triple for g in kg.graphs("ontology") for q in kg.store.quads_for_pattern(None, None, None, g)
    }
    assert turtle == stored
    version = api.data_version(kg)
    assert (built_site / "ontology" / version / "ontology.ttl").read_bytes() == (
        built_site / "ontology" / "ontology.ttl"
    ).read_bytes()


def test_dataset_description_states_version_licence_and_citation(built_site: Path) -> None:
    graph = rdflib.Graph().parse(built_site / "dataset.ttl")
    version = api.data_version()
    dataset = rdflib.URIRef("https://w3id.org/psygraph/dataset")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    assert (dataset, rdflib.RDF.type, void.Dataset) in graph
    assert str(graph.value(dataset, rdflib.OWL.versionInfo)) == version
    assert graph.value(dataset, dcterms.license) is not None
    assert version in str(graph.value(dataset, dcterms.bibliographicCitation))


# --- JSON-LD and RDF --------------------------------------------------------------------------------


def test_each_pages_json_ld_is_its_jsonld_file_and_its_turtle(built_site: Path) -> None:
    for page in _pages(built_site):
        embedded = JSONLD_SCRIPT.search(page.read_text(encoding="utf-8"))
        assert embedded, page.name
        beside = page.with_suffix(".jsonld").read_bytes()
        triples = _triples(embedded.group(1).encode(), ox.RdfFormat.JSON_LD)
        assert triples == _triples(beside, ox.RdfFormat.JSON_LD), page.name
        assert triples == _triples(page.with_suffix(".ttl").read_bytes(), ox.RdfFormat.TURTLE), page.name
        assert triples == _triples(page.with_suffix(".nt").read_bytes(), ox.RdfFormat.N_TRIPLES), page.name


@pytest.mark.parametrize(
    "slug", ["sigmund-freud", "projective-identification", "mentalization-based-treatment"]
)
def test_json_ld_reads_the_same_in_rdflib(built_site: Path, slug: str) -> None:
    page = (built_site / "id" / f"{slug}.html").read_text(encoding="utf-8")
    embedded = JSONLD_SCRIPT.search(page)
    assert embedded
    from_page = rdflib.Graph()
    with warnings.catch_warnings():
        # rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally.
        warnings.simplefilter("ignore", DeprecationWarning)
        from_page.parse(data=embedded.group(1), format="json-ld")
    from_turtle = rdflib.Graph().parse(built_site / "id" / f"{slug}.ttl")
    assert len(from_page) > 5
    assert isomorphic(from_page, from_turtle)


def test_json_ld_types_entities_with_schema_org(built_site: Path) -> None:
    def types(slug: str) -> list[str]:
        return json.loads((built_site / "id" / f"{slug}.jsonld").read_text())["@type"]

    assert "schema:Person" in types("sigmund-freud")
    assert "schema:DefinedTerm" in types("projective-identification")
    assert "schema:MedicalCondition" in types("borderline-personality-disorder")
    assert "schema:MedicalTherapy" in types("mentalization-based-treatment")
    freud = json.loads((built_site / "id" / "sigmund-freud.jsonld").read_text())
    assert freud["schema:birthDate"] == [{"@value": "1856", "@type": "xsd:gYear"}]


# --- HTML -------------------------------------------------------------------------------------------


def test_pages_are_valid_html(built_site: Path) -> None:
    pages = [built_site / name for name in ["index.html", *INDEX_PAGES]]
    pages += _pages(built_site)[::25]
    pages += [
        built_site / "id" / "melanie-klein.html",
        built_site / "id" / "mentalization-based-treatment.html",
    ]
    for page in pages:
        parser = html5rdf.HTMLParser(strict=True)
        parser.parse(page.read_bytes())
        assert not parser.errors, (page.name, parser.errors[:3])


def test_pages_forbid_every_request_with_their_csp(built_site: Path) -> None:
    for page in [built_site / "index.html", built_site / "id" / "sigmund-freud.html"]:
        text = page.read_text(encoding="utf-8")
        found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert found
        csp = html.unescape(found.group(1))
        assert "default-src 'none'" in csp
        assert "unsafe" not in csp
        assert "http" not in csp


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, mini_kg: psygraph.KnowledgeGraph) -> Path:
    from tests.conftest import MINI_TTL, TTL_PREFIXES

    store = ox.Store()
    for quad in mini_kg.store:
        store.add(quad)
    from psygraph.namespaces import DATA_GRAPH

    store.load(
        (TTL_PREFIXES + HOSTILE_TTL).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(DATA_GRAPH)
    )
    assert MINI_TTL.exists()
    folder = tmp_path_factory.mktemp("hostile") / "site"
    build_site(psygraph.KnowledgeGraph(store), folder, explorer=False)
    return folder


def test_hostile_labels_are_shown_as_text(hostile_site: Path) -> None:
    text = (hostile_site / "id" / "site-test-hostile.html").read_text(encoding="utf-8")
    body = JSONLD_SCRIPT.sub("", text)
    assert "<script>alert" not in body
    assert "<img" not in body
    assert "<svg" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'href="javascript:' not in text
    embedded = JSONLD_SCRIPT.search(text)
    assert embedded
    assert "</" not in embedded.group(1)
    parser = html5rdf.HTMLParser(strict=True)
    parser.parse(text)
    assert not parser.errors


def test_hostile_labels_stay_text_in_the_search_index(hostile_site: Path) -> None:
    text = (hostile_site / "index.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="search-data">(.*?)</script>', text, re.S)
    assert data
    assert "<" not in data.group(1)
    assert any(row[0] == "<script>alert(1)</script>" for row in json.loads(data.group(1)))


# --- the build --------------------------------------------------------------------------------------


def test_a_failed_build_leaves_the_old_site_whole(
    hostile_site: Path, mini_kg: psygraph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psygraph.site import build

    before = sorted(p.relative_to(hostile_site) for p in hostile_site.rglob("*"))

    def broken(self: build.Writer, progress: object) -> int:
        (self.folder / "half-written.html").write_text("x")
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(build.Writer, "write_all", broken)
    with pytest.raises(OSError, match="disk full"):
        build_site(mini_kg, hostile_site, explorer=False)
    assert sorted(p.relative_to(hostile_site) for p in hostile_site.rglob("*")) == before
    assert not [p for p in hostile_site.parent.iterdir() if p.name.startswith(".psygraph-tmp")]


def test_rebuild_replaces_an_earlier_site(tmp_path: Path, mini_kg: psygraph.KnowledgeGraph) -> None:
    folder = tmp_path / "site"
    build_site(mini_kg, folder, explorer=False)
    (folder / "stale.html").write_text("old")
    progress: list[tuple[int, int]] = []
    summary = build_site(
        mini_kg, folder, explorer=False, progress=lambda done, total: progress.append((done, total))
    )
    assert not (folder / "stale.html").exists()
    assert (folder / MARKER).is_file()
    assert summary.pages == len(mini_kg.names)
    assert progress[-1] == (summary.pages, summary.pages)


def test_a_killed_builds_folder_is_removed_by_the_next_build(
    tmp_path: Path, mini_kg: psygraph.KnowledgeGraph
) -> None:
    import subprocess
    import sys

    from psygraph.site.build import TEMP_PREFIX

    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(finished.stdout)  # a process id that no longer runs
    stale = tmp_path / f"{TEMP_PREFIX}{dead}-abc"
    (stale / "id").mkdir(parents=True)
    mine = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-xyz"  # a build still running (this process)
    mine.mkdir()
    build_site(mini_kg, tmp_path / "site", explorer=False)
    assert not stale.exists()
    assert mine.exists()


def test_refuses_a_folder_that_is_not_a_site(tmp_path: Path, mini_kg: psygraph.KnowledgeGraph) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="not a site psygraph wrote"):
        build_site(mini_kg, tmp_path, explorer=False)
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (lambda tmp: tmp / "mine", "not a site psygraph wrote"),
        (lambda tmp: tmp / "missing" / "site", "does not exist"),
        (lambda tmp: tmp / "file.txt", "not a folder"),
    ],
)
def test_cli_bad_target_is_one_line_exit_2(
    tmp_path: Path, target: Callable[[Path], Path], message: str
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine")
    (tmp_path / "file.txt").write_text("x")
    result = CliRunner().invoke(main, ["site", "-o", str(target(tmp_path))])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "mine" / "notes.txt").read_text() == "mine"


def test_cli_refuses_the_shipped_data_folder() -> None:
    from psygraph import resources

    folder = Path(str(resources.data_file())).parent
    result = CliRunner().invoke(main, ["site", "-o", str(folder)])
    assert result.exit_code == 2
    assert "shipped data" in result.output
