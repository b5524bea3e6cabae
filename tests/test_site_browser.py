"""The static site in a real browser: Debian's headless chromium driven by Playwright, offline.

Pages open from file:// URLs with every request to another scheme aborted and recorded: navigation,
the offline search and the pages' own CSP must work with no network and no console error. An
accessibility scan with axe-core (a pinned copy that .ci/run fetches from npm into
``~/.cache/psygraph-ci``, or the file named by ``AXE_CORE_JS``) finds no serious or critical
violation. Skipped without chromium (or without axe-core for the scan), except in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: The axe-core release .ci/run fetches, and where it puts it.
AXE_VERSION = "4.10.3"
AXE = Path(
    os.environ.get("AXE_CORE_JS")
    or Path.home() / ".cache" / "psygraph-ci" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
)


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


class Tab:
    """An open page, and what went wrong while it ran: console errors and requests off file://."""

    def __init__(self, browser: Any, *, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(bypass_csp=bypass_csp)
        self.errors: list[str] = []
        self.requests: list[str] = []

        def block(route: Any) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                self.requests.append(route.request.url)
                route.abort()

        self.context.route("**/*", block)
        self.page = self.context.new_page()
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    opened = Tab(browser)
    yield opened
    opened.close()


def test_search_finds_an_entity_and_its_page_links_on(tab: Tab, built_site: Path) -> None:
    page = tab.open(built_site / "index.html")
    page.wait_for_selector("body[data-state=ready]")
    page.fill("#q", "melanie klein")
    first = page.locator("#results a").first
    assert first.text_content() == "Melanie Klein"
    first.click()
    page.wait_for_url("**/id/melanie-klein.html")
    assert page.locator("h1").text_content() == "Melanie Klein"
    page.locator("dl.relations a", has_text="Sigmund Freud").first.click()
    page.wait_for_url("**/id/sigmund-freud.html")
    assert page.title().startswith("Sigmund Freud")
    page.locator("header nav a", has_text="Defences").click()
    page.wait_for_url("**/defences.html")
    assert page.locator("table").count() >= 1
    assert tab.errors == []
    assert tab.requests == []


def test_search_takes_synonyms_and_a_query_in_the_address(tab: Tab, built_site: Path) -> None:
    page = tab.open(built_site / "index.html")
    page.goto((built_site / "index.html").as_uri() + "?q=mentalisation")
    page.wait_for_selector("body[data-state=ready]")
    assert page.input_value("#q") == "mentalisation"
    labels = page.locator("#results a").all_text_contents()
    assert "mentalization" in [label.casefold() for label in labels]
    page.fill("#q", "zzzz-nothing")
    assert page.locator("#results li").count() == 0
    assert "No entity matches" in (page.text_content("#status") or "")
    assert tab.errors == []


def test_entity_page_opens_the_explorer_on_it(tab: Tab, built_site: Path) -> None:
    page = tab.open(built_site / "id" / "projective-identification.html")
    page.locator(".local a").click()
    page.wait_for_url("**/explorer.html#id:projective-identification")
    page.wait_for_selector("body[data-state=ready]", timeout=60_000)
    assert tab.requests == []


def test_site_works_from_a_static_web_server(browser: Any, built_site: Path) -> None:
    """The same pages, served over HTTP by a plain static server: relative links, no other request."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    elsewhere: list[str] = []
    errors: list[str] = []

    def block(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    try:
        page.goto(base + "index.html?q=winnicott")
        page.wait_for_selector("body[data-state=ready]")
        page.locator("#results a", has_text="Donald Winnicott").click()
        page.wait_for_url(base + "id/donald-winnicott.html")
        page.locator("header nav a", has_text="Ontology").click()
        page.wait_for_url(base + "ontology/index.html")
        assert page.locator("#Theorist").count() == 1
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert errors == []
    assert elsewhere == []


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "id/melanie-klein.html",
        "id/mentalization-based-treatment.html",
        "defences.html",
        "evidence.html",
        "ontology/index.html",
    ],
)
def test_no_serious_accessibility_violations(browser: Any, built_site: Path, page: str) -> None:
    if not AXE.is_file():
        if _in_ci():
            pytest.fail(f"CI needs axe-core at {AXE} (.ci/run fetches it with npm)")
        pytest.skip(f"no axe-core at {AXE}; run .ci/run or set AXE_CORE_JS")
    tab = Tab(browser, bypass_csp=True)  # axe is injected from outside the page
    try:
        opened = tab.open(built_site / page)
        opened.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        results = opened.evaluate("async () => await axe.run(document)")
        serious = [
            (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        tab.close()
