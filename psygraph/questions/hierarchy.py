"""``tree``: what sits below one entity, as an indented tree.

The tree follows the graph's narrower-than links: narrower concepts and conditions
(``skos:broader``/``skos:narrower``), modalities derived from a modality (``psy:derivedFrom``), for
a defence hierarchy its levels (most adaptive first) and the defences at each level, and for a
school its offshoots: the schools founded by its members (Adler's and Jung's from classical
psychoanalysis). One query
(``queries/tree.rq``) reads the whole subtree from the root; what the root itself sits under
(``queries/broader.rq``) is given beside it, so a concept's family shows.

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> found = tree(kg, "psychosexual development")
>>> found.rows[0]["label"], "oral stage" in [row["label"] for row in found.rows]
('psychosexual development', True)
>>> tree_roots(kg)[0]["label"]
'psychoanalysis'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from psygraph import resolve as names
from psygraph import sparql
from psygraph.errors import UsageError
from psygraph.graph import as_year as year
from psygraph.namespaces import compact
from psygraph.questions._rows import label, type_of

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

Row = dict[str, Any]


@dataclass
class Tree:
    """A tree below one root.

    Attributes
    ----------
    root, label
        The root's IRI and label.
    rows
        In tree order, the root first: keys ``depth`` (0 for the root), ``label``, ``type``,
        ``link`` (how the entry hangs from its parent: "narrower", "derived from", "level",
        "defence", "offshoot"; empty for the root), ``year``, ``parent`` (label) and ``id``. An entry with
        several parents is listed under each, its own entries under the first only (``repeat`` is
        then true).
    broader
        What the root sits under, nearest first (labels), e.g. ``["psychosexual development"]``.
    """

    root: str
    label: str
    rows: list[Row] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    broader_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> Row:
        """The tree as JSON-ready data."""
        return {"root": compact(self.root), "label": self.label, "broader": self.broader, "rows": self.rows}


def tree(kg: KnowledgeGraph, root: str, *, depth: int | None = None) -> Tree:
    """The entries below *root*, to *depth* levels (all when ``None``).

    Narrower entries are ordered by year then label; defence levels from the most adaptive down.
    """
    if depth is not None and depth < 1:
        msg = f"depth must be 1 or more, not {depth}"
        raise UsageError(msg)
    top = names.resolve(kg, root)
    children: dict[str, list[Row]] = defaultdict(list)
    for row in sparql.run_about(kg, "tree", root=top):
        children[row["parent"]].append(row)
    for kids in children.values():
        kids.sort(
            key=lambda r: (-(r["rank"] or 0), year(r["year"]) or 9999, label(kg, r["child"]).casefold())
        )
    above = _broader(kg, top)
    found = Tree(top, label(kg, top), broader=[label(kg, p) for p in above], broader_ids=above)
    found.rows.append(_row(kg, top, 0, "", None, "", False))
    expanded = {top}
    stack = [(kid, 1) for kid in reversed(children.get(top, []))]
    while stack:
        link, level = stack.pop()
        child = link["child"]
        repeat = child in expanded
        found.rows.append(
            _row(kg, child, level, link["how"], link["year"], label(kg, link["parent"]), repeat)
        )
        if repeat or (depth is not None and level >= depth):
            continue
        expanded.add(child)
        stack.extend((kid, level + 1) for kid in reversed(children.get(child, [])))
    return found


def _row(kg: KnowledgeGraph, iri: str, depth: int, link: str, when: Any, parent: str, repeat: bool) -> Row:
    return {
        "depth": depth,
        "label": label(kg, iri),
        "type": type_of(kg, iri),
        "link": link,
        "year": year(when),
        "parent": parent,
        "repeat": repeat,
        "id": compact(iri),
    }


def _broader(kg: KnowledgeGraph, entity: str) -> list[str]:
    """The IRIs *entity* sits under, nearest first (breadth first, each once)."""
    up: dict[str, list[str]] = defaultdict(list)
    for row in sparql.run_about(kg, "broader", entity=entity):
        up[row["child"]].append(row["parent"])
    seen: list[str] = []
    frontier = [entity]
    while frontier:
        nxt = []
        for node in frontier:
            for parent in sorted(up.get(node, []), key=lambda p: label(kg, p).casefold()):
                if parent not in seen and parent != entity:
                    seen.append(parent)
                    nxt.append(parent)
        frontier = nxt
    return seen


def tree_roots(kg: KnowledgeGraph) -> list[Row]:
    """The tops of the trees: entries with something below them and nothing above, largest first.

    Returns
    -------
    list of dict
        Keys ``label``, ``type``, ``below`` (direct entries below) and ``id``.
    """
    rows = [
        {
            "label": label(kg, row["root"]),
            "type": type_of(kg, row["root"]),
            "below": int(row["children"]),
            "id": compact(row["root"]),
        }
        for row in sparql.run(kg, "tree_roots")
    ]
    return sorted(rows, key=lambda r: (-r["below"], r["label"].casefold()))
