"""The dataset's own description: title, version, licence, creators and how to cite it.

One place reads these facts from the ontology's header (``ontology/psygraph.ttl``: ``dcterms:title``,
``owl:versionInfo``, ``dcterms:license``, ``dcterms:creator``), so the static site, every export
and ``CITATION.cff`` say the same. :func:`void_triples` states them as a ``void:Dataset`` that is
also a ``dcat:Dataset``, which exports add to the triples they write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from psygraph.namespaces import DCTERMS, ID, ONTOLOGY_IRI, OWL, RDF

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

#: The IRI of the dataset (the data, as distinct from the ontology that describes its schema).
DATASET_IRI = "https://w3id.org/psygraph/dataset"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
#: Where the project lives, for the citation.
HOMEPAGE = "https://w3id.org/psygraph/"

_HEADER = f"""
SELECT ?property ?value WHERE {{
  <{ONTOLOGY_IRI}> ?property ?value .
  FILTER(?property IN (dcterms:title, dcterms:description, dcterms:license, dcterms:creator,
                       dcterms:created, owl:versionInfo, owl:versionIRI))
}}
"""


def description(kg: KnowledgeGraph) -> dict[str, Any]:
    """The dataset's title, description, version, version IRI, licence, creators and citation.

    Examples
    --------
    >>> import psygraph
    >>> about = description(psygraph.load())
    >>> about["version"], about["license"]
    ('0.1.0', 'https://creativecommons.org/licenses/by/4.0/')
    """
    found: dict[str, list[str]] = {}
    for row in kg.select(_HEADER):
        found.setdefault(row["property"], []).append(str(row["value"]))

    def first(prop: str, default: str = "") -> str:
        return sorted(found.get(prop, [default]))[0]

    about: dict[str, Any] = {
        "iri": DATASET_IRI,
        "title": first(DCTERMS + "title", "psygraph"),
        "description": first(DCTERMS + "description"),
        "version": first(OWL + "versionInfo", "unknown"),
        "version_iri": first(OWL + "versionIRI"),
        "license": first(DCTERMS + "license"),
        "creators": sorted(found.get(DCTERMS + "creator", [])),
        "created": first(DCTERMS + "created"),
        "homepage": HOMEPAGE,
    }
    about["citation"] = citation(about)
    return about


def citation(about: dict[str, Any]) -> str:
    """How to cite the dataset, in APA style, from :func:`description`.

    Examples
    --------
    >>> citation({"creators": ["The psygraph developers"], "created": "2026-11-23",
    ...           "title": "psygraph", "version": "0.1.0", "homepage": "https://w3id.org/psygraph/"})
    'The psygraph developers (2026). psygraph (Version 0.1.0) [Data set]. https://w3id.org/psygraph/'
    """
    who = ", ".join(about["creators"]) or "The psygraph developers"
    year = (about.get("created") or "n.d.")[:4]
    return f"{who} ({year}). {about['title']} (Version {about['version']}) [Data set]. {about['homepage']}"


def void_triples(kg: KnowledgeGraph) -> list[ox.Triple]:
    """The dataset's description as RDF: a ``void:Dataset`` and ``dcat:Dataset`` with its version,
    licence, creators, citation, the ontology as its vocabulary and the entity namespace as its
    URI space."""
    about = description(kg)
    subject = ox.NamedNode(DATASET_IRI)

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    triples = [
        ox.Triple(subject, iri(RDF + "type"), iri(VOID + "Dataset")),
        ox.Triple(subject, iri(RDF + "type"), iri(DCAT + "Dataset")),
        ox.Triple(subject, iri(DCTERMS + "title"), ox.Literal(about["title"], language="en")),
        ox.Triple(subject, iri(OWL + "versionInfo"), ox.Literal(about["version"])),
        ox.Triple(subject, iri(DCAT + "version"), ox.Literal(about["version"])),
        ox.Triple(subject, iri(DCTERMS + "bibliographicCitation"), ox.Literal(about["citation"])),
        ox.Triple(subject, iri(VOID + "vocabulary"), iri(ONTOLOGY_IRI)),
        ox.Triple(subject, iri(VOID + "uriSpace"), ox.Literal(ID)),
        ox.Triple(subject, iri(DCAT + "landingPage"), iri(about["homepage"])),
    ]
    if about["description"]:
        triples.append(
            ox.Triple(subject, iri(DCTERMS + "description"), ox.Literal(about["description"], language="en"))
        )
    if about["license"]:
        triples.append(ox.Triple(subject, iri(DCTERMS + "license"), iri(about["license"])))
    triples += [ox.Triple(subject, iri(DCTERMS + "creator"), ox.Literal(c)) for c in about["creators"]]
    if about["created"]:
        triples.append(
            ox.Triple(
                subject,
                iri(DCTERMS + "issued"),
                ox.Literal(about["created"], datatype=iri("http://www.w3.org/2001/XMLSchema#date")),
            )
        )
    return triples
