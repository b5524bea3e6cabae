"""The one loaded graph: a pyoxigraph store holding the ontology, the shipped data and any user files.

Every face of psygraph (CLI, HTML page, notebook, exports) reads from a :class:`KnowledgeGraph`.
Lookups go straight to the store through SPARQL. Everything derived from the store is owned by the
graph and built on first use, once: the :attr:`~KnowledgeGraph.schema` (classes, relations,
inverses), the :attr:`~KnowledgeGraph.index` database (SQLite) of names behind
:attr:`~KnowledgeGraph.names`, the search database behind :attr:`~KnowledgeGraph.search_index`
(built at the first search) and the networkx projection (:attr:`~KnowledgeGraph.nx`, for
whole-graph analytics); :meth:`~KnowledgeGraph.to_rdflib` gives an rdflib copy (for SHACL, OWL RL
and the RDF/XML and JSON-LD writers). A graph that came from
:func:`psygraph.load` has a :attr:`~KnowledgeGraph.cache_key`, under which the derived databases are
kept on disk for the next run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox

from psygraph import queryguard
from psygraph.errors import QueryError
from psygraph.namespaces import DATA_GRAPH, INVERSES_GRAPH, ONTOLOGY_GRAPH, PREFIXES

if TYPE_CHECKING:
    import sqlite3

    import networkx as nx
    import rdflib

    from psygraph.cache.derived import Derived
    from psygraph.cache.store import Building, Progress
    from psygraph.index import NameIndex
    from psygraph.schema import Schema
    from psygraph.searchindex import SearchIndex

Row = dict[str, Any]
T = TypeVar("T")


def python_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Any:
    """Turn a pyoxigraph term into a plain Python value: IRI and text as ``str``, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger")):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if datatype.endswith(("#decimal", "#double", "#float")):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        if datatype.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return str(term)


def as_year(value: object) -> int | None:
    """A year as a whole number: years are ``xsd:integer`` in the data; a literal that is not a
    whole number (from a user's file) gives ``None``.

    Examples
    --------
    >>> as_year(1946), as_year("-0400"), as_year("circa 1900"), as_year(None)
    (1946, -400, None, None)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


class KnowledgeGraph:
    """The loaded psygraph graph.

    Parameters
    ----------
    store
        A pyoxigraph store whose named graphs hold the ontology, the data and user files.
    user_graphs
        The named-graph IRIs of the user files, in load order.
    cache_key
        The key of the inputs in the on-disk cache (see :mod:`psygraph.cache`), under which derived
        indexes are kept between runs; ``None`` keeps nothing.
    triple_count
        The number of triples, when known without counting (a store opened from the cache).
    cached
        Whether *store* is a read-only store kept in the on-disk cache (derived stores, such as
        the one with the reverse links, are then kept there too).
    building
        The store of the same inputs being written to the cache by a thread while this graph
        answers from memory (see :meth:`settle`).

    Attributes
    ----------
    limits
        How long each query may run and how much it may return (:class:`psygraph.queryguard.Limits`).
    progress
        Gives, for a named piece of long work (``"indexing names"``), the callback that hears how far
        it has come as ``(done, total)``; ``None`` (the default) reports nothing. The command line
        draws a bar on stderr.
    """

    def __init__(
        self,
        store: ox.Store,
        user_graphs: Iterable[str] = (),
        *,
        cache_key: str | None = None,
        triple_count: int | None = None,
        cached: bool = False,
        building: Building | None = None,
    ) -> None:
        self.store = store
        self.building = building
        self.user_graphs = tuple(user_graphs)
        self.cache_key = cache_key
        self.triple_count = triple_count
        self.cached = cached
        self.limits = queryguard.Limits()
        self.progress: Callable[[str], Progress] | None = None

    def __len__(self) -> int:
        return len(self.store)

    @property
    def keeps_derived_stores(self) -> bool:
        """Whether stores made from this graph (with its reverse links, with its inferences) are kept
        in the on-disk cache: for a store kept there itself, not for inputs parsed into memory on
        every run (their derived stores are made in memory too)."""
        return self.cached and self.cache_key is not None

    def settle(self, progress: Progress | None = None) -> None:
        """Wait until the store of this graph's inputs, written for the next run by a thread of this
        process, is kept in the cache (at once when there is none); *progress* hears how far it is.

        The command line calls it after each command; a program that forgets is waited for at exit.
        """
        if self.building is not None:
            self.building.wait(progress)
            self.building = None

    def abandon(self) -> None:
        """Stop writing the store of this graph's inputs (an interrupted command): the next run
        parses them again. Returns once the writing thread has ended."""
        if self.building is not None:
            self.building.abandon()
            self.building = None

    def select(
        self, query: str, bindings: Mapping[str, str | int] | None = None, *, inverses: bool = False
    ) -> list[Row]:
        """Run a read-only SPARQL SELECT with the project prefixes bound; rows as plain dicts.

        *bindings* maps variable names to values: a ``str`` that looks like an IRI
        (``http…``/``https…``) is bound as an IRI, other strings as plain literals.
        User text is never pasted into the query. The query reads the stated graphs; with
        *inverses* it also reads the materialised reverse links (as ``psygraph sparql`` does).
        Every query is checked and bounded by :mod:`psygraph.queryguard` (no ``SERVICE``, a
        timeout, a limit on the answer's size).
        """

        def rows(result: Any, stop: Any) -> list[Row]:
            names, solutions = self._solutions(result, stop)
            values: dict[Any, Any] = {}  # one Python value per distinct term: big answers repeat terms
            return [{n: _value(solution[n], values) for n in names} for solution in solutions]

        return self._query(query, bindings, inverses, rows)

    def select_tuples(
        self, query: str, bindings: Mapping[str, str | int] | None = None
    ) -> list[tuple[Any, ...]]:
        """:meth:`select`, each row a tuple of plain values in the order of the query's variables.

        For answers of hundreds of thousands of rows read whole (the name and search indexes): a
        tuple costs about half what a dict of the same row costs to build.
        """

        def rows(result: Any, stop: Any) -> list[tuple[Any, ...]]:
            _, solutions = self._solutions(result, stop)
            values: dict[Any, Any] = {}
            return [tuple([_value(term, values) for term in solution]) for solution in solutions]

        return self._query(query, bindings, False, rows)

    def _solutions(self, result: Any, stop: Any) -> tuple[list[str], Iterator[Any]]:
        """The variable names of a SELECT's *result* and its solutions, bounded by :attr:`limits`."""
        if not isinstance(result, ox.QuerySolutions):
            msg = "only SELECT queries return rows; use ask() or construct() for others"
            raise QueryError(msg)
        names = [v.value for v in result.variables]
        return names, queryguard.bounded(result, len(names), self.limits, stop)

    def ask(
        self, query: str, bindings: Mapping[str, str | int] | None = None, *, inverses: bool = False
    ) -> bool:
        """Run a SPARQL ASK query and return its answer (see :meth:`select` for *inverses*)."""

        def answer(result: Any, _stop: Any) -> bool:
            if not isinstance(result, ox.QueryBoolean):
                msg = "only ASK queries return a yes or no; use select() or construct() for others"
                raise QueryError(msg)
            return bool(result)

        return self._query(query, bindings, inverses, answer)

    def construct(
        self, query: str, bindings: Mapping[str, str | int] | None = None, *, inverses: bool = False
    ) -> list[tuple[Any, Any, Any]]:
        """Run a SPARQL CONSTRUCT or DESCRIBE query; the triples as ``(subject, predicate, object)``.

        See :meth:`select` for *inverses*.
        """

        def triples(result: Any, stop: Any) -> list[tuple[Any, Any, Any]]:
            if not isinstance(result, ox.QueryTriples):
                msg = "only CONSTRUCT and DESCRIBE queries return triples; use select() or ask()"
                raise QueryError(msg)
            return [
                (python_value(t.subject), python_value(t.predicate), python_value(t.object))
                for t in queryguard.bounded(result, 3, self.limits, stop)
            ]

        return self._query(query, bindings, inverses, triples)

    def _query(
        self,
        query: str,
        bindings: Mapping[str, str | int] | None,
        inverses: bool,
        answer: Callable[[Any, Any], T],
    ) -> T:
        """Check *query*, then run it and turn its result into *answer*, within :attr:`limits`."""
        with _query_errors(query):
            queryguard.check(query)
            substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
                ox.Variable(k): _term(v) for k, v in (bindings or {}).items()
            }
            store, dataset = self._dataset(inverses)

            def work(stop: Any) -> T:
                result = store.query(query, prefixes=PREFIXES, substitutions=substitutions or None, **dataset)
                return answer(result, stop)

            return queryguard.run(work, self.limits)

    def _dataset(self, inverses: bool) -> tuple[ox.Store, dict[str, Any]]:
        """The store a query reads and how: with the reverse links, or the stated graphs only."""
        if inverses:
            return self._with_inverses, {"use_default_graph_as_union": True}
        if self.__dict__.get("_with_inverses") is not self.store:  # no reverse links here: read it whole
            return self.store, {"use_default_graph_as_union": True}
        stated: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            g for g in self.store.named_graphs() if g != ox.NamedNode(INVERSES_GRAPH)
        ]
        return self.store, {"default_graph": stated}

    @cached_property
    def _with_inverses(self) -> ox.Store:
        """The store with the reverse links materialised (:func:`materialise_inverses`), made once.

        A graph parsed into memory gets them in place (its own questions then skip their graph); a
        store opened from the cache is read-only, so its copy with the reverse links is a cached
        store of its own, built the first time a query asks for them.
        """
        if self.keeps_derived_stores:
            from psygraph.cache import open_derived_store

            def fill(store: ox.Store) -> None:
                store.bulk_load(self.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
                materialise_inverses(store)

            key = hashlib.sha256(f"{self.cache_key} inverses".encode()).hexdigest()
            kept = open_derived_store(key, fill)
            if kept is not None:
                return kept
        if ox.NamedNode(INVERSES_GRAPH) not in set(self.store.named_graphs()):
            materialise_inverses(self.store)
        return self.store

    def graphs(self, include: str = "all") -> list[ox.NamedNode]:
        """The named graphs to read for *include*: ``all``, ``ontology`` or ``data`` (with user files)."""
        ontology = [ox.NamedNode(ONTOLOGY_GRAPH)]
        data = [ox.NamedNode(DATA_GRAPH), *(ox.NamedNode(g) for g in self.user_graphs)]
        if include == "ontology":
            return ontology
        if include == "data":
            return data
        return ontology + data

    def to_rdflib(self, include: str = "all") -> rdflib.Graph:
        """An rdflib copy of the graph (``include``: all, ontology or data), with the prefixes bound."""
        import rdflib

        graph = rdflib.Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        for named in self.graphs(include):
            nt = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=named)
            if nt:
                graph.parse(data=nt, format="nt")
        return graph

    def derived(
        self, name: str, schema: str, fill: Callable[[sqlite3.Connection], None], indexes: str = ""
    ) -> Derived:
        """The SQLite database *name* of data derived from this graph, created by *schema*, filled by
        *fill* and indexed by *indexes*; read from the on-disk cache when an earlier run with the same
        inputs kept it.

        See :class:`psygraph.cache.derived.Derived` for how it is kept and checked.
        """
        from psygraph.cache.derived import Derived

        return Derived(self.cache_key, name, schema, fill, indexes)

    @cached_property
    def schema(self) -> Schema:
        """The classes and relations of the ontology (see :mod:`psygraph.schema`), read once."""
        from psygraph.schema import Schema

        return Schema.read(self)

    @cached_property
    def index(self) -> Derived:
        """The index database of every entity's names and classes (see :mod:`psygraph.index`),
        built once per inputs."""
        from psygraph import index

        return self.derived(
            index.NAME, index.SCHEMA, lambda connection: index.fill(self, connection), index.INDEXES
        )

    @cached_property
    def search_db(self) -> Derived:
        """The search database: link counts, normalised definitions and the substring indexes
        (see :mod:`psygraph.searchindex`), built from :attr:`index` at the first search."""
        from psygraph import searchindex

        def fill(connection: sqlite3.Connection) -> None:
            searchindex.fill(self, connection)

        return self.derived(searchindex.NAME, searchindex.SCHEMA, fill, searchindex.INDEXES)

    @cached_property
    def names(self) -> NameIndex:
        """Every entity's labels, synonyms and classes (see :mod:`psygraph.index`), read row by row."""
        from psygraph.index import NameIndex

        return NameIndex(self.index, lambda: self.search_db)

    @property
    def prominence(self) -> dict[str, int]:
        """How many other entities each entity links to or from (every entity: prefer
        :meth:`NameIndex.links <psygraph.index.NameIndex.links>` for a few)."""
        return self.names.all_links()

    @cached_property
    def search_index(self) -> SearchIndex:
        """The substring indexes behind search (see :mod:`psygraph.searchindex`)."""
        from psygraph.searchindex import SearchIndex

        return SearchIndex(self.search_db)

    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        """The networkx projection of the whole graph (see :func:`psygraph.project.project`), built once
        per inputs and kept in the on-disk cache.

        For whole-graph analytics (rank, communities, exports to graph tools); local questions
        (paths, neighbours, focus views, lineages) walk the store instead (:mod:`psygraph.walk`,
        :func:`psygraph.project.project_local`, :func:`psygraph.project.project_lineage`).
        """
        from psygraph.project import project

        return project(self)


#: States, in :data:`~psygraph.namespaces.INVERSES_GRAPH`, the reverse of each link whose property has
#: an ``owl:inverseOf`` (either side) or is an ``owl:SymmetricProperty``, unless it is stated already.
_INVERSES = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
INSERT {{ GRAPH <{INVERSES_GRAPH}> {{ ?o ?reverse ?s }} }}
WHERE {{
  {{
    SELECT DISTINCT ?p ?reverse WHERE {{
      GRAPH <{ONTOLOGY_GRAPH}> {{
        {{ ?p owl:inverseOf ?reverse }} UNION {{ ?reverse owl:inverseOf ?p }}
        UNION {{ ?p rdf:type owl:SymmetricProperty . BIND(?p AS ?reverse) }}
      }}
    }}
  }}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(isIRI(?o) && ?g != <{INVERSES_GRAPH}>)
}}
"""


def materialise_inverses(store: ox.Store) -> None:
    """Add the reverse of every link of an inverse pair or a symmetric property to *store*, once.

    So ``?school psy:foundedBy ?person`` finds what the data states as ``?person psy:founded
    ?school`` with no reasoning at query time. The links go into their own named graph, which
    exports, validation and psygraph's own questions leave out (they read the stated graphs). They
    are made the first time a query asks for them (:meth:`KnowledgeGraph.select` with
    ``inverses=True``, as ``psygraph sparql`` does), and kept in the cache with a cached store.
    """
    store.update(_INVERSES)


@contextmanager
def _query_errors(query: str = "") -> Iterator[None]:
    """Turn the store's errors (while parsing or evaluating a query) into one-line :class:`QueryError`."""
    try:
        yield
    except SyntaxError as exc:
        msg = f"the SPARQL query is not valid {_syntax_position(query, _first_line(exc, ''))}"
        raise QueryError(msg) from None
    except (OSError, RuntimeError, ValueError) as exc:
        msg = f"the SPARQL query failed: {_first_line(exc, type(exc).__name__)}"
        raise QueryError(msg) from None


def _syntax_position(query: str, message: str) -> str:
    """Where a parser message (``error at 3:14: expected one of ...``) points, in plain words:
    the line and column, and the text found there, without the parser's list of expectations.

    Examples
    --------
    >>> _syntax_position("SELECT ?a WHERE { ?a ?b ", "error at 1:25: expected one of ...")
    'at line 1, column 25: the query ends too early (is a closing brace missing?)'
    >>> _syntax_position("SELECT ?a WHER { }", "error at 1:11: expected ...")
    "at line 1, column 11, at 'WHER { }'"
    """
    import re

    found = re.search(r"(\d+):(\d+)", message)
    if not found:
        return "(syntax error)"
    line, column = int(found.group(1)), int(found.group(2))
    lines = query.splitlines() or [""]
    text = lines[line - 1][column - 1 :].strip() if 0 < line <= len(lines) else ""
    if not text and line >= len(lines):
        return f"at line {line}, column {column}: the query ends too early (is a closing brace missing?)"
    return f"at line {line}, column {column}, at {text[:20]!r}"


def _first_line(exc: BaseException, default: str) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else default


def _value(term: Any, values: dict[Any, Any]) -> Any:
    """:func:`python_value` of *term*, made once per distinct term and kept in *values*."""
    if term is None:
        return None
    try:
        return values[term]
    except KeyError:
        value = values[term] = python_value(term)
        return value


def _term(value: str | int) -> ox.NamedNode | ox.Literal:
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    return ox.Literal(value)
