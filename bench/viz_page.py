"""How fast the explorer page draws and moves in a real browser, for the shipped graph and big generated ones.

Run: ``python bench/viz_page.py`` (needs Debian's chromium at /usr/bin/chromium and playwright);
``--sizes 1000 10000`` picks the generated sizes (default 1,000, 10,000 and 50,000 nodes).

For each graph it builds a whole-graph page (every type shown) with :func:`psygraph.viz.render_html`,
opens it headless at 1280x800 with the network cut off, and records:

* **first draw**: from the start of the page script to the end of the first frame vis-network draws
  (``state.firstDrawMs``);
* **interactive**: from the start of navigation until the page is drawn, its handlers are attached
  and a search typed into the box lists its answers;
* **frames per second while panning**: the mouse drags the background round in circles for two
  seconds and the page counts its animation frames (headless chromium caps this at 60). A drag
  is what a user does; on big pages it hides the links while the view moves.

Generated graphs come from bench/generate.py (psygraph-shaped, seed 7): about 11.6 triples per
entity, so a graph of N nodes is generated a little larger and its N best-connected nodes drawn.
Results go to bench/results/viz-page-<date>.json and .md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
TRIPLES_PER_NODE = 11.6

COUNT_FRAMES = """() => {
  window.benchFrames = {count: 0, start: performance.now(), stop: false};
  function tick() { if (!benchFrames.stop) { benchFrames.count += 1; requestAnimationFrame(tick); } }
  requestAnimationFrame(tick);
}"""
FRAMES = """() => {
  benchFrames.stop = true;
  return benchFrames.count * 1000 / (performance.now() - benchFrames.start);
}"""


EMPTY_SPOT = """() => {
  const net = psygraph.network;
  const [w, h] = [net.body.container.clientWidth, net.body.container.clientHeight];
  for (let r = 0; r < Math.min(w, h) / 2; r += 10) {
    for (let a = 0; a < 6.28; a += 0.5) {
      const p = {x: w / 2 + r * Math.cos(a), y: h / 2 + r * Math.sin(a)};
      if (net.getNodeAt(p) === undefined) { return p; }
    }
  }
  return {x: 5, y: 5};
}"""


def pan_fps(page: Any) -> float:
    """Frames per second while the mouse drags the background for about two seconds."""
    box = page.locator("#network").bounding_box()
    empty = page.evaluate(EMPTY_SPOT)  # drag the background, not a node
    x, y = box["x"] + empty["x"], box["y"] + empty["y"]
    page.evaluate(COUNT_FRAMES)
    page.mouse.move(x, y)
    page.mouse.down()
    started = time.perf_counter()
    step = 0
    while time.perf_counter() - started < 2:
        step += 1
        page.mouse.move(x + 120 * math.sin(step / 8), y + 80 * math.cos(step / 8))
    page.mouse.up()
    return float(page.evaluate(FRAMES))


def measure(page_path: Path) -> dict[str, Any]:
    """Open *page_path* in headless chromium and return its timings (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_path.as_uri(), timeout=600_000)
        page.wait_for_selector("body[data-state=ready]", state="attached", timeout=600_000)
        page.fill("#search", "freud")
        page.wait_for_selector("#search-results li", timeout=60_000)
        interactive = page.evaluate("performance.now()")
        page.press("#search", "Escape")
        result = {
            "nodes": page.evaluate("psygraph.nodes.length"),
            "edges": page.evaluate("psygraph.edges.length"),
            "first_draw_ms": page.evaluate("psygraph.state.firstDrawMs"),
            "ready_ms": page.evaluate("psygraph.state.readyMs"),
            "interactive_ms": round(interactive),
            "labels_drawn": page.evaluate("psygraph.labels.boxes.length"),
            "pan_fps": round(pan_fps(page), 1),
        }
        browser.close()
    return result


def build(nodes: int | None, folder: Path) -> tuple[Path, float, int]:
    """The page of the shipped graph (*nodes* None) or of a generated graph of *nodes* nodes."""
    import networkx as nx

    from psygraph import load
    from psygraph.viz import render_html

    files = []
    if nodes is not None:
        data = folder / f"gen-{nodes}.ttl"
        triples = max(1000, round(nodes * TRIPLES_PER_NODE))
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(triples), str(data)], check=True)
        files.append(data)
    kg = load(files)
    kg.limits = dataclasses.replace(kg.limits, timeout=None)  # projecting 50,000 nodes takes a while
    graph = kg.nx
    if nodes is not None and graph.number_of_nodes() > nodes:
        degree = dict(graph.to_undirected(as_view=True).degree())
        keep = sorted(graph, key=lambda n: (-degree[n], n))[:nodes]
        graph = nx.MultiDiGraph(graph.subgraph(keep))
    out = folder / f"page-{nodes or 'shipped'}.html"
    started = time.perf_counter()
    render_html(graph, out, kg=kg, title="bench")
    return out, time.perf_counter() - started, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 50_000])
    args = parser.parse_args()
    os.environ.setdefault("PSYGRAPH_CACHE_DIR", tempfile.mkdtemp(prefix="psygraph-bench-cache-"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in [None, *args.sizes]:
            path, built, size_bytes = build(size, Path(tmp))
            row = {"graph": "shipped" if size is None else f"generated {size:,}", "build_s": round(built, 2)}
            row |= {"page_mb": round(size_bytes / 1e6, 1)} | measure(path)
            print(json.dumps(row), flush=True)
            rows.append(row)
            write_results(rows)  # after each graph, so a failure at 50,000 keeps the rest


def write_results(rows: list[dict[str, Any]]) -> None:
    """bench/results/viz-page-<date>.json and .md, stamped with the machine's load."""
    today = datetime.date.today().isoformat()
    load = os.getloadavg()[0]
    results = HERE / "results"
    (results / f"viz-page-{today}.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# Explorer page in the browser, {today}",
        "",
        f"- Command: `python bench/viz_page.py`; headless Debian chromium, 1280x800, no GPU; "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the end (shared machine: timings are noisy).",
        "- first draw: page script start to first frame; interactive: navigation start until a search"
        " lists answers; fps: frames drawn per second while the view pans (capped at 60).",
        "",
        "| graph | nodes | links | page | build | first draw | interactive | pan fps | labels |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['graph']} | {r['nodes']:,} | {r['edges']:,} | {r['page_mb']} MB | {r['build_s']} s"
            f" | {r['first_draw_ms']} ms | {r['interactive_ms']} ms | {r['pan_fps']} | {r['labels_drawn']} |"
        )
    (results / f"viz-page-{today}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
