"""How long the explorer page takes to settle in a real browser, for the shipped graph and a 5,000-node one.

Run: ``python bench/viz_settle.py`` (needs Debian's chromium at /usr/bin/chromium and playwright).
It generates a psygraph-shaped graph with bench/generate.py, draws the whole graph (every type shown)
with :func:`psygraph.viz.write_explorer`, opens each page headless with the network cut off, and reads
the page's own settle time (``state.settleMs``: from creating the network to the end of the seeded
physics run), then checks the page still answers a search within the same session.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def settle_seconds(page_path: Path) -> tuple[int, float, float]:
    """Open *page_path* and return (nodes drawn, settle time in s, search response in s)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-state=ready]", timeout=120_000)
        nodes = page.evaluate("window.psygraph.nodes.length")
        settle_ms = page.evaluate("window.psygraph.state.settleMs")
        started = time.perf_counter()
        page.fill("#search", "Freud")
        page.wait_for_selector("#search-results li", timeout=10_000)
        responded = time.perf_counter() - started
        browser.close()
    return nodes, (settle_ms or 0) / 1000, responded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=20_000, help="size of the generated graph")
    args = parser.parse_args()
    from psygraph import load
    from psygraph.viz import write_explorer

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp, "big.ttl")
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.triples), str(big)], check=True)
        for name, files in (("shipped", []), (f"shipped + ~{args.triples:,} triples", [big])):
            kg = load(files)
            types = sorted({t for _, t in kg.nx.nodes(data="type")})
            out = Path(tmp, "page.html")
            started = time.perf_counter()
            write_explorer(kg, out, types=types)
            built = time.perf_counter() - started
            nodes, settle, search = settle_seconds(out)
            print(f"{name}: {kg.nx.number_of_nodes()} nodes, {kg.nx.number_of_edges()} links; "
                  f"page built in {built:.2f} s; drawn {nodes}; settled in {settle:.1f} s; "
                  f"search answered in {search:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
