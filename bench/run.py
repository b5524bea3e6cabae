"""The psygraph benchmark, in one command: cost against graph size, with baselines and targets.

Usage (from the repository root)::

    python bench/run.py                 # shipped graph, then about 10k, 100k and 1M triples
    python bench/run.py --quick         # shipped, 10k and 100k only (about a minute)
    python bench/run.py --sizes 10000,100000 --repeat 5

For every graph size it generates a psygraph-shaped graph (``bench/generate.py``, fixed seed) and
runs each measurement in a fresh Python process, timing the library function the CLI calls and
reading the process's peak memory (``ru_maxrss``): plain rdflib and plain pyoxigraph parses of the
same files (the baselines), a cold and a warm :func:`psygraph.load`, and ``show``, ``search``,
``path``, ``neighbours --depth 2``, ``rank``, ``export`` and ``viz``. It also times whole
``psygraph`` processes against the targets of issue 7. The results go to
``bench/results/<date>.md`` (tables) and ``bench/results/<date>.png`` (cost against size), with the
date and the machine. The cache used is private to the run (``bench/.work/cache``); nothing is
written to the user's cache.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
RESULTS = BENCH / "results"
SIZES = (10_000, 100_000, 1_000_000)
SHIPPED = 0  # the size key of the shipped graph alone

#: The measurements, in table order: (key, what the table calls it).
OPS = [
    ("rdflib", "baseline: rdflib parse"),
    ("ox-parse", "baseline: pyoxigraph parse only"),
    ("ox-load", "baseline: pyoxigraph Store.load"),
    ("cold", "load, cold cache (first run)"),
    ("warm", "load, warm cache"),
    ("index", "first lookup (builds name index)"),
    ("show", "show"),
    ("search", "search"),
    ("path", "path"),
    ("neighbours", "neighbours --depth 2"),
    ("rank", "rank (projection kept)"),
    ("export", "export ttl"),
    ("viz", "viz (focus, depth 1)"),
    ("viz-all", "viz (whole graph)"),
]
#: Whole ``psygraph`` processes timed for the targets (warm cache): key -> CLI arguments.
CLI = ("show", "search", "path")

# What the shipped graph is asked.
SHIPPED_TERMS = {"show": "transference", "search": "mirror", "path": ("winnicott", "freud"), "focus": "freud"}


@dataclass
class Result:
    """One measurement: seconds for the operation, the process's peak memory, and notes."""

    seconds: float | None
    peak_mb: float | None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# The child: one measurement in a fresh process
# --------------------------------------------------------------------------------------------


def child(op: str, data: list[str], terms: dict[str, Any]) -> dict[str, Any]:
    """Run the measurement *op* in this process and return its figures (printed as JSON)."""
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    if op in ("rdflib", "ox-parse", "ox-load"):
        seconds, triples = _baseline(op, data)
        return {"seconds": seconds, "triples": triples}
    import psygraph
    from psygraph import cache

    t = time.perf_counter()
    kg = psygraph.load(data)
    load_seconds = time.perf_counter() - t
    result: dict[str, Any] = {"load_seconds": load_seconds, "imports": t - started}
    if op in ("cold", "warm"):
        result["seconds"] = load_seconds
        result["triples"] = kg.triple_count or len(kg)
    else:
        t = time.perf_counter()
        result["answer"] = _operation(op, kg, terms)
        result["seconds"] = time.perf_counter() - t
    result["cache"] = dict(cache.stats)
    return result


def _baseline(op: str, data: list[str]) -> tuple[float, int]:
    from psygraph import resources

    files = [*(Path(str(f)) for f in resources.schema_files()), Path(str(resources.data_file()))]
    files += [Path(f) for f in data]
    t = time.perf_counter()
    if op == "rdflib":
        import rdflib

        graph = rdflib.Graph()
        for path in files:
            graph.parse(path, format="turtle")
        triples = len(graph)
    else:
        import pyoxigraph as ox

        if op == "ox-parse":
            triples = sum(1 for path in files for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        else:
            store = ox.Store()
            for n, path in enumerate(files):
                store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:g:{n}"))
            triples = len(store)
    return time.perf_counter() - t, triples


def _operation(op: str, kg: Any, terms: dict[str, Any]) -> str:
    from psygraph import api

    if op == "warm-derived":  # what the first commands on these inputs keep in the cache
        for derived in (kg.names, kg.search_index, kg.nx):
            assert derived is not None
        return "derived data computed"
    if op in ("index", "show"):
        return api.describe(kg, terms["show"]).label
    if op == "search":
        return ", ".join(row["label"] for row in api.search(kg, terms["search"], limit=5))
    if op == "path":
        found = api.paths(kg, *terms["path"])
        return found[0].chain if found else "(no path)"
    if op == "neighbours":
        return f"{len(api.neighbours(kg, terms['focus'], depth=2))} neighbours"
    if op == "rank":
        return ", ".join(row["label"] for row in api.rank(kg, limit=3))
    with tempfile.TemporaryDirectory() as folder:
        if op == "export":
            from psygraph.export import export

            (written,) = export(kg, "ttl", Path(folder) / "out.ttl")
            return f"{written.stat().st_size // 1024} KiB"
        from psygraph.viz import write_explorer

        focus = terms["focus"] if op == "viz" else None
        page = write_explorer(kg, Path(folder) / "page.html", focus=focus, depth=1)
        return f"{page.stat().st_size // 1024} KiB"


# The parent: generate, measure, report
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark (or, with ``--child``, one measurement)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="graph sizes in triples")
    parser.add_argument("--quick", action="store_true", help="only 10k and 100k (and the shipped graph)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each whole-process timing")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the table and plot go")
    parser.add_argument(
        "--report", type=Path, metavar="JSON", help="only rewrite the table and plot of a run"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", action="append", default=[], help=argparse.SUPPRESS)
    parser.add_argument("--terms", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.data, json.loads(args.terms))))
        return
    if args.report:
        write_report(args.report)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.quick:
        sizes = [s for s in sizes if s <= 100_000]
    run(sizes, args.repeat, args.out)


def run(sizes: list[int], repeat: int, out: Path) -> None:
    """Measure the shipped graph and each of *sizes*, then write the report into *out*."""
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / ".gitignore").write_text("*\n", encoding="utf-8")
    cache_dir = WORK / "cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    env = dict(os.environ, PSYGRAPH_CACHE_DIR=str(cache_dir), PYTHONPATH=str(ROOT))
    env.pop("PSYGRAPH_NO_CACHE", None)
    env.pop("PSYGRAPH_CACHE_MIN_BYTES", None)
    started = time.time()
    load_before = os.getloadavg()
    table: dict[int, dict[str, Result]] = {}
    triples: dict[int, int] = {}
    cli: dict[int, dict[str, Result]] = {}
    for size in [SHIPPED, *sizes]:
        data, terms = _graph(size)
        _say(f"graph {size or 'shipped'}: {data or 'shipped files only'}")
        table[size] = {}
        for op, _ in OPS:
            if op == "viz-all" and size not in (SHIPPED, min(sizes, default=SHIPPED)):
                table[size][op] = Result(None, None, "not measured: a whole-graph page is for small graphs")
                continue
            if op == "cold":
                shutil.rmtree(cache_dir, ignore_errors=True)
            if op == "index":
                shutil.rmtree(cache_dir / "derived", ignore_errors=True)
            if op == "show":  # what earlier commands keep (names, search, projection): lookups below are warm
                _measure("warm-derived", data, terms, env)
            table[size][op] = _measure(op, data, terms, env)
            _say(f"  {op:11} {_fmt_s(table[size][op].seconds):>9} {_fmt_mb(table[size][op].peak_mb):>8}")
        triples[size] = int(table[size]["ox-load"].extra.get("triples", 0))
        cli[size] = {name: _cli(name, data, terms, env, repeat) for name in CLI}
    target = _show_target(env, repeat * 2 - 1)
    load_after = os.getloadavg()
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d")
    raw = {
        "table": {str(size): {op: vars(r) for op, r in row.items()} for size, row in table.items()},
        "triples": {str(size): n for size, n in triples.items()},
        "cli": {str(size): {op: vars(r) for op, r in row.items()} for size, row in cli.items()},
        "target": target,
        "seconds": time.time() - started,
        "load": [load_before, load_after],
        "stamp": stamp,
        "machine": machine(),
    }
    (out / f"{stamp}.json").write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    write_report(out / f"{stamp}.json")


def write_report(raw_path: Path) -> None:
    """Write the markdown table and the plot beside *raw_path*, the figures a run kept (``--report``)."""
    raw = json.loads(raw_path.read_text(encoding="utf-8"))

    def results(rows: dict[str, dict[str, dict[str, Any]]]) -> dict[int, dict[str, Result]]:
        return {int(size): {op: Result(**r) for op, r in row.items()} for size, row in rows.items()}

    table, cli = results(raw["table"]), results(raw["cli"])
    triples = {int(size): n for size, n in raw["triples"].items()}
    stamp = raw["stamp"]
    load = (tuple(raw["load"][0]), tuple(raw["load"][1]))
    report = _report(table, triples, cli, raw["target"], raw["seconds"], load, stamp, raw["machine"])
    out = raw_path.parent
    (out / f"{stamp}.md").write_text(report, encoding="utf-8")
    _plot(table, triples, out / f"{stamp}.png", stamp, raw["machine"])
    _say(f"wrote {out / (stamp + '.md')} and {out / (stamp + '.png')}")


def _graph(size: int) -> tuple[list[str], dict[str, Any]]:
    """The data files and lookup terms for *size* (generated once, then reused)."""
    if size == SHIPPED:
        return [], dict(SHIPPED_TERMS)
    sys.path.insert(0, str(BENCH))
    from generate import SEED, generate

    path = WORK / f"synthetic-{size}-seed{SEED}.ttl"
    info_path = path.with_name(path.name + ".json")
    if not path.exists() or not info_path.exists() or _stale(path):
        _say(f"generating about {size} triples into {path.name}")
        generate(size, path)
    info = json.loads(info_path.read_text(encoding="utf-8"))
    middle, last = info["samples"]["middle"], info["samples"]["last"]
    terms = {"show": middle["label"], "search": "mirror", "path": (last["id"], "id:donald-winnicott")}
    terms["focus"] = middle["id"]
    return [str(path)], terms


def _stale(path: Path) -> bool:
    """Whether the shipped data or the generator changed since *path* was generated."""
    from_data = (ROOT / "data" / "concepts.ttl").stat().st_mtime
    return path.stat().st_mtime < max(from_data, (BENCH / "generate.py").stat().st_mtime)


def _measure(op: str, data: list[str], terms: dict[str, Any], env: dict[str, str]) -> Result:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", op, "--terms", json.dumps(terms)]
    command += [arg for path in data for arg in ("--data", path)]
    started = time.time()
    wall, peak, out, err, code = _run(command, env)
    if code != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        return Result(None, peak, f"failed: {last[:120]}")
    figures = json.loads(out.strip().splitlines()[-1])
    note = str(figures.get("answer", ""))[:90]
    return Result(figures["seconds"], peak, note, {**figures, "wall": wall, "started": started})


def _cli(name: str, data: list[str], terms: dict[str, Any], env: dict[str, str], repeat: int) -> Result:
    """Median wall time of a whole ``psygraph`` process answering *name* (the cache is warm)."""
    args = {
        "show": ["show", terms["show"]],
        "search": ["search", terms["search"]],
        "path": ["path", *terms["path"]],
    }
    command = [sys.executable, "-m", "psygraph", *[a for p in data for a in ("--data", p)], *args[name]]
    times, peaks = [], []
    for n in range(repeat):
        wall, peak, _, err, code = _run(command, env)
        if code != 0:
            return Result(None, peak, f"failed: {(err.strip().splitlines() or ['?'])[-1][:120]}")
        times.append(wall)
        peaks.append(peak or 0.0)
        if wall > 5 and n >= 0:  # slow: one run says enough
            break
    return Result(statistics.median(times), max(peaks), f"median of {len(times)}")


def _show_target(env: dict[str, str], runs: int) -> dict[str, Any]:
    """``psygraph show TERM`` (warm cache) against ``import rdflib`` + parsing the shipped files."""
    show = [sys.executable, "-m", "psygraph", "show", SHIPPED_TERMS["show"]]
    rdflib_parse = [
        sys.executable,
        "-c",
        "import rdflib\nfrom psygraph import resources\ng = rdflib.Graph()\n"
        "for f in [*resources.schema_files(), resources.data_file()]:\n    g.parse(str(f), format='turtle')",
    ]
    _run(show, env)  # warm the cache
    shows, parses = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        shows.append(_run(show, env)[0])
        parses.append(_run(rdflib_parse, env)[0])
    return {"show": statistics.median(shows), "rdflib": statistics.median(parses), "runs": runs}


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float | None, str, str, int]:
    """Run *command*; its wall time, peak memory (MB), output, errors and exit code."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - t
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        return (
            wall,
            usage.ru_maxrss / scale,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            process.returncode,
        )


# The report
# --------------------------------------------------------------------------------------------


def machine() -> str:
    """One line naming the machine: CPU, cores, memory, OS and Python."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if "MemTotal" in line
        )
        memory = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = "RAM unknown"
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {memory}, {system}, Python {platform.python_version()}"


def _versions() -> str:
    from importlib.metadata import version

    names = ("psygraph", "pyoxigraph", "rdflib", "networkx")
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - a missing package is reported, not fatal
            found.append(f"{name} ?")
    return ", ".join(found)


def _report(
    table: dict[int, dict[str, Result]],
    triples: dict[int, int],
    cli: dict[int, dict[str, Result]],
    target: dict[str, Any],
    took: float,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    stamp: str,
    where: str,
) -> str:
    sizes = list(table)
    head = ["operation", *[_size_name(s, triples[s]) for s in sizes]]
    lines = [
        f"# psygraph benchmark, {stamp}",
        "",
        f"- Machine: {where}",
        f"- Versions: {_versions()}",
        f"- Command: `python bench/run.py`; took {took:.0f} s; "
        f"load average {load[0][0]:.1f} at the start, {load[1][0]:.1f} at the end "
        "(other work on the machine makes single timings noisy).",
        "- Each cell: seconds for the library call the CLI makes (after the graph is loaded), then the",
        "  peak memory of the whole process. Every cell is a fresh Python process.",
        "- Inputs under 2 MB (the shipped graph, the 10k graph) are parsed into memory on every load,",
        "  which is faster than opening a store; bigger ones are loaded into an on-disk store once",
        "  (the cold load) and opened from it afterwards (the warm load). See bench/README.md.",
        "",
        "## Targets",
        "",
        *_targets(table, triples, cli, target),
        "",
        "## Cost by graph size",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for op, name in OPS:
        cells = [_cell(table[s][op]) for s in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Whole `psygraph` processes, warm cache (wall time from start to exit, median):", ""]
    lines += ["| command | " + " | ".join(head[1:]) + " |", "|" + "---|" * len(head)]
    for name in CLI:
        lines.append(f"| `psygraph {name}` | " + " | ".join(_cell(cli[s][name]) for s in sizes) + " |")
    lines += ["", "## Ratios", "", *_ratios(table, triples), "", "## Growth", "", *_growth(table, triples)]
    lines += ["", "## What each operation asked", ""]
    for size in sizes:
        notes = [f"{name}: {table[size][op].note}" for op, name in OPS if table[size][op].note]
        lines.append(f"- {_size_name(size, triples[size])}: " + "; ".join(notes))
    return "\n".join(lines) + "\n"


def _targets(
    table: dict[int, dict[str, Result]],
    triples: dict[int, int],
    cli: dict[int, dict[str, Result]],
    target: dict[str, Any],
) -> list[str]:
    rows = ["| target | measured | met |", "|---|---|---|"]
    ratio = target["show"] / target["rdflib"]
    rows.append(
        f"| `psygraph show {SHIPPED_TERMS['show']}` (whole process, warm) ≤ ½ of `import rdflib` "
        f"+ parse shipped | {target['show']:.3f} s vs {target['rdflib']:.3f} s (ratio {ratio:.2f}, "
        f"median of {target['runs']}) | {_yes(ratio <= 0.5)} |"
    )
    big = max(table)
    if big != SHIPPED:
        cold, base = table[big]["cold"].seconds, table[big]["ox-load"].seconds
        if cold and base:
            rows.append(
                f"| first load of {_size_name(big, triples[big])} ≤ 1.5 × plain pyoxigraph load "
                f"| {cold:.2f} s vs {base:.2f} s ({cold / base:.2f} ×) | {_yes(cold / base <= 1.5)} |"
            )
        for name, limit in (("show", 0.5), ("search", 0.5), ("path", 2.0)):
            measured = cli[big][name].seconds
            call = table[big][name].seconds
            if measured is not None:
                rows.append(
                    f"| `{name}` on {_size_name(big, triples[big])} < {limit} s "
                    f"| {measured:.2f} s whole process ({_fmt_s(call)} in the library call) "
                    f"| {_yes(measured < limit)} |"
                )
        viz = table[big]["viz"].seconds
        rows.append(
            f"| viz focus view of {_size_name(big, triples[big])} < 2 s | {_fmt_s(viz)} "
            f"| {_yes(viz is not None and viz < 2)} |"
        )
    whole = table[SHIPPED]["viz-all"].seconds
    rows.append(
        f"| viz of the whole shipped graph < 1 s | {_fmt_s(whole)} "
        f"| {_yes(whole is not None and whole < 1)} |"
    )
    return rows


def _ratios(table: dict[int, dict[str, Result]], triples: dict[int, int]) -> list[str]:
    rows = [
        "| size | rdflib ÷ pyoxigraph load | cold load ÷ pyoxigraph load | warm load ÷ pyoxigraph load "
        "| pyoxigraph load ÷ parse only |",
        "|---|---|---|---|---|",
    ]
    for size, results in table.items():
        base = results["ox-load"].seconds
        parse = results["ox-parse"].seconds
        cells = [_over(results, op, by) for op, by in (("rdflib", base), ("cold", base), ("warm", base))]
        cells.append(_over(results, "ox-load", parse))
        rows.append(f"| {_size_name(size, triples[size])} | " + " | ".join(cells) + " |")
    return rows


def _over(results: dict[str, Result], op: str, by: float | None) -> str:
    value = results[op].seconds
    return f"{value / by:.2f}" if value and by else "—"


def _growth(table: dict[int, dict[str, Result]], triples: dict[int, int]) -> list[str]:
    """How each cost grows from the smallest to the largest synthetic graph: the exponent k in n^k."""
    sizes = [s for s in table if s != SHIPPED]
    if len(sizes) < 2:
        return ["(needs two synthetic sizes)"]
    small, big = sizes[-2], sizes[-1]
    rows = [
        f"Exponent k in cost ∝ triples^k between {_size_name(small, triples[small])} and "
        f"{_size_name(big, triples[big])} (1 = linear, 0 = flat):",
        "",
        "| operation | k | reading |",
        "|---|---|---|",
    ]
    for op, name in OPS:
        a, b = table[small][op].seconds, table[big][op].seconds
        if not a or not b:
            continue
        k = math.log(b / a) / math.log(triples[big] / triples[small])
        reading = "flat" if k < 0.25 else "sublinear" if k < 0.9 else "linear" if k < 1.15 else "superlinear"
        if max(a, b) < 0.05:
            reading = "flat (both under 50 ms)"
        rows.append(f"| {name} | {k:.2f} | {reading} |")
    return rows


def _plot(
    table: dict[int, dict[str, Result]], triples: dict[int, int], path: Path, stamp: str, where: str
) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        _say("matplotlib is not installed: no plot")
        return
    sizes = [s for s in table if triples.get(s)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 5.5))
    colours = plt.get_cmap("tab20").colors
    for n, (op, name) in enumerate(OPS):
        points = [(triples[s], table[s][op]) for s in sizes if table[s][op].seconds]
        if len(points) < 2:
            continue
        style = {"linestyle": "--" if op.startswith(("rdflib", "ox-")) else "-", "color": colours[n % 20]}
        left.plot([x for x, _ in points], [r.seconds for _, r in points], marker="o", label=name, **style)
        memory = [(x, r.peak_mb) for x, r in points if r.peak_mb]
        right.plot([x for x, _ in memory], [m for _, m in memory], marker="o", label=name, **style)
    for axis, what in ((left, "seconds"), (right, "peak memory of the process (MB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("triples (shipped graph + synthetic --data file)")
        axis.set_ylabel(what)
        axis.grid(True, which="both", alpha=0.3)
    right.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.02, 0.5))
    fig.suptitle(f"psygraph cost against graph size, {stamp}\n{where}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")


def _cell(result: Result) -> str:
    if result.seconds is None:
        return (
            "n/a" if result.note.startswith("n/a") else ("—" if result.note.startswith("not") else "failed")
        )
    return f"{_fmt_s(result.seconds)} · {_fmt_mb(result.peak_mb)}"


def _size_name(size: int, triples: int) -> str:
    if size == SHIPPED:
        return f"shipped ({triples:,} triples)"
    return f"~{size:,} + shipped ({triples:,})"


def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _fmt_mb(mb: float | None) -> str:
    return "—" if mb is None else f"{mb:.0f} MB"


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    main()
