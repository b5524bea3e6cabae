"""The server backend: the same :class:`~psygraph.graph.KnowledgeGraph` over a SPARQL 1.1 server.

:func:`connect` returns a :class:`RemoteGraph`, a knowledge graph whose store is a
:class:`RemoteStore`: it offers what the graph and its questions ask of a pyoxigraph store
(``query``, ``quads_for_pattern``, ``named_graphs``, ``dump``, ``len``) and answers each through
the SPARQL 1.1 Protocol (:mod:`psygraph.server` sends the requests). So every question, index and
export is computed by the same code, locally or against a server, and gives the same answer.

* **Graphs.** ``psygraph publish`` puts the ontology, the data and the reverse links into three
  named graphs on the server, whose names start with one prefix (``--graph``, by default the
  names psygraph uses locally: ``https://w3id.org/psygraph/graph/ontology`` and so on). Every
  request names the graphs it reads as ``default-graph-uri`` and ``named-graph-uri``, so other
  data on the same server is never read.
* **Values.** A value a question binds (a resolved IRI, a user's text) is never pasted into the
  query as text: it is serialised by pyoxigraph (which escapes it) into a ``VALUES`` block at the
  top of the query's outermost group (:func:`psygraph.sparql.with_values`).
* **Checks.** Each query is parsed by pyoxigraph first, on an empty store, before it is sent: a
  malformed query gets the same message as locally, and the answer's expected form is known.
* **Pages.** A SELECT is asked for :data:`PAGE_ROWS` rows at a time (``LIMIT``/``OFFSET``) and the
  pages joined, so a server that cuts an answer short (Virtuoso at its ``ResultSetMaxRows``) still
  gives the whole projection, index or export; a query with its own ``LIMIT``, ``OFFSET`` or
  ``ORDER BY`` is sent whole.
* **Answers.** Results are parsed by pyoxigraph (SPARQL JSON or XML results; N-Triples or Turtle
  for triples) into the same terms a local store gives; an answer that is not one of these is a
  one-line :class:`~psygraph.server.ServerError` naming the server.
* **Derived indexes.** The name and search index is built from the server's answers, as
  locally, and kept in the on-disk cache under a key made of the server's URL, the graph names and
  the server's change marker: the content hash ``psygraph publish`` records, and the number of
  triples in each graph.

Examples
--------
>>> import psygraph
>>> kg = psygraph.connect("http://localhost:7878/query")  # doctest: +SKIP
>>> psygraph.describe(kg, "winnicott").label  # doctest: +SKIP
'Donald Winnicott'
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from psygraph.graph import KnowledgeGraph
from psygraph.namespaces import DATA_GRAPH, INVERSES_GRAPH, ONTOLOGY_GRAPH
from psygraph.server import Server, ServerError
from psygraph.sparql import pageable

#: The prefix of psygraph's graph names, locally and (by default) on a server.
GRAPH_PREFIX = ONTOLOGY_GRAPH.rsplit("/", 1)[0] + "/"
#: The graphs published, by their local names; the metadata graph holds the change marker.
STATED = (ONTOLOGY_GRAPH, DATA_GRAPH)
PUBLISHED = (*STATED, INVERSES_GRAPH)
META = "meta"
#: The property of the dataset's IRI, in the metadata graph, that holds the content hash.
MARKER = "http://purl.org/dc/terms/identifier"

#: SPARQL results: XML first, as Virtuoso writes 10,000 rows of JSON with four times the CPU time
#: (1.1 s against 0.3 s); pyoxigraph reads either as fast.
_RESULTS = "application/sparql-results+xml, application/sparql-results+json;q=0.9"
_TRIPLES = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"
#: Media types of triples that pyoxigraph's own table does not know.
_RDF_TYPES = {"text/plain": ox.RdfFormat.N_TRIPLES, "text/ntriples": ox.RdfFormat.N_TRIPLES}
#: A store with nothing in it: each query is parsed here before it is sent.
_EMPTY = ox.Store()
#: The most rows one request asks for: a bigger answer is read in pages (``LIMIT``/``OFFSET``), as
#: servers cut an answer short (Virtuoso at its ``ResultSetMaxRows``, 10,000 unless raised).
PAGE_ROWS = 10_000


def server_graphs(prefix: str = GRAPH_PREFIX) -> dict[str, str]:
    """The server's name of each of psygraph's graphs (ontology, data, inverses, meta) for *prefix*.

    Examples
    --------
    >>> server_graphs("http://example.org/g/")[DATA_GRAPH]
    'http://example.org/g/data'
    """
    names = {graph: prefix + graph[len(GRAPH_PREFIX) :] for graph in PUBLISHED}
    names[META] = prefix + META
    return names


class RemoteStore:
    """The part of a pyoxigraph store psygraph's questions use, answered by a SPARQL server.

    Parameters
    ----------
    server
        The query endpoint.
    graphs
        The server's name of each of psygraph's graphs (:func:`server_graphs`).
    present
        The local names of the graphs the server holds (those of *graphs* it has triples in).
    """

    def __init__(
        self, server: Server, graphs: Mapping[str, str], present: Sequence[str], page_rows: int = PAGE_ROWS
    ) -> None:
        self.server = server
        self.page_rows = page_rows
        self.graphs = dict(graphs)
        self.present = tuple(present)
        self._local = {name: local for local, name in self.graphs.items()}
        self._incoming: dict[Any, list[ox.Quad]] = {}
        self._lock = threading.Lock()

    # -- what KnowledgeGraph and the questions call -----------------------------------------

    def query(
        self,
        query: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        substitutions: Mapping[ox.Variable, Any] | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: Sequence[Any] | None = None,
        **_options: Any,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run *query* on the server, as :meth:`pyoxigraph.Store.query` runs it on a local store.

        The query is parsed here first (a syntax error is raised as pyoxigraph raises it).
        *substitutions* become a ``VALUES`` block; the dataset is the graphs of *default_graph*,
        or every graph psygraph published with *use_default_graph_as_union*.
        """
        from psygraph.sparql import with_values

        form = _EMPTY.query(query, prefixes=dict(prefixes or {}), substitutions=dict(substitutions or {}))
        text = query
        if substitutions:
            names = " ".join(f"?{variable.value}" for variable in substitutions)
            terms = " ".join(str(term) for term in substitutions.values())
            text = with_values(text, f"VALUES ({names}) {{ ({terms}) }}")
        if prefixes:
            text = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items()) + text
        if use_default_graph_as_union or default_graph is None:
            graphs = list(self.present)
        else:
            graphs = [g.value for g in default_graph if isinstance(g, ox.NamedNode)]
        if isinstance(form, ox.QueryTriples):
            return _as_triples(self._ask(text, graphs, graphs, _TRIPLES), self.server.name)
        if isinstance(form, ox.QueryBoolean):
            return _as_results(self._ask(text, graphs, graphs, _RESULTS), self.server.name, True)
        return self.solutions(text, graphs, graphs)

    def solutions(self, text: str, default: Sequence[str], named: Sequence[str]) -> ox.QuerySolutions:
        """The answer to the SELECT query *text*, read in pages of :attr:`page_rows` rows when it
        can be (:func:`psygraph.sparql.pageable`).

        Each page is the same query with ``LIMIT``/``OFFSET``; the store does not change between
        them (a new ``psygraph publish`` changes the graphs' names' content hash, and the cache key
        with it). The pages are joined into one answer, parsed by pyoxigraph as a single one would be.
        """
        if not self.page_rows or not pageable(text):
            answer = self._ask(text, default, named, _RESULTS)
            solutions = _as_results(answer, self.server.name, False)
            assert isinstance(solutions, ox.QuerySolutions)
            return solutions
        head: list[str] = []
        bindings: list[Any] = []
        for offset in itertools.count(0, self.page_rows):
            answer = self._ask(f"{text}\nLIMIT {self.page_rows} OFFSET {offset}", default, named, _RESULTS)
            page = _as_json(answer, self.server.name)
            head = page["head"].get("vars", head)
            bindings += page["results"]["bindings"]
            if len(page["results"]["bindings"]) < self.page_rows:
                break
        joined = json.dumps({"head": {"vars": head}, "results": {"bindings": bindings}}).encode()
        solutions = ox.parse_query_results(joined, format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    def quads_for_pattern(
        self, subject: Any = None, predicate: Any = None, obj: Any = None, graph_name: Any = None
    ) -> Iterator[ox.Quad]:
        """The quads matching the pattern (``None`` matches anything) in the stated graphs, or in
        *graph_name*, as :meth:`pyoxigraph.Store.quads_for_pattern` gives them.

        The walker (:mod:`psygraph.walk`) asks for a node's links out and then in: the links out
        are fetched with those in, in one request, and the links in are kept for the next call.
        """
        if obj is not None and subject is None and predicate is None and graph_name is None:
            with self._lock:
                kept = self._incoming.pop(obj, None)
            if kept is not None:
                return iter(kept)
        if subject is not None and predicate is None and obj is None and graph_name is None:
            both = self._select_quads(
                f"SELECT ?s ?p ?o ?g ?in WHERE {{ VALUES ?n {{ {subject} }} "
                "{ GRAPH ?g { ?n ?p ?o } BIND(?n AS ?s) BIND(0 AS ?in) } UNION "
                "{ GRAPH ?g { ?s ?p ?n } BIND(?n AS ?o) BIND(1 AS ?in) } }",
                None,
                bound=True,
            )
            with self._lock:
                if len(self._incoming) > 64:
                    self._incoming.clear()
                self._incoming[subject] = [quad for quad, incoming in both if incoming]
            return iter([quad for quad, incoming in both if not incoming])
        bound = {"s": subject, "p": predicate, "o": obj}
        values = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in bound.items() if term is not None)
        text = f"SELECT ?s ?p ?o ?g WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }}"
        return iter([quad for quad, _ in self._select_quads(text, graph_name, bound=bool(values))])

    def _select_quads(self, text: str, graph_name: Any, *, bound: bool = False) -> list[tuple[ox.Quad, bool]]:
        """The quads a SELECT of ``?s ?p ?o ?g`` finds in the stated graphs or *graph_name*, each
        with its ``?in`` column (1: a link in) as a truth value.

        When the pattern is *bound* to a term, the query reads every graph of the server and the
        rows of other graphs are dropped here: Virtuoso answers a term's links restricted to named
        graphs by scanning those graphs (0.5 s of its CPU for Sigmund Freud's, against 0.1 s
        unrestricted), and the rows of a term in other graphs are few (psygraph's reverse links).
        """
        graphs = [graph_name.value] if graph_name is not None else [g for g in self.present if g in STATED]
        results = self.solutions(text, [], [] if bound else graphs)
        wanted = set(graphs)
        quads = []
        flagged = any(variable.value == "in" for variable in results.variables)
        for row in results:
            g = row["g"]
            local = self._local.get(g.value) if isinstance(g, ox.NamedNode) else None
            if local is None or local not in wanted:
                continue
            quad = ox.Quad(row["s"], row["p"], row["o"], ox.NamedNode(local))
            flag = row["in"] if flagged else None
            quads.append((quad, isinstance(flag, ox.Literal) and flag.value == "1"))
        return quads

    def named_graphs(self) -> list[ox.NamedNode]:
        """psygraph's graphs that the server holds, by their local names."""
        return [ox.NamedNode(g) for g in self.present]

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=self.named_graphs())
        assert isinstance(rows, ox.QuerySolutions)
        return sum(int(row["n"].value) for row in rows)

    def dump(self, *, format: ox.RdfFormat, from_graph: Any = None) -> bytes:  # noqa: A002 - pyoxigraph's name
        """The triples of *from_graph* in *format*, read with a ``CONSTRUCT``."""
        if from_graph is None:
            msg = "a server's graphs are read one at a time: name the graph to dump"
            raise ServerError(msg)
        quads = self._select_quads("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", from_graph)
        return ox.serialize([quad.triple for quad, _ in quads], format=format) or b""

    def update(self, _update: str) -> None:
        """Refused: psygraph only reads from a server (``psygraph publish`` replaces its graphs)."""
        msg = f"psygraph does not change the graphs on the SPARQL server {self.server.name}"
        raise ServerError(msg)

    # -- the protocol --------------------------------------------------------------------------

    def _ask(self, text: str, default: Sequence[str], named: Sequence[str], accept: str) -> Any:
        """POST *text* as a form (the one way every server takes) with the server's names of the
        *default* and *named* graphs."""
        form = {
            "query": [text],
            "default-graph-uri": [self.graphs.get(g, g) for g in default],
            "named-graph-uri": [self.graphs.get(g, g) for g in named],
        }
        return self.server.request("POST", form=form, accept=accept)


class RemoteGraph(KnowledgeGraph):
    """A :class:`KnowledgeGraph` whose store is a SPARQL server (:class:`RemoteStore`), read-only.

    Questions read the stated graphs (ontology and data); ``psygraph sparql`` also reads the reverse
    links that ``psygraph publish`` stored beside them.
    """

    store: RemoteStore  # type: ignore[assignment]

    def __init__(self, store: RemoteStore, *, cache_key: str, triple_count: int) -> None:
        super().__init__(store, (), cache_key=cache_key, triple_count=triple_count)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return self.triple_count or 0

    def _dataset(self, inverses: bool) -> tuple[Any, dict[str, Any]]:
        present = self.store.present
        graphs = [g for g in present if g in STATED or (inverses and g == INVERSES_GRAPH)]
        return self.store, {"default_graph": [ox.NamedNode(g) for g in graphs]}

    @property
    def keeps_derived_stores(self) -> bool:
        """A server's graphs, copied into a local store with their inferences (``--infer``), are kept
        in the on-disk cache: its key names the published content, so the copy is made once."""
        return True

    @cached_property
    def _with_inverses(self) -> Any:
        """The server's graphs: the reverse links are published beside the stated ones."""
        return self.store

    @property
    def endpoint(self) -> str:
        """The URL of the server's query endpoint."""
        return self.store.server.url


def connect(
    url: str,
    *,
    graph: str = GRAPH_PREFIX,
    connect_timeout: float = 10.0,
    read_timeout: float = 60.0,
    page_rows: int = PAGE_ROWS,
) -> RemoteGraph:
    """The knowledge graph held by the SPARQL server whose query endpoint is *url*.

    *graph* is the prefix of psygraph's graph names on the server (as given to ``psygraph publish
    --graph``). An answer of more than *page_rows* rows is read in pages of that many (0: in one
    request; the server must then allow that many rows in one answer). The server is asked once
    here which of the graphs it holds and how many triples each has (with the content hash
    ``psygraph publish`` records): that is the key under which the name and search index built
    from it are cached.

    Raises
    ------
    ServerError
        The server cannot be reached, answers something that is not SPARQL results, or holds none
        of psygraph's graphs.
    """
    server = Server(url, connect_timeout=connect_timeout, read_timeout=read_timeout)
    names = server_graphs(graph)
    probe = RemoteStore(server, names, (), page_rows)
    counted = _triples_per_graph([names[g] for g in PUBLISHED])
    local = {names[g]: g for g in PUBLISHED}
    counts = {local[row["g"].value]: int(row["n"].value) for row in _rows(probe, counted, PUBLISHED)}
    if not any(counts.get(g) for g in STATED):
        msg = (
            f"the SPARQL server {server.name} holds no psygraph graphs under {graph}; "
            "load them with 'psygraph publish --to URL', or give --graph the prefix they were published under"
        )
        raise ServerError(msg)
    marker_query = f"SELECT ?v WHERE {{ GRAPH ?g {{ {ox.NamedNode(graph)} <{MARKER}> ?v }} }}"
    markers = sorted(str(row["v"].value) for row in _rows(probe, marker_query, [META]))
    present = [g for g in PUBLISHED if counts.get(g)]
    key = hashlib.sha256(
        json.dumps(["server", url, names, sorted(counts.items()), markers]).encode()
    ).hexdigest()
    store = RemoteStore(server, names, present, page_rows)
    return RemoteGraph(store, cache_key=key, triple_count=sum(counts.get(g, 0) for g in STATED))


def _triples_per_graph(graphs: Sequence[str]) -> str:
    """A query of the number of triples in each of *graphs* (``?g``, ``?n``; no row for an empty one).

    Each graph is named in its own ``UNION`` branch: Virtuoso counts a named graph from its index,
    but scans every quad for ``VALUES ?g {...} GRAPH ?g`` (0.5 s of its CPU on the shipped graph,
    against 0.07 s, and this query is asked by every command).

    Examples
    --------
    >>> print(_triples_per_graph(["http://example.org/a", "http://example.org/b"]))
    SELECT ?g (COUNT(*) AS ?n) WHERE {
      { GRAPH <http://example.org/a> { ?s ?p ?o } BIND(<http://example.org/a> AS ?g) }
      UNION { GRAPH <http://example.org/b> { ?s ?p ?o } BIND(<http://example.org/b> AS ?g) }
    } GROUP BY ?g
    """
    branches = [f"{{ GRAPH {ox.NamedNode(g)} {{ ?s ?p ?o }} BIND({ox.NamedNode(g)} AS ?g) }}" for g in graphs]
    return "SELECT ?g (COUNT(*) AS ?n) WHERE {\n  " + "\n  UNION ".join(branches) + "\n} GROUP BY ?g"


def _rows(store: RemoteStore, text: str, named: Sequence[str]) -> list[Any]:
    """The solutions of *text* read over the *named* graphs (before the graph is built)."""
    return list(store.solutions(text, [], list(named)))


def _as_results(answer: Any, server: str, boolean: bool) -> ox.QuerySolutions | ox.QueryBoolean:
    """The SPARQL results in *answer* (JSON or XML), checked to be of the form asked for."""
    kind = ox.QueryResultsFormat.from_media_type(answer.media_type) if answer.media_type else None
    if kind is None or kind not in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML):
        raise ServerError(_garbage(server, f"'{answer.media_type or 'no media type'}'"))
    try:
        parsed = ox.parse_query_results(answer.body, format=kind)
    except (SyntaxError, ValueError, OSError) as exc:
        raise ServerError(_garbage(server, f"results that do not parse ({_first_line(exc)})")) from None
    if boolean and isinstance(parsed, ox.QuerySolutions):
        parsed = _virtuoso_ask(parsed)
    if isinstance(parsed, ox.QueryBoolean) != boolean:
        raise ServerError(_garbage(server, "results of another form than the query's"))
    return parsed


def _as_json(answer: Any, server: str) -> dict[str, Any]:
    """The SPARQL results in *answer* as the SPARQL JSON results document (XML results are read by
    pyoxigraph and written as JSON), checked to be a SELECT's answer."""
    if answer.media_type != "application/sparql-results+json":
        solutions = _as_results(answer, server, False)
        assert isinstance(solutions, ox.QuerySolutions)
        body = solutions.serialize(format=ox.QueryResultsFormat.JSON) or b""
    else:
        body = answer.body
    try:
        document = json.loads(body)
        if isinstance(document, dict) and "boolean" in document:
            raise ServerError(_garbage(server, "results of another form than the query's"))
        if not isinstance(document["head"], dict) or not isinstance(document["results"]["bindings"], list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise ServerError(_garbage(server, "results that do not parse (not SPARQL JSON results)")) from None
    return document


def _virtuoso_ask(solutions: ox.QuerySolutions) -> ox.QuerySolutions | ox.QueryBoolean:
    """The answer to an ASK that Virtuoso gives as one row of one number (``__ASK_RETVAL``), as
    the yes or no the query asked for; any other rows as they are."""
    variables = solutions.variables
    rows = list(solutions)
    if len(variables) != 1 or len(rows) > 1:
        return solutions
    value = rows[0][0] if rows else None
    yes = isinstance(value, ox.Literal) and value.value in ("1", "true")
    return ox.parse_query_results(json.dumps({"head": {}, "boolean": yes}), format=ox.QueryResultsFormat.JSON)


def _as_triples(answer: Any, server: str) -> ox.QueryTriples:
    """The triples in *answer*, as the ``QueryTriples`` a local store gives."""
    kind = _RDF_TYPES.get(answer.media_type) or (
        ox.RdfFormat.from_media_type(answer.media_type) if answer.media_type else None
    )
    if kind is None:
        raise ServerError(_garbage(server, f"'{answer.media_type or 'no media type'}' instead of RDF"))
    held = ox.Store()
    try:
        held.bulk_load(answer.body, format=kind)
    except (SyntaxError, ValueError, OSError) as exc:
        raise ServerError(_garbage(server, f"RDF that does not parse ({_first_line(exc)})")) from None
    triples = held.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(triples, ox.QueryTriples)
    return triples


def _garbage(server: str, what: str) -> str:
    return f"the SPARQL server {server} answered {what}; is the URL its SPARQL query endpoint?"


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__
