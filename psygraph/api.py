"""The questions people ask psygraph, as Python functions; the CLI is a thin face over these.

Each function takes a loaded :class:`~psygraph.graph.KnowledgeGraph` and names as people type them
(resolved with :func:`psygraph.resolve.resolve`), and returns plain rows (lists of dicts with stable
keys) or small dataclasses. Entities are identified in the rows by a prefixed ``id``
(``id:melanie-klein``), which every function accepts back as a name.

Lookups (:func:`describe`, :func:`search`, :func:`defences`, :func:`treatments`,
:func:`evidence_chain`, :func:`concepts`, :func:`stats`) use SPARQL; local questions walk the store
at every graph size (:func:`paths` with :mod:`psygraph.walk`, :func:`neighbours` with
:func:`psygraph.project.project_local`); whole-graph questions (:func:`lineage`, :func:`rank`,
:func:`communities`) use the networkx projection, which is imported and built only when one of them
is first asked; :func:`search` reads candidates from
:mod:`psygraph.searchindex` rather than scoring every entity.

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> describe(kg, "winnicott").label
'Donald Winnicott'
>>> search(kg, "winnicot")[0]["label"]
'Donald Winnicott'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from psygraph import resolve as names
from psygraph import sparql
from psygraph.entity import Entity, describe
from psygraph.errors import UnknownEntityError, UsageError
from psygraph.graph import as_year
from psygraph.namespaces import ONTOLOGY_IRI, OWL, compact

if TYPE_CHECKING:
    from psygraph.analysis import Step
    from psygraph.graph import KnowledgeGraph

__all__ = [
    "Entity",
    "PathResult",
    "communities",
    "concepts",
    "data_version",
    "defences",
    "describe",
    "evidence_chain",
    "lineage",
    "neighbours",
    "paths",
    "rank",
    "search",
    "short_citation",
    "stats",
    "treatments",
]

Row = dict[str, Any]


def search(kg: KnowledgeGraph, text: str, *, limit: int | None = 20, types: str | None = None) -> list[Row]:
    """Entities whose labels, synonyms or definitions match *text*, best match first.

    An exact label beats a synonym, which beats a label that starts with the text, then whole words,
    then part of a word, then the definition; close misspellings count a little. Ties go to the
    better-connected entity.

    Returns
    -------
    list of dict
        Keys ``label``, ``type``, ``match`` (what matched), ``score`` (0-100) and ``id``.
    """
    from psygraph.scoring import NOT_BY_NAME, score_entries
    from psygraph.searchindex import candidate_groups, sorted_like

    allowed = names.resolve_type(kg, types) if types else None
    index = names.name_index(kg)

    # Label matches first; definition and spelling matches score less, so they are looked for only
    # when the label matches do not fill the limit.
    by_name, others = candidate_groups(kg, text)
    found = {entry.iri: entry for entry in index.entries(by_name)}
    scores = score_entries(found.values(), text)

    def fits(entity: str) -> bool:
        return allowed is None or bool(found[entity].classes & allowed)

    if limit is None or sum(s > NOT_BY_NAME and fits(e) for e, (s, _) in scores.items()) < limit:
        entries = index.entries(others)
        more = score_entries(entries, text)
        if more:
            found.update((entry.iri, entry) for entry in entries)
            scores.update(more)
            scores = {e: scores[e] for e in sorted_like(kg, list(scores))}
    rows: list[Row] = []
    for entity, (score, match) in scores.items():
        if not fits(entity):
            continue
        entry = found[entity]
        rows.append(
            {
                "label": entry.label,
                "type": names.type_label(kg, kg.schema.most_specific(entry.classes)),
                "match": match,
                "score": score,
                "id": compact(entity),
                "_links": entry.links,
            }
        )
    rows.sort(key=lambda r: (-r["score"], -r["_links"], r["label"].casefold()))
    for row in rows:
        del row["_links"]
    return rows if limit is None else rows[:limit]


def neighbours(
    kg: KnowledgeGraph,
    name: str,
    *,
    depth: int = 1,
    relations: Iterable[str] = (),
    types: str | None = None,
) -> list[Row]:
    """The entities within *depth* links of *name*, optionally only through some relations or of a type.

    Returns
    -------
    list of dict
        Keys ``distance``, ``via`` (the entity it is reached from), ``relation`` (how it reads from
        there, e.g. "introduced" or "analysed by"), ``neighbour``, ``type``, ``year`` (a work's or
        concept's year, a theorist's birth year; ``None`` when undated) and ``id``; nearest first,
        then by relation, then oldest first. When *types* takes in works, the works *name* cites as
        its sources are listed too (relation "source"), so ``types="work"`` answers "what to read".
    """
    from psygraph import analysis
    from psygraph.project import project_local

    _check_positive("depth", depth)
    center = names.resolve(kg, name)
    wanted = _relation_set(kg, relations)
    classes = _type_names(kg, types)
    G = project_local(kg, center, depth, relations=wanted)
    rows = []
    for found in analysis.neighbourhood(G, center, depth=depth, relations=wanted, types=classes):
        rows.append(
            {
                "distance": found["distance"],
                "via": _node_label(G, found["parent"]),
                "relation": _phrases(kg, found["steps"]),
                "neighbour": _node_label(G, found["node"]),
                "type": names.type_label(kg, names.entity_type(kg, found["node"])),
                "year": _node_year(G, found["node"]),
                "id": compact(found["node"]),
            }
        )
    if classes is not None and "Work" in classes and not relations:
        rows += _sources(kg, G, center, {row["id"] for row in rows})
    return sorted(rows, key=_neighbour_order)


def _sources(kg: KnowledgeGraph, G: Any, center: str, listed: set[str]) -> list[Row]:
    """The works *center* cites as its sources (annotations, not edges), as rows one link away."""
    works = [
        w for w in (G.nodes[center].get("sources", []) if center in G else []) if compact(w) not in listed
    ]
    years = (
        {row["entity"]: as_year(row["year"]) for row in sparql.run_about(kg, "years", entity=works)}
        if works
        else {}
    )
    found = []
    for work in works:
        found.append(
            {
                "distance": 1,
                "via": _node_label(G, center),
                "relation": "source",
                "neighbour": names.label(kg, work),
                "type": names.type_label(kg, names.entity_type(kg, work)),
                "year": years.get(work),
                "id": compact(work),
            }
        )
    return found


def _node_year(G: Any, node: str) -> int | None:
    data = G.nodes[node] if node in G else {}
    return data.get("year", data.get("birth_year"))


def _neighbour_order(row: Row) -> tuple[Any, ...]:
    """Nearest first, then by relation, then oldest first (undated last), then by name."""
    return (
        row["distance"],
        row["relation"],
        row["year"] is None,
        row["year"] or 0,
        row["neighbour"].casefold(),
    )


class PathResult:
    """One path between two entities: its steps (real triples) and the chain people read."""

    def __init__(self, number: int, steps: list[Step], chain: str, labels: dict[str, str]) -> None:
        self.number = number
        self.steps = steps
        self.chain = chain
        self._labels = labels

    def __len__(self) -> int:
        return len(self.steps)

    def step_rows(self) -> list[Row]:
        """One row per step: the triple as stated (subject, relation, object) and the walking direction."""
        return [
            {
                "path": self.number,
                "step": i,
                "subject": self._labels[step.subject],
                "relation": step.relation_label,
                "object": self._labels[step.object],
                "direction": "forward" if step.forward else "backward",
                "subject_id": compact(step.subject),
                "predicate": compact(step.predicate),
                "object_id": compact(step.object),
            }
            for i, step in enumerate(self.steps, start=1)
        ]

    def to_dict(self) -> Row:
        """The path as JSON-ready data."""
        return {"path": self.number, "length": len(self), "chain": self.chain, "steps": self.step_rows()}


def paths(
    kg: KnowledgeGraph,
    source: str,
    target: str,
    *,
    relations: Iterable[str] = (),
    limit: int | None = 1,
) -> list[PathResult]:
    """The shortest connections between *source* and *target*, each step a real triple.

    Paths are found with the direction of the relations ignored, and written with it kept:
    ``Donald Winnicott → analysed by → James Strachey → analysed by → Sigmund Freud``; a step walked
    against a triple's direction shows ``←``. *limit* caps how many of the equally short paths come
    back (``None``: all); *relations* restricts the walk. A path from an entity to itself is
    refused with :class:`UsageError`.
    """
    from psygraph import analysis, walk

    if limit is not None:
        _check_positive("the number of paths", limit)
    start = names.resolve(kg, source)
    end = names.resolve(kg, target)
    if start == end:
        msg = f"{source!r} and {target!r} are the same entity ({compact(start)}); give two different ones"
        raise UsageError(msg)
    wanted = _relation_set(kg, relations)
    found, G = walk.shortest_paths(kg, start, end, relations=wanted, limit=limit)
    results = []
    for number, steps in enumerate(found, start=1):
        labels = {node: _node_label(G, node) for step in steps for node in (step.subject, step.object)}
        results.append(PathResult(number, steps, analysis.format_path(G, steps), labels))
    return results


def lineage(
    kg: KnowledgeGraph,
    name: str,
    *,
    direction: str = "up",
    depth: int | None = None,
    relations: Iterable[str] = (),
) -> list[Row]:
    """The influence and training-analysis tree of the theorist *name*.

    ``up`` lists the people who influenced or analysed them, and so on back; ``down`` those they
    influenced or analysed. *relations* narrows the links followed (default: influenced by and
    analysed by).

    Returns
    -------
    list of dict
        In tree order, keys ``depth``, ``theorist``, ``relation`` (how they relate to ``of``, e.g.
        "analysed, influenced"), ``of``, ``repeat`` (true when the theorist is listed in full under
        another of their students or teachers) and ``id``. A theorist linked to several people in
        the tree is listed under each of them.
    """
    from psygraph import analysis
    from psygraph.project import project_lineage

    if depth is not None:
        _check_positive("depth", depth)
    root = names.resolve(kg, name, types="Theorist")
    wanted = _relation_set(kg, relations) or set(analysis.LINEAGE_RELATIONS)
    known = names.relations(kg)
    G = project_lineage(kg, root, direction=direction, relations=wanted, depth=depth)
    rows = []
    for found in analysis.lineage(G, root, direction=direction, relations=wanted, depth=depth):
        phrases = [
            known[p].reverse_label() if direction == "up" and p in known else _relation_label(kg, p)
            for p in found["relations"]
        ]
        rows.append(
            {
                "depth": found["depth"],
                "theorist": _node_label(G, found["node"]),
                "relation": ", ".join(phrases),
                "of": _node_label(G, found["parent"]),
                "repeat": found["repeat"],
                "id": compact(found["node"]),
            }
        )
    return rows


def defences(kg: KnowledgeGraph, *, hierarchy: str | None = None, level: str | None = None) -> list[Row]:
    """Defence mechanisms by level: per hierarchy, the most adaptive level first.

    *hierarchy* and *level* are an id or a full name, or the words the name starts with
    ("vaillant", "dsm"; "immature", "high adaptive"); such words may fit a level in each hierarchy.

    Returns
    -------
    list of dict
        Keys ``hierarchy``, ``rank`` (higher = more adaptive), ``level``, ``defence`` and ``id``.

    Raises
    ------
    UsageError
        No hierarchy or level has such a name; the message lists them.
    """
    found = sparql.run(kg, "defences")
    if hierarchy:
        found = _narrow(kg, found, "hierarchy", hierarchy)
    if level:
        found = _narrow(kg, found, "level", level)
    rows = [
        {
            "hierarchy": row["hierarchyLabel"] or _maybe_label(kg, row["hierarchy"]),
            "rank": as_year(row["rank"]),
            "level": row["levelLabel"] or names.label(kg, row["level"]),
            "defence": row["defenceLabel"] or names.label(kg, row["defence"]),
            "id": compact(row["defence"]),
        }
        for row in found
    ]
    unique = {(r["hierarchy"], r["level"], r["id"]): r for r in rows}
    return sorted(
        unique.values(),
        key=lambda r: (r["hierarchy"].casefold(), -(r["rank"] or 0), r["level"], r["defence"].casefold()),
    )


def _narrow(kg: KnowledgeGraph, rows: list[Row], column: str, name: str) -> list[Row]:
    """The *rows* whose *column* (``hierarchy`` or ``level``) is the one *name* names: by id or full
    name, else every one whose name starts with the words of *name*."""
    labels = {r[column]: r[f"{column}Label"] or names.label(kg, r[column]) for r in rows if r[column]}
    kind = "DefenceLevel" if column == "level" else "DefenceHierarchy"
    try:
        wanted = {names.resolve(kg, name, types=kind)}
    except UnknownEntityError:
        start = names.normalise(name)
        wanted = {iri for iri, text in labels.items() if start and names.normalise(text).startswith(start)}
        if not wanted:
            choices = "; ".join(sorted(set(labels.values()), key=str.casefold))
            msg = f"no defence {column} named {name!r}; the {column}s are: {choices}"
            raise UsageError(msg) from None
    return [row for row in rows if row[column] in wanted]


def treatments(kg: KnowledgeGraph, condition: str | None = None, *, modality: str | None = None) -> list[Row]:
    """The evidence claims for *condition* or *modality*, one row per claim, highest certainty first.

    See :func:`psygraph.evidence.treatments` for the row keys.
    """
    from psygraph import evidence

    return evidence.treatments(kg, condition, modality=modality)


def evidence_chain(kg: KnowledgeGraph, concept: str) -> list[Row]:
    """From the idea *concept* to the modalities that put it to work and the claims that test them.

    See :func:`psygraph.evidence.evidence_chain` for the row keys.
    """
    from psygraph import evidence

    return evidence.evidence_chain(kg, concept)


def concepts(
    kg: KnowledgeGraph,
    *,
    by: str | None = None,
    school: str | None = None,
    since: int | None = None,
) -> list[Row]:
    """Concepts (defences and techniques included) by who introduced or developed them, school or year.

    Returns
    -------
    list of dict
        Oldest first; keys ``concept``, ``type``, ``year``, ``introduced_by``, ``developed_by``,
        ``school`` and ``id``. ``year`` is ``None`` when the data gives none; such concepts are
        left out when *since* is given.
    """
    theorist = names.resolve(kg, by, types="Theorist") if by else None
    school_iri = names.resolve(kg, school, types="School") if school else None
    found: dict[str, Row] = {}
    for row in sparql.run(kg, "concepts"):
        entry = found.setdefault(
            row["concept"],
            {
                "concept": row["conceptLabel"] or names.label(kg, row["concept"]),
                "type": names.type_label(kg, names.entity_type(kg, row["concept"])),
                "year": as_year(row["year"]),
                "introduced_by": [],
                "developed_by": [],
                "school": [],
                "id": compact(row["concept"]),
                "_people": set(),
                "_schools": set(),
            },
        )
        if row["theorist"]:
            entry["_people"].add(row["theorist"])
            people = entry["introduced_by" if row["role"] == "introduced" else "developed_by"]
            _append_new(people, row["theoristLabel"] or names.label(kg, row["theorist"]))
        if row["school"]:
            entry["_schools"].add(row["school"])
            _append_new(entry["school"], row["schoolLabel"] or names.label(kg, row["school"]))
    # The theorist and school patterns are optional in the query, so they are filtered here.
    rows = [
        r
        for r in found.values()
        if (theorist is None or theorist in r["_people"])
        and (school_iri is None or school_iri in r["_schools"])
        and (since is None or (r["year"] is not None and r["year"] >= since))
    ]
    for row in rows:
        del row["_people"], row["_schools"]
        for key in ("introduced_by", "developed_by", "school"):  # the same order from any store
            row[key].sort(key=str.casefold)
    return sorted(rows, key=lambda r: (r["year"] is None, r["year"] or 0, r["concept"].casefold()))


def rank(
    kg: KnowledgeGraph,
    *,
    measure: str = "degree",
    types: str | None = None,
    limit: int = 20,
    relations: Iterable[str] = (),
) -> list[Row]:
    """The most central entities by *measure* (see :data:`psygraph.analysis.MEASURES`).

    With *types*, the measure is computed on the subgraph of entities of that type (theorists
    among theorists, say); without, on the whole graph. With *relations*, only on the network those
    relations state, each link pointing the way the name given reads: with "influenced", from the
    teacher to the heir; with "influenced by", from the heir to the teacher. ``in-degree`` then
    counts the links pointing at an entity, ``out-degree`` those leaving it, and ``pagerank``
    scores an entity high when links point at it from entities that are themselves pointed at.
    ``pagerank`` needs *relations*: on a network of mixed relations its direction means nothing.

    Returns
    -------
    list of dict
        Keys ``rank``, ``label``, ``type``, ``score`` and ``id``.
    """
    from psygraph import analysis

    if measure not in analysis.MEASURES:
        msg = f"unknown measure {measure!r}; use one of {', '.join(analysis.MEASURES)}"
        raise UsageError(msg)
    _check_positive("the limit", limit)
    directions = _directions(kg, relations)
    if measure in analysis.DIRECTED_MEASURES and not directions:
        msg = (
            f"{measure} follows the direction of a stated network: add --relation, e.g. "
            f"--relation 'influenced by' (a high score: influenced many, or influenced the influential)"
        )
        raise UsageError(msg)
    G = _typed_graph(kg, types)
    if directions:
        G = analysis.oriented(G, directions)
    scores = analysis.centrality(G, measure)
    return [
        {
            "rank": position,
            "label": _node_label(G, node),
            "type": names.type_label(kg, names.entity_type(kg, node)),
            "score": int(score) if measure.endswith("degree") else round(score, 6),
            "id": compact(node),
        }
        for position, (node, score) in enumerate(analysis.ranked(scores, G, limit), start=1)
    ]


def communities(kg: KnowledgeGraph, *, types: str | None = None, min_size: int = 2) -> list[Row]:
    """Groups of densely linked entities (Louvain, fixed seed: the same answer every run).

    Each group is labelled by its most central member (the best connected) and its dominant school
    (the school most of its members belong to, directly or through the people behind them).

    Returns
    -------
    list of dict
        Largest first; keys ``community``, ``size``, ``central`` (label of the most central member),
        ``school`` (the dominant school and its share of the members, e.g. "Kleinian school (12)";
        empty when no member has a school), ``members`` (labels, best-connected first) and ``ids``.
        Groups smaller than *min_size* (lone entities) are left out.
    """
    from collections import Counter

    from psygraph import analysis
    from psygraph.viz import schools_of

    G = _typed_graph(kg, types)
    groups = [group for group in analysis.communities(G) if len(group) >= min_size]
    schools = schools_of(kg.nx)
    rows = []
    for number, group in enumerate(groups, start=1):
        counts = Counter(school for node in group for school in schools.get(node, ()))
        top = min(counts.items(), key=lambda kv: (-kv[1], _node_label(kg.nx, kv[0]).casefold()), default=None)
        rows.append(
            {
                "community": number,
                "size": len(group),
                "central": _node_label(G, group[0]),
                "school": f"{_node_label(kg.nx, top[0])} ({top[1]})" if top else "",
                "members": [_node_label(G, node) for node in group],
                "ids": [compact(node) for node in group],
            }
        )
    return rows


def stats(kg: KnowledgeGraph) -> list[Row]:
    """Counts: entities by type, triples by relation, and totals.

    Returns
    -------
    list of dict
        Keys ``kind`` (``total``, ``type`` or ``relation``), ``name`` and ``count``.
    """
    index = names.name_index(kg)
    by_type: dict[str, int] = defaultdict(int)
    for _, classes in index.all_classes():
        by_type[names.type_label(kg, kg.schema.most_specific(classes))] += 1
    totals = sparql.run(kg, "counts")[0]
    rows: list[Row] = [
        {"kind": "total", "name": "entities", "count": len(index)},
        {"kind": "total", "name": "triples (ontology and data)", "count": totals["triples"]},
        {"kind": "total", "name": "evidence claims", "count": totals["claims"]},
        {"kind": "total", "name": "works cited as sources", "count": totals["sources"]},
    ]
    rows += [{"kind": "type", "name": t, "count": n} for t, n in sorted(by_type.items(), key=_by_count)]
    relation_counts = {
        _relation_label(kg, row["property"]): row["count"] for row in sparql.run(kg, "relation_counts")
    }
    rows += [
        {"kind": "relation", "name": r, "count": n} for r, n in sorted(relation_counts.items(), key=_by_count)
    ]
    return rows


def data_version(kg: KnowledgeGraph | None = None) -> str:
    """The version of the data model: ``owl:versionInfo`` of the ontology (read from *kg* if given).

    Without *kg*, only the ontology files are parsed, which is quick (for ``psygraph --version``).
    """
    if kg is not None:
        rows = sparql.run(kg, "version")
        return str(rows[0]["version"]) if rows else "unknown"
    import pyoxigraph as ox

    from psygraph import resources

    for source in resources.schema_files():
        for triple in ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE):
            if triple.subject == ox.NamedNode(ONTOLOGY_IRI) and triple.predicate.value == OWL + "versionInfo":
                return triple.object.value
    return "unknown"


def short_citation(citation: str | None) -> str:
    """A short reference, "Surname 1999", "A & B 1999" or "A et al. 1999", from an APA-style citation.

    Examples
    --------
    >>> short_citation("Bateman, A., & Fonagy, P. (1999). Effectiveness of partial hospitalization.")
    'Bateman & Fonagy 1999'
    >>> short_citation("Clarkin, J. F., Levy, K. N., Lenzenweger, M. F., & Kernberg, O. F. (2007). Title.")
    'Clarkin et al. 2007'
    >>> short_citation("American Psychiatric Association (1994). DSM-IV. Washington.")
    'American Psychiatric Association 1994'
    """
    if not citation:
        return ""
    head, _, rest = citation.partition("(")
    year = re.match(r"(\d{4}[a-z]?)", rest)
    surnames = re.findall(r"([A-Z][\w'\-]+(?: [A-Z][\w'\-]+)*), (?:[A-Z]\.[ -]?)+", head)
    if not surnames:
        surnames = [head.strip().rstrip(".,")] if head.strip() else []
    if not surnames or not year:
        return ""
    who = " & ".join(surnames) if len(surnames) <= 2 else f"{surnames[0]} et al."
    return f"{who} {year.group(1)}"


def _relation_set(kg: KnowledgeGraph, relations: Iterable[str]) -> set[str] | None:
    wanted = {names.resolve_relation(kg, r) for r in relations}
    return wanted or None


def _directions(kg: KnowledgeGraph, relations: Iterable[str]) -> dict[str, bool]:
    """Projected relation IRI -> whether the name given reads the way the projection stores it
    (``False`` when the inverse was named: "influenced" for ``influencedBy``)."""
    known = names.relations(kg)
    found: dict[str, bool] = {}
    for name in relations:
        iri = names.resolve_relation(kg, name)
        relation = known.get(iri)
        key = names.normalise(name)
        own = {names.normalise(iri.rsplit("#", 1)[-1]), names.normalise(compact(iri)), names.normalise(iri)}
        if relation is not None:
            own.add(names.normalise(relation.label))
        found[iri] = key in own or bool(relation and relation.symmetric)
    return found


def _type_names(kg: KnowledgeGraph, types: str | None) -> set[str] | None:
    """The projection's ``type`` values (class local names) for *types*, subclasses included."""
    if not types:
        return None
    return {cls.rsplit("#", 1)[-1] for cls in names.resolve_type(kg, types)}


def _typed_graph(kg: KnowledgeGraph, types: str | None) -> Any:
    from psygraph import analysis

    wanted = _type_names(kg, types)
    return kg.nx if wanted is None else analysis.of_types(kg.nx, wanted)


def _phrases(kg: KnowledgeGraph, steps: list[Step]) -> str:
    """How the end of each step relates to its start: "introduced by" forwards, "introduced" backwards."""
    known = names.relations(kg)
    phrases: list[str] = []
    for step in steps:
        relation = known.get(step.predicate)
        if step.forward or relation is None:
            phrase = relation.label if relation else step.relation_label
        else:
            phrase = relation.reverse_label()
        _append_new(phrases, phrase)
    return ", ".join(phrases)


def _relation_label(kg: KnowledgeGraph, predicate: str) -> str:
    relation = names.relations(kg).get(predicate)
    return relation.label if relation else compact(predicate)


def _node_label(G: Any, node: str) -> str:
    return str(G.nodes[node].get("label", compact(node))) if node in G else compact(node)


def _maybe_label(kg: KnowledgeGraph, iri: str | None) -> str:
    return names.label(kg, iri) if iri else ""


def _append_new(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _check_positive(what: str, value: int) -> None:
    if value < 1:
        msg = f"{what} must be 1 or more, not {value}"
        raise UsageError(msg)
