"""The ontology as psygraph's code reads it: classes, their names and kinds, and the relations.

Read once per graph (:attr:`psygraph.graph.KnowledgeGraph.schema`) from the ``classes`` and
``relations`` queries, so every face of psygraph names types and relations the same way and each rule
lives here once: the most specific type of an entity, which classes are concept kinds, which side of
an inverse pair the projection keeps, how a relation reads backwards, and how a type or relation
typed by a person ("defense mechanisms", "analyzed by", "influenced") is found.

Examples
--------
>>> import psygraph
>>> schema = psygraph.load().schema
>>> schema.type_label(schema.resolve_type("defenses")[0])
'defence mechanism'
>>> schema.resolve_relation("influenced")
'https://w3id.org/psygraph/ontology#influencedBy'
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from psygraph import sparql
from psygraph.cache.derived import DamagedError
from psygraph.errors import UsageError
from psygraph.names import normalise
from psygraph.namespaces import PSY, expand, local_name, split_camel

if TYPE_CHECKING:
    import sqlite3

    from psygraph.cache.derived import Derived
    from psygraph.graph import KnowledgeGraph, Row

#: The queries whose rows make the schema (the evidence vocabulary is read with it: each question
#: about evidence needs it, and a server would otherwise be asked for it every time).
_QUERIES = ("classes", "relations", "evidence_vocabulary")

#: The kept rows of the :data:`_QUERIES`, in their order, as JSON.
_ROWS_TABLE = "CREATE TABLE rows (id INTEGER PRIMARY KEY, query TEXT NOT NULL, row TEXT NOT NULL) STRICT;"


def _keep_rows(kg: KnowledgeGraph, connection: sqlite3.Connection) -> None:
    connection.executemany(
        "INSERT INTO rows (query, row) VALUES (?, ?)",
        ((query, json.dumps(row)) for query in _QUERIES for row in sparql.run(kg, query)),
    )


def _kept_rows(kept: Derived) -> dict[str, list[Row]]:
    """The kept rows by query; a row that is not what :func:`_keep_rows` wrote marks the file damaged."""
    found: dict[str, list[Row]] = {query: [] for query in _QUERIES}
    for query, text in kept.query("SELECT query, row FROM rows ORDER BY id", types=(str, str)):
        try:
            row = json.loads(text)
        except ValueError:
            row = None
        if query not in found or not isinstance(row, dict) or not _COLUMNS[query] <= row.keys():
            msg = f"schema: a kept row of {query!r} is not one the query gives"
            raise DamagedError(msg)
        found[query].append(row)
    return found


#: The variables each query binds, which :meth:`Schema.from_rows` reads.
_COLUMNS = {
    "classes": {"class", "ancestor", "label", "alt"},
    "relations": {"property", "label", "symmetric", "alt", "inverse", "inverseLabel", "stated"},
    "evidence_vocabulary": {"term", "label", "notation", "rank"},
}

ENTITY = PSY + "Entity"
CONCEPT = PSY + "Concept"


@dataclass
class Relation:
    """An object property as people read it: its label, and how to read it backwards."""

    iri: str
    label: str
    inverse: str | None = None
    inverse_label: str | None = None
    symmetric: bool = False
    #: False for the side of an inverse pair that does not state ``owl:inverseOf``; the projection,
    #: the walker and the explorer keep the stating side and read the other as its reverse.
    projected: bool = True
    alt_labels: list[str] = field(default_factory=list)

    def reverse_label(self) -> str:
        """How the relation reads from its object: the inverse's label, or the label marked ``←``."""
        if self.symmetric:
            return self.label
        return self.inverse_label or f"← {self.label}"


@dataclass
class Schema:
    """The classes under ``psy:Entity`` and the object properties of one graph.

    Attributes
    ----------
    class_labels
        Class IRI -> its readable name ("defence mechanism").
    ancestors, descendants
        Class IRI -> the classes above it / below it, itself included.
    class_keys
        Normalised name, local name or synonym of a class -> the class IRI.
    relations
        Property IRI -> :class:`Relation`.
    evidence_terms
        The rows of the ``evidence_vocabulary`` query (read by :func:`psygraph.evidence.vocabulary`).
    """

    class_labels: dict[str, str] = field(default_factory=dict)
    ancestors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    descendants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    class_keys: dict[str, str] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    evidence_terms: list[Row] = field(default_factory=list)

    @classmethod
    def read(cls, kg: KnowledgeGraph) -> Schema:
        """Read the classes and relations of *kg*: from the rows of the ``classes`` and ``relations``
        queries, kept in the cache beside the name index so a warm run asks the store nothing."""
        kept = kg.derived("schema", _ROWS_TABLE, lambda connection: _keep_rows(kg, connection))
        found = kept.read(lambda: _kept_rows(kept))
        schema = cls.from_rows(found["classes"], found["relations"])
        schema.evidence_terms = found["evidence_vocabulary"]
        return schema

    @classmethod
    def from_rows(cls, classes: Iterable[Row], relations: Iterable[Row]) -> Schema:
        """The schema stated by the rows of the ``classes`` and ``relations`` queries."""
        schema = cls()
        for row in classes:
            iri, ancestor = row["class"], row["ancestor"]
            schema.ancestors[iri].add(ancestor)
            schema.descendants[ancestor].add(iri)
            schema.class_labels.setdefault(iri, row["label"] or split_camel(local_name(iri)))
            for name in (row["label"], row["alt"], local_name(iri), split_camel(local_name(iri))):
                if name:
                    schema.class_keys.setdefault(normalise(name), iri)
        for row in relations:
            iri = row["property"]
            relation = schema.relations.setdefault(
                iri, Relation(iri, row["label"] or split_camel(local_name(iri)))
            )
            relation.symmetric = relation.symmetric or bool(row["symmetric"])
            if row["alt"] and row["alt"] not in relation.alt_labels:
                relation.alt_labels.append(row["alt"])
            if row["inverse"]:
                relation.inverse = row["inverse"]
                relation.inverse_label = row["inverseLabel"] or split_camel(local_name(row["inverse"]))
                relation.projected = relation.projected and row["stated"] == "forward"
        return schema

    # Classes ----------------------------------------------------------------------------------

    def most_specific(self, classes: Iterable[str]) -> str | None:
        """The most specific of *classes* (the one with most ancestors), or ``None`` for none."""
        known = sorted(classes)
        if not known:
            return None
        return max(known, key=lambda c: len(self.ancestors.get(c, ())))

    def classes_under(self, class_iri: str = ENTITY) -> list[str]:
        """*class_iri* and every class below it, as IRIs, sorted.

        Queries bind these as a ``VALUES`` block (:func:`psygraph.sparql.values_block`) where they
        would otherwise walk ``rdfs:subClassOf*``: Virtuoso answers such a path wrongly once it is
        joined with a pattern whose predicate is a variable, and a list is as quick everywhere.
        """
        return sorted(self.descendants.get(class_iri, set()))

    def type_label(self, class_iri: str | None) -> str:
        """The readable name of a class ("defence mechanism"), or an empty string."""
        if not class_iri:
            return ""
        return self.class_labels.get(class_iri) or split_camel(local_name(class_iri))

    def concept_kinds(self) -> list[str]:
        """The classes strictly below ``psy:Concept`` (the kinds of concept), as IRIs, sorted."""
        return sorted(self.descendants.get(CONCEPT, set()) - {CONCEPT})

    def resolve_type(self, name: str) -> list[str]:
        """The class *name* refers to, then its subclasses, as IRIs (the named class first).

        *name* may be a label ("defence mechanism", "defense mechanism"), a synonym declared on the
        class ("defence"), a local name ("DefenceMechanism"), a prefixed name (``psy:Theorist``) or a
        plural ("theorists").

        Raises
        ------
        UsageError
            No class has that name; the message lists the types.
        """
        text = name.strip()
        iri = expand(text)
        key = normalise(text)
        found = iri if iri in self.class_labels else None
        for candidate in (key, re.sub(r"e?s$", "", key), re.sub(r"s$", "", key)):
            found = found or self.class_keys.get(candidate)
        if found is None:
            known = ", ".join(sorted(set(self.class_labels.values())))
            msg = f"no type named {name!r}; the types are: {known}"
            raise UsageError(msg)
        return [found, *sorted(self.descendants[found] - {found})]

    # Relations --------------------------------------------------------------------------------

    def relation_label(self, predicate: str) -> str:
        """How *predicate* reads forwards ("analysed by")."""
        relation = self.relations.get(predicate)
        return relation.label if relation else split_camel(local_name(predicate))

    def projected(self, predicate: str) -> tuple[str, bool]:
        """The predicate the projection keeps for *predicate*, and whether it runs the same way.

        ``psy:analysed`` (the unstated side of ``psy:analysedBy``) gives ``(psy:analysedBy, False)``.
        """
        relation = self.relations.get(predicate)
        if relation is None or relation.projected or relation.inverse not in self.relations:
            return predicate, True
        return relation.inverse, False

    def resolve_relation(self, name: str) -> str:
        """The IRI of the relation *name* refers to, as the projection stores it.

        Accepts a label ("analysed by", "analyzed by"), a synonym, a local name ("analysedBy"), a
        prefixed name, or the name of the inverse ("influenced" gives ``psy:influencedBy``, the
        direction the data states).

        Raises
        ------
        UsageError
            No relation has that name; the message suggests close ones.
        """
        text = name.strip()
        iri = expand(text)
        key = normalise(text)
        for relation in self.relations.values():
            names = {normalise(relation.label), normalise(local_name(relation.iri))}
            names |= {normalise(alt) for alt in relation.alt_labels}
            if iri == relation.iri or key in names:
                return self.projected(relation.iri)[0]
        choices = sorted({r.label for r in self.relations.values()})
        import difflib  # only for a name that fails

        close = difflib.get_close_matches(text, choices, n=3, cutoff=0.6)
        hint = (
            f"did you mean {', '.join(repr(c) for c in close)}?"
            if close
            else f"use one of: {', '.join(choices)}"
        )
        msg = f"no relation named {name!r}; {hint}"
        raise UsageError(msg)
