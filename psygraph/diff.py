"""What changed between two RDF files: entities and statements added, removed and changed.

For release notes and reviews of a data change. Each file is read on its own (through the same
checks as ``--data`` files, :mod:`psygraph.inputguard`), with no ontology merged in. Statements
without blank nodes are compared as they are; those with blank nodes (an OWL restriction, a SHACL
list) are compared after rdflib's canonical relabelling, so two files that differ only in their
blank-node names are the same.

An entity (an IRI that is the subject of statements) is *added* when only the new file describes it,
*removed* when only the old one does (one row each, whose property is :data:`WHOLE_ENTITY`), and
*changed* when both do and its statements differ. A
statement of an entity both files describe is *changed* when the old file gives its property other
values than the new one (a corrected year, a reworded definition), else *added* or *removed*.

Examples
--------
>>> import pyoxigraph as ox
>>> def t(s, p, o):
...     return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(o))
>>> old = [t("https://w3id.org/psygraph/id/a", "http://purl.org/dc/terms/title", "A")]
>>> new = [t("https://w3id.org/psygraph/id/a", "http://purl.org/dc/terms/title", "A2")]
>>> [(r["change"], r["old"], r["new"]) for r in compare(old, new).rows]
[('changed', 'A', 'A2')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from psygraph.errors import InputError
from psygraph.namespaces import SKOS, compact

Row = dict[str, Any]
#: The columns of a diff row, in order.
COLUMNS = ("change", "entity", "property", "old", "new", "id")
#: The ``property`` of a row about a whole entity (added or removed).
WHOLE_ENTITY = "(the entity)"
#: The kinds of change, in the order rows are listed.
CHANGES = ("added", "removed", "changed")


@dataclass
class Diff:
    """The differences between two graphs: one row per change, and counts for a summary."""

    rows: list[Row] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line: "2 entities added, 1 removed, 3 changed; 5 statements added, 1 removed, 2 changed"."""
        c = self.counts
        entities = "entity" if c["entities added"] == 1 else "entities"
        statements = "statement" if c["statements added"] == 1 else "statements"
        return (
            f"{c['entities added']} {entities} added, {c['entities removed']} removed, "
            f"{c['entities changed']} changed; {c['statements added']} {statements} added, "
            f"{c['statements removed']} removed, {c['statements changed']} changed"
        )


def diff_files(old: str | Path, new: str | Path) -> Diff:
    """The differences between the RDF files *old* and *new*.

    Raises
    ------
    InputError
        A file is missing, of an unknown format, or not valid RDF.
    """
    return compare(read_triples(Path(old)), read_triples(Path(new)))


def read_triples(path: Path) -> list[ox.Triple]:
    """The triples of one RDF file (the graph names of a dataset file are dropped)."""
    from psygraph import inputguard
    from psygraph.loader import rdf_format

    if not path.exists():
        msg = f"no such file: '{path}'"
        raise InputError(msg)
    inputguard.check_path(path)
    fmt = rdf_format(path)
    data = inputguard.strip_bom(path.read_bytes())
    inputguard.check_bytes(data, fmt, str(path))
    try:
        return list(
            dict.fromkeys(_triple(item) for item in ox.parse(data, fmt, base_iri=path.resolve().as_uri()))
        )
    except (SyntaxError, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        msg = f"'{path}' is not valid RDF: {reason}"
        raise InputError(msg) from None


def _triple(item: ox.Triple | ox.Quad) -> ox.Triple:
    return item.triple if isinstance(item, ox.Quad) else item


def compare(old: Iterable[ox.Triple], new: Iterable[ox.Triple]) -> Diff:
    """The differences between the triples *old* and *new* (see the module's description)."""
    old_set, new_set = _comparable(old), _comparable(new)
    removed, added = old_set - new_set, new_set - old_set
    old_subjects = {_text(t.subject) for t in old_set if isinstance(t.subject, ox.NamedNode)}
    new_subjects = {_text(t.subject) for t in new_set if isinstance(t.subject, ox.NamedNode)}
    labels = _labels(old_set) | _labels(new_set)
    diff = Diff()
    for subject in sorted(new_subjects - old_subjects):
        diff.rows.append(_row("added", subject, labels) | {"property": WHOLE_ENTITY})
    for subject in sorted(old_subjects - new_subjects):
        diff.rows.append(_row("removed", subject, labels) | {"property": WHOLE_ENTITY})
    gone: dict[tuple[str, str], list[Any]] = defaultdict(list)
    came: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for triples, into in ((removed, gone), (added, came)):
        for t in triples:
            subject = _text(t.subject)
            if subject in old_subjects and subject in new_subjects or subject.startswith("_:"):
                into[(subject, t.predicate.value)].append(t.object)
    changed_entities: set[str] = set()
    for key in sorted(set(gone) | set(came)):
        subject, predicate = key
        changed_entities.add(subject)
        # A value whose text stays and whose datatype changes (a year from gYear to integer) is
        # shown with its datatypes, so the change is visible.
        typed = sorted(map(_shown, gone.get(key, []))) == sorted(map(_shown, came.get(key, [])))
        show = _typed if typed else _shown
        before, after = sorted(map(show, gone.get(key, []))), sorted(map(show, came.get(key, [])))
        base = _row("", subject, labels) | {"property": compact(predicate)}
        if before and after:
            diff.rows.append(base | {"change": "changed", "old": "; ".join(before), "new": "; ".join(after)})
        else:
            diff.rows += [base | {"change": "removed", "old": value} for value in before]
            diff.rows += [base | {"change": "added", "new": value} for value in after]
    order = {change: number for number, change in enumerate(CHANGES)}
    diff.rows.sort(
        key=lambda r: (
            r["property"] != WHOLE_ENTITY,
            order[r["change"]] if r["property"] == WHOLE_ENTITY else 0,
            r["entity"].casefold(),
            r["id"],
            r["property"],
            order[r["change"]],
        )
    )
    statements = [r for r in diff.rows if r["property"] != WHOLE_ENTITY]
    diff.counts = {
        "entities added": len(new_subjects - old_subjects),
        "entities removed": len(old_subjects - new_subjects),
        "entities changed": len({s for s in changed_entities if not s.startswith("_:")}),
        "statements added": sum(1 for r in statements if r["change"] == "added"),
        "statements removed": sum(1 for r in statements if r["change"] == "removed"),
        "statements changed": sum(1 for r in statements if r["change"] == "changed"),
    }
    return diff


def _comparable(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    """*triples* with blank nodes named canonically, so equal graphs give equal sets."""
    ground: set[ox.Triple] = set()
    blank: list[ox.Triple] = []
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            blank.append(t)
        else:
            ground.add(t)
    if blank:
        import rdflib
        from rdflib.compare import to_canonical_graph

        graph = rdflib.Graph()
        graph.parse(data=ox.serialize(blank, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
        canonical = to_canonical_graph(graph).serialize(format="nt", encoding="utf-8")
        ground |= {quad.triple for quad in ox.parse(canonical, ox.RdfFormat.N_TRIPLES)}
    return ground


def _labels(triples: set[ox.Triple]) -> dict[str, str]:
    found: dict[str, str] = {}
    for t in triples:
        literal = t.object
        if (
            t.predicate.value == SKOS + "prefLabel"
            and isinstance(literal, ox.Literal)
            and (literal.language or "en").startswith("en")
        ):
            found[_text(t.subject)] = literal.value
    return found


def _row(change: str, subject: str, labels: dict[str, str]) -> Row:
    return {
        "change": change,
        "entity": labels.get(subject, compact(subject)),
        "property": "",
        "old": "",
        "new": "",
        "id": compact(subject),
    }


def _shown(term: Any) -> str:
    """A value as a reader sees it: an IRI as a prefixed name where one fits."""
    return compact(term.value) if isinstance(term, ox.NamedNode) else _text(term)


def _typed(term: Any) -> str:
    """A value with its datatype: ``1946 (xsd:integer)``."""
    if isinstance(term, ox.Literal) and not term.language:
        return f"{term.value} ({compact(term.datatype.value)})"
    return _shown(term)


def _text(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)
