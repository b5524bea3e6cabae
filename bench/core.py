"""The core's speed targets (issue 10), measured in fresh processes against pyoxigraph baselines.

* **Warm show.** CPU time (user + system) of ``psygraph show transference`` with a warm cache,
  against a bare Python script that imports pyoxigraph, loads the shipped Turtle files into an
  in-memory store and runs one SPARQL lookup of the same entity. Target: at most 2 times.
* **First question on a new big file.** Wall time of ``psygraph --data FILE show NAME`` and then
  ``search`` on a file the cache has never seen (parse, store, name and search indexes, all
  included), against pyoxigraph's own ``bulk_load`` of that file into memory. Target: at most 4
  times. Then the same two questions warm.
* **--infer.** CPU time of a warm ``psygraph --infer show transference`` against the plain run.
  Target: at most 1.5 times.

Usage::

    python bench/core.py                     # shipped graph only
    python bench/core.py --big big1m.ttl     # also a generated file (bench/generate.py 1000000 ...)

Each figure is the median of several runs, interleaved with its baseline so both see the same
machine load. The run uses its own cache folder under ``bench/.work/``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"

BARE = f"""
import pyoxigraph as ox
store = ox.Store()
for name in ("ontology/psygraph.ttl", "ontology/shapes.ttl", "data/concepts.ttl"):
    with open({str(ROOT)!r} + "/" + name, "rb") as handle:
        store.bulk_load(handle.read(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:" + name))
label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
query = "SELECT ?p ?o WHERE {{ ?s " + label + ' "transference"@en ; ?p ?o }}'
rows = list(store.query(query, use_default_graph_as_union=True))
assert rows
"""

BULK = """
import sys, pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
assert len(store)
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run *args*; its wall time and CPU time (user + system, children included) in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=tempfile.gettempdir(), capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        msg = f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}"
        raise SystemExit(msg)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def psygraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "psygraph", *args]


def warm_show(env: dict[str, str], repeat: int) -> dict[str, float]:
    run(psygraph("show", "transference"), env)  # warm the cache
    run(psygraph("--infer", "show", "transference"), env)
    ours, bare, infer = [], [], []
    for _ in range(repeat):
        ours.append(run(psygraph("show", "transference"), env)[1])
        bare.append(run([sys.executable, "-c", BARE], env)[1])
        infer.append(run(psygraph("--infer", "show", "transference"), env)[1])
    show, baseline, inferred = (statistics.median(x) for x in (ours, bare, infer))
    return {
        "show_cpu_s": round(show, 3),
        "bare_pyoxigraph_cpu_s": round(baseline, 3),
        "show_over_bare": round(show / baseline, 2),
        "infer_show_cpu_s": round(inferred, 3),
        "infer_over_plain": round(inferred / show, 2),
    }


def first_question(big: Path, env: dict[str, str], name: str) -> dict[str, float]:
    bulk = statistics.median(run([sys.executable, "-c", BULK, str(big)], env)[0] for _ in range(3))
    cold = dict(env, PSYGRAPH_CACHE_DIR=str(WORK / "cold-cache"))
    shutil.rmtree(WORK / "cold-cache", ignore_errors=True)
    show = run(psygraph("--data", str(big), "show", name), cold)[0]
    search = run(psygraph("--data", str(big), "search", name[:-1]), cold)[0]
    warm_show_s = statistics.median(
        run(psygraph("--data", str(big), "show", name), cold)[0] for _ in range(3)
    )
    warm_search_s = statistics.median(
        run(psygraph("--data", str(big), "search", name[:-1]), cold)[0] for _ in range(3)
    )
    return {
        "bulk_load_s": round(bulk, 2),
        "first_show_s": round(show, 2),
        "then_first_search_s": round(search, 2),
        "first_question_over_bulk_load": round(show / bulk, 2),
        "first_show_and_search_over_bulk_load": round((show + search) / bulk, 2),
        "warm_show_s": round(warm_show_s, 3),
        "warm_search_s": round(warm_search_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=Path, help="a big generated Turtle file for the first-question figure")
    parser.add_argument("--name", default="Sigmund Freud", help="the entity to ask about in the big file")
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PSYGRAPH_CACHE_DIR=str(WORK / "cache"), PYTHONPATH=str(ROOT))
    # As installed: pip compiles the package's bytecode at install time, so a user's run never
    # compiles source. A machine that sets PYTHONDONTWRITEBYTECODE would otherwise recompile every
    # psygraph module on every run and measure the compiler rather than psygraph.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "psygraph")], check=True)
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d"), "machine": os.uname().nodename}
    results["shipped"] = warm_show(env, options.repeat)
    if options.big:
        results["big"] = first_question(options.big.resolve(), env, options.name)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
