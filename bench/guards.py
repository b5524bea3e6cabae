"""What each guard of issue 17 costs on the README's questions.

Usage (from the repository root)::

    python bench/guards.py              # 15 rounds
    python bench/guards.py --rounds 30

Every ``$ psygraph ...`` question in README.md (not ``export``, ``viz`` or ``validate``, which
write files or run SHACL) is run in this process through click's test runner, the way
``tests/test_docs.py`` runs them (one load of the shipped graph shared by all, so that the time is
the questions' own), with every guard on, with one guard switched off, and with all off; the
configurations run in a new random order every round so that a busy machine slows them alike. A
guard's cost is the difference in the median time of a full pass over the questions, as a share
of the time with the guard off. The input checks act while files are parsed, so their cost is
measured on parsing the shipped ontology and data instead. Switched off means replaced by a
function that does nothing:

* ``query check``: :func:`psygraph.queryguard.check` (nesting depth; SERVICE and FROM);
* ``worker thread + timeout``: :func:`psygraph.queryguard.run` (the query runs in the calling thread);
* ``answer size``: :func:`psygraph.queryguard.bounded` (no count of the values returned);
* ``terminal escapes``: :func:`psygraph._output.printable` (tables and errors printed raw);
* ``input checks``: :mod:`psygraph.inputguard`'s byte checks on every file loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from psygraph import _output, inputguard, queryguard  # noqa: E402
from psygraph.cache import Source  # noqa: E402
from psygraph.cli import main  # noqa: E402
from tests.test_docs import readme_examples, shipped_graph_loaded_once  # noqa: E402

WRITERS = ("export", "viz", "validate")


def _run_inline(work: Callable[[Any], Any], _limits: queryguard.Limits) -> Any:
    import threading

    return work(threading.Event())


def _no_check(*_args: Any, **_kwargs: Any) -> None:
    return None


def _unbounded(rows: Any, *_args: Any) -> Any:
    return rows


#: Each guard: the (module, attribute, replacement) pairs that switch it off.
GUARDS: dict[str, list[tuple[Any, str, Any]]] = {
    "query check": [(queryguard, "check", _no_check)],
    "worker thread + timeout": [(queryguard, "run", _run_inline)],
    "answer size": [(queryguard, "bounded", _unbounded)],
    "terminal escapes": [(_output, "printable", lambda text: text)],
}
INPUT_CHECKS = [(inputguard, "check_bytes", _no_check), (inputguard, "strip_bom", lambda data: data)]


@contextlib.contextmanager
def switched_off(name: str | None) -> Iterator[None]:
    """Replace the functions of guard *name* (``all``: every guard) while inside."""
    if name is None:
        yield
        return
    names = list(GUARDS) if name == "all" else [name]
    with contextlib.ExitStack() as stack:
        for each in names:
            stack.enter_context(_replaced(GUARDS[each]))
        yield


@contextlib.contextmanager
def _replaced(replacements: list[tuple[Any, str, Any]]) -> Iterator[None]:
    """Replace each (module, attribute) (and the CLI modules' imported copies) while inside."""
    saved = []
    for module, attribute, replacement in replacements:
        holders = [module]
        if module is _output:
            holders += [m for n, m in sys.modules.items() if n.startswith("psygraph.cli") and m is not None]
        for holder in holders:
            if hasattr(holder, attribute):
                saved.append((holder, attribute, getattr(holder, attribute)))
                setattr(holder, attribute, replacement)
    try:
        yield
    finally:
        for holder, attribute, original in saved:
            setattr(holder, attribute, original)


def questions() -> list[list[str]]:
    """The README's question commands, as argument lists."""
    import shlex

    found = []
    for example in readme_examples():
        words = shlex.split(example.command)[1:]
        if words and not any(w in WRITERS for w in words) and "--data" not in words:
            found.append(words)
    return found


def one_pass(runner: CliRunner, commands: list[list[str]]) -> float:
    started = time.perf_counter()
    for words in commands:
        runner.invoke(main, words, catch_exceptions=False)
    return time.perf_counter() - started


def parse_time(rounds: int) -> tuple[float, float]:
    """Median seconds to parse the shipped ontology and data, with and without the input checks."""
    import importlib

    from psygraph import resources
    from psygraph.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH

    files = [(f, ONTOLOGY_GRAPH) for f in resources.schema_files()] + [(resources.data_file(), DATA_GRAPH)]
    listed = [Source(f, ox.RdfFormat.TURTLE, g, "file:///" + f.name) for f, g in files]
    loader = importlib.import_module("psygraph.loader")
    on: list[float] = []
    off: list[float] = []
    for _ in range(rounds):
        for timings, replacements in random.sample([(on, []), (off, INPUT_CHECKS)], 2):
            with _replaced(replacements):
                started = time.perf_counter()
                loader.fill(ox.Store(), listed)
                timings.append(time.perf_counter() - started)
    return statistics.median(on), statistics.median(off)


def per_query_cost(kg: Any, name: str, blocks: int = 7, size: int = 300) -> float:
    """Median extra seconds guard *name* adds to one short query (a typical library lookup)."""
    query = "SELECT ?l WHERE { ?e skos:prefLabel ?l } LIMIT 5"
    on: list[float] = []
    off: list[float] = []
    for _ in range(blocks):
        for timings, config in random.sample([(on, None), (off, name)], 2):
            with switched_off(config):
                started = time.perf_counter()
                for _ in range(size):
                    kg.select(query)
                timings.append((time.perf_counter() - started) / size)
    return statistics.median(on) - statistics.median(off)


def count_queries(runner: CliRunner, commands: list[list[str]]) -> int:
    """How many queries one pass over *commands* sends through the guards."""
    counted = [0]
    real = queryguard.check

    def counting(query: str) -> None:
        counted[0] += 1
        real(query)

    queryguard.check = counting
    try:
        one_pass(runner, commands)
    finally:
        queryguard.check = real
    return counted[0]


def main_(rounds: int) -> None:
    import psygraph

    runner = CliRunner()
    commands = questions()
    configs: list[str | None] = [None, *GUARDS, "all"]
    times: dict[str | None, list[float]] = {c: [] for c in configs}
    with shipped_graph_loaded_once():
        for words in commands:  # warm every import and index
            runner.invoke(main, words)
        queries = count_queries(runner, commands)
        for _ in range(rounds):
            for config in random.sample(configs, len(configs)):
                with switched_off(config):
                    times[config].append(one_pass(runner, commands))
    base = statistics.median(times[None])
    kg = psygraph.load()
    print(
        f"{len(commands)} README questions ({queries} queries), {rounds} rounds; "
        f"all guards on: {base * 1000:.0f} ms a pass"
    )
    print()
    print("| guard | pass with it off (ms) | measured cost | µs a query | x queries / pass |")
    print("|---|---:|---:|---:|---:|")
    for config in [*GUARDS, "all"]:
        median = statistics.median(times[config])
        measured = (base - median) / median * 100
        if config in ("query check", "worker thread + timeout", "answer size"):
            cost = per_query_cost(kg, config)
            derived = f"{cost * 1e6:.0f} | {cost * queries / base * 100:.1f} %"
        else:
            derived = "| "
        print(f"| {config} | {median * 1000:.0f} | {measured:+.1f} % | {derived} |")
    on, off = parse_time(rounds)
    print(
        f"| input checks (parsing the shipped files) | {off * 1000:.0f} (on: {on * 1000:.0f}) "
        f"| {(on - off) / off * 100:+.1f} % | | |"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    main_(parser.parse_args().rounds)
