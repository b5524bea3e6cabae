"""The server backend: every README question asked of a real SPARQL server answers as locally.

An Oxigraph server (the ``oxigraph`` package) is started once for the session on a free port of
127.0.0.1, the shipped graph is published to it with ``psygraph publish``, and every ``$ psygraph``
example of the README that asks a question is run twice, locally and with ``--endpoint``: the
output, the exit code and any file written must be the same. Virtuoso gets the same comparison when
``virtuoso-t`` is installed (CI installs it). A tiny local HTTP server plays a server that is down,
answers garbage, is busy (503) or wants a password.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from test_docs import COLUMNS, Example, readme_examples, shipped_graph_loaded_once, write_files
from triplestores import Running, oxigraph_server, virtuoso_binary, virtuoso_server

import psygraph
from psygraph.cli import main
from psygraph.errors import InputError
from psygraph.infer import INFERRED_GRAPH, with_inferences
from psygraph.loader import rdf_format
from psygraph.namespaces import DATA_GRAPH, ID
from psygraph.project import build
from psygraph.server import Server, ServerError

#: The commands that ask the graph a question (publish and validate read the local files).
QUESTIONS = {
    "show", "search", "neighbours", "path", "lineage", "defences", "treatments", "evidence-chain",
    "concepts", "compare", "tree", "timeline", "reading-list", "rank", "communities", "stats",
    "schema", "sparql", "viz", "export", "site",
}  # fmt: skip


def question_examples() -> list[Example]:
    """The README's examples of question commands on the shipped graph alone."""
    return [
        example
        for example in readme_examples()
        if example.subcommand in QUESTIONS and "--data" not in example.args and "--infer" not in example.args
    ]


def invoke(args: list[str], env: dict[str, str] | None = None) -> tuple[str, int]:
    result = CliRunner().invoke(main, args, prog_name="psygraph", env={"COLUMNS": COLUMNS, **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.output, result.exit_code


def written_files(args: list[str]) -> list[str]:
    """The files a command writes (its ``-o`` argument; a CSV export writes nodes and edges)."""
    names = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg in ("-o", "--output")]
    csv = [
        n[: -len(".csv")] + part for n in names if n.endswith(".csv") for part in ("-nodes.csv", "-edges.csv")
    ]
    return [n for n in names if not n.endswith(".csv")] + csv


def publish(running: Running, env: dict[str, str] | None = None) -> None:
    output, code = invoke(["publish", "--to", running.store, "--update", running.update], env)
    assert code == 0, output


@pytest.fixture(scope="session")
def oxigraph() -> Iterator[Running]:
    """An Oxigraph server holding the shipped graph, for the whole session."""
    with oxigraph_server() as running:
        publish(running)
        yield running


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[Running]:
    """A Virtuoso server holding the shipped graph (skipped when Virtuoso is not installed)."""
    if virtuoso_binary() is None:
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    with virtuoso_server() as running:
        publish(running, {"PSYGRAPH_USER": "dba", "PSYGRAPH_PASSWORD": "dba"})
        yield running


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two folders with the README's files: one for the local runs, one for the server runs."""
    pair = (tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("server"))
    for folder in pair:
        write_files(folder)
    return pair


#: Each example's local answer (output, exit code), computed once and compared with every server.
_LOCAL_ANSWERS: dict[int, tuple[str, int]] = {}


def test_each_example_writes_files_of_its_own() -> None:
    """The local answers are reused for each server, so no example may overwrite another's files."""
    names = [name for example in question_examples() for name in written_files(example.args)]
    assert len(names) == len(set(names))


def assert_same_answers(
    example: Example, endpoint: str, folders: tuple[Path, Path], kg: psygraph.KnowledgeGraph
) -> None:
    local_dir, server_dir = folders
    args = example.args
    with pytest.MonkeyPatch.context() as patch, shipped_graph_loaded_once(kg):
        if example.line not in _LOCAL_ANSWERS:
            patch.chdir(local_dir)
            _LOCAL_ANSWERS[example.line] = invoke(args)
        local = _LOCAL_ANSWERS[example.line]
        patch.chdir(server_dir)
        remote = invoke(["--endpoint", endpoint, *args])
    assert remote == local, f"README line {example.line}: `{example.command}` answers otherwise on {endpoint}"
    for name in written_files(args):
        assert same_output(server_dir / name, local_dir / name), name


def same_output(a: Path, b: Path) -> bool:
    """Whether two written outputs hold the same: files as :func:`same_file`, a folder (a site)
    as the same files, each the same."""
    if not a.is_dir():
        return same_file(a, b)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    return files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()) and all(
        same_file(a / f, b / f) for f in files
    )


def same_file(a: Path, b: Path) -> bool:
    """Whether two written files hold the same: the same bytes, or for RDF the same triples (an
    RDF/XML writer orders a subject's properties as it meets them)."""
    if a.read_bytes() == b.read_bytes():
        return True
    try:
        fmt = rdf_format(a)
    except InputError:
        return False
    return {str(t) for t in ox.parse(a.read_bytes(), fmt)} == {str(t) for t in ox.parse(b.read_bytes(), fmt)}


@pytest.mark.parametrize("example", question_examples(), ids=lambda e: f"line{e.line}")
def test_readme_question_answers_the_same_on_oxigraph(
    example: Example, oxigraph: Running, folders: tuple[Path, Path], kg: psygraph.KnowledgeGraph
) -> None:
    assert_same_answers(example, oxigraph.query, folders, kg)


@pytest.mark.parametrize(
    "example",
    question_examples(),
    ids=lambda e: f"line{e.line}",
)
def test_readme_question_answers_the_same_on_virtuoso(
    example: Example, virtuoso: Running, folders: tuple[Path, Path], kg: psygraph.KnowledgeGraph
) -> None:
    assert_same_answers(example, virtuoso.query, folders, kg)


def test_every_question_command_is_compared() -> None:
    compared = {example.subcommand for example in question_examples()}
    assert compared == QUESTIONS


# ----------------------------------------------------------------------------------------------
# The Python API
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["mirror", "winicott", "projective", "defence", "klein", "borderline"])
def test_search_on_a_server_gives_the_local_top_results(
    text: str, oxigraph: Running, kg: psygraph.KnowledgeGraph
) -> None:
    remote = psygraph.connect(oxigraph.query)
    assert psygraph.search(remote, text, limit=10) == psygraph.search(kg, text, limit=10)


def test_api_connect_returns_the_same_rows(oxigraph: Running, kg: psygraph.KnowledgeGraph) -> None:
    remote = psygraph.connect(oxigraph.query)
    assert psygraph.treatments(remote, "borderline personality disorder") == psygraph.treatments(
        kg, "borderline personality disorder"
    )
    assert remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == kg.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    )


@pytest.mark.parametrize("target", ["inferred.ttl", "inferred.csv"])
def test_an_inferred_export_from_a_server_is_the_local_one(
    target: str, oxigraph: Running, folders: tuple[Path, Path], kg: psygraph.KnowledgeGraph
) -> None:
    """The server's graphs are copied one by one into a local store and reasoned over as locally."""
    local_dir, server_dir = folders
    args = ["export", "--inferred", "-o", target]
    with pytest.MonkeyPatch.context() as patch, shipped_graph_loaded_once(kg):
        patch.chdir(local_dir)
        local = invoke(args)
        patch.chdir(server_dir)
        remote = invoke(["--endpoint", oxigraph.query, *args])
    assert remote[1] == local[1] == 0, remote[0]
    for name in written_files(args):
        assert same_output(server_dir / name, local_dir / name), name


def test_a_servers_graphs_with_their_inferences_are_copied_once(
    oxigraph: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--infer`` against a server reasons over a local copy of its graphs, kept in the cache under
    the server's key (which names the published content): the next command opens it, asking nothing."""
    count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    first = with_inferences(psygraph.connect(oxigraph.query))
    remote = psygraph.connect(oxigraph.query)
    asked: list[object] = []
    request = Server.request
    monkeypatch.setattr(Server, "request", lambda self, *a, **k: asked.append(k) or request(self, *a, **k))
    again = with_inferences(remote)
    assert asked == []
    assert again.select(count) == first.select(count)
    assert any(row["g"] == INFERRED_GRAPH for row in again.select(count))


@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_a_big_answer_is_read_in_pages(
    server: str, request: pytest.FixtureRequest, kg: psygraph.KnowledgeGraph
) -> None:
    # Pages of 700 rows: the names behind the index (about 4,900 rows), the projection's links
    # (about 4,900) and the data graph's triples (about 17,000) each take several.
    running: Running = request.getfixturevalue(server)
    remote = psygraph.connect(running.query, page_rows=700)
    every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert len(remote.select(every)) == len(kg.select(every))
    # Built from the server's answers (psygraph keeps a projection once built, under the server's key).
    assert sorted(build(remote)[0].edges(keys=True)) == sorted(kg.nx.edges(keys=True))
    data = ox.NamedNode(DATA_GRAPH)
    dumped = remote.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=data)
    assert {str(t) for t in ox.parse(dumped, ox.RdfFormat.N_TRIPLES)} == {
        str(q.triple) for q in kg.store.quads_for_pattern(None, None, None, data)
    }
    assert psygraph.search(remote, "mirror", limit=10) == psygraph.search(kg, "mirror", limit=10)


HOSTILE = [
    'x" } ; DROP ALL ; #',
    "x> } DELETE WHERE { ?s ?p ?o } #",
    "\\u0022 ) } } UNION { ?s ?p ?o",
    "Freud'''\n} ",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_bound_not_pasted(
    name: str, oxigraph: Running, kg: psygraph.KnowledgeGraph
) -> None:
    remote = psygraph.connect(oxigraph.query)
    before = len(remote)
    for args in (["show", name], ["search", name], ["path", name, "freud"]):
        with shipped_graph_loaded_once(kg):
            local = invoke(args)
        assert invoke(["--endpoint", oxigraph.query, *args]) == local
    assert remote.select("SELECT ?v WHERE { }", {"v": name}) == [{"v": name}]
    assert len(psygraph.connect(oxigraph.query)) == before


def test_a_read_only_graph_refuses_to_change_the_server(oxigraph: Running) -> None:
    remote = psygraph.connect(oxigraph.query)
    with pytest.raises(ServerError, match="does not change"):
        remote.store.update("DROP ALL")


# ----------------------------------------------------------------------------------------------
# Publishing
# ----------------------------------------------------------------------------------------------


def test_publish_under_another_prefix_leaves_the_first_graphs(oxigraph: Running, runner: CliRunner) -> None:
    prefix = "http://example.org/copy/"
    output, code = invoke(["publish", "--to", oxigraph.store, "--graph", prefix])
    assert code == 0, output
    assert f"{prefix}data: " in output
    answers = [
        invoke(["--endpoint", oxigraph.query, *graph, "stats"])
        for graph in ([], ["--graph", prefix])
    ]  # fmt: skip
    assert answers[0] == answers[1]
    assert answers[0][1] == 0


def test_publish_again_replaces_instead_of_adding(oxigraph: Running, write_ttl: Callable[..., Path]) -> None:
    prefix = "http://example.org/replaced/"
    extra = write_ttl('id:test-concept a psy:Concept ; skos:prefLabel "zqxj test concept"@en .')
    assert invoke(["--data", str(extra), "publish", "--to", oxigraph.store, "--graph", prefix])[1] == 0
    found = invoke(["--endpoint", oxigraph.query, "--graph", prefix, "search", "zqxj"])
    assert "zqxj test concept" in found[0]
    assert invoke(["publish", "--to", oxigraph.store, "--graph", prefix])[1] == 0
    assert invoke(["--endpoint", oxigraph.query, "--graph", prefix, "search", "zqxj"])[1] == 1
    graphs = query_json(oxigraph.query, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    assert not [g for g in graphs if "staged" in g], graphs


def test_links_in_other_graphs_of_the_server_stay_out(
    oxigraph: Running, write_ttl: Callable[..., Path]
) -> None:
    # A term's links are read from every graph of the server and kept only from psygraph's own: another
    # dataset on the same server, with a link between two of psygraph's entities, is not in the answer.
    prefix = "http://example.org/elsewhere/"
    extra = write_ttl("id:melanie-klein psy:analysedBy id:carl-jung .")
    assert invoke(["--data", str(extra), "publish", "--to", oxigraph.store, "--graph", prefix])[1] == 0
    question = ["path", "klein", "jung"]
    there = invoke(["--endpoint", oxigraph.query, "--graph", prefix, *question])
    here = invoke(["--endpoint", oxigraph.query, *question])
    assert there[1] == here[1] == 0
    assert "Melanie Klein → analysed by → Carl Jung" in there[0]
    assert here == invoke(question)
    assert "Sigmund Freud" in here[0]


def query_json(url: str, query: str) -> list[str]:
    """The first column of a SELECT sent straight to the server."""
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode({"query": query}).encode(), method="POST",
        headers={"Accept": "application/sparql-results+json"},
    )  # fmt: skip
    with urllib.request.urlopen(request) as answer:  # noqa: S310 - the local test server
        data = json.load(answer)
    column = data["head"]["vars"][0]
    return [row[column]["value"] for row in data["results"]["bindings"]]


def test_a_failed_upload_leaves_the_published_graph(oxigraph: Running, kg: psygraph.KnowledgeGraph) -> None:
    before = len(psygraph.connect(oxigraph.query))
    with FakeServer(lambda handler: handler.answer(500, "text/plain", b"disk full")) as fake:
        output, code = invoke(["publish", "--to", fake.url("/store"), "--update", oxigraph.update])
    assert code == 2
    assert "500" in output
    assert len(psygraph.connect(oxigraph.query)) == before


def test_credentials_in_the_url_are_refused(runner: CliRunner) -> None:
    output, code = invoke(["publish", "--to", "http://admin:secret@127.0.0.1:1/store"])
    assert code == 2
    assert "secret" not in output
    assert "PSYGRAPH_PASSWORD" in output


def test_publish_takes_credentials_from_netrc(tmp_path: Path, oxigraph: Running) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login writer password s3cret\n")
    netrc.chmod(0o600)
    seen: list[str] = []

    def guarded(handler: Handler) -> None:
        seen.append(handler.headers.get("Authorization", ""))
        if not handler.headers.get("Authorization"):
            handler.answer(401, "text/plain", b"who are you?", {"WWW-Authenticate": 'Basic realm="sparql"'})
        else:
            handler.answer(204, "text/plain", b"")

    with FakeServer(guarded) as fake:
        output, code = invoke(
            ["publish", "--to", fake.url("/store")], {"NETRC": str(netrc), "PSYGRAPH_USER": None}
        )  # type: ignore[dict-item]
    assert code == 0, output
    assert any(header.startswith("Basic ") for header in seen)
    assert "s3cret" not in output


# ----------------------------------------------------------------------------------------------
# A server that is down, slow, busy or answers garbage
# ----------------------------------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers each request with the :class:`FakeServer`'s behaviour."""

    server: FakeHTTPServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.behaviour(self)

    do_POST = do_PUT = do_GET  # noqa: N815

    def answer(
        self, status: int, media_type: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        if self.command in ("POST", "PUT"):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        pass


class FakeHTTPServer(http.server.ThreadingHTTPServer):
    behaviour: Callable[[Handler], None]
    requests: int = 0

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that gave up waiting (a timeout test) is expected here."""


class FakeServer:
    """A local HTTP server whose every answer is ``behaviour(handler)``."""

    def __init__(self, behaviour: Callable[[Handler], None]) -> None:
        self.http = FakeHTTPServer(("127.0.0.1", 0), Handler)

        def counted(handler: Handler) -> None:
            self.http.requests += 1
            behaviour(handler)

        self.http.behaviour = counted
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def url(self, path: str = "/query") -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}{path}"

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.http.shutdown()
        self.http.server_close()


def assert_one_line_error(output: str, code: int, *words: str) -> None:
    assert code == 2, output
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    for word in words:
        assert word in errors[0], output


def test_a_server_that_is_down_is_named_in_one_line() -> None:
    with FakeServer(lambda handler: None) as fake:
        url = fake.url()
    output, code = invoke(["--endpoint", url, "show", "freud"])
    assert_one_line_error(output, code, url, "cannot reach")


@pytest.mark.parametrize(
    ("media_type", "body", "words"),
    [
        ("text/html", b"<html>It works!</html>", "text/html"),
        ("application/sparql-results+json", b'{"head": {"vars": ["g", "n"]}, "results": {', "do not parse"),
        ("application/sparql-results+json", b'{"head": {}, "boolean": true}', "another form"),
    ],
)
def test_a_garbage_answer_is_named_in_one_line(media_type: str, body: bytes, words: str) -> None:
    with FakeServer(lambda handler: handler.answer(200, media_type, body)) as fake:
        output, code = invoke(["--endpoint", fake.url(), "stats"])
    assert_one_line_error(output, code, fake.url(), words)


def test_a_busy_server_is_asked_again(oxigraph: Running) -> None:
    def busy_twice(handler: Handler) -> None:
        if handler.server.requests <= 2:
            handler.answer(503, "text/plain", b"busy", {"Retry-After": "0"})
            return
        length = int(handler.headers.get("Content-Length") or 0)
        request = urllib.request.Request(
            oxigraph.query, data=handler.rfile.read(length), method="POST",
            headers={k: v for k, v in handler.headers.items() if k in ("Content-Type", "Accept")},
        )  # fmt: skip
        with urllib.request.urlopen(request) as real:  # noqa: S310 - the local test server
            body, media_type = real.read(), real.headers["Content-Type"]
        handler.send_response(200)
        handler.send_header("Content-Type", media_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with FakeServer(busy_twice) as fake:
        kg = psygraph.connect(fake.url())
        assert fake.http.requests > 2
    assert kg.triple_count == psygraph.connect(oxigraph.query).triple_count


def test_a_server_busy_for_good_is_given_up_on() -> None:
    with FakeServer(lambda handler: handler.answer(503, "text/plain", b"busy", {"Retry-After": "0"})) as fake:
        output, code = invoke(["--endpoint", fake.url(), "stats"])
        assert fake.http.requests == 4
    assert_one_line_error(output, code, fake.url(), "503")


def test_a_slow_server_times_out() -> None:
    import time

    def slow(handler: Handler) -> None:
        time.sleep(2)
        handler.answer(200, "application/sparql-results+json", b"{}")

    with FakeServer(slow) as fake, pytest.raises(ServerError, match="timed out"):
        psygraph.connect(fake.url(), read_timeout=0.3)


def test_endpoint_with_data_files_is_bad_usage(write_ttl: Callable[..., Path]) -> None:
    output, code = invoke(["--endpoint", "http://127.0.0.1:1/query", "--data", str(write_ttl("")), "stats"])
    assert_one_line_error(output, code, "--data", "publish")


def test_the_endpoint_comes_from_the_environment(oxigraph: Running, kg: psygraph.KnowledgeGraph) -> None:
    with shipped_graph_loaded_once(kg):
        local = invoke(["stats"])
    assert invoke(["stats"], {"PSYGRAPH_ENDPOINT": oxigraph.query}) == local
    down = invoke(["stats"], {"PSYGRAPH_ENDPOINT": "http://127.0.0.1:1/query"})
    assert_one_line_error(*down, "127.0.0.1:1")


def test_a_server_without_psygraph_graphs_says_how_to_publish(oxigraph: Running) -> None:
    output, code = invoke(["--endpoint", oxigraph.query, "--graph", "http://example.org/none/", "stats"])
    assert_one_line_error(output, code, "psygraph publish")


def test_a_query_is_parsed_before_it_is_sent(oxigraph: Running, kg: psygraph.KnowledgeGraph) -> None:
    bad = "SELECT ?who WHERE { ?who psy:analysedBy id:sigmund-freud"
    with shipped_graph_loaded_once(kg):
        local = invoke(["sparql", bad])
    assert invoke(["--endpoint", oxigraph.query, "sparql", bad]) == local
    assert local[1] == 2


def test_the_data_graph_is_read_by_its_server_name(oxigraph: Running) -> None:
    remote = psygraph.connect(oxigraph.query)
    quads = list(remote.store.quads_for_pattern(ox.NamedNode(ID + "sigmund-freud")))
    assert quads
    assert {quad.graph_name for quad in quads} <= {ox.NamedNode(DATA_GRAPH)}
