"""Soak: concurrent first loads and concurrent warm questions give the answers one process gives.

Usage (from the repository root)::

    python bench/soak.py                          # 1M triples: 8 first loads, 50 warm questions
    python bench/soak.py --triples 100000 --loads 4 --questions 20

It writes a psygraph-shaped graph (``bench/generate.py``) into a private folder with its own
psygraph cache, answers a set of questions about it in one process (the reference), empties the
cache, then starts *loads* ``psygraph`` processes at once on the empty cache (each must load or
build the store while the others do), and then *questions* processes at once on the warm cache.
Every answer (standard output and exit code) must equal the reference. It prints the counts and
the time of each stage, and exits 1 if any answer differs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "soak"

#: The questions asked, as psygraph arguments after ``--data FILE``.
QUESTIONS: list[list[str]] = [
    ["stats", "--format", "json"],
    ["show", "freud", "--format", "json"],
    ["search", "mirror", "--format", "json"],
    ["neighbours", "klein", "--format", "json"],
    ["path", "winnicott", "freud", "--format", "json"],
    ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json"],
]


def psygraph(data: Path, words: list[str], cache: Path) -> tuple[int, str]:
    """Run one psygraph process; its exit code and standard output."""
    env = {**os.environ, "PSYGRAPH_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "psygraph", "--timeout", "0", "--data", str(data), *words],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=3600,
    )
    return done.returncode, done.stdout


def concurrently(data: Path, jobs: list[list[str]], cache: Path) -> list[tuple[int, str]]:
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(lambda words: psygraph(data, words, cache), jobs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--loads", type=int, default=8)
    parser.add_argument("--questions", type=int, default=50)
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    data = WORK / f"soak-{args.triples}.ttl"
    if not data.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), str(args.triples), str(data)], check=True
        )
    cache = WORK / "cache"

    started = time.perf_counter()
    shutil.rmtree(cache, ignore_errors=True)
    reference = {tuple(q): psygraph(data, q, cache) for q in QUESTIONS}
    print(f"reference, one process at a time: {time.perf_counter() - started:.0f} s")

    failures = 0
    for stage, count, cold in (("first loads", args.loads, True), ("warm questions", args.questions, False)):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        jobs = [QUESTIONS[i % len(QUESTIONS)] for i in range(count)]
        started = time.perf_counter()
        answers = concurrently(data, jobs, cache)
        wrong = [
            (job, answer)
            for job, answer in zip(jobs, answers, strict=True)
            if answer != reference[tuple(job)]
        ]
        failures += len(wrong)
        print(
            f"{stage}: {count} processes at once, {count - len(wrong)} answers equal to the reference, "
            f"{time.perf_counter() - started:.0f} s"
        )
        for job, (code, out) in wrong[:3]:
            print(f"  differs: {' '.join(job)} -> exit {code}: {out[:200]!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
