"""The search index: which entities a ``psygraph search`` text can match, found without scoring them all.

:func:`psygraph.scoring.score_entities` ranks entities by how their labels, synonyms and
definition match a text; on a graph of a million triples scoring every entity in Python takes
seconds. A second SQLite database beside the name index (:mod:`psygraph.index`), built from it at
the first search (or "did you mean") and kept in the cache, narrows the field first:

``details``
    Each entity of the name index (same number, same IRI) with its link count (the ``prominence``
    query) and its normalised definition (the first, when it has several).
``name_keys``
    Each normalised preferred label and synonym, padded with a space at each end.
``name_fts``
    An SQLite FTS5 index with the trigram tokenizer over those names: it finds the names holding a
    given piece of three letters or more, and those sharing trigrams with a misspelling, without
    reading them all. Definitions are searched by a scan of ``details`` instead (``instr``: about
    50 ms for the 22 MB of definitions of a million-triple graph), since a trigram index over them
    would cost more to build (5 s at a million triples) than the first search saves.

Every kind of label or definition match needs each word of the text inside some word of the name
or definition, that is (a word holding no space) inside the name or definition itself; so the
candidates are the entities whose names or definition hold the text's words. Close misspellings,
which share no word, are looked for among the entities that share the most three-letter pieces
(trigrams) with the text, at most :data:`SPELLING_CANDIDATES` of them; a padded name holds every
trigram of its words padded alike. Scoring the candidates then gives the same ranking as scoring
everything, except that a misspelling sharing few trigrams with any name may be missed on a very
large graph.

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> "https://w3id.org/psygraph/id/donald-winnicott" in candidates(kg, "winnicot")
True
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from psygraph import sparql
from psygraph.names import normalise

if TYPE_CHECKING:
    import sqlite3

    from psygraph.cache.derived import Derived
    from psygraph.graph import KnowledgeGraph

#: The name of the search database in the cache.
NAME = "search"
#: How many entities sharing the most trigrams with the text are checked for a close misspelling.
SPELLING_CANDIDATES = 400
#: Narrowing by a further word of the text stops once this few definition candidates are left.
ENOUGH = 200
#: The trigram index finds pieces of at least this many letters; shorter ones are looked for by a scan.
TRIGRAM = 3

SCHEMA = """
CREATE TABLE details (
    id INTEGER PRIMARY KEY,
    iri TEXT NOT NULL UNIQUE,
    links INTEGER NOT NULL,
    definition TEXT NOT NULL
) STRICT;
CREATE TABLE name_keys (id INTEGER PRIMARY KEY, entity INTEGER NOT NULL, text TEXT NOT NULL) STRICT;
CREATE VIRTUAL TABLE name_fts USING fts5(text, content='name_keys', content_rowid='id', tokenize='trigram');
"""
#: Filled once the rows are in: one pass over the names.
INDEXES = """
INSERT INTO name_fts (rowid, text) SELECT id, text FROM name_keys;
"""


class SearchIndex:
    """The search database, asked for the entities a text may match.

    Entities are named by their number in the name index (``entities.id``), which follows the order
    a full scan of the name index sees them.
    """

    def __init__(self, db: Derived) -> None:
        self.db = db

    def with_name_word(self, piece: str) -> set[int]:
        """The entities with a word of a name (label or synonym) that contains *piece* (a word)."""
        if len(piece) >= TRIGRAM:
            sql = (
                "SELECT DISTINCT entity FROM name_fts JOIN name_keys ON name_keys.id = name_fts.rowid"
                " WHERE name_fts MATCH ?"
            )
            return {entity for (entity,) in self.db.rows(sql, (_phrase(piece),), (int,))}
        sql = "SELECT DISTINCT entity FROM name_keys WHERE instr(text, ?) > 0"
        return {entity for (entity,) in self.db.rows(sql, (piece,), (int,))}

    def with_definition_word(self, piece: str) -> set[int]:
        """The entities with a word of the definition that contains *piece* (a word)."""
        sql = "SELECT id FROM details WHERE instr(definition, ?) > 0"
        return {entity for (entity,) in self.db.rows(sql, (piece,), (int,))}

    def sharing_trigrams(self, pieces: set[str], most: int) -> set[int]:
        """The *most* entities sharing the most of *pieces* with a name or name word."""
        sql = (
            "SELECT entity FROM json_each(?) AS piece"
            " JOIN name_fts ON name_fts MATCH '\"' || replace(piece.value, '\"', '\"\"') || '\"'"
            " JOIN name_keys ON name_keys.id = name_fts.rowid"
            " GROUP BY entity ORDER BY count(DISTINCT piece.value) DESC, entity LIMIT ?"
        )
        return {entity for (entity,) in self.db.rows(sql, (json.dumps(sorted(pieces)), most), (int,))}

    def iris(self, numbers: set[int]) -> list[str]:
        """The IRIs of the entities *numbers*, in index order."""
        sql = "SELECT iri FROM details WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id"
        return [iri for (iri,) in self.db.rows(sql, (json.dumps(sorted(numbers)),), (str,))]

    def sorted_like(self, iris: list[str]) -> list[str]:
        """*iris* (entities of the index) in index order."""
        sql = "SELECT iri FROM details WHERE iri IN (SELECT value FROM json_each(?)) ORDER BY id"
        return [iri for (iri,) in self.db.rows(sql, (json.dumps(iris),), (str,))]


def _phrase(piece: str) -> str:
    """*piece* as an FTS5 phrase: for the trigram tokenizer, the texts that hold it."""
    return '"' + piece.replace('"', '""') + '"'


def fill(kg: KnowledgeGraph, connection: sqlite3.Connection) -> None:
    """Write the search tables of *kg*: the entities and names of its name index, with their link
    counts and normalised definitions read from the store."""
    report = kg.progress("indexing for search") if kg.progress is not None else None
    index = kg.index
    entities = index.rows("SELECT id, iri FROM entities ORDER BY id", (), (int, str))
    sql = "SELECT entity, key FROM names WHERE kind != 'slug' ORDER BY entity, position"
    keys = index.rows(sql, (), (int, str))
    numbers = {iri: number for number, iri in entities}
    definitions: dict[str, str] = {}
    for entity, text in sparql.run_tuples(kg, "definitions"):
        if entity in numbers:
            definitions.setdefault(entity, text)
    if report is not None:
        report(1, 3)
    links = dict(sparql.run_tuples(kg, "prominence"))
    if report is not None:
        report(2, 3)
    details = [(n, iri, links.get(iri, 0), normalise(definitions.get(iri, ""))) for n, iri in entities]
    connection.executemany("INSERT INTO details VALUES (?, ?, ?, ?)", details)
    padded = ((number, f" {key} ") for number, key in keys)
    connection.executemany("INSERT INTO name_keys (entity, text) VALUES (?, ?)", padded)
    if report is not None:
        report(3, 3)


def search_index(kg: KnowledgeGraph) -> SearchIndex:
    """The :class:`SearchIndex` of *kg* (over its index database, kept on the graph and in the cache)."""
    return kg.search_index


def candidates(kg: KnowledgeGraph, text: str) -> list[str]:
    """The entities that may match *text* in :func:`psygraph.scoring.score_entities`, in index order."""
    by_name, others = candidate_groups(kg, text)
    return sorted_like(kg, by_name + others)


def candidate_groups(kg: KnowledgeGraph, text: str) -> tuple[list[str], list[str]]:
    """The candidates for *text* in two groups, each in index order: those that may match by a label
    or synonym, and the others (which can match only by definition or spelling, and score less)."""
    query = normalise(text)
    if not query:
        return [], []
    index = search_index(kg)
    words = sorted(set(query.split()), key=len, reverse=True)
    by_name = index.with_name_word(words[0])
    found: set[int] = set()
    in_definitions: set[int] | None = None
    for word in words:
        having = index.with_definition_word(word)
        in_definitions = having if in_definitions is None else in_definitions & having
        if len(in_definitions) <= ENOUGH:
            break
    found |= in_definitions or set()
    found |= index.sharing_trigrams(trigrams(query), SPELLING_CANDIDATES)
    return index.iris(by_name), index.iris(found - by_name)


def sorted_like(kg: KnowledgeGraph, entities: list[str]) -> list[str]:
    """*entities* (all from the index of *kg*) in index order, the order a full scan would see them."""
    return search_index(kg).sorted_like(entities) if len(entities) > 1 else list(entities)


def trigrams(text: str) -> set[str]:
    """The three-letter pieces of *text* padded with a space at each end.

    Examples
    --------
    >>> sorted(trigrams("ego"))
    [' eg', 'ego', 'go ']
    """
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
