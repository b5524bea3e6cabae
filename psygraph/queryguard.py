"""What every SPARQL query passes before and while it runs: no network, no crash, no runaway.

:meth:`psygraph.graph.KnowledgeGraph.select`, ``ask`` and ``construct`` are the one path by which
any query (a bundled ``.rq``, a library question, a user's ``psygraph sparql``) reaches the store,
and they call :func:`check` and :func:`run` from here.

* **No network.** pyoxigraph evaluates ``SERVICE`` with its built-in HTTP client, and offers no way
  to switch it off, so a query that calls a ``SERVICE`` is refused before it runs. The decision is
  taken on the parsed query (rdflib's SPARQL parser, walking its parse tree), not by looking for the
  word in the text, which comments, escapes and string literals can hide. The parser is only needed
  when the word can be there at all: a query whose text (with ``\\u`` escapes decoded) does not
  contain ``service`` or ``from`` cannot hold a ``SERVICE`` call or a dataset clause, and is
  passed without parsing. That keeps the check free for psygraph's own queries.
* **FROM and FROM NAMED** are refused with a message: pyoxigraph would silently ignore them here,
  because psygraph queries always read every loaded graph.
* **No crash.** A query nested thousands of brackets deep overflows the parser's stack (a
  segmentation fault, not an error), so nesting is bounded before any parser sees the text.
* **No runaway.** A query runs in a worker thread; the caller waits at most :attr:`Limits.timeout`
  seconds (and Ctrl-C interrupts the wait), and no more than :attr:`Limits.max_cells` values
  (rows times columns) are taken from the answer, so a cartesian product ends with an error
  instead of exhausting memory.
"""

from __future__ import annotations

import re
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from psygraph.errors import QueryError

#: Seconds a query may run before psygraph stops waiting for it (``psygraph --timeout``).
DEFAULT_TIMEOUT = 60.0
#: Values (rows times columns) a query may return; about a gigabyte of Python objects at most.
DEFAULT_MAX_CELLS = 5_000_000
#: Deepest nesting of ``{``, ``(`` and ``[`` a query may have. pyoxigraph's parser crashes near
#: 3,000; real queries stay under 20.
MAX_DEPTH = 128

T = TypeVar("T")

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")
_BRACKETS = re.compile(r"[{}()\[\]]")


@dataclass(frozen=True)
class Limits:
    """How long a query may run and how much it may return; ``None`` means no limit."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_cells: int | None = DEFAULT_MAX_CELLS


def check(query: str) -> None:
    """Refuse *query* if it is nested too deep, calls a ``SERVICE`` or names a dataset (``FROM``).

    Raises
    ------
    QueryError
        With a one-line reason.

    Examples
    --------
    >>> check("SELECT ?s WHERE { ?s a psy:Theorist }")
    >>> check('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    Traceback (most recent call last):
    ...
    psygraph.errors.QueryError: SERVICE is not allowed: psygraph queries never reach out over the network
    """
    _check_depth(query)
    words = _ESCAPE.sub(_unescape, query).lower()
    if "service" in words or "from" in words:  # otherwise neither keyword can be in the query
        _check_parsed(query)


def depth(text: str) -> int:
    """The deepest nesting of brackets in *text* (in strings too: an over-estimate, never under)."""
    level = deepest = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in _OPEN:
            level += 1
            deepest = max(deepest, level)
        else:
            level = max(level - 1, 0)
    return deepest


def _check_depth(query: str) -> None:
    if depth(query) > MAX_DEPTH:
        msg = (
            f"the SPARQL query is nested more than {MAX_DEPTH} brackets deep; "
            "psygraph refuses it rather than overflow the parser"
        )
        raise QueryError(msg)


@lru_cache(maxsize=64)
def _check_parsed(query: str) -> None:
    tree = _parse(query)
    if _find(tree, "DatasetClause"):
        msg = (
            "FROM and FROM NAMED are not supported: psygraph queries read every loaded graph "
            "(ontology, data and --data files); use GRAPH <...> { } to read one of them"
        )
        raise QueryError(msg)
    if _find(tree, "ServiceGraphPattern"):
        msg = "SERVICE is not allowed: psygraph queries never reach out over the network"
        raise QueryError(msg)


def _unescape(match: re.Match[str]) -> str:
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except (ValueError, OverflowError):
        return match.group()


def _parse(query: str) -> Any:
    """rdflib's parse tree of *query*; a query it cannot parse is refused, as it cannot be checked."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(query)
    except ParseException as exc:
        msg = f"the SPARQL query is not valid: {' '.join(str(exc).split())}"
        raise QueryError(msg) from None
    except (RecursionError, ValueError) as exc:
        msg = f"the SPARQL query cannot be checked for SERVICE or FROM: {type(exc).__name__}"
        raise QueryError(msg) from None


def _find(node: Any, name: str) -> bool:
    """Whether the parse tree *node* holds a part called *name* (``ServiceGraphPattern``...)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == name:
                return True
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or (hasattr(item, "asList") and not isinstance(item, str)):
            stack.extend(item)
    return False


def bounded(rows: Iterable[T], width: int, limits: Limits, stop: threading.Event) -> Iterator[T]:
    """The items of *rows*, stopping with :class:`QueryError` past :attr:`Limits.max_cells` values.

    *width* is the number of values per item (columns); *stop* is set when the caller gave up
    waiting, so a lazily evaluated answer stops being computed.
    """
    budget = limits.max_cells
    cells = 0
    for row in rows:
        if stop.is_set():
            return
        cells += max(width, 1)
        if budget is not None and cells > budget:
            msg = (
                f"the query's answer has more than {budget:,} values; "
                "add a LIMIT or narrow the pattern (a missing join gives every combination of rows)"
            )
            raise QueryError(msg)
        yield row


def run(work: Callable[[threading.Event], T], limits: Limits) -> T:
    """Call ``work(stop)`` in a worker thread and wait at most :attr:`Limits.timeout` seconds.

    pyoxigraph releases the interpreter lock while it evaluates, so the waiting thread stays
    responsive: Ctrl-C raises :class:`KeyboardInterrupt` here at once. On a timeout, *stop* is set
    (a lazily evaluated answer then ends at its next row) and :class:`QueryError` is raised; a
    single step the store is still computing is left to finish in the background, as pyoxigraph
    cannot cancel it.
    """
    stop = threading.Event()
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((True, work(stop)))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            # pyoxigraph's results must be dropped by the thread that made them: free the frames'
            # locals here, keeping the traceback itself.
            traceback.clear_frames(exc.__traceback__)
            outcome.append((False, exc))

    worker = threading.Thread(target=target, name="psygraph-query", daemon=True)
    worker.start()
    try:
        worker.join(limits.timeout)
    finally:
        if worker.is_alive():
            stop.set()
    if not outcome:
        msg = (
            f"the query ran longer than {limits.timeout:g} s and was stopped; "
            "narrow it, or allow more time with psygraph --timeout SECONDS"
        )
        raise QueryError(msg)
    ok, value = outcome[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]
