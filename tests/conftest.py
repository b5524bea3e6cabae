"""Shared fixtures: the loaded shipped graph, a CLI runner, and a writer for tiny Turtle files.

Append new shared fixtures here; keep fixtures used by one test file inside that file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from minidata import MINI_TTL, mini_as_shipped_data

import psygraph
from psygraph.namespaces import ID

FREUD = ID + "sigmund-freud"
WINNICOTT = ID + "donald-winnicott"
KLEIN = ID + "melanie-klein"

TTL_PREFIXES = """\
@prefix id:      <https://w3id.org/psygraph/id/> .
@prefix psy:     <https://w3id.org/psygraph/ontology#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


@pytest.fixture(scope="session")
def kg() -> psygraph.KnowledgeGraph:
    """The shipped ontology and data, loaded once for the whole session (treat as read-only)."""
    return psygraph.load()


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner."""
    return CliRunner()


@pytest.fixture
def write_ttl(tmp_path: Path) -> Callable[..., Path]:
    """Write a Turtle file into the test's temp folder; the project prefixes are prepended."""

    def write(body: str, name: str = "extra.ttl", prefixes: bool = True) -> Path:
        path = tmp_path / name
        path.write_text((TTL_PREFIXES if prefixes else "") + body, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def mini_kg() -> psygraph.KnowledgeGraph:
    """The shipped ontology with tests/fixtures/mini.ttl as its only data: small, exact answers."""
    import pyoxigraph as ox

    from psygraph import resources
    from psygraph.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH

    store = ox.Store()
    for source in resources.schema_files():
        store.load(source.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.load(MINI_TTL.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(DATA_GRAPH))
    return psygraph.KnowledgeGraph(store)


@pytest.fixture
def mini_shipped() -> Iterator[Path]:
    """:func:`mini_as_shipped_data` for one test."""
    with mini_as_shipped_data() as path:
        yield path


@pytest.fixture(scope="session", autouse=True)
def psygraph_cache_dir() -> Path:
    """The cache folder of this test run (never the user's own): PSYGRAPH_CACHE_DIR, set for the session."""
    folder = os.environ.get("PSYGRAPH_CACHE_DIR")
    if not folder:  # the root conftest.py's pytest_configure did not run (an unusual entry point)
        folder = tempfile.mkdtemp(prefix="psygraph-test-cache-")
        os.environ["PSYGRAPH_CACHE_DIR"] = folder
    return Path(folder)


@pytest.fixture(scope="session")
def built_site(kg: psygraph.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static site of the shipped graph (``psygraph site``), built once for the session (read-only)."""
    from psygraph.site import build_site

    folder = tmp_path_factory.mktemp("site") / "public"
    build_site(kg, folder)
    return folder


#: Debian's chromium, which Playwright drives (it cannot download a browser of its own here).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless chromium driven by Playwright, for one test module. Skipped without chromium or
    Playwright, except in CI (``CI=true``), where a missing browser fails."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Debian chromium at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"no chromium at {CHROMIUM}; install it with 'apt-get install chromium'")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
