"""What every SPARQL query passes before and while it runs: no network, no crash, no runaway.

:meth:`psygraph.graph.KnowledgeGraph.select`, ``ask`` and ``construct`` are the one path by which
any query (a bundled ``.rq``, a library question, a user's ``psygraph sparql``) reaches the store,
and they call :func:`check` and :func:`run` from here.

* **No network.** pyoxigraph evaluates ``SERVICE`` with its built-in HTTP client, and offers no way
  to switch it off, so a query that calls a ``SERVICE`` is refused before it runs. The decision is
  taken by pyoxigraph's own parser, the one that would run the query, not by looking for the word in
  the text, which comments, escapes and string literals can hide: every ``service`` in the text is
  changed to ``servicx`` and the changed query is parsed. Inside a string, an IRI, a name or a
  comment the change is harmless; where ``SERVICE`` was the keyword, ``SERVICX`` is a syntax error,
  and the query is refused. (A second parser could be fooled where it reads the text differently
  from pyoxigraph: rdflib decodes ``\\u`` escapes everywhere, in comments too, and ends a comment
  only at a line feed, not at a carriage return.) rdflib's parse tree is used only to word the
  message. The check costs nothing for a query whose text does not contain ``service`` or
  ``from``, psygraph's own queries among them.
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
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from psygraph.errors import QueryError

#: Seconds a query may run before psygraph stops waiting for it (``psygraph --timeout``).
DEFAULT_TIMEOUT = 60.0
#: Values (rows times columns) a query may return; about a gigabyte of Python objects at most.
DEFAULT_MAX_CELLS = 5_000_000
#: How often, in seconds, the thread waiting for a query wakes to let a Ctrl-C through.
_WAKE = 0.1
#: Deepest nesting of ``{``, ``(`` and ``[`` a query may have. pyoxigraph's parser crashes near
#: 3,000; real queries stay under 20.
MAX_DEPTH = 128

T = TypeVar("T")

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
    words = query.lower()
    if "service" in words or "from" in words:  # otherwise neither keyword can be in the query
        _check_keywords(query)


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


#: The keywords refused, the harmless spelling each is changed to, and why it is refused.
_REFUSED = {
    "service": ("servicx", "SERVICE is not allowed: psygraph queries never reach out over the network"),
    "from": (
        "frox",
        "FROM and FROM NAMED are not supported: psygraph queries read every loaded graph "
        "(ontology, data and --data files); use GRAPH <...> { } to read one of them",
    ),
}


@lru_cache(maxsize=64)
def _check_keywords(query: str) -> None:
    """Refuse *query* if pyoxigraph reads ``SERVICE`` or ``FROM`` in it as a keyword."""
    for word, (harmless, message) in _REFUSED.items():
        if word not in query.lower():
            continue
        error = _syntax_error(_disarmed(query, word, harmless))
        if error is None:
            continue  # every occurrence is in a string, IRI, name or comment
        if word == "service" and _find(_parse(query), "ServiceGraphPattern"):
            raise QueryError(message)
        if word == "from" and _find(_parse(query), "DatasetClause"):
            raise QueryError(message)
        msg = f"the SPARQL query is not valid (or names {word.upper()}, which psygraph refuses): {error}"
        raise QueryError(msg)


def _disarmed(query: str, word: str, harmless: str) -> str:
    """*query* with every *word*, in any case, spelt *harmless* (in the same case)."""

    def spelt(match: re.Match[str]) -> str:
        return "".join(h.upper() if f.isupper() else h for f, h in zip(match.group(), harmless, strict=True))

    return re.sub(word, spelt, query, flags=re.IGNORECASE)


def _syntax_error(query: str) -> str | None:
    """pyoxigraph's syntax error for *query*, or ``None`` if it parses.

    Parsed against an empty store: SELECT, CONSTRUCT and DESCRIBE are evaluated lazily, so nothing
    runs; an ASK is evaluated at once, on no data, with no ``SERVICE`` left in it.
    """
    import pyoxigraph as ox

    from psygraph.namespaces import PREFIXES

    try:
        result = ox.Store().query(query, prefixes=PREFIXES)
        del result
    except SyntaxError as exc:
        return " ".join(str(exc).split()) or "syntax error"
    except (OSError, RuntimeError, ValueError):
        return None  # parsed; evaluating it on no data failed, which the real run will report
    return None


def _parse(query: str) -> Any:
    """rdflib's parse tree of *query* (``None`` if rdflib cannot parse it), to word a refusal."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(query)
    except (ParseException, RecursionError, ValueError):
        return None


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
            import traceback

            traceback.clear_frames(exc.__traceback__)
            outcome.append((False, exc))

    worker = threading.Thread(target=target, name="psygraph-query", daemon=True)
    worker.start()
    deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
    try:
        # In short waits: a Ctrl-C the system hands to another thread of the process (the store's
        # own threads) reaches Python's handler here only when this thread wakes, not inside one
        # long wait.
        while worker.is_alive():
            left = _WAKE if deadline is None else min(_WAKE, deadline - time.monotonic())
            if left <= 0:
                break
            worker.join(left)
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
