"""The attack matrix of issue 17, kept as tests: hostile files, queries, names and output targets.

Each case checks what must not happen (a crash, a request on the network, a lost or broken file,
an escape sequence on the terminal, a formula in a spreadsheet, a user file writing into
psygraph's own graphs) and that the user gets one line saying what went wrong. Cases that would
crash the interpreter if their guard regressed run in a subprocess, so a regression fails the test
instead of ending the run.
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import psygraph
from psygraph import resources
from psygraph.atomic import TEMP_PREFIX, TEMP_SUFFIX, atomic_write_text
from psygraph.cli import main
from psygraph.errors import InputError, QueryError
from psygraph.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH
from psygraph.queryguard import Limits

ROOT = Path(__file__).resolve().parent.parent

ESC_LABEL = "Evil\x1b]0;pwned\x07Label\u202eabc"
HOSTILE_TTL = """
id:evil-entity a psy:TheoreticalConcept ;
    skos:prefLabel "Evil\\u001B]0;pwned\\u0007Label\\u202Eabc"@en ;
    skos:altLabel "=HYPERLINK(\\"http://example.org\\")"@en, "-2+3+cmd"@en, "@SUM(1)"@en ;
    skos:definition "control\\u0001characters\\u001Fin a definition"@en ;
    psy:influencedBy id:sigmund-freud .
"""


# ----------------------------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/sparql"
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """A local listener standing in for a remote SPARQL endpoint."""
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A --data file whose labels carry escape sequences, bidi overrides and formulas."""
    from tests.conftest import TTL_PREFIXES

    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(TTL_PREFIXES + HOSTILE_TTL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_kg(hostile_file: Path) -> psygraph.KnowledgeGraph:
    return psygraph.load([hostile_file])


def run_cli(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run ``python -m psygraph`` in a subprocess: exit code, stdout, stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "psygraph", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def assert_one_line_error(result: object, exit_code: int, words: str) -> None:
    """A CliRunner result that failed with *exit_code* and one line mentioning *words*."""
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == exit_code, output  # type: ignore[attr-defined]
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, output
    assert words in lines[0], output


# ----------------------------------------------------------------------------------------------
# No network from a query: SERVICE is refused on the parsed query, wherever it hides
# ----------------------------------------------------------------------------------------------

SERVICE_QUERIES = {
    "plain": "SELECT * WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <URL> { ?s ?p ?o } }",
    "lower case": "select * where { service <URL> { ?s ?p ?o } }",
    "mixed case": "SELECT * WHERE { SeRvIcE <URL> { ?s ?p ?o } }",
    "after an escaped quote in a long string": (
        'SELECT * WHERE { BIND("""a\\"""" AS ?x) SERVICE <URL> { ?s ?p ?o } } # "'
    ),
    "silent after an escaped quote in a long string": (
        'SELECT * WHERE { BIND("""a\\"""" AS ?x) SERVICE SILENT <URL> { ?s ?p ?o } } # "'
    ),
    "after an escaped quote in a single-quoted long string": (
        "SELECT * WHERE { BIND('''a\\'''' AS ?x) SERVICE <URL> { ?s ?p ?o } } # '"
    ),
    "after a string holding a comment sign": 'SELECT * WHERE { BIND("#" AS ?x) SERVICE <URL> { ?s ?p ?o } }',
    "after a comment holding a quote": 'SELECT * WHERE { # "\n SERVICE <URL> { ?s ?p ?o } } # "',
    "split by comments": "SELECT * WHERE { #c\nSERVICE#c\n<URL>#c\n{ ?s ?p ?o } }",
    "prefixed IRI": "PREFIX r: <URLBASE> SELECT * WHERE { SERVICE r:sparql { ?s ?p ?o } }",
    "nested groups": "SELECT * WHERE { { { { SERVICE <URL> { ?s ?p ?o } } } } }",
    "in OPTIONAL": "SELECT * WHERE { ?s a psy:Theorist OPTIONAL { SERVICE <URL> { ?s ?p ?o } } }",
    "in UNION": "SELECT * WHERE { { ?s a psy:Theorist } UNION { SERVICE <URL> { ?s ?p ?o } } }",
    "in MINUS": "SELECT * WHERE { ?s a psy:Theorist MINUS { SERVICE <URL> { ?s ?p ?o } } }",
    "in FILTER EXISTS": "SELECT * WHERE { ?s a psy:Theorist FILTER EXISTS { SERVICE <URL> { ?s ?p ?o } } }",
    "in a subquery": "SELECT * WHERE { { SELECT * WHERE { SERVICE <URL> { ?s ?p ?o } } } }",
    "with a property path": "SELECT * WHERE { SERVICE <URL> { ?s psy:influencedBy+/skos:prefLabel ?o } }",
    "through a variable": "SELECT * WHERE { VALUES ?e { <URL> } SERVICE ?e { ?s ?p ?o } }",
    "ASK": "ASK { SERVICE <URL> { ?s ?p ?o } }",
    "CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "DESCRIBE": "DESCRIBE ?s WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "unicode-escaped keyword": "SELECT * WHERE { \\u0053ERVICE <URL> { ?s ?p ?o } }",
    # rdflib reads these differently from pyoxigraph: a check on its parse tree alone let them through.
    "after a comment ended by a carriage return": (
        "SELECT * WHERE { ?s ?p ?o # c\r SERVICE <URL> { ?s ?p ?o } \n }"
    ),
    "after an escaped line feed in a comment": (
        'SELECT * WHERE { # \\u000A BIND("""\nSERVICE <URL> { ?s ?p ?o }\n# """ AS ?x)\n}'
    ),
}


def _with_url(query: str, url: str) -> str:
    return query.replace("URLBASE", url.rsplit("sparql", 1)[0]).replace("URL", url)


@pytest.mark.parametrize("name", list(SERVICE_QUERIES))
def test_service_never_reaches_the_network_from_the_library(
    name: str, kg: psygraph.KnowledgeGraph, listener: Listener
) -> None:
    query = _with_url(SERVICE_QUERIES[name], listener.url)
    before = listener.connections
    with pytest.raises(QueryError, match="SERVICE is not allowed|not valid"):
        _method(kg, query)(query)
    time.sleep(0.05)
    assert listener.connections == before


def _method(kg: psygraph.KnowledgeGraph, query: str) -> Callable[[str], object]:
    """The KnowledgeGraph method for the form of *query*."""
    if query.startswith("ASK"):
        return kg.ask
    if query.startswith(("CONSTRUCT", "DESCRIBE")):
        return kg.construct
    return kg.select


@pytest.mark.parametrize("name", ["plain", "after an escaped quote in a long string", "ASK"])
def test_service_never_reaches_the_network_from_the_cli(
    name: str, runner: CliRunner, listener: Listener
) -> None:
    before = listener.connections
    result = runner.invoke(main, ["sparql", _with_url(SERVICE_QUERIES[name], listener.url)])
    assert_one_line_error(result, 2, "SERVICE is not allowed")
    assert listener.connections == before


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?x WHERE { BIND("SERVICE <http://example.org/> { }" AS ?x) }',
        "SELECT ?service WHERE { BIND(1 AS ?service) }",
        "SELECT * WHERE { ?s psy:serviceOf ?o } # SERVICE <http://example.org/>",
        'SELECT ?x WHERE { BIND("from here" AS ?x) }',
    ],
)
def test_the_word_service_outside_a_service_call_is_fine(query: str, kg: psygraph.KnowledgeGraph) -> None:
    assert isinstance(kg.select(query), list)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <https://w3id.org/psygraph/graph/ontology> WHERE { ?s ?p ?o } LIMIT 1",
        "SELECT * FROM NAMED <https://w3id.org/psygraph/graph/data> WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
        "ASK FROM <http://example.org/g> { ?s ?p ?o }",
        "SELECT * # c\r FROM <http://example.org/g> \n WHERE { ?s ?p ?o } LIMIT 1",
    ],
)
def test_from_is_refused_not_ignored(query: str, kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="FROM and FROM NAMED are not supported|names FROM"):
        _method(kg, query)(query)


# ----------------------------------------------------------------------------------------------
# No crash or exhaustion from a small file or query
# ----------------------------------------------------------------------------------------------

CRASHERS = r"""
import sys
import psygraph
from psygraph.errors import PsygraphError
kg = psygraph.load()
case = sys.argv[1]
try:
    if case == "deep-query":
        kg.select("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000)
    elif case == "deep-filter":
        kg.select("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }")
    elif case == "deep-jsonld":
        psygraph.load([sys.argv[2]])
    elif case == "entities":
        psygraph.load([sys.argv[2]])
    elif case == "cartesian":
        kg.limits = kg.limits.__class__(timeout=60, max_cells=300_000)
        kg.select("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
except PsygraphError as exc:
    # This process's own peak (VmHWM): ru_maxrss would count the test process it was forked from.
    status = open("/proc/self/status", encoding="ascii").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) // 1024
    print(f"refused|{peak}|{exc}")
else:
    print("answered")
"""


def _crash_case(case: str, *args: str) -> tuple[str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CRASHERS, case, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{case}: exit {done.returncode} (a crash)\n{done.stderr[-2000:]}"
    status, peak, message = done.stdout.strip().split("|", 2)
    assert status == "refused", done.stdout
    return message, int(peak)


def test_a_query_nested_3000_deep_is_refused_not_a_segfault() -> None:
    message, _ = _crash_case("deep-query")
    assert "nested more than" in message


def test_an_expression_nested_3000_deep_is_refused_not_a_segfault() -> None:
    message, _ = _crash_case("deep-filter")
    assert "nested more than" in message


def test_jsonld_nested_thousands_deep_is_refused_not_a_segfault(tmp_path: Path) -> None:
    depth = 10_000
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id":"http://x/a","http://x/p":' * depth + '"v"' + "}" * depth, encoding="utf-8")
    message, _ = _crash_case("deep-jsonld", str(path))
    assert "nested 10000 levels deep" in message


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="http://example.org/a"><rdf:value>&lol9;</rdf:value></rdf:Description>
</rdf:RDF>
"""


def test_rdfxml_entity_expansion_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "laughs.rdf"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    message, peak_mb = _crash_case("entities", str(path))
    assert "declares XML entities" in message
    assert peak_mb < 500


def test_a_cartesian_select_stops_at_the_answer_size_guard_in_bounded_memory() -> None:
    message, peak_mb = _crash_case("cartesian")
    assert "more than 300,000 values" in message
    assert peak_mb < 500


#: A count of 17 million combinations: one step pyoxigraph cannot cancel, a few seconds long, but
#: finite. (A three-way product would go on computing in this process, on both cores, for the rest
#: of the test session after the timeout gives up on it.)
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d <https://w3id.org/psygraph/ontology#year> ?f }"


def _abandoned_queries_finish() -> None:
    """Wait for queries a timeout gave up on to finish in their worker threads (they cannot be stopped)."""
    for thread in threading.enumerate():
        if thread.name == "psygraph-query":
            thread.join(120)


def test_a_long_query_stops_at_the_timeout(kg: psygraph.KnowledgeGraph) -> None:
    small = psygraph.KnowledgeGraph(kg.store, kg.user_graphs)
    small.limits = Limits(timeout=0.5)
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"ran longer than 0.5 s"):
        small.select(SLOW_COUNT)
    assert time.monotonic() - started < 5
    _abandoned_queries_finish()


def test_timeout_option_reaches_every_query(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        ["--timeout", "0.5", "sparql", SLOW_COUNT],
    )
    _abandoned_queries_finish()
    assert_one_line_error(result, 2, "ran longer than 0.5 s")


def _wait_for_cpu_seconds(pid: int, seconds: float, deadline: float = 120.0) -> None:
    """Wait until the process *pid* has used *seconds* of CPU time (read from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks >= seconds:  # utime + stime
            return
        time.sleep(0.05)
    pytest.fail(f"the process used less than {seconds} s of CPU in {deadline} s")


def _sigint_as_at_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _endless_query() -> subprocess.Popen[str]:
    """``psygraph sparql`` counting a product of every triple three times (it never ends in a test's
    time) with no timeout, once it has used 2 s of CPU: past start-up and loading, however busy the
    machine. Run with faulthandler, so SIGABRT writes every thread's stack to its stderr.

    The command starts with SIGINT's default action, as a command typed at a terminal does. A shell
    without job control starts a background job (``pytest &``) with SIGINT ignored, its children
    inherit that, and Python then installs no Ctrl-C handler at all: the test would fail for a
    reason that is not psygraph's."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    process = subprocess.Popen(
        [sys.executable, "-X", "faulthandler", "-m", "psygraph", "--timeout", "0", "sparql", query],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        preexec_fn=_sigint_as_at_a_terminal,  # noqa: PLW1509 - one call, in the fork, before exec
    )
    try:
        _wait_for_cpu_seconds(process.pid, 2.0)
    except BaseException:
        _end(process)
        raise
    return process


def _end(process: subprocess.Popen[str]) -> None:
    """Never leave an endless query running, whatever failed; close its pipes too (an open pipe would
    fail a later test with a ResourceWarning)."""
    process.kill()
    process.communicate()


def _fail_still_running(process: subprocess.Popen[str], when: str) -> NoReturn:
    """Fail, saying why the command did not end: its threads' signal masks, then every thread's stack
    (faulthandler writes them to stderr on SIGABRT)."""
    state = _signal_state(process.pid)
    process.send_signal(signal.SIGABRT)
    _out, err = process.communicate()
    pytest.fail(f"still running {when}; its threads:\n{state}\nits stderr: {err}")


def _signal_state(pid: int) -> str:
    """Every thread of *pid* with its signal masks (blocked, ignored, caught, pending), read from /proc,
    to say why a signal went unanswered."""
    keys = ("SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")
    lines = []
    for task in sorted(os.listdir(f"/proc/{pid}/task"), key=int):
        try:
            name = Path(f"/proc/{pid}/task/{task}/comm").read_text().strip()
            status = Path(f"/proc/{pid}/task/{task}/status").read_text().splitlines()
        except OSError:  # the thread ended meanwhile
            continue
        masks = " ".join(line.replace(":\t", "=") for line in status if line.split(":")[0] in keys)
        lines.append(f"{task} {name}: {masks}")
    return "\n".join(lines)


def test_ctrl_c_ends_a_long_query_with_exit_130_and_no_traceback() -> None:
    process = _endless_query()
    try:
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        try:
            _out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            _fail_still_running(process, "30 s after Ctrl-C")
    finally:
        _end(process)
    assert process.returncode == 130, err
    assert time.monotonic() - started < 5
    assert "Traceback" not in err
    assert err.strip().splitlines() == ["Error: interrupted (Ctrl-C); nothing was written"]


def test_ctrl_c_handed_to_another_thread_still_ends_the_query() -> None:
    """The system may hand a process's SIGINT to any of its threads that does not block it (the
    store's own threads among them); the command must end as when the main thread gets it."""
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "tgkill"):
        pytest.skip("no tgkill in this C library (glibc 2.30 or later has it)")
    process = _endless_query()
    try:
        others = sorted(int(t) for t in os.listdir(f"/proc/{process.pid}/task") if int(t) != process.pid)
        assert others, "the command runs its query in a thread of its own"
        assert libc.tgkill(process.pid, others[0], signal.SIGINT) == 0
        try:
            _out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            _fail_still_running(process, f"10 s after Ctrl-C to thread {others[0]}")
    finally:
        _end(process)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["Error: interrupted (Ctrl-C); nothing was written"]


def test_a_long_single_word_label_renders_in_linear_time(tmp_path: Path) -> None:
    from psygraph._output import wrap

    word = "a" * 2_000_000
    started = time.monotonic()
    lines = wrap(word, 80)
    assert time.monotonic() - started < 2
    assert len(lines) == 25_000
    assert "".join(lines) == word


def test_an_unknown_name_of_10000_characters_answers_at_once(runner: CliRunner) -> None:
    runner.invoke(main, ["show", "qqqq"])  # the name index built and cached: time the lookup only
    started = time.monotonic()
    result = runner.invoke(main, ["show", "q" * 10_000])
    assert time.monotonic() - started < 5
    assert_one_line_error(result, 1, "no entity named")


# ----------------------------------------------------------------------------------------------
# No tracebacks
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_select_star_with_an_empty_pattern_answers_one_empty_row(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(main, ["sparql", "SELECT * WHERE {}", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if fmt == "json":
        assert json.loads(result.output) == [{}]
    if fmt == "table":
        assert "1 answer with no columns" in result.output


def test_path_from_an_entity_to_itself_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "freud", "freud"])
    assert_one_line_error(result, 2, "are the same entity")


# ----------------------------------------------------------------------------------------------
# Input files
# ----------------------------------------------------------------------------------------------


def test_turtle_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    from tests.conftest import TTL_PREFIXES

    path = tmp_path / "bom.ttl"
    body = TTL_PREFIXES + 'id:bom-entity a psy:TheoreticalConcept ; skos:prefLabel "Bom entity"@en .\n'
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    kg = psygraph.load(path)  # one path, not a list
    assert kg.ask("ASK { id:bom-entity skos:prefLabel 'Bom entity'@en }")


def test_a_fifo_is_named_as_such(tmp_path: Path, runner: CliRunner) -> None:
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    result = runner.invoke(main, ["--data", str(fifo), "stats"])
    assert_one_line_error(result, 2, "is a named pipe (FIFO)")


def test_a_folder_is_named_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder"):
        psygraph.load([folder])


def test_load_takes_one_path_as_a_string(tmp_path: Path) -> None:
    from tests.conftest import TTL_PREFIXES

    path = tmp_path / "mine.ttl"
    path.write_text(TTL_PREFIXES + 'id:one-file a psy:TheoreticalConcept ; skos:prefLabel "One"@en .\n')
    kg = psygraph.load(str(path))
    assert len(kg.user_graphs) == 1
    assert kg.ask("ASK { id:one-file a psy:TheoreticalConcept }")


OWN_GRAPHS = [ONTOLOGY_GRAPH, DATA_GRAPH]
INTRUDER = (
    '<https://w3id.org/psygraph/id/intruder> <http://www.w3.org/2004/02/skos/core#prefLabel> "Intruder"'
)
GRAPH_FILES = {
    "trig": "GRAPH <{g}> {{ " + INTRUDER + " . }}\n",
    "nq": INTRUDER + " <{g}> .\n",
    "jsonld": json.dumps(
        {
            "@id": "{g}",
            "@graph": [
                {
                    "@id": "https://w3id.org/psygraph/id/intruder",
                    "http://www.w3.org/2004/02/skos/core#prefLabel": "Intruder",
                }
            ],
        }
    ),
}


@pytest.mark.parametrize("graph", OWN_GRAPHS)
@pytest.mark.parametrize("suffix", list(GRAPH_FILES))
def test_a_user_file_cannot_write_into_psygraphs_graphs(tmp_path: Path, suffix: str, graph: str) -> None:
    path = tmp_path / f"intruder.{suffix}"
    text = GRAPH_FILES[suffix]
    path.write_text(text.replace("{g}", graph).replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    kg = psygraph.load([path])
    where = {row["g"] for row in kg.select("SELECT ?g WHERE { GRAPH ?g { id:intruder ?p ?o } }")}
    assert where == set(kg.user_graphs)
    intruder = ox.NamedNode("https://w3id.org/psygraph/id/intruder")
    assert not list(kg.store.quads_for_pattern(intruder, None, None, ox.NamedNode(graph)))


# ----------------------------------------------------------------------------------------------
# No escape to the terminal, no formula in a spreadsheet
# ----------------------------------------------------------------------------------------------


def test_table_output_shows_control_and_bidi_characters_escaped(
    runner: CliRunner, hostile_file: Path
) -> None:
    for args in (["show", "evil-entity"], ["search", "Evil"], ["neighbours", "freud", "--format", "table"]):
        result = runner.invoke(main, ["--data", str(hostile_file), *args])
        assert result.exit_code == 0, result.output
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in result.output
        assert "\\x1b]0;pwned\\x07" in result.output
        assert "\\u202e" in result.output


def test_json_output_keeps_labels_exact(runner: CliRunner, hostile_file: Path) -> None:
    result = runner.invoke(main, ["--data", str(hostile_file), "show", "evil-entity", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["label"] == ESC_LABEL


def test_errors_show_control_and_bidi_characters_escaped(runner: CliRunner) -> None:
    result = runner.invoke(main, ["show", "abc\u202eexe.\x1b[31m"])
    assert result.exit_code == 1
    assert "\u202e" not in result.output
    assert "\x1b" not in result.output
    assert "\\u202e" in result.output


def test_csv_answers_guard_against_formulas(runner: CliRunner, hostile_file: Path) -> None:
    query = "SELECT ?label WHERE { id:evil-entity skos:altLabel ?label } ORDER BY ?label"
    result = runner.invoke(main, ["--data", str(hostile_file), "sparql", query, "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = [row[0] for row in csv.reader(io.StringIO(result.output))][1:]
    assert cells == ["'-2+3+cmd", '\'=HYPERLINK("http://example.org")', "'@SUM(1)"]


def test_csv_answers_keep_negative_numbers(runner: CliRunner) -> None:
    result = runner.invoke(main, ["sparql", "SELECT (-2 AS ?n) WHERE {}", "--format", "csv"])
    assert result.output.splitlines() == ["n", "-2"]


def test_csv_export_uses_the_same_guard(tmp_path: Path, hostile_kg: psygraph.KnowledgeGraph) -> None:
    from psygraph.export import export

    nodes, _edges = export(hostile_kg, "csv", tmp_path / "out.csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(nodes.read_text(encoding="utf-8")))}
    alt = rows["https://w3id.org/psygraph/id/evil-entity"]["alt_labels"]
    assert alt.startswith("'")


# ----------------------------------------------------------------------------------------------
# Exports read back with their own format's parser
# ----------------------------------------------------------------------------------------------


def _read_back(fmt: str, path: Path) -> int:
    """How many items the format's own reader finds in *path*."""
    import networkx as nx

    if fmt in ("ttl", "nt", "jsonld"):
        format_ = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
        return len(list(ox.parse(path=path, format=format_[fmt])))
    if fmt == "owl":
        return len(list(ox.parse(path=path, format=ox.RdfFormat.RDF_XML)))
    if fmt == "graphml":
        return nx.read_graphml(path).number_of_nodes()
    if fmt == "gexf":
        return nx.read_gexf(path).number_of_nodes()
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "graphml", "gexf"])
def test_every_writer_reads_back_with_hostile_labels(
    tmp_path: Path, hostile_kg: psygraph.KnowledgeGraph, fmt: str
) -> None:
    from psygraph.export import export

    include = "data"
    (path,) = export(hostile_kg, fmt, tmp_path / f"out.{fmt}", include=include)
    assert _read_back(fmt, path) > 100


def test_rdfxml_export_refuses_a_label_xml_cannot_carry(
    tmp_path: Path, hostile_kg: psygraph.KnowledgeGraph
) -> None:
    from psygraph.errors import UsageError
    from psygraph.export import export

    target = tmp_path / "out.owl"
    with pytest.raises(UsageError, match=r"evil-entity .* U\+00(1B|01|07|1F)"):
        export(hostile_kg, "owl", target, include="data")
    assert not target.exists()
    assert not list(tmp_path.iterdir())


# ----------------------------------------------------------------------------------------------
# No lost file
# ----------------------------------------------------------------------------------------------


def test_export_refuses_a_read_only_file(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "kept.ttl"
    target.write_text("keep me")
    target.chmod(0o444)
    result = runner.invoke(main, ["export", "-o", str(target)])
    assert_one_line_error(result, 2, "read-only")
    assert target.read_text() == "keep me"


def test_export_refuses_a_fifo(tmp_path: Path, runner: CliRunner) -> None:
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    result = runner.invoke(main, ["export", "-o", str(fifo)])
    assert_one_line_error(result, 2, "not a regular file")
    assert fifo.is_fifo()


@pytest.mark.parametrize("target", ["/dev/stdout", "/proc/self/fd/1", "/dev/null"])
def test_export_refuses_device_paths(runner: CliRunner, target: str) -> None:
    before = os.lstat(target) if os.path.lexists(target) else None
    result = runner.invoke(main, ["export", "--format", "nt", "-o", target])
    assert_one_line_error(result, 2, "not a regular file")
    if before is not None:
        assert os.lstat(target).st_mode == before.st_mode


def test_export_to_standard_output(tmp_path: Path) -> None:
    code, out, err = run_cli("export", "--format", "nt", "--include", "ontology", "-o", "-")
    assert code == 0, err
    assert len(list(ox.parse(out.encode("utf-8"), ox.RdfFormat.N_TRIPLES))) > 100
    assert "wrote" not in err


def test_export_to_standard_output_needs_a_format(runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", "-o", "-"])
    assert_one_line_error(result, 2, "add --format")


@pytest.mark.parametrize("command", [["viz"], ["export", "--format", "ttl"]])
def test_no_writer_overwrites_the_shipped_data(runner: CliRunner, command: list[str]) -> None:
    shipped = Path(str(resources.data_file()))
    before = shipped.read_bytes()
    result = runner.invoke(main, [*command, "-o", str(shipped)])
    assert_one_line_error(result, 2, "shipped data")
    assert shipped.read_bytes() == before


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    dead = _a_dead_pid()
    stale = tmp_path / f"{TEMP_PREFIX}{dead}-abc{TEMP_SUFFIX}"
    stale.write_text("half an export")
    live = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-def{TEMP_SUFFIX}"
    live.write_text("being written")
    atomic_write_text(tmp_path / "out.txt", "done")
    assert not stale.exists()
    assert live.exists()
    assert (tmp_path / "out.txt").read_text() == "done"


def test_a_write_into_an_unwritable_folder_names_the_target(tmp_path: Path, runner: CliRunner) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = runner.invoke(main, ["export", "-o", str(folder / "out.ttl")])
    finally:
        folder.chmod(0o755)
    assert_one_line_error(result, 2, "out.ttl")
    assert TEMP_PREFIX not in result.output


def _a_dead_pid() -> int:
    for pid in range(999_999, 900_000, -1):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            continue
    msg = "no free process id"
    raise AssertionError(msg)


def test_ctrl_c_while_the_command_line_is_still_importing_ends_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import types

    from psygraph import __main__ as entry

    class Interrupting(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "psygraph.cli", Interrupting("psygraph.cli"))
    with pytest.raises(SystemExit) as ended:
        entry.run()
    assert ended.value.code == 130
    assert capsys.readouterr().err == "Error: interrupted (Ctrl-C); nothing was written\n"
