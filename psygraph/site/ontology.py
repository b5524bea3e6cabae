"""The ontology's documentation: every class, property, SHACL shape and vocabulary term, with examples.

Read from one pass over the ontology graph and one parse of the shapes file, plus the data pass of
:mod:`psygraph.site.read` for the examples (a few entities of each class, a few statements made with
each property). Each term becomes a :class:`~psygraph.site.read.Term` whose facts (domain, range,
inverse, super-classes, constraints ...) are lists of linkable texts for the template: an ``href``
is a fragment on the ontology page (``#Theorist``) or a path from the site's root.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from psygraph.namespaces import OWL, PSY, RDF, RDFS, SH, SKOS, compact, split_camel
from psygraph.site.read import Row, Site, Term, anchor, literal_text

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

#: How many examples each term shows.
EXAMPLES = 3
_PROPERTY_TYPES = {
    OWL + "ObjectProperty": "object property",
    OWL + "DatatypeProperty": "datatype property",
    OWL + "AnnotationProperty": "annotation property",
    RDF + "Property": "property",
}
_CLASS_TYPES = {OWL + "Class", RDFS + "Class"}
#: Facts of a property and the headings they are shown under.
_PROPERTY_FACTS = {
    RDFS + "domain": "domain",
    RDFS + "range": "range",
    OWL + "inverseOf": "inverse of",
    RDFS + "subPropertyOf": "sub-property of",
}
#: Facts of a shape (node or property shape) and their headings.
_SHAPE_FACTS = {
    SH + "targetClass": "applies to",
    SH + "path": "property",
    SH + "class": "values of class",
    SH + "datatype": "datatype",
    SH + "nodeKind": "node kind",
    SH + "minCount": "at least",
    SH + "maxCount": "at most",
    SH + "in": "one of",
    SH + "pattern": "pattern",
    SH + "languageIn": "languages",
    SH + "property": "property shapes",
    SH + "message": "message",
}


def read_terms(kg: KnowledgeGraph, site: Site, out: dict[str, dict[ox.Triple, None]]) -> list[Term]:
    """The documented terms of *kg*'s ontology, classes first, then properties, shapes and other terms."""
    about = _by_subject(
        q.triple for g in kg.graphs("ontology") for q in kg.store.quads_for_pattern(None, None, None, g)
    )
    shapes = _by_subject(_shape_triples())
    terms: list[Term] = []
    examples = _property_examples(site, out)
    for iri, triples in about.items():
        if not iri.startswith(PSY) or iri == PSY:
            continue
        types = {_key(t.object) for t in triples if t.predicate.value == RDF + "type" and _is_iri(t.object)}
        label = _label(iri, triples)
        definition = literal_text(
            t.object for t in triples if t.predicate.value in (SKOS + "definition", RDFS + "comment")
        )
        if types & _CLASS_TYPES:
            term = Term(iri, "class", label, definition)
            term.facts = _facts(
                triples,
                {RDFS + "subClassOf": "sub-class of", OWL + "disjointWith": "disjoint with"},
                site,
                about,
            )
            term.examples = [
                {"text": e.label, "href": e.path}
                for e in sorted(
                    (e for e in site.entities.values() if iri in e.classes), key=lambda e: e.label.casefold()
                )[:EXAMPLES]
            ]
        elif types & set(_PROPERTY_TYPES):
            kind = next(_PROPERTY_TYPES[t] for t in _PROPERTY_TYPES if t in types)
            term = Term(iri, "property", label, definition)
            term.facts = [("kind", [{"text": kind, "href": ""}])] + _facts(
                triples, _PROPERTY_FACTS, site, about
            )
            term.examples = examples.get(iri, [])
        else:
            term = Term(iri, "term", label, definition)
            term.facts = _facts(triples, {RDF + "type": "type", SKOS + "inScheme": "in scheme"}, site, about)
        terms.append(term)
    for iri, triples in shapes.items():
        if iri.startswith("_:") or not any(
            t.predicate.value == RDF + "type" and _key(t.object) in (SH + "NodeShape", SH + "PropertyShape")
            for t in triples
        ):
            continue
        term = Term(
            iri,
            "shape",
            _label(iri, triples),
            literal_text(t.object for t in triples if t.predicate.value == RDFS + "comment"),
        )
        term.facts = _facts(triples, _SHAPE_FACTS, site, about, shapes)
        terms.append(term)
    order = {"class": 0, "property": 1, "shape": 2, "term": 3}
    return sorted(terms, key=lambda t: (order[t.kind], t.label.casefold(), t.iri))


def _shape_triples() -> list[ox.Triple]:
    from psygraph import resources

    return list(ox.parse(resources.shapes_file().read_bytes(), format=ox.RdfFormat.TURTLE))


def _by_subject(triples: Any) -> dict[str, list[ox.Triple]]:
    found: dict[str, list[ox.Triple]] = defaultdict(list)
    for triple in triples:
        subject = triple.subject
        key = subject.value if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"
        found[key].append(triple)
    for listed in found.values():  # in one order, whichever store listed them
        listed.sort(key=str)
    return found


def _is_iri(term: Any) -> bool:
    return isinstance(term, ox.NamedNode)


def _label(iri: str, triples: list[ox.Triple]) -> str:
    found = literal_text(
        t.object for t in triples if t.predicate.value in (RDFS + "label", SKOS + "prefLabel")
    )
    return found or split_camel(iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]) or iri


def _facts(
    triples: list[ox.Triple],
    headings: dict[str, str],
    site: Site,
    about: dict[str, list[ox.Triple]],
    shapes: dict[str, list[ox.Triple]] | None = None,
) -> list[tuple[str, list[Row]]]:
    """The values of *triples* under *headings*, in the headings' order, each as text and a link."""
    found: dict[str, list[Row]] = defaultdict(list)
    for triple in triples:
        heading = headings.get(triple.predicate.value)
        if heading is not None:
            found[heading] += _values(triple.object, site, about, shapes or {})
    return [
        (h, sorted(found[h], key=lambda v: v["text"]))
        for h in dict.fromkeys(headings.values())
        if found.get(h)
    ]


def _values(
    term: Any, site: Site, about: dict[str, list[ox.Triple]], shapes: dict[str, list[ox.Triple]]
) -> list[Row]:
    """*term* as linkable texts: a term of the ontology links to its anchor, a list (``sh:in``) is
    unrolled, a blank node (a union of classes, an inline shape) is summarised."""
    if isinstance(term, ox.Literal):
        return [{"text": term.value, "href": ""}]
    if isinstance(term, ox.NamedNode):
        iri = term.value
        if iri.startswith(PSY) and iri in about:
            return [{"text": _label(iri, about[iri]), "href": "#" + anchor(iri)}]
        link = site.link(iri)
        if link is not None:
            return [{"text": link.label, "href": link.path}]
        return [{"text": compact(iri), "href": "#" + anchor(iri) if iri in shapes else ""}]
    node = f"_:{term.value}"
    triples = about.get(node) or shapes.get(node) or []
    members = _list_items(node, about | shapes)
    if members is not None:
        return [v for m in members for v in _values(m, site, about, shapes)]
    for triple in triples:  # owl:unionOf ( ... )
        if triple.predicate.value in (OWL + "unionOf", OWL + "oneOf"):
            items = _list_items(_key(triple.object), about | shapes) or []
            return [v for m in items for v in _values(m, site, about, shapes)]
    parts = [f"{compact(t.predicate.value)} {_summary(t.object, site, about, shapes)}" for t in triples]
    return [{"text": "; ".join(sorted(parts)) or "(blank node)", "href": ""}]


def _summary(
    term: Any, site: Site, about: dict[str, list[ox.Triple]], shapes: dict[str, list[ox.Triple]]
) -> str:
    """*term* as one line of text: a nested blank node by what it says, never by its generated
    name (which differs from one reading of the same file to the next)."""
    if isinstance(term, ox.BlankNode):
        return "[" + ", ".join(v["text"] for v in _values(term, site, about, shapes)) + "]"
    return str(getattr(term, "value", ""))


def _key(term: Any) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _list_items(node: str, about: dict[str, list[ox.Triple]]) -> list[Any] | None:
    """The members of the RDF list starting at *node*, or ``None`` when *node* is no list."""
    items: list[Any] = []
    seen: set[str] = set()
    while node != RDF + "nil" and node not in seen:
        seen.add(node)
        triples = about.get(node, [])
        first = [t.object for t in triples if t.predicate.value == RDF + "first"]
        rest = [t.object for t in triples if t.predicate.value == RDF + "rest"]
        if not first or not rest:
            return None
        items.append(first[0])
        node = _key(rest[0])
    return items


def _property_examples(site: Site, out: dict[str, dict[ox.Triple, None]]) -> dict[str, list[Row]]:
    """Up to :data:`EXAMPLES` statements made with each property, between entities of the site."""
    examples: dict[str, list[Row]] = defaultdict(list)
    for entity in sorted(site.entities.values(), key=lambda e: e.label.casefold()):
        for triple in entity.triples:
            predicate = triple.predicate.value
            if len(examples[predicate]) >= EXAMPLES or predicate == RDF + "type":
                continue
            value = triple.object
            if isinstance(value, ox.Literal):
                text = value.value if len(value.value) <= 80 else value.value[:77] + "..."
            else:
                link = site.link(getattr(value, "value", ""))
                if link is None:
                    continue
                text = link.label
            examples[predicate].append({"text": f"{entity.label} → {text}", "href": entity.path})
    return examples
