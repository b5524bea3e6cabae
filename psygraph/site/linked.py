"""Each entity's description as RDF: what the graph states about it, plus its schema.org reading.

A page embeds the description as JSON-LD and links the same triples as Turtle, N-Triples and
JSON-LD files beside it (``<link rel="alternate">``), so what a search engine reads in the page and
what an RDF client fetches are one set of triples. The schema.org reading types each entity for
search engines (a theorist is a ``schema:Person``, a work a ``schema:CreativeWork``, a condition a
``schema:MedicalCondition``, every other entity a ``schema:DefinedTerm`` in the psygraph term set)
and repeats its name, synonyms, definition, dates and outside identifiers in schema.org terms.

Turtle and N-Triples are written by pyoxigraph. The JSON-LD is a single node object in compact form
(prefixes in its ``@context``, ``rdf:type`` as ``@type``), which pyoxigraph does not write; it is
built by :func:`jsonld`, and the tests check that every page's JSON-LD parses to the triples of its
Turtle file.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pyoxigraph as ox

from psygraph.namespaces import ID, PREFIXES, PSY, RDF, SCHEMA, XSD
from psygraph.site.read import Entity

#: The schema.org type of each psygraph class (and of its sub-classes); others are DefinedTerms.
SCHEMA_TYPES: dict[str, str] = {
    PSY + "Theorist": "Person",
    PSY + "Work": "CreativeWork",
    PSY + "School": "Organization",
    PSY + "Condition": "MedicalCondition",
    PSY + "TherapyModality": "MedicalTherapy",
}
#: The set every DefinedTerm belongs to: the psygraph vocabulary of entities.
TERM_SET = ID
#: The prefixes of the JSON-LD context and the Turtle files.
CONTEXT: dict[str, str] = {
    p: PREFIXES[p] for p in ("psy", "id", "rdf", "rdfs", "skos", "dcterms", "schema", "xsd", "owl")
}

_STRING = XSD + "string"
_LANG_STRING = RDF + "langString"


def schema_type(entity: Entity, ancestors: dict[str, set[str]]) -> str:
    """The schema.org type of *entity*: the one of its most specific class or of a class above it."""
    for cls in [entity.type_iri, *sorted(ancestors.get(entity.type_iri or "", ()))]:
        if cls in SCHEMA_TYPES:
            return SCHEMA_TYPES[cls]
    return "DefinedTerm"


def description(entity: Entity, ancestors: dict[str, set[str]], page: str = "") -> list[ox.Triple]:
    """The triples that describe *entity*: the graph's own, then its schema.org reading.

    *page* is the address of its HTML page, when the site's host is known (``schema:url``).
    """
    subject = ox.NamedNode(entity.iri)
    kind = schema_type(entity, ancestors)

    def say(prop: str, value: ox.NamedNode | ox.Literal) -> ox.Triple:
        return ox.Triple(subject, ox.NamedNode(SCHEMA + prop), value)

    view = [ox.Triple(subject, ox.NamedNode(RDF + "type"), ox.NamedNode(SCHEMA + kind))]
    view.append(say("name", ox.Literal(entity.label, language="en")))
    view += [say("alternateName", ox.Literal(text, language=lang or None)) for text, lang in entity.names]
    if entity.definition:
        view.append(say("description", ox.Literal(entity.definition, language="en")))
    view.append(say("identifier", ox.Literal(entity.curie)))
    view += [
        say("sameAs", ox.NamedNode(i["value"]))
        for i in entity.identifiers
        if i["href"] and i["match"] == "exact"
    ]
    if kind == "Person":
        view += [
            say(p, _year(y))
            for p, y in (("birthDate", entity.born), ("deathDate", entity.died))
            if y is not None
        ]
    elif kind == "CreativeWork":
        if entity.year is not None:
            view.append(say("datePublished", _year(entity.year)))
        if entity.citation:
            view.append(say("citation", ox.Literal(entity.citation)))
    elif kind == "DefinedTerm":
        view.append(say("inDefinedTermSet", ox.NamedNode(TERM_SET)))
        view.append(say("termCode", ox.Literal(entity.slug)))
    if page:
        view.append(say("url", ox.NamedNode(page)))
    return list(dict.fromkeys([*entity.triples, *view]))


def _year(year: int) -> ox.Literal:
    text = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "gYear"))


def turtle(triples: list[ox.Triple]) -> bytes:
    """*triples* as Turtle with the site's prefixes."""
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=CONTEXT) or b""


def ntriples(triples: list[ox.Triple]) -> bytes:
    """*triples* as N-Triples."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def rdfxml(triples: list[ox.Triple]) -> bytes:
    """*triples* as RDF/XML with the site's prefixes."""
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=CONTEXT) or b""


def jsonld(triples: list[ox.Triple]) -> dict[str, Any]:
    """*triples* as one compact JSON-LD document: a node object per subject under ``@graph``.

    Blank-node subjects and objects keep their ``_:`` names. Literals keep their language or
    datatype; an IRI inside a known namespace is written as a prefixed name, which the context
    expands back.
    """
    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        subject = _id(triple.subject)
        node = nodes.setdefault(subject, {"@id": subject})
        predicate = triple.predicate.value
        value = triple.object
        if predicate == RDF + "type" and isinstance(value, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(value.value))
            continue
        node.setdefault(_compact(predicate), []).append(_value(value))
    graph = list(nodes.values())
    document: dict[str, Any] = {"@context": dict(CONTEXT)}
    if len(graph) == 1:
        document.update(graph[0])
    else:
        document["@graph"] = graph
    return document


@cache
def _compact(iri: str) -> str:
    for prefix, namespace in CONTEXT.items():
        rest = iri[len(namespace) :]
        if iri.startswith(namespace) and rest and not rest.startswith("//") and ":" not in rest:
            return f"{prefix}:{rest}"
    return iri


def _id(term: Any) -> str:
    return _compact(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _value(term: Any) -> dict[str, Any]:
    if not isinstance(term, ox.Literal):
        return {"@id": _id(term)}
    found: dict[str, Any] = {"@value": term.value}
    if term.language:
        found["@language"] = term.language
    elif term.datatype.value not in (_STRING, _LANG_STRING):
        found["@type"] = _compact(term.datatype.value)
    return found
