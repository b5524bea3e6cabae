"""Many users, one server: a load test of psygraph against a local Oxigraph server (issue 16).

Usage (from the repository root)::

    python bench/load_server.py                 # 50 clients for 60 s, then the per-question figures
    python bench/load_server.py --seconds 20 --clients 20

It starts an Oxigraph server (the ``oxigraph`` package) on a free port of 127.0.0.1, publishes the
shipped graph to it with :func:`psygraph.publish.publish`, and then:

1. **Load.** ``--clients`` clients ask the README's questions (the library calls the commands make,
   below), each client in a loop, picking the next question at random, for ``--seconds``. The
   clients are threads spread over ``--processes`` processes (so Python's lock in one process is not
   what is measured); each client has its own :func:`psygraph.connect` graph, as separate users
   would, and asks every question once before the clock starts (its indexes and projection are
   built, as in a session past its first questions). Every answer is checked against the local
   answer; a wrong answer or an exception counts as an error. Reported: requests, errors,
   throughput, and the median and 99th-percentile latency of one question.
2. **Per question.** One client alone asks each question ``--repeat`` times against the server and
   against the local files (``psygraph.load()``, warm: each question asked once before timing);
   reported: both medians and their ratio (the target is at most 2).

Results go to ``bench/results/load-server-<date>.json`` and ``.md``. The server and the client
processes share the machine, so the load figures include the server's own work.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

#: (name, the question as the README asks it, the library call its command makes).
QUESTIONS: list[tuple[str, str, str]] = [
    (
        "show",
        'show "projective identification"',
        "psygraph.describe(kg, 'projective identification').to_dict()",
    ),
    ("search", "search mirror --limit 4", "psygraph.search(kg, 'mirror', limit=4)"),
    (
        "neighbours",
        'neighbours "melanie klein" --type theorist',
        "psygraph.neighbours(kg, 'melanie klein', types='theorist')",
    ),
    ("path", "path winnicott freud", "[p.to_dict() for p in psygraph.paths(kg, 'winnicott', 'freud')]"),
    ("lineage", "lineage klein", "psygraph.lineage(kg, 'klein')"),
    ("defences", "defences --level immature", "psygraph.defences(kg, level='immature')"),
    ("treatments", 'treatments "bulimia nervosa"', "psygraph.treatments(kg, 'bulimia nervosa')"),
    (
        "evidence-chain",
        'evidence-chain "projective identification"',
        "psygraph.evidence_chain(kg, 'projective identification')",
    ),
    ("concepts", "concepts --by winnicott", "psygraph.concepts(kg, by='winnicott')"),
    ("compare", "compare klein winnicott", "psygraph.compare(kg, 'klein', 'winnicott').to_dict()"),
    ("timeline", "timeline --type school", "psygraph.timeline(kg, types='school')"),
    (
        "reading-list",
        'reading-list "mentalization-based treatment"',
        "psygraph.reading_list(kg, 'mentalization-based treatment')",
    ),
    ("tree", 'tree "oral stage"', "psygraph.tree(kg, 'oral stage').to_dict()"),
    ("rank", "rank --type theorist --limit 5", "psygraph.rank(kg, types='theorist', limit=5)"),
    ("stats", "stats", "psygraph.stats(kg)"),
    (
        "sparql",
        'sparql "SELECT ?who WHERE { ?who psy:analyzedBy id:sigmund-freud }"',
        "user_query(kg, 'SELECT ?who WHERE { ?who psy:analyzedBy id:sigmund-freud }').rows",
    ),
]


def ask(kg: Any, name: str) -> Any:
    """Ask the question *name* of *kg*; its answer, comparable with ``==``."""
    import psygraph
    from psygraph.sparql import user_query

    call = next(call for key, _, call in QUESTIONS if key == name)
    answer = eval(call, {"psygraph": psygraph, "kg": kg, "user_query": user_query})  # noqa: S307 - our own table
    return json.loads(json.dumps(answer, default=repr))


def local_answers() -> dict[str, Any]:
    import psygraph

    kg = psygraph.load()
    return {name: ask(kg, name) for name, _, _ in QUESTIONS}


def client_process(url: str, clients: int, seconds: float, expected: dict[str, Any], seed: int) -> list[Any]:
    """Run *clients* client threads for *seconds*; each request as (question, seconds, ok)."""
    import psygraph

    records: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(number: int) -> None:
        chooser = random.Random(seed * 1000 + number)
        try:
            kg = psygraph.connect(url)
            for name, _, _ in QUESTIONS:  # warm, as a user's session is after its first questions
                ask(kg, name)
        except Exception:  # noqa: BLE001 - counted as an error
            with lock:
                records.append(("connect", 0.0, False))
            start.abort()
            return
        start.wait()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            name = chooser.choice(QUESTIONS)[0]
            began = time.perf_counter()
            try:
                ok = ask(kg, name) == expected[name]
            except Exception:  # noqa: BLE001 - counted as an error
                ok = False
            with lock:
                records.append((name, time.perf_counter() - began, ok))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return records


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load_phase(
    url: str, clients: int, processes: int, seconds: float, expected: dict[str, Any]
) -> dict[str, Any]:
    """Many clients at once: throughput, errors and latency."""
    shares = [clients // processes + (1 if n < clients % processes else 0) for n in range(processes)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        began = time.perf_counter()
        parts = pool.starmap(
            client_process, [(url, share, seconds, expected, n) for n, share in enumerate(shares) if share]
        )
        took = time.perf_counter() - began
    records = [record for part in parts for record in part]
    latencies = [seconds for _, seconds, ok in records if ok]
    errors = sum(1 for _, _, ok in records if not ok)
    return {
        "clients": clients,
        "processes": processes,
        "seconds": seconds,
        "requests": len(records),
        "errors": errors,
        "per_second": round(len(records) / took, 1),
        "median_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1) if latencies else None,
        "by_question_median_ms": {
            name: round(1000 * statistics.median(times), 1)
            for name in {record[0] for record in records}
            if (times := [s for n, s, ok in records if n == name and ok])
        },
    }


def timed(kg: Any, name: str, repeat: int) -> float:
    ask(kg, name)  # warm: indexes and caches built
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        ask(kg, name)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def question_phase(url: str, repeat: int) -> list[dict[str, Any]]:
    """One client alone: each question's median against the server and locally."""
    import psygraph

    local, remote = psygraph.load(), psygraph.connect(url)
    rows = []
    for name, command, _ in QUESTIONS:
        here, there = timed(local, name, repeat), timed(remote, name, repeat)
        rows.append(
            {
                "question": name,
                "command": command,
                "local_ms": round(1000 * here, 2),
                "server_ms": round(1000 * there, 2),
                "ratio": round(there / here, 2),
            }
        )
    return rows


def markdown(result: dict[str, Any]) -> str:
    load = result["load"]
    lines = [
        f"# psygraph against a local Oxigraph server ({result['date']})",
        "",
        f"Machine: {result['machine']}. Shipped graph; Oxigraph {result['oxigraph']}.",
        "",
        "## Load",
        "",
        f"{load['clients']} clients ({load['processes']} processes) asking a random mix of the README's "
        f"questions for {load['seconds']:g} s:",
        "",
        "| requests | errors | per second | median | p99 |",
        "|---:|---:|---:|---:|---:|",
        f"| {load['requests']} | {load['errors']} | {load['per_second']} | {load['median_ms']} ms "
        f"| {load['p99_ms']} ms |",
        "",
        "## Per question, one client",
        "",
        "Median of the library call the command makes, warm; server over local (target at most 2).",
        "",
        "| question | local | server | ratio |",
        "|---|---:|---:|---:|",
    ]
    for row in result["questions"]:
        lines.append(
            f"| `{row['command']}` | {row['local_ms']} ms | {row['server_ms']} ms | {row['ratio']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the load lasts (60)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--processes", type=int, default=5, help="processes the clients are spread over (5)")
    parser.add_argument("--repeat", type=int, default=15, help="timed calls per question and mode (15)")
    parser.add_argument("--url", help="ask this query URL (already published) instead of starting a server")
    options = parser.parse_args()
    os.environ.setdefault("PSYGRAPH_CACHE_DIR", str(BENCH / ".work" / "cache-load-server"))

    import pyoxigraph
    from triplestores import oxigraph_server

    import psygraph
    from psygraph.publish import publish

    expected = local_answers()

    def measure(url: str) -> dict[str, Any]:
        psygraph.connect(url).index  # noqa: B018 - the name index, built once before the clients start
        questions = question_phase(url, options.repeat)
        load = load_phase(url, options.clients, options.processes, options.seconds, expected)
        return {"load": load, "questions": questions}

    if options.url:
        figures = measure(options.url)
    else:
        with oxigraph_server() as running:
            publish(psygraph.load(), running.store, update=running.update)
            figures = measure(running.query)
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "oxigraph": pyoxigraph.__version__,
        **figures,
    }
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"load-server-{result['date']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
