"""Ranking for ``psygraph search``: how well each entity's labels, synonyms and definition match a text.

Kept apart from :mod:`psygraph.api` so the scoring rules are in one small place. Scores run from 0 to
100: an exact preferred label scores 100, and each weaker kind of match scores less (see
:data:`SCORES`). Everything is compared in :func:`psygraph.resolve.normalise` form, so case, accents
and British or American spelling do not matter.

Examples
--------
>>> import psygraph
>>> from psygraph.namespaces import ID
>>> index = psygraph.load().names
>>> score_entities(index, "projective identification")[ID + "projective-identification"]
(100, 'label')
>>> score_entities(index, "projective identifcation")[ID + "projective-identification"]
(39, 'similar spelling')
>>> score_entities(index, "zzzz", [ID + "projective-identification"])
{}
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from psygraph.index import Entry, NameIndex
from psygraph.names import normalise

#: Points for each kind of match, for a preferred label and for a synonym.
SCORES = {
    "exact": (100, 95),
    "surname": (90, 90),
    "prefix": (85, 80),
    "words": (75, 70),
    "substring": (60, 55),
    "all words": (50, 45),
}
DEFINITION_WORDS = 30
DEFINITION_SUBSTRING = 25
#: Close misspellings (difflib ratio at least this) score up to :data:`SPELLING`.
FUZZY_CUTOFF = 0.8
SPELLING = 40
#: The most a match by definition or spelling scores; every label or synonym match scores more, so a
#: search that has enough label matches to fill its limit need not look further.
NOT_BY_NAME = max(DEFINITION_WORDS, DEFINITION_SUBSTRING, SPELLING)


def score_entities(
    index: NameIndex, text: str, candidates: Iterable[str] | None = None
) -> dict[str, tuple[int, str]]:
    """Entity IRI -> ``(score, what matched)`` for every entity that matches *text* at all.

    With *candidates* (from :func:`psygraph.searchindex.candidates`) only those entities are
    scored, which on a big graph is most of the saving.
    """
    return score_entries(index.entries(candidates), text)


def score_entries(entries: Iterable[Entry], text: str) -> dict[str, tuple[int, str]]:
    """Entity IRI -> ``(score, what matched)`` for each of *entries* that matches *text* at all."""
    query = normalise(text)
    if not query:
        return {}
    words = query.split()
    whole = re.compile(r"(?:^|\s)" + re.escape(query) + r"(?:\s|$)")
    found: dict[str, tuple[int, str]] = {}
    for entry in entries:
        names = entry.names
        best = _label_score(names, query, words, whole, entry.alt_labels)
        if entry.theorist and names[0].split()[-1:] == [query]:
            best = max(best or (0, ""), (SCORES["surname"][0], "surname"))
        if best is None:
            best = _definition_score(entry.definition, query, words)
        if best is None:
            best = _fuzzy_score(names, query)
        if best is not None:
            found[entry.iri] = best
    return found


def _label_score(
    names: list[str], query: str, words: list[str], whole: re.Pattern[str], alt_labels: list[str]
) -> tuple[int, str] | None:
    tests = {
        "exact": lambda n: n == query,
        "prefix": lambda n: n.startswith(query + " "),
        "words": lambda n: bool(whole.search(n)),
        "substring": lambda n: query in n,
        "all words": lambda n: all(w in n.split() for w in words),
    }
    for kind, test in tests.items():
        for position, name in enumerate(names):
            if test(name):
                pref, alt = SCORES[kind]
                if position == 0:
                    return pref, "label"
                return alt, f"synonym: {alt_labels[position - 1]}"
    return None


def _definition_score(text: str, query: str, words: list[str]) -> tuple[int, str] | None:
    if not text:
        return None
    tokens = text.split()
    if all(any(token.startswith(w) for token in tokens) for w in words):
        return DEFINITION_WORDS, "definition"
    if query in text:
        return DEFINITION_SUBSTRING, "definition"
    return None


def _fuzzy_score(names: list[str], query: str) -> tuple[int, str] | None:
    candidates = names + [word for name in names for word in name.split() if len(word) > 3]
    # A ratio is at most 2 * min(lengths) / (sum of lengths): strings too short or too long to reach
    # the cutoff are skipped unmeasured, which leaves the answer unchanged and search 2-3 times faster.
    n = len(query)
    close = (c for c in candidates if 2 * min(n, len(c)) >= FUZZY_CUTOFF * (n + len(c)))
    ratio = max((difflib.SequenceMatcher(None, query, c).ratio() for c in close), default=0.0)
    if ratio >= FUZZY_CUTOFF:
        return round(SPELLING * ratio), "similar spelling"
    return None
