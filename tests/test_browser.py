"""The explorer in a real browser: Debian's headless chromium, driven by Playwright, with the network cut off.

Each test opens a generated page from a file:// URL; any request to another scheme is aborted and
recorded, and must not happen. Skipped when /usr/bin/chromium is missing, except in CI (CI=true),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import psygraph
from psygraph import viz
from psygraph.namespaces import ID

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = "body[data-state=ready]"

ALPHA = ID + "viz-test-alpha"
BETA = ID + "viz-test-beta"
HOSTILE = ID + "viz-test-hostile"

FIXTURE = """
id:viz-test-alpha a psy:Theorist ; skos:prefLabel "Alpha Tester"@en ; skos:altLabel "Ursprung"@en ;
    skos:definition "A made-up theorist."@en ; psy:influencedBy id:sigmund-freud .
id:viz-test-beta a psy:Theorist ; skos:prefLabel "Beta Tester"@en ;
    skos:definition "Another made-up theorist."@en ; psy:influencedBy id:viz-test-alpha .
id:viz-test-idea a psy:MentalStructure ; skos:prefLabel "Test Idea"@en ;
    skos:definition "A made-up idea."@en ; psy:introducedBy id:viz-test-beta .
"""

HOSTILE_TTL = """
id:viz-test-hostile a psy:Theorist ;
    skos:prefLabel "<script>alert(1)</script>"@en ;
    skos:altLabel "<img src=x onerror=alert(1)>"@en ;
    skos:definition "<img src=x onerror=alert(1)></script><script>alert(2)</script>"@en ;
    psy:influencedBy id:sigmund-freud ;
    skos:exactMatch <javascript:alert(3)> .
"""


def _needs_browser() -> None:
    if os.environ.get("CI") == "true":
        if not CHROMIUM.exists():
            pytest.fail(f"CI needs Debian chromium at {CHROMIUM} (apt-get install chromium)")
        return
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}; install it with 'apt-get install chromium'")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _needs_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Page:
    """An open explorer page and what happened while it ran."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[Path], Page]]:
    contexts = []

    def open_(path: Path) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = Page(context.new_page())
        page.page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))

        def block(route: Any) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                page.requests.append(route.request.url)
                route.abort()

        context.route("**/*", block)
        page.page.goto(path.as_uri())
        page.page.wait_for_selector(READY, state="attached", timeout=25_000)
        return page

    yield open_
    for context in contexts:
        context.close()


def test_whole_graph_loads_offline_and_draws_every_node(
    tmp_path: Path, kg: psygraph.KnowledgeGraph, open_page: Callable[[Path], Page]
) -> None:
    page = open_page(viz.write_explorer(kg, tmp_path / "all.html"))
    quiet = set(page.js("psygraph.data.hidden"))  # types that start hidden in a busy view (works)
    shown = sum(1 for _, t in kg.nx.nodes(data="type") if t not in quiet)
    assert page.js("psygraph.nodes.length") == kg.nx.number_of_nodes()
    assert page.js("psygraph.nodes.get({filter: n => !n.hidden}).length") == shown
    assert page.js("psygraph.network.body.nodeIndices.length") == shown  # what vis-network draws
    assert page.js("psygraph.edges.length") == kg.nx.number_of_edges()
    assert page.js("psygraph.state.settled") is True
    work = min(n for n, t in kg.nx.nodes(data="type") if t == "Work")
    page.js("id => psygraph.focusNode(id)", work)  # as a link in the panel or a search result does
    assert page.js("psygraph.network.getSelectedNodes()") == [work]
    revealed = 1 if "Work" in quiet else 0  # the one work is shown, not all of them
    assert page.js("psygraph.nodes.get({filter: n => !n.hidden}).length") == shown + revealed
    assert page.errors == []
    assert page.requests == []


def test_search_focuses_the_right_node(
    tmp_path: Path, write_ttl: Callable[..., Path], open_page: Callable[[Path], Page]
) -> None:
    kg = psygraph.load([write_ttl(FIXTURE)])
    page = open_page(viz.write_explorer(kg, tmp_path / "search.html", focus=BETA, depth=2))
    page.page.fill("#search", "beta test")
    page.page.press("#search", "Enter")
    assert page.js("psygraph.network.getSelectedNodes()") == [BETA]
    assert page.page.text_content("#details h2") == "Beta Tester"
    page.page.fill("#search", "ursprung")  # a synonym
    first = page.page.text_content("#search-results li")
    page.page.press("#search", "Enter")
    assert "Alpha Tester" in first
    assert page.js("psygraph.network.getSelectedNodes()") == [ALPHA]
    page.page.click("#details button.link:has-text('Beta Tester')")  # a relation in the panel
    assert page.js("psygraph.network.getSelectedNodes()") == [BETA]
    assert page.errors == []


def test_type_filter_hides_nodes(
    tmp_path: Path, write_ttl: Callable[..., Path], open_page: Callable[[Path], Page]
) -> None:
    kg = psygraph.load([write_ttl(FIXTURE)])
    page = open_page(viz.write_explorer(kg, tmp_path / "filter.html", focus=ALPHA, depth=1))
    shown = viz.subgraph(kg, focus=ALPHA, depth=1)
    theorists = sum(1 for _, t in shown.nodes(data="type") if t == "Theorist")
    before = page.js("psygraph.nodes.get({filter: n => n.hidden}).length")
    page.page.click("#legend button:has-text('Theorist')")
    after = page.js("psygraph.nodes.get({filter: n => n.hidden}).length")
    assert after - before == theorists
    assert page.page.get_attribute("#legend button:has-text('Theorist')", "aria-pressed") == "false"


def test_same_input_gives_the_same_layout(
    tmp_path: Path, kg: psygraph.KnowledgeGraph, open_page: Callable[[Path], Page]
) -> None:
    path = viz.write_explorer(kg, tmp_path / "layout.html", focus="id:sigmund-freud", depth=1)
    first = open_page(path).js("psygraph.network.getPositions()")
    second = open_page(path).js("psygraph.network.getPositions()")
    assert first == second
    assert len(first) > 1


def test_hostile_label_from_data_runs_nothing(
    tmp_path: Path, runner: Any, write_ttl: Callable[..., Path], open_page: Callable[[Path], Page]
) -> None:
    from psygraph.cli import main

    out = tmp_path / "hostile.html"
    data = write_ttl(HOSTILE_TTL, name="hostile.ttl")
    result = runner.invoke(main, ["--data", str(data), "viz", "--focus", "viz-test-hostile", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = open_page(out)
    page.js("id => psygraph.focusNode(id, {instant: true})", HOSTILE)
    position = page.js("id => psygraph.network.canvasToDOM(psygraph.network.getPositions([id])[id])", HOSTILE)
    box = page.page.locator("#network").bounding_box()
    x, y = box["x"] + position["x"], box["y"] + position["y"]
    page.page.mouse.move(x + 40, y + 40)
    page.page.mouse.move(x, y, steps=5)  # hover: vis-network shows the node's tooltip
    page.page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
    assert "<script>alert(1)</script>" in page.page.text_content(".vis-tooltip")
    page.page.fill("#search", "onerror")  # the synonym, listed in the search results
    assert page.dialogs == []
    assert page.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.js("document.querySelectorAll('script').length") == 3
    assert page.page.text_content("#details h2") == "<script>alert(1)</script>"
    assert page.js("document.querySelectorAll('#details a').length") == 0  # javascript: is no link
    assert "<img src=x onerror=alert(1)>" in page.page.text_content("#search-results")
    assert page.errors == []
    assert page.requests == []
