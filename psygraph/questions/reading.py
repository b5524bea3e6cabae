"""``reading-list``: a dated reading order on a concept, a school or a person.

The topic's focus is the concept itself, a school's concepts, or the concepts a person introduced
or developed (and the works they wrote). What each focus sits under (``skos:broader``,
``psy:derivedFrom``, all the way up) must be understood first, so the work that introduced each
of those prerequisites comes before the works that build on it. Within that constraint the list
is in order of publication. Each work comes with its citation and, where the data records one,
its DOI.

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> rows = reading_list(kg, "oral stage")
>>> [row["title"] for row in rows][:2]
['Three Essays on the Theory of Sexuality', 'A Short Study of the Development of the Libido']
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from psygraph import resolve as names
from psygraph import sparql
from psygraph.graph import as_year as year
from psygraph.namespaces import compact
from psygraph.questions._rows import label

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

Row = dict[str, Any]


def reading_list(kg: KnowledgeGraph, topic: str) -> list[Row]:
    """The works to read on *topic* (a concept, modality, condition, school or person), in order.

    Returns
    -------
    list of dict
        Keys ``step`` (1, 2, ...), ``year``, ``title``, ``authors`` (list, by name), ``why`` (what the work
        introduces or describes, and what it is needed for), ``citation``, ``doi`` (``None`` when
        not recorded) and ``id``. Empty when the graph links no work to the topic.
    """
    root = names.resolve(kg, topic)
    foci, above = _focus(kg, root)
    prerequisites = _closure(above, foci) - foci
    works: dict[str, Row] = {}
    reasons: dict[str, list[str]] = defaultdict(list)
    about: dict[str, set[str]] = defaultdict(set)  # work -> the concepts it is read for
    introduced: dict[str, set[str]] = defaultdict(set)  # concept -> the works that introduced it
    described: dict[str, list[tuple[int, str]]] = defaultdict(list)
    found = sparql.run_about(kg, "reading_works", concept=sorted(_closure(above, foci)))
    # In a fixed order (by the author, then what introduces, then what describes), whatever the store.
    for row in sorted(
        found, key=lambda r: (_ROLES.index(r["role"]), r["concept"], r["work"], r["author"] or "")
    ):
        work, concept, role = row["work"], row["concept"], row["role"]
        entry = works.setdefault(
            work,
            {
                "year": year(row["year"]),
                "title": label(kg, work),
                "authors": [],
                "citation": row["citation"] or "",
                "doi": row["doi"] or None,
                "id": compact(work),
            },
        )
        if row["author"] and label(kg, row["author"]) not in entry["authors"]:
            entry["authors"].append(label(kg, row["author"]))
        if role == "introduced":
            introduced[concept].add(work)
        elif role == "described":
            described[concept].append((entry["year"] or 9999, work))
        if concept in foci or concept == root:
            about[work].add(concept)
            _add(reasons[work], _reason(kg, role, concept, root))
    # A prerequisite is read in the work that introduced it (or, if none is recorded, the earliest
    # that describes it), once, for the focus concepts that need it.
    needed_by = _needed_by(above, foci)
    first_read: dict[str, set[str]] = {}
    for concept in sorted(prerequisites):
        chosen = introduced.get(concept) or (
            {min(described[concept])[1]} if described.get(concept) else set()
        )
        first_read[concept] = chosen
        for work in chosen:
            about[work].add(concept)
            users = ", ".join(sorted(label(kg, c) for c in needed_by.get(concept, ())))
            _add(reasons[work], f"introduces {label(kg, concept)}, needed for {users}")
    for concept in foci:
        first_read.setdefault(concept, introduced.get(concept, set()))
    chosen_works = [w for w in works if reasons.get(w)]
    order = _order(chosen_works, works, about, above, first_read)
    return [
        {
            "step": step,
            "year": works[w]["year"],
            "title": works[w]["title"],
            "authors": sorted(works[w]["authors"], key=str.casefold),  # the data gives no order
            "why": "; ".join(reasons[w]),
            "citation": works[w]["citation"],
            "doi": works[w]["doi"],
            "id": works[w]["id"],
        }
        for step, w in enumerate(order, start=1)
    ]


def _focus(kg: KnowledgeGraph, root: str) -> tuple[set[str], dict[str, set[str]]]:
    """The focus concepts of *root*, and for every concept reached, what it sits directly under."""
    foci: set[str] = set()
    above: dict[str, set[str]] = defaultdict(set)
    for row in sparql.run_about(kg, "reading_focus", topic=root):
        foci.add(row["focus"])
        if row["needs"]:
            above[row["concept"]].add(row["needs"])
    return foci, above


def _closure(above: dict[str, set[str]], start: set[str]) -> set[str]:
    seen = set(start)
    stack = list(start)
    while stack:
        for parent in above.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def _needed_by(above: dict[str, set[str]], foci: set[str]) -> dict[str, set[str]]:
    """Prerequisite -> the focus concepts that sit under it."""
    users: dict[str, set[str]] = defaultdict(set)
    for focus in foci:
        for needed in _closure(above, {focus}) - {focus}:
            users[needed].add(focus)
    return users


def _order(
    chosen: list[str],
    works: dict[str, Row],
    about: dict[str, set[str]],
    above: dict[str, set[str]],
    first_read: dict[str, set[str]],
) -> list[str]:
    """*chosen* works in publication order, each after the works that introduced what it needs."""
    wanted = set(chosen)
    before: dict[str, set[str]] = {w: set() for w in chosen}
    for work in chosen:
        for concept in about[work]:
            for needed in _closure(above, {concept}) - {concept}:
                before[work] |= (first_read.get(needed, set()) & wanted) - {work}
    after: dict[str, set[str]] = defaultdict(set)
    for work, earlier in before.items():
        for other in earlier:
            after[other].add(work)
    waiting = {w: len(before[w]) for w in chosen}

    def key(work: str) -> tuple[int, str, str]:
        return (works[work]["year"] or 9999, works[work]["title"].casefold(), work)

    ready = [key(w) for w in chosen if waiting[w] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    done: set[str] = set()
    while len(order) < len(chosen):
        if not ready:  # a cycle (two works each needing the other): take the oldest left
            heapq.heappush(ready, min(key(w) for w in chosen if w not in done))
        work = heapq.heappop(ready)[2]
        if work in done:
            continue
        done.add(work)
        order.append(work)
        for later in after[work]:
            waiting[later] -= 1
            if waiting[later] == 0 and later not in done:
                heapq.heappush(ready, key(later))
    return order


#: The ways a work is linked to what it is read for, in the order a reason lists them.
_ROLES = ("wrote", "introduced", "described")


def _reason(kg: KnowledgeGraph, role: str, concept: str, root: str) -> str:
    if role == "wrote":
        return f"by {label(kg, concept)}"
    return f"{'introduces' if role == 'introduced' else 'on'} {label(kg, concept)}"


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
