"""The search index: which entities a ``psygraph search`` text can match, found without scoring them all.

:func:`psygraph.scoring.score_entities` ranks entities by how their labels, synonyms and
definition match a text; on a graph of a million triples scoring every entity in Python takes
seconds. The word and trigram tables of the index database (:mod:`psygraph.index`, built once per
set of inputs and kept in the cache) narrow the field first. Every kind of label or definition
match needs each word of the text inside some word of the name or definition, so the candidates are
the entities with a name or definition word that contains the text's words (``instr`` over the
vocabulary tables). Close misspellings, which share no word, are looked for among the entities that share
the most three-letter pieces (trigrams) with the text, at most :data:`SPELLING_CANDIDATES` of them.
Scoring the candidates then gives the same ranking as scoring everything, except that a misspelling
sharing few trigrams with any name may be missed on a very large graph.

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

from psygraph.names import normalise

if TYPE_CHECKING:
    from psygraph.cache.derived import Derived
    from psygraph.graph import KnowledgeGraph

#: How many entities sharing the most trigrams with the text are checked for a close misspelling.
SPELLING_CANDIDATES = 400
#: Narrowing by a further word of the text stops once this few definition candidates are left.
ENOUGH = 200


class SearchIndex:
    """The word and trigram tables of the index database, asked for the entities a text may match.

    Entities are named by their number in the index (``entities.id``), which follows the order a full
    scan of the name index sees them.
    """

    def __init__(self, db: Derived) -> None:
        self.db = db

    def with_name_word(self, piece: str) -> set[int]:
        """The entities with a word of a name (label or synonym) that contains *piece*."""
        sql = (
            "SELECT DISTINCT entity FROM name_words"
            " WHERE word IN (SELECT word FROM name_vocabulary WHERE instr(word, ?) > 0)"
        )
        return {entity for (entity,) in self.db.rows(sql, (piece,), (int,))}

    def with_definition_word(self, piece: str) -> set[int]:
        """The entities with a word of the definition that contains *piece*."""
        sql = (
            "SELECT DISTINCT entity FROM definition_words"
            " WHERE word IN (SELECT word FROM definition_vocabulary WHERE instr(word, ?) > 0)"
        )
        return {entity for (entity,) in self.db.rows(sql, (piece,), (int,))}

    def sharing_trigrams(self, pieces: set[str], most: int) -> set[int]:
        """The *most* entities sharing the most of *pieces* with a name or name word."""
        sql = (
            "SELECT entity FROM trigrams WHERE piece IN (SELECT value FROM json_each(?))"
            " GROUP BY entity ORDER BY count(*) DESC, entity LIMIT ?"
        )
        return {entity for (entity,) in self.db.rows(sql, (json.dumps(sorted(pieces)), most), (int,))}

    def iris(self, numbers: set[int]) -> list[str]:
        """The IRIs of the entities *numbers*, in index order."""
        sql = "SELECT iri FROM entities WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id"
        return [iri for (iri,) in self.db.rows(sql, (json.dumps(sorted(numbers)),), (str,))]

    def sorted_like(self, iris: list[str]) -> list[str]:
        """*iris* (entities of the index) in index order."""
        sql = "SELECT iri FROM entities WHERE iri IN (SELECT value FROM json_each(?)) ORDER BY id"
        return [iri for (iri,) in self.db.rows(sql, (json.dumps(iris),), (str,))]


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
