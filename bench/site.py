"""The static site's speed targets (issue 15), measured in fresh processes.

* **Shipped graph.** ``psygraph site -o DIR`` for the shipped ontology and data: under 5 s.
* **100k triples.** ``psygraph --data FILE site -o DIR`` for a generated file of about 100,000
  triples (``bench/generate.py 100000``) plus the shipped graph: under 60 s.

Each figure is the whole command in a fresh process with a warm cache (one run before the timed
ones parses the file and builds the indexes, which the site does not own), the explorer page
included. Both the wall time and the CPU time (user + system) are recorded, with the load average:
on a machine shared with other work the wall time grows with the load while the CPU time does not,
so the CPU time is what to compare with the targets there.

Usage::

    python bench/site.py                    # generates bench/.work/site-100k.ttl if missing
    python bench/site.py --big big.ttl --runs 3

Results go to ``bench/results/site-<date>.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results"
TARGETS = {"shipped": 5.0, "100k": 60.0}


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run *args*; its wall time and CPU time (user + system of the child) in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(name: str, data: list[str], runs: int, env: dict[str, str]) -> dict[str, object]:
    """Time ``psygraph [--data FILE] site`` *runs* times after one warm-up run."""
    target = WORK / f"site-{name}"
    command = [sys.executable, "-m", "psygraph", *data, "site", "-o", str(target)]
    run(command, env)  # warm-up: the cache entry of the inputs
    walls, cpus = [], []
    load = os.getloadavg()[0]
    for _ in range(runs):
        wall, cpu = run(command, env)
        walls.append(wall)
        cpus.append(cpu)
    pages = len(list((target / "id").glob("*.html")))
    files = sum(1 for _ in target.rglob("*") if _.is_file())
    shutil.rmtree(target, ignore_errors=True)
    return {
        "name": name,
        "pages": pages,
        "files": files,
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "walls": walls,
        "cpus": cpus,
        "load": [round(load, 2), round(os.getloadavg()[0], 2)],
        "target": TARGETS[name],
    }


def triples(path: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def report(results: list[dict[str, object]], big: Path) -> str:
    lines = [
        f"# psygraph site benchmark, {datetime.date.today().isoformat()}",
        "",
        f"- Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "- Command: `python bench/site.py`; each figure is the median of the timed runs of the whole",
        "  `psygraph [--data FILE] site -o DIR` process with a warm cache, explorer included.",
        f"- The 100k graph: `{big.name}` ({triples(big):,} triples, bench/generate.py) and the shipped one.",
        "- Wall time grows with the machine's load (shared with other work); CPU time (user + system)",
        "  does not, and is the figure to hold against the targets on a loaded machine.",
        "",
        "| graph | entity pages | files | wall (s) | CPU (s) | target (s) | met (CPU) | load average |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        met = "yes" if float(r["cpu"]) < float(r["target"]) else "no"  # type: ignore[arg-type]
        lines.append(
            f"| {r['name']} | {r['pages']:,} | {r['files']:,} | {float(r['wall']):.1f} | "  # type: ignore[arg-type]
            f"{float(r['cpu']):.1f} | {r['target']} | {met} | {r['load'][0]} → {r['load'][1]} |"  # type: ignore[index, arg-type]
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", type=Path, help="a ~100k-triple Turtle file (default: generated)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per graph")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    big = args.big or WORK / "site-100k.ttl"
    if not big.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "100000", str(big)], check=True)
    env = dict(os.environ, PSYGRAPH_CACHE_DIR=str(WORK / "cache"), PYTHONPATH=str(ROOT))
    results = [
        measure("shipped", [], args.runs, env),
        measure("100k", ["--data", str(big)], args.runs, env),
    ]
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"site-{datetime.date.today().isoformat()}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = report(results, big)
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
