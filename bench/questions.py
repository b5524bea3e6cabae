"""How fast the questions of issue 13 answer: compare, timeline, reading list, tree and schema, warm.

Usage (from the repository root)::

    python bench/questions.py                      # the shipped graph
    python bench/questions.py --sizes 0,100000,1000000

Size 0 is the shipped graph; any other size adds a psygraph-shaped graph of about that many triples
(``bench/generate.py``, the same seed and files as ``bench/run.py``, kept in ``bench/.work/``). Each
size runs in a fresh process with a private cache (``bench/.work/cache-questions``; the store is
built in the foreground, so the graph is read from the cache as on a second run). "Warm" means the
graph is loaded and each question has been asked once (the name index and the store's own caches
are built); the figure is the median of ``--repeat`` further calls of the library function the
command calls. The table is printed as Markdown, ready for ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"

#: (key, what the table calls it, the call): each asks one question the way its command does.
QUESTIONS: list[tuple[str, str, str]] = [
    ("compare", "compare klein winnicott", "psygraph.compare(kg, 'klein', 'winnicott')"),
    ("compare-mod", "compare MBT TFP", "psygraph.compare(kg, 'MBT', 'TFP')"),
    ("timeline", "timeline (everything)", "psygraph.timeline(kg)"),
    ("timeline-school", "timeline --school Kleinian", "psygraph.timeline(kg, school='Kleinian school')"),
    (
        "reading",
        "reading-list projective identification",
        "psygraph.reading_list(kg, 'projective identification')",
    ),
    ("reading-school", "reading-list Kleinian school", "psygraph.reading_list(kg, 'Kleinian school')"),
    ("tree", "tree psychoanalysis", "psygraph.tree(kg, 'psychoanalysis')"),
    ("tree-roots", "tree (the tops)", "tree_roots(kg)"),
    ("schema", "schema", "psygraph.schema_terms(kg)"),
]


def child(data: list[str], repeat: int) -> dict[str, Any]:
    """Load the graph, ask each question once, then time *repeat* more calls of each."""
    sys.path.insert(0, str(ROOT))
    import psygraph
    from psygraph.questions.hierarchy import tree_roots

    started = time.perf_counter()
    kg = psygraph.load(data)
    loaded = time.perf_counter() - started
    scope = {"psygraph": psygraph, "kg": kg, "tree_roots": tree_roots}
    results: dict[str, Any] = {"triples": len(kg), "load": loaded}
    for key, _, call in QUESTIONS:
        started = time.perf_counter()
        answer = eval(call, scope)  # noqa: S307 - the calls are the constants above
        first = time.perf_counter() - started
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            eval(call, scope)  # noqa: S307
            times.append(time.perf_counter() - started)
        rows = answer.rows if hasattr(answer, "rows") else answer
        results[key] = {"first": first, "warm": statistics.median(times), "rows": len(rows)}
    return results


def _data(size: int) -> list[str]:
    if size == 0:
        return []
    sys.path.insert(0, str(BENCH))
    from generate import SEED, generate

    path = WORK / f"synthetic-{size}-seed{SEED}.ttl"
    if not path.exists():
        WORK.mkdir(exist_ok=True)
        print(f"generating about {size} triples into {path.name}", file=sys.stderr)
        generate(size, path)
    return [str(path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="0", help="comma-separated sizes in triples; 0 is the shipped graph"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(json.loads(args.child), args.repeat)))
        return
    env = dict(
        os.environ,
        PSYGRAPH_CACHE_DIR=str(WORK / "cache-questions"),
        PSYGRAPH_CACHE_BUILD="foreground",
        PYTHONPATH=str(ROOT),
    )
    columns = []
    for size in (int(s) for s in args.sizes.split(",")):
        data = json.dumps(_data(size))
        command = [sys.executable, __file__, "--child", data, "--repeat", str(args.repeat)]
        subprocess.run(command, env=env, check=True, capture_output=True)  # builds the cache entry
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        columns.append(json.loads(out))
    header = "| question | " + " | ".join(f"{c['triples']:,} triples" for c in columns) + " |"
    print(header)
    print("|" + "---|" * (len(columns) + 1))
    print("| load (warm cache) | " + " | ".join(f"{c['load']:.2f} s" for c in columns) + " |")
    for key, name, _ in QUESTIONS:
        cells = [f"{c[key]['warm'] * 1000:.0f} ms ({c[key]['rows']} rows)" for c in columns]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
