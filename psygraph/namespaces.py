"""The namespaces psygraph uses, and the prefix map shared by queries and serialisers.

Schema terms live under :data:`PSY`, entities under :data:`ID`. Every SPARQL query and
every Turtle export binds the same prefixes, so a prefixed name means one thing everywhere.
"""

from __future__ import annotations

import re

ONTOLOGY_IRI = "https://w3id.org/psygraph/ontology"
PSY = ONTOLOGY_IRI + "#"
ID = "https://w3id.org/psygraph/id/"

#: Named graphs inside the store: one for the schema, one for the shipped facts, and one per user file.
ONTOLOGY_GRAPH = "https://w3id.org/psygraph/graph/ontology"
DATA_GRAPH = "https://w3id.org/psygraph/graph/data"
USER_GRAPH_PREFIX = "https://w3id.org/psygraph/graph/user/"
#: The reverse of every link stated on one side of an inverse pair or with a symmetric property,
#: materialised the first time a query asks for them (see :func:`psygraph.graph.materialise_inverses`).
INVERSES_GRAPH = "https://w3id.org/psygraph/graph/inverses"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
WD = "http://www.wikidata.org/entity/"
MESH = "http://id.nlm.nih.gov/mesh/"

PREFIXES: dict[str, str] = {
    "psy": PSY,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "sh": SH,
    "wd": WD,
    "mesh": MESH,
}


def compact(iri: str) -> str:
    """Shorten *iri* to a prefixed name when one of :data:`PREFIXES` covers it.

    Examples
    --------
    >>> compact("https://w3id.org/psygraph/id/sigmund-freud")
    'id:sigmund-freud'
    >>> compact("https://example.org/x")
    'https://example.org/x'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def expand(name: str) -> str:
    """A prefixed name (``psy:Theorist``, ``id:melanie-klein``) as its full IRI; other text unchanged.

    Examples
    --------
    >>> expand("id:melanie-klein")
    'https://w3id.org/psygraph/id/melanie-klein'
    >>> expand("Melanie Klein")
    'Melanie Klein'
    """
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES and local and " " not in local:
        return PREFIXES[prefix] + local
    return name


def local_name(iri: str) -> str:
    """The last part of *iri*, after its final ``#`` or ``/``.

    Examples
    --------
    >>> local_name("https://w3id.org/psygraph/ontology#influencedBy")
    'influencedBy'
    >>> local_name("https://w3id.org/psygraph/id/sigmund-freud")
    'sigmund-freud'
    """
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def split_camel(name: str) -> str:
    """A camel-case local name as lower-case words.

    Examples
    --------
    >>> split_camel("DefenceMechanism")
    'defence mechanism'
    """
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()
