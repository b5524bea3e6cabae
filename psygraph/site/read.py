"""What the static site shows, read from the graph in a few bulk passes.

The site needs every entity's statements, in both directions, and the ontology's terms. Asking the
store once per entity would take minutes for a big graph, so :func:`read_site` reads every quad of
the data graphs once and every quad of the ontology graph once, then answers everything else from
those passes in Python: labels, types, years, names in every language, relations (read from each
entity's side, as ``psygraph show`` reads them), sources with citations and DOIs, outside
identifiers, schools and decades. The evidence claims come from :func:`psygraph.evidence.treatments`
and the defence hierarchies from :func:`psygraph.api.defences`, one query each, so the site says
what the command line says.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from psygraph.graph import as_year
from psygraph.namespaces import DCTERMS, ID, PSY, SKOS, compact, local_name

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

Row = dict[str, Any]

#: A slug that is safe as a file name on every system.
_SAFE_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,150}")
_MATCHES = {SKOS + "exactMatch": "exact", SKOS + "closeMatch": "close"}
_YEAR, _BORN, _DIED = PSY + "year", PSY + "birthYear", PSY + "deathYear"
_DOI = PSY + "doi"
_CITATION = DCTERMS + "bibliographicCitation"


@dataclass
class Link:
    """A link to one entity's page: its label, its type, and the page's path from the site's root."""

    iri: str
    label: str
    type: str
    path: str
    type_iri: str | None = None

    @property
    def curie(self) -> str:
        """The entity's prefixed name (``id:sigmund-freud``), as the explorer names it."""
        return compact(self.iri)


@dataclass
class Entity:
    """One entity's page: what the graph says about it, ready for a template."""

    iri: str
    slug: str
    label: str
    type_iri: str | None
    type: str
    classes: frozenset[str]
    definition: str = ""
    names: list[tuple[str, str]] = field(default_factory=list)  # (text, language) besides the label
    year: int | None = None
    born: int | None = None
    died: int | None = None
    notes: list[str] = field(default_factory=list)
    relations: list[Row] = field(default_factory=list)  # {"relation", "direction", "targets": [Link]}
    sources: list[Row] = field(default_factory=list)  # {"link": Link, "citation", "doi"}
    identifiers: list[Row] = field(default_factory=list)  # {"scheme", "value", "match", "href"}
    evidence: list[Row] = field(default_factory=list)  # rows of psygraph.evidence.treatments
    schools: list[Link] = field(default_factory=list)
    citation: str = ""
    doi: str = ""
    triples: list[ox.Triple] = field(default_factory=list)  # what the graph states about it

    @property
    def curie(self) -> str:
        """The entity's prefixed name."""
        return compact(self.iri)

    @property
    def path(self) -> str:
        """The page's path from the site's root."""
        return page_path(self.slug)

    @property
    def when(self) -> int | None:
        """The year that dates it: its own year, else a theorist's birth year."""
        return self.year if self.year is not None else self.born


@dataclass
class Term:
    """One term of the ontology (class, property, shape or vocabulary term) for the documentation."""

    iri: str
    kind: str  # "class", "property", "shape" or "term"
    label: str
    definition: str = ""
    facts: list[tuple[str, list[Row]]] = field(default_factory=list)  # (heading, [{"text", "href"}])
    examples: list[Row] = field(default_factory=list)  # {"text", "href"}

    @property
    def anchor(self) -> str:
        """The fragment of the term on the ontology page: its local name."""
        return anchor(self.iri)


@dataclass
class Site:
    """Everything the site shows."""

    entities: dict[str, Entity]
    terms: list[Term]
    claims: list[Row]
    defences: list[Row]
    dataset: Row
    schema_types: dict[str, str]  # class IRI -> readable name, for every class with entities

    def link(self, iri: str) -> Link | None:
        """The link to *iri*'s page, or ``None`` when it has none."""
        found = self.entities.get(iri)
        return Link(found.iri, found.label, found.type, found.path, found.type_iri) if found else None


def page_path(slug: str) -> str:
    """The path of an entity's page from the site's root (``id/sigmund-freud.html``)."""
    return f"id/{slug}.html"


def anchor(iri: str) -> str:
    """A fragment for a term of the ontology: its local name, or a hash when that would not be safe."""
    name = local_name(iri)
    return name if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name) else "t-" + _digest(iri)


def slug_for(iri: str) -> str:
    """The file name (without suffix) of *iri*'s page: its slug when it is a safe psygraph id, else a hash.

    Examples
    --------
    >>> slug_for("https://w3id.org/psygraph/id/sigmund-freud")
    'sigmund-freud'
    >>> slug_for("https://example.org/../etc/passwd")
    'x-9b2ed8487b7e92d7'
    """
    if iri.startswith(ID):
        rest = iri[len(ID) :]
        if _SAFE_SLUG.fullmatch(rest) and not rest.startswith("x-") and ".." not in rest:
            return rest
    return "x-" + _digest(iri)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- the passes ------------------------------------------------------------------------------------


def read_site(kg: KnowledgeGraph) -> Site:
    """Read what the site shows from *kg*: every entity, every ontology term, the claims and defences."""
    from psygraph import api, dataset, evidence

    out, incoming = _data_pass(kg)
    entities = _entities(kg, out)
    site = Site(entities, [], [], [], dataset.description(kg), {})
    for entity in entities.values():
        _fill(kg, site, entity, out, incoming)
    _schools(kg, site, out)
    site.claims = evidence.treatments(kg)
    _attach_claims(site, out)
    site.defences = api.defences(kg)
    for entity in entities.values():
        if entity.type_iri:
            site.schema_types[entity.type_iri] = entity.type
    from psygraph.site.ontology import read_terms

    site.terms = read_terms(kg, site, out)
    return site


def _data_pass(kg: KnowledgeGraph) -> tuple[dict[str, dict[ox.Triple, None]], dict[str, list[ox.Triple]]]:
    """Every triple of the data graphs (shipped and user files) by subject, and the links by object."""
    out: dict[str, dict[ox.Triple, None]] = defaultdict(dict)
    incoming: dict[str, list[ox.Triple]] = defaultdict(list)
    for graph in kg.graphs("data"):
        for quad in kg.store.quads_for_pattern(None, None, None, graph):
            triple = quad.triple
            subject = _key(triple.subject)
            if triple in out[subject]:
                continue
            out[subject][triple] = None
            if isinstance(triple.object, ox.NamedNode):
                incoming[triple.object.value].append(triple)
    return out, incoming


def _key(term: Any) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _entities(kg: KnowledgeGraph, out: dict[str, dict[ox.Triple, None]]) -> dict[str, Entity]:
    schema = kg.schema
    entities: dict[str, Entity] = {}
    slugs: set[str] = set()
    for entry in kg.names.entries():
        type_iri = schema.most_specific(entry.classes)
        slug = slug_for(entry.iri)
        if slug.casefold() in slugs:  # two IRIs that differ only in case on a case-blind file system
            slug = "x-" + _digest(entry.iri)
        slugs.add(slug.casefold())
        entities[entry.iri] = Entity(
            iri=entry.iri,
            slug=slug,
            label=entry.label,
            type_iri=type_iri,
            type=schema.type_label(type_iri),
            classes=entry.classes,
            # Sorted, so a page is the same whichever store (local or a server) listed the triples.
            triples=sorted(out.get(entry.iri, {}), key=str),
        )
    return entities


def _fill(
    kg: KnowledgeGraph,
    site: Site,
    entity: Entity,
    out: dict[str, dict[ox.Triple, None]],
    incoming: dict[str, list[ox.Triple]],
) -> None:
    """Fill *entity*'s literals, names, relations, sources and identifiers from the passes."""
    relations = kg.schema.relations
    groups: dict[str, Row] = {}

    def add(phrase: str, direction: str, other: str) -> None:
        link = site.link(other)
        if link is None:
            return
        group = groups.setdefault(phrase, {"relation": phrase, "direction": direction, "targets": []})
        if all(t.iri != other for t in group["targets"]):
            group["targets"].append(link)

    for triple in entity.triples:
        phrase = _statement(site, entity, triple, out, relations)
        if phrase:
            add(phrase, "out", _key(triple.object))
    for triple in incoming.get(entity.iri, ()):
        relation = relations.get(triple.predicate.value)
        if relation is not None and isinstance(triple.subject, ox.NamedNode):
            add(relation.reverse_label(), "out" if relation.symmetric else "in", triple.subject.value)
    for group in groups.values():
        group["targets"].sort(key=lambda t: t.label.casefold())
    entity.relations = sorted(
        groups.values(), key=lambda g: (g["direction"] != "out", g["relation"].lstrip("← "))
    )
    entity.names.sort(key=lambda n: (n[1], n[0].casefold()))
    entity.sources.sort(key=lambda s: s["link"].label.casefold())
    entity.identifiers.sort(key=lambda i: (i["scheme"], i["value"]))


def _statement(
    site: Site,
    entity: Entity,
    triple: ox.Triple,
    out: dict[str, dict[ox.Triple, None]],
    relations: dict[str, Any],
) -> str:
    """Take in one statement about *entity*; return the relation's label when it links to another."""
    predicate, value = triple.predicate.value, triple.object
    if isinstance(value, ox.Literal):
        _literal(entity, predicate, value)
    elif isinstance(value, ox.NamedNode):
        if predicate == DCTERMS + "source":
            _source(site, entity, value.value, out)
        elif predicate in _MATCHES:
            _identifier(entity, value.value, _MATCHES[predicate])
        elif predicate in relations:
            return str(relations[predicate].label)
    return ""


def _literal(entity: Entity, predicate: str, value: ox.Literal) -> None:
    text, lang = value.value, (value.language or "")
    english = lang in ("", "en") or lang.startswith("en-")
    if predicate in (SKOS + "prefLabel", SKOS + "altLabel"):
        if not (predicate == SKOS + "prefLabel" and english and text == entity.label):
            entity.names.append((text, lang))
    elif predicate == SKOS + "definition" and (english or not entity.definition):
        entity.definition = entity.definition if english and entity.definition else text
    elif predicate in (SKOS + "note", SKOS + "scopeNote"):
        entity.notes.append(text)
    elif predicate == _YEAR:
        entity.year = as_year(text)
    elif predicate == _BORN:
        entity.born = as_year(text)
    elif predicate == _DIED:
        entity.died = as_year(text)
    elif predicate == _CITATION:
        entity.citation = text
    elif predicate == _DOI:
        entity.doi = text
    elif predicate == PSY + "icd11Code":
        entity.identifiers.append({"scheme": "ICD-11", "value": text, "match": "code", "href": ""})


def _source(site: Site, entity: Entity, work: str, out: dict[str, dict[ox.Triple, None]]) -> None:
    link = site.link(work) or Link(work, compact(work), "", "")
    citation = doi = ""
    for triple in out.get(work, {}):
        if triple.predicate.value == _CITATION and isinstance(triple.object, ox.Literal):
            citation = triple.object.value
        elif triple.predicate.value == _DOI and isinstance(triple.object, ox.Literal):
            doi = triple.object.value
    entity.sources.append({"link": link, "citation": citation, "doi": doi, "doi_href": doi_href(doi)})


def doi_href(doi: str) -> str:
    """The https://doi.org/ address of a DOI, or "" when *doi* is not one.

    Examples
    --------
    >>> doi_href("10.1037/a0036505")
    'https://doi.org/10.1037/a0036505'
    >>> doi_href("javascript:alert(1)")
    ''
    """
    from urllib.parse import quote

    return "https://doi.org/" + quote(doi, safe="/:;()._-") if re.fullmatch(r"10\.\d{4,9}/\S+", doi) else ""


def web_href(iri: str) -> str:
    """*iri* when a browser may open it as a link (http or https), else "" (shown as text)."""
    return iri if re.match(r"https?://[^\s\"'<>]+$", iri) else ""


def _identifier(entity: Entity, iri: str, match: str) -> None:
    from psygraph.entity import _scheme

    entity.identifiers.append({"scheme": _scheme(iri), "value": iri, "match": match, "href": web_href(iri)})


def _schools(kg: KnowledgeGraph, site: Site, out: dict[str, dict[ox.Triple, None]]) -> None:
    """Each entity's schools, by the explorer's rule (:func:`psygraph.viz.schools_of`)."""
    import networkx as nx

    from psygraph.viz import PEOPLE_RELATIONS, SCHOOL_RELATIONS, schools_of

    wanted = SCHOOL_RELATIONS | PEOPLE_RELATIONS
    graph = nx.MultiDiGraph()
    for iri, entity in site.entities.items():
        graph.add_node(iri, type=local_name(entity.type_iri or ""))
    for iri in site.entities:
        for triple in out.get(iri, {}):
            target = triple.object
            if not isinstance(target, ox.NamedNode) or target.value not in site.entities:
                continue
            predicate, forward = kg.schema.projected(triple.predicate.value)
            if predicate in wanted:
                s, o = (iri, target.value) if forward else (target.value, iri)
                graph.add_edge(s, o, key=predicate, relation=predicate)
    for iri, schools in schools_of(graph).items():
        links = [site.link(school) for school in schools]
        site.entities[iri].schools = sorted(
            (link for link in links if link), key=lambda link: link.label.casefold()
        )


def _attach_claims(site: Site, out: dict[str, dict[ox.Triple, None]]) -> None:
    """Give each modality and condition the claims about it (claims name both by IRI)."""
    about: dict[str, list[str]] = {}
    for row in site.claims:
        if not row["id"]:
            continue
        claim = _expand_id(row["id"])
        about[claim] = [
            t.object.value
            for t in out.get(claim, {})
            if t.predicate.value in (PSY + "evidenceFor", PSY + "evidenceAbout")
            and isinstance(t.object, ox.NamedNode)
        ]
        row["_about"] = about[claim]
    for row in site.claims:
        for iri in row.get("_about", ()):
            if iri in site.entities:
                site.entities[iri].evidence.append(row)


def _expand_id(curie: str) -> str:
    return ID + curie[3:] if curie.startswith("id:") else curie


def literal_text(terms: Iterable[Any]) -> str:
    """The first English (or untagged) literal among *terms*, else the first literal, else ""."""
    found = [t for t in terms if isinstance(t, ox.Literal)]
    english = [t for t in found if (t.language or "en").startswith("en")]
    return (english or found or [ox.Literal("")])[0].value
