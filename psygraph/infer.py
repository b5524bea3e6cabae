"""OWL RL inference: the facts the ontology lets a reasoner add to the stated graph.

The closure is computed with owlrl over the ontology, the shipped data and any user files. Stated
triples stay in their own named graphs; the inferred ones go into :data:`INFERRED_GRAPH`, so an
export or a query can take the stated graph alone or the graph with its inferences.

Annotation triples (labels, definitions, sources, citations: any property declared an
``owl:AnnotationProperty``, and the built-in ones such as ``rdfs:label``) are kept as stated but not
given to the reasoner. They carry no logical meaning in OWL 2, owlrl infers nothing from them here
but tautologies, and leaving them out more than halves the time the closure takes.

owlrl also states many tautologies (``x owl:sameAs x``, ``C rdfs:subClassOf owl:Thing``, facts about
the RDF, RDFS, OWL and XSD vocabularies themselves, triples with a literal as subject). They say
nothing about psychotherapy, cannot all be written in standard RDF, and would only clutter an
export, so they are left out of the closure returned here.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from psygraph.errors import DataValidationError
from psygraph.graph import KnowledgeGraph
from psygraph.namespaces import OWL, RDF, RDFS, XSD

if TYPE_CHECKING:
    import sqlite3

    import rdflib

    from psygraph.cache.derived import Derived

Triple = tuple[Any, Any, Any]

#: The named graph that holds inferred triples in a store built by :func:`with_inferences`.
INFERRED_GRAPH = "https://w3id.org/psygraph/graph/inferred"

#: Namespaces of the built-in vocabularies; owlrl's statements about their terms are axioms, not findings.
_BUILT_IN = (RDF, RDFS, OWL, XSD)
_REFLEXIVE = {OWL + "sameAs", OWL + "equivalentClass", OWL + "equivalentProperty"}
_REFLEXIVE |= {RDFS + "subClassOf", RDFS + "subPropertyOf"}
_TRIVIAL_OBJECTS = {OWL + "Thing", RDFS + "Resource"}
_ERROR_NS = "http://www.daml.org/2002/03/agents/agent-ont#"
#: Inferences of the last few graphs reasoned over, by a hash of their triples.
_CACHE: OrderedDict[str, Reasoned] = OrderedDict()
_CACHE_SIZE = 4
#: The annotation properties OWL 2 builds in; others are recognised by their owl:AnnotationProperty type.
_BUILT_IN_ANNOTATIONS = {RDFS + n for n in ("label", "comment", "seeAlso", "isDefinedBy")}
_BUILT_IN_ANNOTATIONS |= {OWL + n for n in ("versionInfo", "deprecated", "priorVersion")}
_BUILT_IN_ANNOTATIONS |= {OWL + n for n in ("backwardCompatibleWith", "incompatibleWith")}


def inferred_closure(kg: KnowledgeGraph) -> rdflib.Graph:
    """The OWL RL closure of *kg*: its stated triples plus what owlrl infers from them.

    Tautologies and statements about the built-in vocabularies are left out (see the module
    docstring). Each call returns a new graph; the inferences behind it are those of
    :func:`with_inferences`, computed once for the same inputs.

    Raises
    ------
    DataValidationError
        owlrl finds the graph inconsistent (for example, one entity typed with two disjoint classes).
    """
    closure = kg.to_rdflib("all")
    for triple in inferred_triples(kg):
        closure.add(triple)
    return closure


def inferred_triples(kg: KnowledgeGraph, include: str = "all") -> rdflib.Graph:
    """Only the triples inference adds to *kg*, restricted to *include*, as an rdflib graph.

    The same triples as :func:`inferred_selection`.
    """
    import rdflib

    new = rdflib.Graph()
    nt = ox.serialize(inferred_selection(kg, include), None, ox.RdfFormat.N_TRIPLES)
    if nt:
        new.parse(data=nt, format="nt")
    return new


def inferred_selection(kg: KnowledgeGraph, include: str = "all") -> list[ox.Triple]:
    """Only the triples inference adds to *kg*, restricted to *include* (``all``, ``ontology`` or ``data``).

    An inferred triple belongs to the ontology when its subject is described in the ontology (a class,
    a property, an evidence level), and to the data otherwise. They are read from the inferred graph
    of :func:`with_inferences`, so a graph whose inferences are kept in the on-disk cache is not
    reasoned over again.
    """
    reasoned = with_inferences(kg)
    store = reasoned.store
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH))]
    if include == "all":
        return triples
    schema_subjects = {
        quad.subject
        for named in reasoned.graphs("ontology")
        for quad in store.quads_for_pattern(None, None, None, named)
    }
    keep_schema = include == "ontology"
    return [triple for triple in triples if (triple.subject in schema_subjects) == keep_schema]


def with_inferences(kg: KnowledgeGraph) -> KnowledgeGraph:
    """A new :class:`KnowledgeGraph`: a copy of *kg* plus its inferred triples in :data:`INFERRED_GRAPH`.

    *kg* itself is not changed. Queries over the new graph see stated and inferred triples alike;
    :meth:`KnowledgeGraph.to_rdflib` still returns the stated triples only. When *kg*'s store is
    kept in the on-disk cache (or is a SPARQL server's, whose graphs are copied), so is the store
    with its inferences, and the next run with the same inputs opens it instead of reasoning again
    (:attr:`KnowledgeGraph.keeps_derived_stores`).

    Raises
    ------
    DataValidationError
        owlrl finds the graph inconsistent.
    """
    if has_inferences(kg):
        return kg

    def fill(store: ox.Store) -> None:
        import rdflib

        # Graph by graph, as a SPARQL server's store is read (psygraph keeps nothing in the default graph).
        for named in kg.store.named_graphs():
            triples = kg.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=named)
            if triples:
                store.bulk_load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=named)
        new = rdflib.Graph()
        for triple in _new_triples(kg.to_rdflib("all")):
            new.add(triple)
        if len(new):
            nt = new.serialize(format="nt", encoding="utf-8")
            store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(INFERRED_GRAPH))

    if kg.cache_key is None:
        store = ox.Store()
        fill(store)
        return KnowledgeGraph(store, kg.user_graphs)
    from psygraph.cache import code_fingerprint, open_derived_store

    key = hashlib.sha256(f"{kg.cache_key} inferred {code_fingerprint()}".encode()).hexdigest()
    kept = open_derived_store(key, fill) if kg.keeps_derived_stores else None
    if kept is None:  # the inputs are parsed into memory each run: so are their inferences
        memory = ox.Store()
        fill(memory)
        return KnowledgeGraph(memory, kg.user_graphs, cache_key=key)
    return KnowledgeGraph(kept, kg.user_graphs, cache_key=key, cached=True)


def without_inferences(kg: KnowledgeGraph) -> KnowledgeGraph:
    """*kg* as stated: *kg* itself, or a copy without :data:`INFERRED_GRAPH` if it holds inferences."""
    if not has_inferences(kg):
        return kg
    store = ox.Store()
    store.load(kg.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    store.remove_graph(ox.NamedNode(INFERRED_GRAPH))
    return KnowledgeGraph(store, kg.user_graphs)


def has_inferences(kg: KnowledgeGraph) -> bool:
    """Whether *kg* already holds an inferred graph (it was built by :func:`with_inferences`)."""
    return ox.NamedNode(INFERRED_GRAPH) in set(kg.store.named_graphs())


class Reasoned(NamedTuple):
    """One OWL RL run: the triples it adds (tautologies left out) and owlrl's error messages."""

    new: frozenset[Triple]
    errors: tuple[str, ...]


def _new_triples(stated: rdflib.Graph) -> frozenset[Triple]:
    """What owlrl adds to *stated*, without tautologies; raises when it finds *stated* inconsistent."""
    reasoned = owl_rl(stated)
    if reasoned.errors:
        first = " ".join(reasoned.errors[0].split())
        more = f" (and {len(reasoned.errors) - 1} more)" if len(reasoned.errors) > 1 else ""
        msg = f"OWL RL reasoning finds the graph inconsistent: {first}{more}; run 'psygraph validate'"
        raise DataValidationError(msg)
    return reasoned.new


def owl_rl(stated: rdflib.Graph) -> Reasoned:
    """The one OWL RL run behind both ``--infer`` and ``psygraph validate``, remembered by content:
    for the last few graphs in this process, and in the on-disk cache (see
    :class:`psygraph.cache.derived.Derived`) for the next run that reasons over the same triples.

    Annotation triples are not given to the reasoner (see the module docstring), so the run is
    remembered by the triples it reasons over: an edit of a label or a definition reuses it.
    """
    reasoned_over = _without_annotations(stated)
    key = hashlib.sha256(
        "\n".join(sorted(" ".join(t.n3() for t in triple) for triple in reasoned_over)).encode()
    )
    digest = key.hexdigest()
    if digest in _CACHE:
        _CACHE.move_to_end(digest)
    else:
        from psygraph.cache.derived import Derived

        kept = Derived(
            digest, "owl-rl", _KEPT_TABLES, lambda connection: _keep(_reason(reasoned_over), connection)
        )
        _CACHE[digest] = kept.read(lambda: _kept(kept))
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    run = _CACHE[digest]
    # An inference that is stated (an annotation the reasoner did not see) is not new.
    return Reasoned(frozenset(t for t in run.new if t not in stated), run.errors)


def _without_annotations(stated: rdflib.Graph) -> rdflib.Graph:
    """*stated* without its annotation triples: what the reasoner is given."""
    import rdflib

    annotations: set[rdflib.term.Node] = {rdflib.URIRef(iri) for iri in _BUILT_IN_ANNOTATIONS}
    annotations |= set(stated.subjects(rdflib.RDF.type, rdflib.OWL.AnnotationProperty))
    kept = rdflib.Graph()
    for triple in stated:
        if triple[1] not in annotations:
            kept.add(triple)
    return kept


def _reason(graph: rdflib.Graph) -> Reasoned:
    """Run owlrl over *graph*; what it adds (tautologies left out) and its error messages."""
    import owlrl
    import rdflib

    closure = _copy(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        closure
    )
    errors = tuple(sorted(str(m) for m in closure.objects(None, rdflib.URIRef(_ERROR_NS + "error"))))
    new = frozenset(t for t in closure if t not in graph and not _is_trivial(t))
    return Reasoned(new, errors)


#: A kept OWL RL run: the added triples as one N-Triples document, and the error messages.
_KEPT_TABLES = """
CREATE TABLE added (ntriples TEXT NOT NULL) STRICT;
CREATE TABLE errors (message TEXT NOT NULL) STRICT;
"""


def _keep(reasoned: Reasoned, connection: sqlite3.Connection) -> None:
    import rdflib

    added = rdflib.Graph()
    for triple in reasoned.new:
        added.add(triple)
    connection.execute("INSERT INTO added VALUES (?)", (added.serialize(format="nt"),))
    connection.executemany("INSERT INTO errors VALUES (?)", ((m,) for m in reasoned.errors))


def _kept(kept: Derived) -> Reasoned:
    """The run kept in *kept*; a document that is not N-Triples marks the file damaged."""
    import rdflib

    from psygraph.cache.derived import DamagedError

    documents = kept.query("SELECT ntriples FROM added", types=(str,))
    if len(documents) != 1:
        msg = f"owl-rl: {len(documents)} documents of added triples where one was kept"
        raise DamagedError(msg)
    ((ntriples,),) = documents
    added = rdflib.Graph()
    try:
        added.parse(data=ntriples, format="nt")
    except Exception as exc:  # noqa: BLE001 - rdflib raises several kinds for a damaged document
        msg = f"owl-rl: the kept triples do not parse ({type(exc).__name__})"
        raise DamagedError(msg) from None
    errors = tuple(message for (message,) in kept.query("SELECT message FROM errors", types=(str,)))
    return Reasoned(frozenset(added), errors)


def _copy(graph: rdflib.Graph) -> rdflib.Graph:
    """A new graph with *graph*'s prefixes and triples."""
    import rdflib

    copy = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    for triple in graph:
        copy.add(triple)
    return copy


def _is_trivial(triple: tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]) -> bool:
    import rdflib

    s, p, o = triple
    if isinstance(s, rdflib.Literal | rdflib.BNode) or str(s).startswith(_BUILT_IN):
        return True
    if str(p) in _REFLEXIVE and s == o:
        return True
    return str(o) in _TRIVIAL_OBJECTS
