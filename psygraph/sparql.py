"""SPARQL for psygraph: the named queries in ``psygraph/queries/`` and read-only user queries.

The library's own questions live as ``.rq`` files, one query per file, each with a header comment
naming its purpose, bindings and variables. They are read from the package folder and run
with :meth:`KnowledgeGraph.select`; values from the user always travel as bindings, never inside the
query text.

User queries (``psygraph sparql``) are checked first: only SELECT, ASK, CONSTRUCT and DESCRIBE run.
Every query, bundled or not, then passes :mod:`psygraph.queryguard` on its way to the store, which
refuses SERVICE (it would reach out over the network) on the parsed query.

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> "names" in query_names()
True
>>> rows = run(kg, "entity_literals", entity="https://w3id.org/psygraph/id/sigmund-freud")
>>> "Sigmund Freud" in [row["value"] for row in rows]
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psygraph.errors import InputError, QueryError
from psygraph.namespaces import compact

if TYPE_CHECKING:
    from collections.abc import Iterable

    from psygraph.graph import KnowledgeGraph, Row

#: The bundled queries, a folder of the package (a wheel installs it as plain files).
_QUERIES = Path(__file__).resolve().parent / "queries"

#: The query forms a user may run: none of them can change the graph.
READ_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: Keywords that start a SPARQL Update operation; psygraph never runs those.
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

# Strings, IRIs and comments hide keywords; they are blanked out before looking for keywords.
# One left-to-right scan, so a '#' inside an IRI or a string is not taken for a comment.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""'
    r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
)
_WORD = r"(?<![\w?$:]){}(?![\w:])"
_FORM = re.compile(_WORD.format("(" + "|".join(READ_FORMS + UPDATE_KEYWORDS) + ")"), re.IGNORECASE)
# A file argument: no white space or braces, and a suffix.
_LOOKS_LIKE_FILE = re.compile(r"^[^\s{}]+\.[A-Za-z0-9]+$")


def query_names() -> list[str]:
    """The names of the bundled queries (file names without ``.rq``), sorted."""
    folder = _QUERIES
    return sorted(f.name[: -len(".rq")] for f in folder.iterdir() if f.name.endswith(".rq"))


@cache
def load_query(name: str) -> str:
    """The text of the bundled query *name* (``psygraph/queries/<name>.rq``).

    Raises
    ------
    QueryError
        No bundled query has that name.
    """
    resource = _QUERIES / f"{name}.rq"
    if not resource.is_file():
        msg = f"no bundled query named {name!r}; the queries are: {', '.join(query_names())}"
        raise QueryError(msg)
    return resource.read_text(encoding="utf-8")


def run(kg: KnowledgeGraph, name: str, **bindings: str | int | None) -> list[Row]:
    """Run the bundled SELECT query *name* on *kg*, binding each keyword argument to its variable.

    A binding whose value is ``None`` is left unbound, so one query serves "all" and "only this".
    """
    values = {key: value for key, value in bindings.items() if value is not None}
    return kg.select(load_query(name), values)


def run_tuples(kg: KnowledgeGraph, name: str) -> list[tuple[Any, ...]]:
    """Run the bundled SELECT query *name* on *kg*; each row a tuple in the order of its variables
    (:meth:`KnowledgeGraph.select_tuples`, for big answers read whole)."""
    return kg.select_tuples(load_query(name))


#: The opening of a query's outermost group, where :func:`run_about` puts its ``VALUES`` blocks.
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def run_about(kg: KnowledgeGraph, name: str, **bindings: str | Iterable[str]) -> list[Row]:
    """Run the bundled SELECT query *name* with each keyword argument's IRIs as a ``VALUES`` block.

    Like :func:`run`, for queries whose bound variable starts a property path or a long join:
    the store evaluates a ``VALUES`` block at the top of the pattern first, where a plain binding
    is joined only at the end (50 to 500 times slower at 100k triples). Each value is an IRI (or
    several, which the block lists); it is written by pyoxigraph's own serialiser, which escapes
    it, and a value that is not an IRI matches nothing.

    Examples
    --------
    >>> import psygraph
    >>> kg = psygraph.load()
    >>> rows = run_about(kg, "tree", root="https://w3id.org/psygraph/id/psychosexual-development")
    >>> sorted({row["how"] for row in rows})
    ['narrower']
    """
    blocks = [
        values_block(variable, [value] if isinstance(value, str) else value)
        for variable, value in bindings.items()
    ]
    return kg.select(with_values(load_query(name), " ".join(blocks)))


def values_block(variable: str, iris: Iterable[str]) -> str:
    """A ``VALUES ?variable { ... }`` clause listing *iris*, each written by pyoxigraph's own
    serialiser (which escapes it); a value that is not an IRI is left out, so it matches nothing.

    Examples
    --------
    >>> values_block("class", ["https://w3id.org/psygraph/ontology#School", "not an IRI"])
    'VALUES ?class { <https://w3id.org/psygraph/ontology#School> }'
    """
    import contextlib

    import pyoxigraph as ox

    listed = []
    for iri in iris:
        with contextlib.suppress(ValueError):
            listed.append(str(ox.NamedNode(iri)))
    return f"VALUES ?{variable} {{ {' '.join(listed)} }}"


#: The opening of a group: the outermost one is where :func:`with_values` puts its block when a
#: query has no ``WHERE`` keyword (``ASK { ... }``, ``SELECT * { ... }``).
_GROUP = re.compile(r"\{")


def bare(text: str) -> str:
    """*text* with its strings, IRIs and comments blanked out (each character a space), so its
    keywords and braces can be looked for without mistaking what is inside them.

    Examples
    --------
    >>> bare('SELECT * WHERE { ?s ?p "LIMIT 1" } # ORDER BY')
    'SELECT * WHERE { ?s ?p           }           '
    """
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


#: What may follow a query's pattern and rules out reading its answer in pages: its own solution
#: modifiers, or a trailing VALUES clause (which must come after any LIMIT).
_AFTER_PATTERN = re.compile(r"\b(LIMIT|OFFSET|ORDER\s+BY|VALUES)\b", re.IGNORECASE)


def pageable(text: str) -> bool:
    """Whether the SELECT query *text* can be read in pages by appending ``LIMIT n OFFSET k``: it
    has no ``LIMIT``, ``OFFSET``, ``ORDER BY`` or trailing ``VALUES`` of its own after its pattern.

    Examples
    --------
    >>> pageable("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } }")
    True
    >>> pageable("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    False
    """
    blank = bare(text)
    found = _WHERE.search(blank) or _GROUP.search(blank)
    if found is None:
        return False
    close = _closing_brace(blank, found.end() - 1)
    return close is not None and not _AFTER_PATTERN.search(blank[close + 1 :])


def with_values(text: str, block: str) -> str:
    """*text* with *block* (``VALUES`` clauses psygraph wrote, terms serialised by pyoxigraph) at
    the top of the query's outermost group, where the store evaluates it first.

    When that group opens with a ``UNION``, the block goes at the top of each of its branches
    instead (joining the values with a union is joining them with each branch): stores
    (pyoxigraph among them) evaluate a union whole before joining it with what follows, so a
    block above it would narrow nothing until the end.

    The groups are found in the text with its strings, IRIs and comments blanked out, so a brace
    or a ``WHERE`` inside them is never taken for the query's own.

    Examples
    --------
    >>> print(with_values('ASK { ?s ?p "WHERE {" }', 'VALUES ?s { <http://e/x> }'))
    ASK {
      VALUES ?s { <http://e/x> } ?s ?p "WHERE {" }
    >>> print(with_values('SELECT * WHERE { { ?s ?p ?o } UNION { ?o ?p ?s } }', 'VALUES ?s { <http://e/x> }'))
    SELECT * WHERE { {
      VALUES ?s { <http://e/x> } ?s ?p ?o } UNION {
      VALUES ?s { <http://e/x> } ?o ?p ?s } }

    Raises
    ------
    QueryError
        The query has no group pattern to bind values in (a ``DESCRIBE`` of fixed IRIs).
    """
    blank = bare(text)
    found = _WHERE.search(blank)
    if found is None and not re.search(_WORD.format("CONSTRUCT"), blank, re.IGNORECASE):
        found = _GROUP.search(blank)
    if found is None:
        msg = "values can be bound only in a query with a WHERE clause"
        raise QueryError(msg)
    openings = _union_branches(blank, found.end(), block) or [found.end()]
    for at in reversed(openings):
        text = text[:at] + "\n  " + block + text[at:]
    return text


#: A ``BIND`` or projection target, which must not be a variable a ``VALUES`` block already binds.
_BOUND_AS = re.compile(r"\bAS\s+[?$](\w+)", re.IGNORECASE)
_UNION = re.compile(r"\s*UNION\s*\{", re.IGNORECASE)


def _union_branches(blanked: str, start: int, block: str) -> list[int]:
    """Where each branch of the ``UNION`` that opens the group starting at *start* begins (just
    after its brace), or an empty list when the group does not open with a union of plain groups
    (a sub-``SELECT`` branch, or one that binds a variable of *block* with ``AS``)."""
    position = len(blanked) - len(blanked[start:].lstrip())
    if not blanked.startswith("{", position):
        return []
    variables = set(re.findall(r"[?$](\w+)", block))
    branches = []
    while True:
        close = _closing_brace(blanked, position)
        if close is None:
            return []
        inside = blanked[position + 1 : close]
        if re.match(r"\s*SELECT\b", inside, re.IGNORECASE) or variables & set(_BOUND_AS.findall(inside)):
            return []
        branches.append(position + 1)
        following = _UNION.match(blanked, close + 1)
        if following is None:
            return branches if len(branches) > 1 else []
        position = following.end() - 1


def _closing_brace(blanked: str, opening: int) -> int | None:
    """The position of the brace that closes the one at *opening* in *blanked* (text with its strings,
    IRIs and comments blanked out), or ``None``."""
    depth = 0
    for position in range(opening, len(blanked)):
        if blanked[position] == "{":
            depth += 1
        elif blanked[position] == "}":
            depth -= 1
            if depth == 0:
                return position
    return None


def query_form(text: str) -> str:
    """The form of the SPARQL request *text*: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    Raises
    ------
    QueryError
        The request is an update (INSERT, DELETE, LOAD, CLEAR ...) or has no query form at all.

    Examples
    --------
    >>> query_form("PREFIX ex: <http://example.org/#select> SELECT * WHERE { ?s ?p ?o }")
    'SELECT'
    >>> query_form("DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    psygraph.errors.QueryError: psygraph runs read-only queries only (SELECT, ASK, CONSTRUCT, DESCRIBE); \
DELETE would change the graph
    """
    words = [match.group(1).upper() for match in _FORM.finditer(bare(text))]
    update = next((word for word in words if word in UPDATE_KEYWORDS), None)
    if update:
        msg = (
            f"psygraph runs read-only queries only ({', '.join(READ_FORMS)}); {update} would change the graph"
        )
        raise QueryError(msg)
    if not words:
        msg = f"this is not a SPARQL query: it has none of {', '.join(READ_FORMS)}"
        raise QueryError(msg)
    return words[0]


@dataclass
class QueryResult:
    """The answer to a user query: column names, rows (plain values; IRIs as strings) and warnings
    (one sentence each, e.g. about a ``psy:`` name the ontology does not declare)."""

    form: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_PSY_NAME = re.compile(r"(?<![\w:])psy:([A-Za-z_][\w\-]*)")


def undeclared_terms(kg: KnowledgeGraph, text: str) -> list[str]:
    """A warning for each ``psy:`` name in the query *text* that the ontology does not declare,
    naming the nearest declared one.

    Examples
    --------
    >>> import psygraph
    >>> undeclared_terms(psygraph.load(), "SELECT * WHERE { ?a psy:analyzedBy ?b }")
    ['psy:analyzedBy is not declared; did you mean psy:analysedBy?']
    """
    import difflib

    from psygraph.namespaces import PSY

    used = list(dict.fromkeys(_PSY_NAME.findall(bare(text))))
    if not used:
        return []
    declared = {row["term"][len(PSY) :] for row in run(kg, "declared_terms")}
    warnings = []
    for name in used:
        if name in declared:
            continue
        close = difflib.get_close_matches(name, sorted(declared), n=1, cutoff=0.6)
        hint = f"did you mean psy:{close[0]}?" if close else "`psygraph schema` lists the declared names"
        warnings.append(f"psy:{name} is not declared; {hint}")
    return warnings


def user_query(kg: KnowledgeGraph, text: str, *, compact_iris: bool = False) -> QueryResult:
    """Run the read-only query *text* on *kg* with the project's prefixes bound.

    SELECT gives its variables as columns; ASK one column ``ask``; CONSTRUCT and DESCRIBE the columns
    ``subject``, ``predicate``, ``object``. With *compact_iris*, IRIs are shortened to prefixed names
    (``id:sigmund-freud``), which reads better in a table.

    Examples
    --------
    >>> import psygraph
    >>> kg = psygraph.load()
    >>> result = user_query(kg, "ASK { id:sigmund-freud a psy:Theorist }")
    >>> result.rows
    [{'ask': True}]
    """
    form = query_form(text)
    warnings = undeclared_terms(kg, text)
    if form == "SELECT":
        rows = kg.select(text, inverses=True)
        columns = list(rows[0]) if rows else _select_variables(text)
    elif form == "ASK":
        rows, columns = [{"ask": kg.ask(text, inverses=True)}], ["ask"]
    else:
        columns = ["subject", "predicate", "object"]
        rows = [dict(zip(columns, triple, strict=True)) for triple in kg.construct(text, inverses=True)]
    if compact_iris:
        rows = [{key: _compact(value) for key, value in row.items()} for row in rows]
    return QueryResult(form, columns, rows, warnings)


def read_query(text_or_path: str) -> str:
    """The query text of a ``sparql`` argument: the contents of a file, or the argument itself.

    An argument with no white space or braces and a file suffix (``q.rq``, ``query.sparql``) is read
    as a file; anything else is the query.

    Raises
    ------
    InputError
        The argument names a file that is missing, unreadable or empty.
    """
    path = Path(text_or_path)
    looks_like_file = bool(_LOOKS_LIKE_FILE.match(text_or_path.strip()))
    if not looks_like_file and not _is_file(path):
        return text_or_path
    if not _is_file(path):
        msg = f"no such query file: '{text_or_path}'"
        raise InputError(msg)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read the query file '{path}': {exc}"
        raise InputError(msg) from None
    if not text.strip():
        msg = f"the query file '{path}' is empty"
        raise InputError(msg)
    return text


def _is_file(path: Path) -> bool:
    """Whether *path* is a file; query text that is no possible file name is simply not one."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _select_variables(text: str) -> list[str]:
    """The projected variables of a SELECT with no rows, so an empty table still has its header."""
    head = re.search(r"SELECT\b(.*?)(?:\bWHERE\b|\{)", bare(text), re.IGNORECASE | re.DOTALL)
    if not head:
        return []
    names = re.findall(r"[?$](\w+)", re.sub(r"\(.*?\bAS\s+", " ", head.group(1), flags=re.I | re.S))
    return list(dict.fromkeys(names))


def _compact(value: Any) -> Any:
    return compact(value) if isinstance(value, str) and value.startswith(("http://", "https://")) else value
