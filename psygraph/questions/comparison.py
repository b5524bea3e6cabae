"""``compare``: two entities side by side, and the bridges between them.

For any two entities (two theorists, two concepts, two modalities...) the comparison lists:

* the direct links between them;
* what each is linked to, shared first, then what only one of them has, grouped by type
  (concepts, people, schools, works...), each with how it is linked ("introduced by", "author");
* the bridges between their ideas: something linked to one that is related to, contrasts with,
  sits under or derives from something linked to the other (Klein's projective identification
  and Bion's containment), contrasts listed apart;
* for theorists, the analytic ancestors (training analysis only) and the influences they share,
  with the chain from each;
* for two modalities, the evidence for each condition either addresses, side by side.

Examples
--------
>>> import psygraph
>>> found = compare(psygraph.load(), "klein", "winnicott")
>>> found.a_label, found.b_label
('Melanie Klein', 'Donald Winnicott')
>>> "common influence" in {row["aspect"] for row in found.rows}
True
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from psygraph import resolve as names
from psygraph import sparql
from psygraph.errors import UsageError
from psygraph.namespaces import DCTERMS, PSY, SKOS, compact
from psygraph.questions._rows import label, type_of

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

Row = dict[str, Any]

#: The relations that make a bridge between two bodies of ideas.
BRIDGES = frozenset(
    {
        PSY + "relatedTo",
        PSY + "contrastsWith",
        SKOS + "broader",
        SKOS + "narrower",
        PSY + "derivedFrom",
        PSY + "associatedWith",
        PSY + "usesTechnique",
    }
)


@dataclass
class Comparison:
    """Two entities compared.

    Attributes
    ----------
    a, b
        The two IRIs; ``a_label`` and ``b_label`` their labels.
    rows
        Keys ``aspect`` ("link", a type such as "theorist" or "work", "bridge", "contrast",
        "common analytic ancestor", "common influence", "evidence"), ``item`` (what the row is
        about), ``a`` and ``b`` (how it stands to each: a relation, a chain, an evidence level;
        empty when it does not concern that side), ``shared`` (true when both sides have it) and
        ``id``.
    """

    a: str
    b: str
    a_label: str
    b_label: str
    rows: list[Row] = field(default_factory=list)

    def to_dict(self) -> Row:
        """The comparison as JSON-ready data."""
        return {
            "a": compact(self.a),
            "b": compact(self.b),
            "a_label": self.a_label,
            "b_label": self.b_label,
            "rows": self.rows,
        }


def compare(kg: KnowledgeGraph, first: str, second: str) -> Comparison:
    """Compare the entities *first* and *second* (see the module docstring for what is listed)."""
    a = names.resolve(kg, first)
    b = names.resolve(kg, second)
    if a == b:
        msg = f"{first!r} and {second!r} are the same entity ({label(kg, a)}); name two different ones"
        raise UsageError(msg)
    found = Comparison(a, b, label(kg, a), label(kg, b))
    profile_a, profile_b = _profile(kg, a), _profile(kg, b)
    found.rows += _links(kg, a, b, profile_a)
    found.rows += _linked(kg, a, b, profile_a, profile_b)
    found.rows += _bridges(kg, a, b, profile_a, profile_b)
    theorists = names.resolve_type(kg, "Theorist")
    index = names.name_index(kg)
    if index.classes(a) & theorists and index.classes(b) & theorists:
        found.rows += _ancestors(kg, a, b)
    modalities = names.resolve_type(kg, "TherapyModality")
    if index.classes(a) & modalities and index.classes(b) & modalities:
        found.rows += _evidence(kg, a, b)
    return found


def _profile(kg: KnowledgeGraph, entity: str) -> dict[str, list[str]]:
    """Entity -> how *entity* is linked to it ("introduced", "author of"), read from *entity*'s side."""
    known = names.relations(kg)
    classes = names.name_index(kg).classes
    phrases: dict[str, list[str]] = defaultdict(list)
    for row in sparql.run_about(kg, "compare_profile", entity=entity):
        if not classes(row["other"]):  # not an entity: a class, an evidence claim or level
            continue
        prop = row["property"]
        relation = known.get(prop)
        if prop == DCTERMS + "source":
            phrase = "source" if row["direction"] == "out" else "cited by"
        elif relation is None:
            phrase = _local(prop) if row["direction"] == "out" else f"← {_local(prop)}"
        else:
            phrase = relation.label if row["direction"] == "out" else relation.reverse_label()
        if phrase not in phrases[row["other"]]:
            phrases[row["other"]].append(phrase)
    # Sorted, so the answer does not depend on the order a store lists its rows in.
    return {other: sorted(found, key=str.casefold) for other, found in phrases.items()}


def _links(kg: KnowledgeGraph, a: str, b: str, profile_a: dict[str, list[str]]) -> list[Row]:
    return [
        {
            "aspect": "link",
            "item": f"{label(kg, a)} {phrase} {label(kg, b)}",
            "a": phrase,
            "b": "",
            "shared": True,
            "id": compact(b),
        }
        for phrase in profile_a.get(b, [])
    ]


def _linked(
    kg: KnowledgeGraph, a: str, b: str, profile_a: dict[str, list[str]], profile_b: dict[str, list[str]]
) -> list[Row]:
    rows = []
    for other in (set(profile_a) | set(profile_b)) - {a, b}:
        in_a, in_b = profile_a.get(other, []), profile_b.get(other, [])
        rows.append(
            {
                "aspect": type_of(kg, other) or "entity",
                "item": label(kg, other),
                "a": ", ".join(in_a),
                "b": ", ".join(in_b),
                "shared": bool(in_a and in_b),
                "id": compact(other),
            }
        )
    return sorted(rows, key=lambda r: (not r["shared"], not r["a"], r["aspect"], r["item"].casefold()))


def _bridges(
    kg: KnowledgeGraph, a: str, b: str, profile_a: dict[str, list[str]], profile_b: dict[str, list[str]]
) -> list[Row]:
    """Links between what only one side has: the bridges between two bodies of ideas."""
    only_a = set(profile_a) - set(profile_b) - {a, b}
    only_b = set(profile_b) - set(profile_a) - {a, b}
    known = names.relations(kg)
    found: dict[tuple[str, str], Row] = {}
    ideas = _ideas(kg, only_a)
    rows = sparql.run_about(kg, "compare_bridges", x=sorted(ideas)) if ideas else []
    for row in rows:
        x, y, prop = row["x"], row["y"], row["property"]
        if prop not in BRIDGES or y not in only_b:
            continue
        relation = known.get(prop)
        words = relation.label if relation else _local(prop)
        if relation and not row["forward"]:
            words = relation.reverse_label()
        aspect = "contrast" if prop == PSY + "contrastsWith" else "bridge"
        found.setdefault(
            (x, y),
            {
                "aspect": aspect,
                "item": words,
                "a": label(kg, x),
                "b": label(kg, y),
                "shared": False,
                "id": f"{compact(x)} {compact(y)}",
            },
        )
    return sorted(
        found.values(), key=lambda r: (r["aspect"] == "contrast", r["a"].casefold(), r["b"].casefold())
    )


def _ideas(kg: KnowledgeGraph, entities: set[str]) -> set[str]:
    """The concepts, conditions and modalities among *entities*: the ends a bridge can join."""
    kinds = set().union(*(names.resolve_type(kg, t) for t in ("Concept", "Condition", "TherapyModality")))
    classes = names.name_index(kg).classes
    return {e for e in entities if classes(e) & kinds}


def _ancestors(kg: KnowledgeGraph, a: str, b: str) -> list[Row]:
    """The ancestors both theorists share: by training analysis alone, and by any influence."""
    rows = []
    listed: set[str] = set()
    for aspect, analytic in (("common analytic ancestor", True), ("common influence", False)):
        chains_a = _chains(kg, a, analytic)
        chains_b = _chains(kg, b, analytic)
        shared = (set(chains_a) & set(chains_b)) - {a, b} - listed
        listed |= shared
        for ancestor in sorted(shared, key=lambda n: (len(chains_a[n]) + len(chains_b[n]), label(kg, n))):
            rows.append(
                {
                    "aspect": aspect,
                    "item": label(kg, ancestor),
                    "a": " → ".join(label(kg, n) for n in chains_a[ancestor]),
                    "b": " → ".join(label(kg, n) for n in chains_b[ancestor]),
                    "shared": True,
                    "id": compact(ancestor),
                }
            )
    return rows


def _chains(kg: KnowledgeGraph, start: str, analytic: bool) -> dict[str, list[str]]:
    """Ancestor -> the shortest chain of people from *start* up to it (the ancestor last)."""
    up: dict[str, set[str]] = defaultdict(set)
    for row in sparql.run_about(kg, "ancestors", entity=start):
        if row["analysed"] or not analytic:
            up[row["child"]].add(row["parent"])
    chains: dict[str, list[str]] = {start: []}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for parent in sorted(up.get(node, ()), key=lambda p: label(kg, p).casefold()):
            if parent not in chains:
                chains[parent] = [*chains[node], parent]
                queue.append(parent)
    del chains[start]
    return chains


def _evidence(kg: KnowledgeGraph, a: str, b: str) -> list[Row]:
    """For each condition either modality has evidence about, each one's best claim (the first of
    :func:`psygraph.api.treatments`, which lists the highest certainty and strongest design first)."""
    from psygraph.api import treatments

    best: dict[str, dict[str, Row]] = defaultdict(dict)
    for side, modality in (("a", a), ("b", b)):
        for claim in treatments(kg, modality=compact(modality)):
            best[claim["condition"]].setdefault(side, claim)
    rows = []
    for condition, sides in best.items():
        rows.append(
            {
                "aspect": "evidence",
                "item": condition,
                "a": _evidence_text(sides.get("a")),
                "b": _evidence_text(sides.get("b")),
                "shared": len(sides) == 2,
                "id": "",
            }
        )
    return sorted(rows, key=lambda r: (not r["shared"], r["item"].casefold()))


def _evidence_text(claim: Row | None) -> str:
    if claim is None:
        return ""
    source = "; ".join(claim["source"]) if isinstance(claim["source"], list) else str(claim["source"])
    return f"{claim['evidence']} ({source})" if source else str(claim["evidence"])


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
