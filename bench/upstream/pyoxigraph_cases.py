"""Minimal reproductions, for upstream reports, of the pyoxigraph and CPython faults psygraph guards.

Usage::

    python bench/upstream/pyoxigraph_cases.py          # every case, each in its own process
    python bench/upstream/pyoxigraph_cases.py CASE     # one case

Each case uses pyoxigraph (or the standard library) alone, no psygraph, and runs in a child
process limited to 2 GB of address space, so a crash or a runaway allocation ends the child only.
The parent prints the outcome: the child's exit code or signal and its last line. What each case
shows, and the guard psygraph puts in front of it, is in bench/upstream/README.md.
"""

from __future__ import annotations

import contextlib
import resource
import socket
import subprocess
import sys
import threading
import time

import pyoxigraph as ox

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE l [\n <!ENTITY l0 "lol">\n'
    + "".join(f' <!ENTITY l{i} "{f"&l{i - 1};" * 10}">\n' for i in range(1, 10))
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="http://example.org/a"><rdf:value>&l9;</rdf:value>'
    "</rdf:Description></rdf:RDF>\n"
)


def service_reaches_the_network() -> None:
    """SERVICE makes an HTTP request; Store.query has no option to switch the HTTP client off."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    hits: list[bytes] = []

    def accept() -> None:
        connection, _ = server.accept()
        hits.append(connection.recv(100))
        connection.close()

    threading.Thread(target=accept, daemon=True).start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}/"
    with contextlib.suppress(OSError):  # the listener answers nothing useful
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
    time.sleep(0.2)
    print(f"request received by the listener: {hits[0].splitlines()[0]!r}" if hits else "no request")


def deep_query() -> None:
    """A query nested 3,000 braces deep overflows the parser's stack (SIGSEGV, not SyntaxError)."""
    ox.Store().query("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000)
    print("parsed")


def deep_jsonld() -> None:
    """JSON-LD nested 10,000 objects deep overflows the JSON-LD reader's stack."""
    depth = 10_000
    data = '{"@id":"http://x/a","http://x/p":' * depth + '"v"' + "}" * depth
    ox.Store().bulk_load(data.encode(), format=ox.RdfFormat.JSON_LD)
    print("parsed")


def entity_expansion() -> None:
    """RDF/XML of under 1 KB with nested entity declarations expands to a billion characters."""
    print(f"input: {len(LAUGHS)} bytes", flush=True)
    ox.Store().bulk_load(LAUGHS.encode(), format=ox.RdfFormat.RDF_XML)
    print("parsed")


def turtle_bom() -> None:
    """Turtle starting with a UTF-8 byte-order mark is refused; JSON-LD and RDF/XML accept one."""
    bom = b"\xef\xbb\xbf"
    try:
        ox.Store().load(bom + b"<http://x/a> <http://x/p> <http://x/o> .", format=ox.RdfFormat.TURTLE)
        print("Turtle with a BOM: parsed")
    except SyntaxError as exc:
        print(f"Turtle with a BOM: SyntaxError: {exc}")


def from_is_ignored() -> None:
    """With use_default_graph_as_union=True, FROM <g> is accepted and has no effect."""
    store = ox.Store()
    a, b = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b")
    p = ox.NamedNode("http://x/p")
    store.add(ox.Quad(a, p, ox.Literal("in a"), a))
    store.add(ox.Quad(b, p, ox.Literal("in b"), b))
    query = "SELECT ?o FROM <http://x/a> WHERE { ?s ?p ?o } ORDER BY ?o"
    rows = [s["o"].value for s in store.query(query, use_default_graph_as_union=True)]
    print(f"FROM <http://x/a> with the union default graph gives {rows}")


def trig_to_graph() -> None:
    """bulk_load(..., to_graph=G) of TriG puts the file's named graphs outside G."""
    store = ox.Store()
    data = b"GRAPH <http://x/elsewhere> { <http://x/a> <http://x/p> <http://x/o> . }"
    store.bulk_load(data, format=ox.RdfFormat.TRIG, to_graph=ox.NamedNode("http://x/target"))
    print(f"graphs after loading into <http://x/target>: {sorted(g.value for g in store.named_graphs())}")


def textwrap_long_word() -> None:
    """textwrap.wrap is quadratic in the length of a word it must break (CPython)."""
    import textwrap

    for size in (250_000, 500_000, 1_000_000):
        started = time.perf_counter()
        textwrap.wrap("a" * size, 80)
        print(f"textwrap.wrap of one {size:,}-character word: {time.perf_counter() - started:.2f} s")


CASES = {
    f.__name__: f
    for f in (
        service_reaches_the_network,
        deep_query,
        deep_jsonld,
        entity_expansion,
        turtle_bom,
        from_is_ignored,
        trig_to_graph,
        textwrap_long_word,
    )
}


def _child(name: str) -> None:
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    CASES[name]()


def main() -> None:
    names = sys.argv[1:] or list(CASES)
    print(f"pyoxigraph {ox.__version__}, Python {sys.version.split()[0]}")
    for name in names:
        done = subprocess.run(
            [sys.executable, __file__, "--child", name],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        code = done.returncode
        how = f"killed by signal {-code}" if code < 0 else f"exit {code}"
        said = " / ".join(done.stdout.strip().splitlines())
        errors = done.stderr.strip().splitlines()
        error = next((line for line in errors if "panicked" in line or "alloc" in line), "")
        print(f"- {name}: {how}; {said} {error}".rstrip())


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2])
    else:
        main()
