"""Everything about one entity, read from the store with SPARQL (the library side of ``psygraph show``).

:func:`describe` gathers an entity's type, definition, synonyms, who introduced it and when, its
relations in both directions, its sources with citations, and its outside identifiers. Relations
are read from the entity's side: an incoming ``introduced by`` triple shows as "introduced", using
the inverse named in the ontology. Only pyoxigraph is needed, so ``psygraph show`` starts fast.

Examples
--------
>>> import psygraph
>>> entity = describe(psygraph.load(), "id:sigmund-freud")
>>> entity.label, entity.type, entity.born, entity.died
('Sigmund Freud', 'theorist', 1856, 1939)
>>> [i["scheme"] for i in entity.identifiers]
['Wikidata']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from psygraph import resolve as names
from psygraph import sparql
from psygraph.graph import as_year
from psygraph.namespaces import DCTERMS, MESH, PSY, RDF, SKOS, WD, compact

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

#: Relations shown in the "introduced" line of an entity rather than among its relations.
SHOWN_APART = (PSY + "introducedBy", PSY + "introducedIn")
_SCHEMES = {WD: "Wikidata", MESH: "MeSH", "http://id.who.int/icd/": "ICD-11"}
_MATCHES = {SKOS + "exactMatch": "exact", SKOS + "closeMatch": "close"}


@dataclass
class Entity:
    """What psygraph knows about one entity. Linked things are dicts with ``label`` and ``id``."""

    iri: str
    id: str
    label: str
    type: str
    definition: str = ""
    synonyms: list[str] = field(default_factory=list)
    year: int | None = None
    born: int | None = None
    died: int | None = None
    introduced_by: list[dict[str, Any]] = field(default_factory=list)
    introduced_in: list[dict[str, Any]] = field(default_factory=list)
    citation: str = ""
    relations: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    identifiers: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The entity as JSON-ready data."""
        return asdict(self)


def describe(kg: KnowledgeGraph, name: str) -> Entity:
    """Everything *kg* says about the entity *name* (any name :func:`psygraph.resolve.resolve` takes)."""
    iri = names.resolve(kg, name)
    literals = sparql.run(kg, "entity_literals", entity=iri)
    outgoing = sparql.run(kg, "entity_links_out", entity=iri)
    incoming = sparql.run_about(kg, "entity_links_in", entity=iri, **{"class": kg.schema.classes_under()})
    values = _literal_values(literals)
    entity = Entity(
        iri=iri,
        id=compact(iri),
        label=names.label(kg, iri),
        type=_type(kg, iri, outgoing),
        definition=_first(values[SKOS + "definition"]) or "",
        synonyms=sorted(values[SKOS + "altLabel"], key=str.casefold),
        year=as_year(_first(values[PSY + "year"])),
        born=as_year(_first(values[PSY + "birthYear"])),
        died=as_year(_first(values[PSY + "deathYear"])),
        citation=_first(values[DCTERMS + "bibliographicCitation"]) or "",
        notes=values[SKOS + "note"] + values[SKOS + "scopeNote"],
    )
    for row in outgoing:
        _add_outgoing(kg, entity, row)
    # The store returns rows in no fixed order: sort, so every store (cached or not) answers alike.
    entity.introduced_by.sort(key=lambda item: item["label"].casefold())
    entity.introduced_in.sort(key=lambda item: (item["year"] or 0, item["label"].casefold()))
    entity.sources.sort(key=lambda item: item["label"].casefold())
    entity.identifiers.sort(key=lambda item: (item["scheme"], item["value"]))
    entity.identifiers += [{"scheme": "ICD-11", "value": code} for code in values[PSY + "icd11Code"]]
    entity.relations = _relations(kg, outgoing, incoming)
    if entity.type in ("therapy modality", "condition"):
        from psygraph.api import treatments

        key = "modality" if entity.type == "therapy modality" else "condition"
        entity.evidence = treatments(kg, **{key: entity.id})
    return entity


def _literal_values(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The literals of one entity by property; a preferred label in another language than English
    (the standard German or French term) is listed with the synonyms, not as the label."""
    values: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        prop = row["property"]
        lang = str(row.get("lang") or "").lower()
        if prop == SKOS + "prefLabel" and lang not in ("", "en") and not lang.startswith("en-"):
            prop = SKOS + "altLabel"
        if str(row["value"]) not in values[prop]:
            values[prop].append(str(row["value"]))
    return values


def _add_outgoing(kg: KnowledgeGraph, entity: Entity, row: dict[str, Any]) -> None:
    predicate, target = row["property"], row["target"]
    linked = {"label": row["targetLabel"] or names.label(kg, target), "id": compact(target)}
    if predicate == PSY + "introducedBy":
        entity.introduced_by.append(linked)
    elif predicate == PSY + "introducedIn":
        entity.introduced_in.append(
            {**linked, "year": as_year(row["targetYear"]), "citation": row["citation"] or ""}
        )
    elif predicate == DCTERMS + "source":
        entity.sources.append({**linked, "citation": row["citation"] or ""})
    elif predicate in _MATCHES:
        entity.identifiers.append({"scheme": _scheme(target), "value": target, "match": _MATCHES[predicate]})


def _relations(
    kg: KnowledgeGraph, outgoing: list[dict[str, Any]], incoming: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Links to other entities, grouped by how they read from this entity; outgoing groups first.

    A link stated in both directions (``A influenced by B`` and, inferred, ``B influenced A``) is
    listed once.
    """
    known = names.relations(kg)
    index = names.name_index(kg)
    groups: dict[str, dict[str, Any]] = {}

    def add(phrase: str, direction: str, predicate: str, other: str, other_label: str | None) -> None:
        if predicate in SHOWN_APART or (other not in index and not other_label):
            return  # links to unnamed things (blank nodes, bare IRIs) say nothing a reader can use
        group = groups.setdefault(
            phrase,
            {"relation": phrase, "direction": direction, "predicate": compact(predicate), "targets": []},
        )
        target = {
            "label": other_label or names.label(kg, other),
            "id": compact(other),
            "type": names.type_label(kg, names.entity_type(kg, other)),
        }
        if target["id"] not in [t["id"] for t in group["targets"]]:
            group["targets"].append(target)

    for row in outgoing:
        relation = known.get(row["property"])
        if relation:
            add(relation.label, "out", relation.iri, row["target"], row["targetLabel"])
    for row in incoming:
        relation = known.get(row["property"])
        if relation is None:
            continue
        # Read from this entity: a symmetric relation reads the same, others by their inverse.
        read_as = relation.iri if relation.symmetric else relation.inverse or relation.iri
        direction = "out" if relation.symmetric else "in"
        add(relation.reverse_label(), direction, read_as, row["source"], row["sourceLabel"])
    for group in groups.values():
        group["targets"].sort(key=lambda t: t["label"].casefold())
    return sorted(groups.values(), key=lambda g: (g["direction"] != "out", g["relation"].lstrip("← ")))


def _type(kg: KnowledgeGraph, iri: str, outgoing: list[dict[str, Any]]) -> str:
    found = names.entity_type(kg, iri)
    if found:
        return names.type_label(kg, found)
    types = sorted(row["target"] for row in outgoing if row["property"] == RDF + "type")
    own = [t for t in types if t.startswith(PSY)]  # psy:EvidenceLevel rather than owl:NamedIndividual
    return names.type_label(kg, (own or types)[0]) if types else ""


def _scheme(iri: str) -> str:
    for namespace, scheme in _SCHEMES.items():
        if iri.startswith(namespace):
            return scheme
    return iri.split("/")[2] if "://" in iri else "other"


def _first(values: list[str]) -> str | None:
    return values[0] if values else None
