"""The one projection of the RDF graph to networkx, shared by every query, the HTML page and the notebook.

The projection is a :class:`networkx.MultiDiGraph`:

* one node per entity (anything typed with a class under ``psy:Entity``), keyed by its full IRI, with
  attributes ``label`` (prefLabel), ``type`` (local name of its most specific class, e.g.
  ``"DefenceMechanism"``), ``definition``, ``alt_labels`` (list of str), and where present ``year``,
  ``birth_year``, ``death_year`` (int);
* one edge per stated object-property triple between two entities, keyed by the predicate IRI, with
  attributes ``relation`` (predicate IRI) and ``relation_label`` (its rdfs:label). Each link appears
  once, in the direction of the property that states ``owl:inverseOf``: a triple on the inverse side
  (``B psy:influenced A``, as a user file or inference may state it) becomes the edge
  ``A psy:influencedBy B``, so inference does not double the edges and no stated link is lost.
  Sources (``dcterms:source``) are annotations, not edges, and are kept as the node attribute
  ``sources`` (list of IRIs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

_NODES = """
SELECT ?node ?type ?label ?definition ?year ?birth ?death WHERE {
  ?type rdfs:subClassOf* psy:Entity .
  ?node a ?type .
  FILTER NOT EXISTS { ?node a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }
  OPTIONAL { ?node skos:prefLabel ?label }
  OPTIONAL { ?node skos:definition ?definition }
  OPTIONAL { ?node psy:year ?year }
  OPTIONAL { ?node psy:birthYear ?birth }
  OPTIONAL { ?node psy:deathYear ?death }
}
"""

_ALT_LABELS = "SELECT DISTINCT ?node ?alt WHERE { ?node skos:altLabel ?alt }"
_SOURCES = "SELECT DISTINCT ?node ?source WHERE { ?node dcterms:source ?source }"

_EDGES = """
SELECT ?s ?p ?o ?plabel WHERE {
  ?p a owl:ObjectProperty .
  FILTER NOT EXISTS { ?forward owl:inverseOf ?p }
  ?s ?p ?o .
  ?stype rdfs:subClassOf* psy:Entity . ?s a ?stype .
  ?otype rdfs:subClassOf* psy:Entity . ?o a ?otype .
  OPTIONAL { ?p rdfs:label ?plabel }
}
"""


# Triples stated with the inverse of a projected property, read back as the projected property.
_INVERSE_EDGES = """
SELECT ?s ?p ?o ?plabel WHERE {
  ?p a owl:ObjectProperty ; owl:inverseOf ?inverse .
  ?o ?inverse ?s .
  ?stype rdfs:subClassOf* psy:Entity . ?s a ?stype .
  ?otype rdfs:subClassOf* psy:Entity . ?o a ?otype .
  OPTIONAL { ?p rdfs:label ?plabel }
}
"""


def _year(value: object) -> int | None:
    try:
        return int(str(value)[:4]) if value is not None else None
    except ValueError:
        return None


def project(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """Project *kg* to a networkx MultiDiGraph (see the module docstring for its shape)."""
    graph = nx.MultiDiGraph()
    for row in kg.select(_NODES):
        node = row["node"]
        if node in graph:
            continue
        attrs = {
            "label": row["label"] or node.rsplit("/", 1)[-1],
            "type": row["type"].rsplit("#", 1)[-1],
            "definition": row["definition"] or "",
            "alt_labels": [],
            "sources": [],
        }
        for key, column in (("year", "year"), ("birth_year", "birth"), ("death_year", "death")):
            year = _year(row[column])
            if year is not None:
                attrs[key] = year
        graph.add_node(node, **attrs)
    for row in kg.select(_ALT_LABELS):
        if row["node"] in graph:
            graph.nodes[row["node"]]["alt_labels"].append(row["alt"])
    for row in kg.select(_SOURCES):
        if row["node"] in graph:
            graph.nodes[row["node"]]["sources"].append(row["source"])
    for row in kg.select(_EDGES) + kg.select(_INVERSE_EDGES):
        s, p, o = row["s"], row["p"], row["o"]
        if s in graph and o in graph and not graph.has_edge(s, o, key=p):
            graph.add_edge(s, o, key=p, relation=p, relation_label=row["plabel"] or p.rsplit("#", 1)[-1])
    return graph
