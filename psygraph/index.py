"""The name index: every entity's names and classes, as SQL tables.

Name resolution needs every entity's labels in normalised form; reading them from the store and
normalising them takes seconds on a big graph. So they are read once per set of inputs into one
SQLite database (:class:`psygraph.cache.derived.Derived`, kept in the on-disk cache) with these
tables, and each lookup reads only the rows it asks for through indexed SQL:

``entities``
    One row per entity, numbered in the order the ``entity_classes`` query meets them (the order a
    full scan of the index sees them): IRI, preferred label (the slug when it has none), and for a
    theorist the last word of the normalised label (the surname a name may resolve by).
``classes``
    The asserted classes under ``psy:Entity`` of each entity.
``names``
    Each entity's names in order: the preferred label (position 0, kind ``pref``), the synonyms and
    labels in other languages (kind ``alt``), then the slug (kind ``slug``), each with its
    :func:`~psygraph.names.normalise` form as ``key``.

That is all the first ``show`` of a new file needs. What only search and "did you mean" need (link
counts, normalised definitions, the substring indexes) is in a second database,
:mod:`psygraph.searchindex`, built from this one when first asked for.

Examples
--------
>>> import psygraph
>>> index = psygraph.load().names
>>> index.label("https://w3id.org/psygraph/id/donald-winnicott")
'Donald Winnicott'
>>> index.lookup("winnicott")
[]
>>> [(iri.rsplit("/", 1)[-1], kind) for iri, kind in index.lookup("donald winnicott")]
[('donald-winnicott', 'pref'), ('donald-winnicott', 'slug')]
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from psygraph import sparql
from psygraph.cache.derived import DamagedError
from psygraph.names import normalise
from psygraph.namespaces import PSY, local_name

if TYPE_CHECKING:
    from psygraph.cache.derived import Derived
    from psygraph.graph import KnowledgeGraph

THEORIST = PSY + "Theorist"
#: The name of the index database in the cache.
NAME = "index"
#: How many entities are indexed between two reports of progress.
PROGRESS_EVERY = 5000

SCHEMA = """
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    iri TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    surname TEXT
) STRICT;
CREATE TABLE classes (entity INTEGER NOT NULL, class TEXT NOT NULL) STRICT;
CREATE TABLE names (
    entity INTEGER NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    key TEXT NOT NULL
) STRICT;
"""
#: Created once the rows are in: every lookup reads through one of these. (``names.kind`` has no
#: ``CHECK`` constraint: checking 300,000 rows against a list took 0.8 s at a million triples;
#: :meth:`NameIndex.entries` checks what it reads instead.)
INDEXES = """
CREATE INDEX entities_surname ON entities (surname) WHERE surname IS NOT NULL;
CREATE INDEX classes_entity ON classes (entity);
CREATE INDEX names_entity ON names (entity, position);
CREATE INDEX names_key ON names (key);
"""


@dataclass(frozen=True)
class Entry:
    """One entity as scoring and suggestions see it.

    Attributes
    ----------
    iri, label
        The entity and its preferred label (the slug when it has none).
    alt_labels
        Its synonyms and labels in other languages, in order.
    names
        Its preferred label and synonyms, normalised (the preferred label first).
    definition
        Its definition, normalised (empty when it has none).
    theorist
        Whether it is a theorist (and may be found by surname).
    classes
        Its asserted classes under ``psy:Entity``.
    links
        How many other entities it links to or from.
    """

    iri: str
    label: str
    alt_labels: list[str]
    names: list[str]
    definition: str
    theorist: bool
    classes: frozenset[str]
    links: int


class NameIndex:
    """Every entity's names and classes, read row by row from the index database.

    Link counts and normalised definitions (for :meth:`links` and :meth:`entries`) come from the
    search database, which *details* gives, built the first time one of those is asked for.
    """

    def __init__(self, db: Derived, details: Callable[[], Derived]) -> None:
        self.db = db
        self._details = details

    def __contains__(self, iri: object) -> bool:
        """Whether *iri* is an entity (an instance of a class under ``psy:Entity``)."""
        return bool(self.db.rows("SELECT 1 FROM entities WHERE iri = ?", (iri,), (int,)))

    def __len__(self) -> int:
        ((count,),) = self.db.rows("SELECT count(*) FROM entities", (), (int,))
        return int(count)

    def label(self, iri: str) -> str | None:
        """The preferred label of the entity *iri* (its slug when it has none); ``None`` for a non-entity."""
        found = self.db.rows("SELECT label FROM entities WHERE iri = ?", (iri,), (str,))
        return found[0][0] if found else None

    def classes(self, iri: str) -> frozenset[str]:
        """The asserted classes under ``psy:Entity`` of *iri* (empty for a non-entity)."""
        sql = "SELECT class FROM classes JOIN entities ON entities.id = entity WHERE iri = ?"
        return frozenset(c for (c,) in self.db.rows(sql, (iri,), (str,)))

    def alt_labels(self, iri: str) -> list[str]:
        """The synonyms and labels in other languages of *iri*, in order."""
        return [text for kind, text, _ in self._names(iri) if kind == "alt"]

    def lookup(self, key: str) -> list[tuple[str, str]]:
        """``(entity, kind)`` for every name whose normalised form is *key*, kind being ``pref``,
        ``alt`` or ``slug``; in index order, each pair once."""
        if not key:
            return []
        sql = (
            "SELECT iri, kind FROM names JOIN entities ON entities.id = entity"
            " WHERE key = ? ORDER BY entity, position"
        )
        return list(dict.fromkeys(self.db.rows(sql, (key,), (str, str))))

    def theorists_named(self, surname: str) -> list[str]:
        """The theorists whose normalised preferred label ends in the word *surname*, sorted."""
        sql = "SELECT iri FROM entities WHERE surname = ? ORDER BY iri"
        return [iri for (iri,) in self.db.rows(sql, (surname,), (str,))]

    def links(self, iris: Iterable[str]) -> dict[str, int]:
        """How many other entities each of *iris* links to or from (entities only)."""
        sql = "SELECT iri, links FROM details WHERE iri IN (SELECT value FROM json_each(?))"
        return dict(self._details().rows(sql, (json.dumps(list(iris)),), (str, int)))

    def all_links(self) -> dict[str, int]:
        """Every entity's link count (reads the whole table)."""
        return dict(self._details().rows("SELECT iri, links FROM details ORDER BY id", (), (str, int)))

    def all_classes(self) -> Iterator[tuple[str, frozenset[str]]]:
        """``(entity, classes)`` for every entity, in index order (reads the whole table)."""
        sql = "SELECT iri, class FROM entities JOIN classes ON entities.id = entity ORDER BY entities.id"
        grouped: dict[str, set[str]] = {}
        for iri, cls in self.db.rows(sql, (), (str, str)):
            grouped.setdefault(iri, set()).add(cls)
        return ((iri, frozenset(classes)) for iri, classes in grouped.items())

    def entries(self, iris: Iterable[str] | None = None) -> list[Entry]:
        """Every entity (or those of *iris* that are entities) as an :class:`Entry`, in index order."""
        wanted = None if iris is None else list(iris)
        details = self._details()
        known = details.read(lambda: _details(details, wanted))
        return self.db.read(lambda: self._entries(wanted, known))

    def _entries(self, iris: list[str] | None, details: dict[str, tuple[str, int]]) -> list[Entry]:
        chosen, params = _only(iris)
        sql = f"SELECT id, iri, label, surname IS NOT NULL FROM entities {chosen}"
        found = self.db.query(sql + " ORDER BY id", params, (int, str, str, int))
        names: dict[int, list[tuple[str, str, str]]] = {number: [] for number, *_ in found}
        classes: dict[int, set[str]] = {number: set() for number, *_ in found}
        sql = f"SELECT entity, class FROM classes WHERE entity IN (SELECT id FROM entities {chosen})"
        for number, cls in self.db.query(sql, params, (int, str)):
            if number in classes:
                classes[number].add(cls)
        sql = (
            "SELECT entity, kind, text, key FROM names WHERE kind != 'slug'"
            f" AND entity IN (SELECT id FROM entities {chosen}) ORDER BY entity, position"
        )
        for number, kind, text, key in self.db.query(sql, params, (int, str, str, str)):
            if number in names:
                names[number].append((kind, text, key))
        if any(not n or n[0][0] != "pref" for n in names.values()):
            msg = "index: an entity without a preferred label"
            raise DamagedError(msg)
        return [
            Entry(
                iri,
                label,
                [text for kind, text, _ in names[number] if kind == "alt"],
                [key for _, _, key in names[number]],
                details.get(iri, ("", 0))[0],
                bool(theorist),
                frozenset(classes[number]),
                details.get(iri, ("", 0))[1],
            )
            for number, iri, label, theorist in found
        ]

    def _names(self, iri: str) -> list[tuple[str, str, str]]:
        sql = (
            "SELECT kind, text, key FROM names JOIN entities ON entities.id = entity"
            " WHERE iri = ? ORDER BY position"
        )
        return self.db.rows(sql, (iri,), (str, str, str))


def _details(db: Derived, iris: list[str] | None) -> dict[str, tuple[str, int]]:
    """Entity -> ``(normalised definition, link count)`` from the search database *db*."""
    chosen, params = _only(iris)
    sql = f"SELECT iri, definition, links FROM details {chosen}"
    return {iri: (text, links) for iri, text, links in db.query(sql, params, (str, str, int))}


def _only(iris: list[str] | None) -> tuple[str, tuple[str, ...]]:
    """A ``WHERE`` clause keeping the rows of *iris* (none for ``None``: every row), and its parameters."""
    if iris is None:
        return "", ()
    return "WHERE iri IN (SELECT value FROM json_each(?))", (json.dumps(iris),)


def name_index(kg: KnowledgeGraph) -> NameIndex:
    """The :class:`NameIndex` of *kg*, over its index database (kept on the graph)."""
    return kg.names


def fill(kg: KnowledgeGraph, connection: sqlite3.Connection) -> None:
    """Read every entity's names and classes from *kg* into the new tables.

    Two flat queries (classes, then labels) rather than one with optional parts: on a big graph
    the store answers them several times faster, and the labels of non-entities are left out here.
    """
    report = kg.progress("indexing names") if kg.progress is not None else None
    classes: dict[str, set[str]] = {}
    for entity, cls in sparql.run_tuples(kg, "entity_classes"):
        classes.setdefault(entity, set()).add(cls)
    labels: dict[str, str] = {}
    alt_labels: dict[str, list[str]] = {}
    for entity, kind, text in sparql.run_tuples(kg, "names"):
        if entity not in classes:
            continue
        alts = alt_labels.setdefault(entity, [])
        if kind == "pref" and entity not in labels:
            labels[entity] = text
        elif text not in alts:
            alts.append(text)  # a synonym, or a label in another language
    entities: list[tuple[int, str, str, str | None]] = []
    class_rows: list[tuple[int, str]] = []
    names: list[tuple[int, int, str, str, str]] = []
    total = len(classes) + 1  # the last step: writing the rows
    for number, entity in enumerate(classes, start=1):
        if report is not None and number % PROGRESS_EVERY == 0:
            report(number, total)
        slug = local_name(entity)
        label = labels.get(entity) or slug
        texts = [("pref", label)] + [("alt", alt) for alt in alt_labels.get(entity, ())]
        keys = [normalise(text) for _, text in texts]
        for position, ((kind, text), key) in enumerate(zip(texts, keys, strict=True)):
            names.append((number, position, kind, text, key))
        names.append((number, len(texts), "slug", slug, normalise(slug)))
        surname = keys[0].split()[-1] if THEORIST in classes[entity] and keys[0] else None
        entities.append((number, entity, label, surname))
        class_rows.extend((number, cls) for cls in sorted(classes[entity]))
    connection.executemany("INSERT INTO entities VALUES (?, ?, ?, ?)", entities)
    connection.executemany("INSERT INTO classes VALUES (?, ?)", class_rows)
    connection.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", names)
    if report is not None:
        report(total, total)
