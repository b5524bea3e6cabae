"""``psygraph schema``: the classes and properties a SPARQL writer needs, with one real example of each.

The function is :func:`schema_terms` (``psygraph.schema`` is the module that reads the ontology).

Classes come from the ontology (``owl:Class`` under the ``psy:`` namespace); properties are the
ontology's relations and attributes plus the standard SKOS and Dublin Core terms the data uses.
Each row names the term as a query writes it (``psy:analysedBy``), says what it links (domain and
range), how often the data uses it, and gives one example from the data.

Examples
--------
>>> import psygraph
>>> rows = schema_terms(psygraph.load())
>>> theorist = next(row for row in rows if row["name"] == "psy:Theorist")
>>> theorist["kind"], theorist["count"] > 50
('class', True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psygraph import sparql
from psygraph.errors import UsageError
from psygraph.namespaces import compact

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

Row = dict[str, Any]

#: The kinds of term :func:`schema` lists, in the order it lists them.
KINDS = ("class", "relation", "attribute", "standard")


def schema_terms(kg: KnowledgeGraph, *, kind: str | None = None) -> list[Row]:
    """The classes and properties, with an example each; *kind* keeps one of :data:`KINDS`.

    The ``psygraph schema`` command.

    Returns
    -------
    list of dict
        Keys ``kind``, ``name`` (prefixed, as SPARQL writes it), ``label``, ``links`` (domain → range
        for a property; empty for a class), ``count`` (entities of a class, triples of a property)
        and ``example`` (an entity, or a triple in prefixed names; empty when unused).
    """
    if kind is not None and kind not in KINDS:
        msg = f"no kind {kind!r}; use one of {', '.join(KINDS)}"
        raise UsageError(msg)
    rows: list[Row] = []
    if kind in (None, "class"):
        classes = sparql.run(kg, "schema_classes")
        counts = _counts(kg, "schema_instances", "class", [row["class"] for row in classes])
        for row in classes:
            found = sparql.run_about(kg, "schema_instance", **{"class": row["class"]})
            rows.append(
                {
                    "kind": "class",
                    "name": compact(row["class"]),
                    "label": row["label"] or "",
                    "links": "",
                    "count": counts.get(row["class"], 0),
                    "example": compact(found[0]["entity"]) if found else "",
                }
            )
    if kind != "class":
        properties = [row for row in sparql.run(kg, "schema_properties") if kind in (None, row["kind"])]
        counts = _counts(kg, "schema_count", "property", [row["property"] for row in properties])
        for row in properties:
            rows.append(
                {
                    "kind": row["kind"],
                    "name": compact(row["property"]),
                    "label": row["label"] or "",
                    "links": _links(row),
                    "count": counts.get(row["property"], 0),
                    "example": _example(kg, row["property"]),
                }
            )
    order = {k: i for i, k in enumerate(KINDS)}
    unique = {(r["kind"], r["name"]): r for r in rows}  # a term with two domains is listed once
    return sorted(unique.values(), key=lambda r: (order[r["kind"]], r["name"].casefold()))


def _counts(kg: KnowledgeGraph, query: str, variable: str, terms: list[str]) -> dict[str, int]:
    if not terms:
        return {}
    return {row[variable]: int(row["count"]) for row in sparql.run_about(kg, query, **{variable: terms})}


def _links(row: Row) -> str:
    if not row["domain"] and not row["range"]:
        return ""
    return f"{compact(row['domain'] or '') or 'any'} → {compact(row['range'] or '') or 'any'}"


def _example(kg: KnowledgeGraph, prop: str) -> str:
    found = sparql.run_about(kg, "schema_example", property=prop)
    if not found:
        return ""
    subject, value = found[0]["subject"], found[0]["value"]
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        shown = compact(value)
    elif isinstance(value, str):
        shown = f'"{value[:40]}…"' if len(value) > 40 else f'"{value}"'
    else:
        shown = str(value)
    return f"{compact(subject)} {compact(prop)} {shown}"
