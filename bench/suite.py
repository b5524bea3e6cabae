"""The test suite's CPU time (issue 10: at most 120 s on the 2-core machine), and where it goes.

Runs the README's test command (``python -m pytest``) in a child process and reports its CPU time
(user + system, every process it started and waited for included: the CLI subprocesses, the SPARQL
servers, chromium, the Java reasoner), its wall time, and the CPU time of each test file and of the
slowest tests, measured by a small pytest plugin in this file around each test (setup, call and
teardown; a session fixture's teardown counts to the last test).

Usage::

    python bench/suite.py                 # the whole suite: about 10 minutes on 2 cores
    python bench/suite.py tests/test_x.py # some of it (arguments go to pytest)

Writes ``bench/results/suite-<date>-<commit>.md`` and ``.json`` for a whole run (printed only for a
part).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ENV_OUT = "PSYGRAPH_SUITE_CPU_OUT"


# --- the plugin (loaded into the pytest child with -p suite) --------------------------------------


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


_ROWS: list[tuple[str, float, float, float]] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Any:  # pragma: no cover - runs in the child
    """Measure one test's CPU (own and children's) and wall time around pytest's own protocol."""
    own0, children0 = _cpu()
    start = time.perf_counter()
    yield
    own1, children1 = _cpu()
    _ROWS.append((item.nodeid, own1 - own0, children1 - children0, time.perf_counter() - start))


def pytest_sessionfinish(session: Any) -> None:  # pragma: no cover - runs in the child
    out = os.environ.get(ENV_OUT)
    if out:
        Path(out).write_text(json.dumps(_ROWS), encoding="utf-8")


# --- the driver ------------------------------------------------------------------------------------


def main() -> None:
    args = sys.argv[1:]
    with tempfile.TemporaryDirectory() as work:
        rows_file = Path(work) / "rows.json"
        env = dict(os.environ, **{ENV_OUT: str(rows_file)})
        # The plugin's folder goes on the child's own sys.path, not into PYTHONPATH, which the
        # tests' subprocesses would inherit (a test of the installed wheel must not see the source).
        plugins = str(ROOT / "bench")
        run_pytest = f"import sys, pytest; sys.path.insert(0, {plugins!r}); sys.exit(pytest.main())"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        command = [sys.executable, "-c", run_pytest, "-q", "-p", "suite", *args]
        done = subprocess.run(command, cwd=ROOT, env=env, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows = json.loads(rows_file.read_text(encoding="utf-8")) if rows_file.exists() else []
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = _report(rows, cpu, wall, done.returncode, args)
    print(report)
    if not args:
        RESULTS.mkdir(exist_ok=True)
        stamp = time.strftime("%Y-%m-%d")
        commit = _commit()
        summary = {"date": stamp, "commit": commit, "machine": os.uname().nodename, "cpu_s": round(cpu, 1)}
        summary |= {"wall_s": round(wall, 1), "tests": len(rows), "exit": done.returncode}
        name = f"suite-{stamp}-{commit}"
        (RESULTS / f"{name}.md").write_text(report, encoding="utf-8")
        (RESULTS / f"{name}.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    raise SystemExit(done.returncode)


def _commit() -> str:
    """The short hash of the checked-out commit (``+`` when the tree has changes), or ``unknown``."""
    try:
        git = {"cwd": ROOT, "capture_output": True, "text": True}
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, **git)
        dirty = subprocess.run(["git", "status", "--porcelain"], check=False, **git)
    except OSError:
        return "unknown"
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "") if head.returncode == 0 else "unknown"


def _report(rows: list[list[Any]], cpu: float, wall: float, code: int, args: list[str]) -> str:
    by_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for nodeid, own, children, _wall in rows:
        name = nodeid.split("::")[0]
        name = "psygraph/ (doctests)" if name.startswith("psygraph/") else name
        by_file[name][0] += own + children
        by_file[name][1] += _wall
        by_file[name][2] += 1
    lines = [
        f"# Test suite CPU time, {time.strftime('%Y-%m-%d')} ({os.uname().nodename}, {os.cpu_count()} cores)",
        "",
        f"`python -m pytest {' '.join(args)}`".replace(" `", "`"),
        "",
        f"* **CPU {cpu:,.0f} s** (user + system, children included); wall {wall:,.0f} s; "
        f"{len(rows):,} tests; exit {code}",
        "",
        "| test file | tests | CPU s | wall s |",
        "|---|---:|---:|---:|",
    ]
    for name, (spent, walled, count) in sorted(by_file.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"| {name} | {count:.0f} | {spent:.1f} | {walled:.1f} |")
    lines += [
        "",
        "A session fixture's teardown counts to the last test run: the SPARQL servers' CPU time is",
        "counted when they stop, at the end.",
        "",
        "Slowest tests by CPU:",
        "",
        "| test | CPU s |",
        "|---|---:|",
    ]
    for nodeid, own, children, _wall in sorted(rows, key=lambda r: -(r[1] + r[2]))[:20]:
        lines.append(f"| `{nodeid}` | {own + children:.1f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
