"""The search index: which entities a ``psygraph search`` text can match, found without scoring them all.

:func:`psygraph.scoring.score_entities` ranks entities by how their labels, synonyms and
definition match a text; on a graph of a million triples scoring every entity in Python takes
seconds. This index, built once per set of inputs and kept in the cache beside the name index
(:meth:`psygraph.graph.KnowledgeGraph.derived`), narrows the field first. Every kind of label or
definition match needs each word of the text inside some word of the name or definition, so the
candidates are read from inverted indexes (word -> entities) for the words of the vocabulary that
contain the text's words (found with :meth:`str.find` over the vocabulary in one string). Close
misspellings, which share no word, are looked for among the entities that share the most three-
letter pieces (trigrams) with the text, at most :data:`SPELLING_CANDIDATES` of them. Scoring the
candidates then gives the same ranking as scoring everything, except that a misspelling sharing few
trigrams with any name may be missed on a very large graph.

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> "https://w3id.org/psygraph/id/donald-winnicott" in candidates(kg, "winnicot")
True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from psygraph import resolve as names

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

#: How many entities sharing the most trigrams with the text are checked for a close misspelling.
SPELLING_CANDIDATES = 400
#: Narrowing by a further word of the text stops once this few definition candidates are left.
ENOUGH = 200


@dataclass
class SearchIndex:
    """Inverted indexes over every entity's normalised names and definition.

    Attributes
    ----------
    entities
        Entity IRIs; the indexes below refer to them by position (in name-index order).
    name_vocabulary, definition_vocabulary
        Every distinct word of the names (labels and synonyms) or of the definitions, each between
        newlines, so the words containing a piece are found with :meth:`str.find`.
    name_words, definition_words
        Word -> positions of the entities whose names or definition have that word.
    trigrams
        Three-letter piece of a name or name word (padded with a space at each end) -> positions.
    """

    entities: list[str] = field(default_factory=list)
    name_vocabulary: str = "\n"
    definition_vocabulary: str = "\n"
    name_words: dict[str, list[int]] = field(default_factory=dict)
    definition_words: dict[str, list[int]] = field(default_factory=dict)
    trigrams: dict[str, list[int]] = field(default_factory=dict)


def search_index(kg: KnowledgeGraph) -> SearchIndex:
    """The :class:`SearchIndex` of *kg* (built once, kept on the graph and in the cache)."""
    return kg.search_index


def candidates(kg: KnowledgeGraph, text: str) -> list[str]:
    """The entities that may match *text* in :func:`psygraph.scoring.score_entities`, in index order."""
    by_name, others = candidate_groups(kg, text)
    return sorted_like(kg, by_name + others)


def candidate_groups(kg: KnowledgeGraph, text: str) -> tuple[list[str], list[str]]:
    """The candidates for *text* in two groups, each in index order: those that may match by a label
    or synonym, and the others (which can match only by definition or spelling, and score less)."""
    query = names.normalise(text)
    if not query:
        return [], []
    index = search_index(kg)
    words = sorted(set(query.split()), key=len, reverse=True)
    by_name = _having(index.name_vocabulary, index.name_words, words[0])
    found: set[int] = set()
    in_definitions: set[int] | None = None
    for word in words:
        having = _having(index.definition_vocabulary, index.definition_words, word)
        in_definitions = having if in_definitions is None else in_definitions & having
        if len(in_definitions) <= ENOUGH:
            break
    found |= in_definitions or set()
    shared: Counter[int] = Counter()
    for piece in trigrams(query):
        shared.update(index.trigrams.get(piece, ()))
    found.update(position for position, _ in shared.most_common(SPELLING_CANDIDATES))
    return _iris(index, by_name), _iris(index, found - by_name)


def sorted_like(kg: KnowledgeGraph, entities: list[str]) -> list[str]:
    """*entities* (all from the index of *kg*) in index order, the order a full scan would see them."""
    position = {entity: i for i, entity in enumerate(search_index(kg).entities)} if len(entities) > 1 else {}
    return sorted(entities, key=lambda e: position.get(e, 0))


def _iris(index: SearchIndex, positions: set[int]) -> list[str]:
    return [index.entities[position] for position in sorted(positions)]


def trigrams(text: str) -> set[str]:
    """The three-letter pieces of *text* padded with a space at each end.

    Examples
    --------
    >>> sorted(trigrams("ego"))
    [' eg', 'ego', 'go ']
    """
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _having(vocabulary: str, index: dict[str, list[int]], piece: str) -> set[int]:
    """Positions of the entities with a word that contains *piece*."""
    found: set[int] = set()
    for word in _words_containing(vocabulary, piece):
        found.update(index.get(word, ()))
    return found


def _words_containing(vocabulary: str, piece: str) -> Iterator[str]:
    at = vocabulary.find(piece)
    while at != -1:
        start = vocabulary.rfind("\n", 0, at) + 1
        end = vocabulary.find("\n", at)
        yield vocabulary[start:end]
        at = vocabulary.find(piece, end)


def build_search_index(kg: KnowledgeGraph) -> SearchIndex:
    """Read every entity's normalised names and definition (normalised here) into a new index."""
    source = names.name_index(kg)
    index = SearchIndex()
    name_words: defaultdict[str, list[int]] = defaultdict(list)
    definition_words: defaultdict[str, list[int]] = defaultdict(list)
    pieces: defaultdict[str, list[int]] = defaultdict(list)
    definitions = source.definitions
    for position, (entity, normalised) in enumerate(source.normalised.items()):
        index.entities.append(entity)
        words = {word for name in normalised for word in name.split()}
        for word in words:
            name_words[word].append(position)
        spelled = {p for text in [*normalised, *(w for w in words if len(w) > 3)] for p in trigrams(text)}
        for piece in spelled:
            pieces[piece].append(position)
        for word in set(names.normalise(definitions.get(entity, "")).split()):
            definition_words[word].append(position)
    index.name_words = dict(name_words)
    index.definition_words = dict(definition_words)
    index.trigrams = dict(pieces)
    index.name_vocabulary = "\n" + "\n".join(name_words) + "\n"
    index.definition_vocabulary = "\n" + "\n".join(definition_words) + "\n"
    return index
