"""Name resolution: turn what a person types ("Freud", "projective-identification", "defense") into an IRI.

A name resolves, in this order, by

1. a full IRI or a prefixed name (``id:melanie-klein``) of something in the graph;
2. an exact match, ignoring case, accents, punctuation and British/American spelling, on a
   preferred label, a synonym (``skos:altLabel``) or a slug; a preferred label beats a synonym;
3. a theorist's surname ("Klein"), when only one theorist has it, or when one of those who share it
   has at least :data:`DOMINANCE` times as many links as the next ("Freud" is Sigmund Freud);
4. the words of exactly one entity's label ("transference" finds nothing else to mean).

When a name is ambiguous, :class:`AmbiguousNameError` lists the candidates; when nothing matches,
:class:`~psygraph.errors.UnknownEntityError` carries "did you mean" suggestions ranked by
similarity (:mod:`difflib`). Everything is read from the store with SPARQL, so resolution needs
neither rdflib nor networkx and ``psygraph show`` starts fast. The indexes are built once per graph.

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> resolve(kg, "sigmund FREUD")
'https://w3id.org/psygraph/id/sigmund-freud'
>>> resolve(kg, "id:donald-winnicott")
'https://w3id.org/psygraph/id/donald-winnicott'
>>> resolve(kg, "Winnicott")
'https://w3id.org/psygraph/id/donald-winnicott'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from psygraph import cache, sparql
from psygraph.errors import UnknownEntityError, UsageError
from psygraph.namespaces import ID, PREFIXES, PSY

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

ENTITY = PSY + "Entity"
THEORIST = PSY + "Theorist"
#: A surname shared by several theorists means the one with this many times more links than the next
#: ("Freud" is Sigmund Freud rather than Anna Freud); otherwise the name is ambiguous.
DOMINANCE = 3
#: "Did you mean" lists the closest names and those within this similarity of them.
SUGGESTION_SPREAD = 0.05

# British and American spellings (and a few other variants) written one way, applied word by word.
_SPELLING = [
    (re.compile(r"(def|off|lic|pret)ence"), r"\1ense"),
    (re.compile(r"(?<=\w)is(ation|ations|e|ed|es|ing)$"), r"iz\1"),
    (re.compile(r"(?<=\w)ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w{3})our(s|ed|ing|ism|ist|al|ally)?$"), r"or\1"),
    (re.compile(r"fulfil(l?)(ment|s)?$"), r"fulfill\2"),
    (re.compile(r"^paed"), "ped"),
    (re.compile(r"^oed"), "ed"),
    (re.compile(r"judgement"), "judgment"),
    (re.compile(r"(?<=\w)tre$"), "ter"),
]


def normalise(text: str) -> str:
    """The form names are compared in: lower case, no accents or punctuation, one spelling.

    Examples
    --------
    >>> normalise("Defence  Mechanism")
    'defense mechanism'
    >>> normalise("analysed-by") == normalise("Analyzed by")
    True
    >>> normalise("Sándor Ferenczi")
    'sandor ferenczi'
    >>> normalise("Mentalisation") == normalise("mentalization")
    True
    >>> normalise("behaviour") == normalise("behavior")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.sub(r"[^\w]+|_", " ", plain).split()
    return " ".join(_spell(word) for word in words)


@lru_cache(maxsize=65536)
def _spell(word: str) -> str:
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return word


class AmbiguousNameError(UnknownEntityError):
    """A name fits several entities equally well; the message lists them so the user can pick one."""

    def __init__(self, name: str, candidates: list[tuple[str, str]]) -> None:
        self.name = name
        self.candidates = candidates
        self.suggestions = [label for label, _ in candidates]
        shown = ", ".join(f"{label!r} ({_prefixed(iri)})" for label, iri in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        message = f"{name!r} could mean {shown}{more}; use the full name or the id"
        super(UnknownEntityError, self).__init__(message)


class WrongTypeError(UnknownEntityError):
    """A name resolves, but to an entity of another type than the question needs."""

    def __init__(self, name: str, wanted: str, found_label: str, found_type: str) -> None:
        self.name = name
        self.suggestions = []
        message = f"{name!r} is {_article(found_type)} ({found_label}), not {_article(wanted)}"
        super(UnknownEntityError, self).__init__(message)


@dataclass
class NameIndex:
    """Every entity's names, read once from the graph.

    Attributes
    ----------
    labels
        Entity IRI -> preferred label (the slug when it has none).
    classes
        Entity IRI -> its asserted classes under ``psy:Entity``.
    alt_labels, definitions
        Entity IRI -> synonyms; entity IRI -> definition.
    keys
        Normalised name -> ``(entity, kind)`` pairs, kind being ``pref``, ``alt`` or ``slug``.
    normalised
        Entity IRI -> its preferred label and synonyms, normalised (the preferred label first).
    normalised_definitions
        Entity IRI -> its definition, normalised; filled by the first search that needs it.
    """

    labels: dict[str, str] = field(default_factory=dict)
    classes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    alt_labels: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    definitions: dict[str, str] = field(default_factory=dict)
    keys: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    normalised: dict[str, list[str]] = field(default_factory=dict)
    normalised_definitions: dict[str, str] = field(default_factory=dict)

    def add_key(self, text: str, entity: str, kind: str) -> None:
        key = normalise(text)
        if key and (entity, kind) not in self.keys[key]:
            self.keys[key].append((entity, kind))


@dataclass
class ClassIndex:
    """The classes under ``psy:Entity``: names, ancestors and descendants, read once."""

    labels: dict[str, str] = field(default_factory=dict)
    ancestors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    descendants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    keys: dict[str, str] = field(default_factory=dict)


@dataclass
class Relation:
    """An object property as people read it: its label, and how to read it backwards."""

    iri: str
    label: str
    inverse: str | None = None
    inverse_label: str | None = None
    symmetric: bool = False
    projected: bool = True  # False for the stated side of an inverse pair, which the projection drops

    def reverse_label(self) -> str:
        """How the relation reads from its object: the inverse's label, or the label marked ``←``."""
        if self.symmetric:
            return self.label
        return self.inverse_label or f"← {self.label}"


_NAMES: weakref.WeakKeyDictionary[KnowledgeGraph, NameIndex] = weakref.WeakKeyDictionary()
_CLASSES: weakref.WeakKeyDictionary[KnowledgeGraph, ClassIndex] = weakref.WeakKeyDictionary()
_RELATIONS: weakref.WeakKeyDictionary[KnowledgeGraph, dict[str, Relation]] = weakref.WeakKeyDictionary()
_PROMINENCE: weakref.WeakKeyDictionary[KnowledgeGraph, dict[str, int]] = weakref.WeakKeyDictionary()


def name_index(kg: KnowledgeGraph) -> NameIndex:
    """The :class:`NameIndex` of *kg*, built on first use (and kept in the cache for the next run)."""
    if kg not in _NAMES:
        _NAMES[kg] = cache.memo(kg, "names", lambda: _build_name_index(kg), NameIndex)
    return _NAMES[kg]


def _build_name_index(kg: KnowledgeGraph) -> NameIndex:
    """Read every entity's names from *kg* and normalise them (the slow part of a first lookup)."""
    index = NameIndex()
    for row in sparql.run(kg, "names"):
        entity, kind, text = row["entity"], row["kind"], row["text"]
        index.classes[entity].add(row["class"])
        if kind == "pref" and entity not in index.labels:
            index.labels[entity] = text
        elif kind == "alt" and text not in index.alt_labels[entity]:
            index.alt_labels[entity].append(text)
        elif kind == "definition":
            index.definitions.setdefault(entity, text)
    for entity in index.classes:
        index.labels.setdefault(entity, _local_name(entity))
        index.add_key(index.labels[entity], entity, "pref")
        for alt in index.alt_labels.get(entity, []):
            index.add_key(alt, entity, "alt")
        index.add_key(_local_name(entity), entity, "slug")
        names = [index.labels[entity], *index.alt_labels.get(entity, [])]
        index.normalised[entity] = [normalise(n) for n in names]
    return index


def class_index(kg: KnowledgeGraph) -> ClassIndex:
    """The :class:`ClassIndex` of *kg*, built on first use."""
    if kg not in _CLASSES:
        index = ClassIndex()
        for row in sparql.run(kg, "classes"):
            cls, ancestor = row["class"], row["ancestor"]
            index.ancestors[cls].add(ancestor)
            index.descendants[ancestor].add(cls)
            index.labels.setdefault(cls, row["label"] or _local_name(cls))
            for name in (row["label"], row["alt"], _local_name(cls), _split_camel(_local_name(cls))):
                if name:
                    index.keys.setdefault(normalise(name), cls)
        _CLASSES[kg] = index
    return _CLASSES[kg]


def relations(kg: KnowledgeGraph) -> dict[str, Relation]:
    """Every object property of *kg* by IRI, with its label, inverse and symmetry."""
    if kg not in _RELATIONS:
        found: dict[str, Relation] = {}
        for row in sparql.run(kg, "relations"):
            iri = row["property"]
            relation = found.setdefault(iri, Relation(iri, row["label"] or _split_camel(_local_name(iri))))
            relation.symmetric = relation.symmetric or bool(row["symmetric"])
            if row["inverse"]:
                relation.inverse = row["inverse"]
                relation.inverse_label = row["inverseLabel"] or _split_camel(_local_name(row["inverse"]))
                # The projection keeps the side that states owl:inverseOf and drops the other.
                relation.projected = relation.projected and row["stated"] == "forward"
        _RELATIONS[kg] = found
    return _RELATIONS[kg]


def label(kg: KnowledgeGraph, iri: str) -> str:
    """The preferred label of *iri*, or its local name when it has none."""
    return name_index(kg).labels.get(iri) or class_index(kg).labels.get(iri) or _local_name(iri)


def entity_type(kg: KnowledgeGraph, iri: str) -> str | None:
    """The most specific class of the entity *iri*, or ``None`` when it is not an entity."""
    classes = name_index(kg).classes.get(iri)
    if not classes:
        return None
    ancestors = class_index(kg).ancestors
    return max(sorted(classes), key=lambda cls: len(ancestors.get(cls, ())))


def type_label(kg: KnowledgeGraph, class_iri: str | None) -> str:
    """The readable name of a class ("defence mechanism"), or an empty string."""
    if not class_iri:
        return ""
    return class_index(kg).labels.get(class_iri) or _split_camel(_local_name(class_iri))


def resolve(kg: KnowledgeGraph, name: str, *, types: str | Iterable[str] | None = None) -> str:
    """The IRI of the entity *name* refers to (see the module docstring for the rules).

    Parameters
    ----------
    kg
        The graph to look in.
    name
        A label, synonym, slug, surname, prefixed name or full IRI.
    types
        Restrict the answer to entities of these classes (IRIs, local names such as
        ``"Theorist"`` or labels such as ``"condition"``), subclasses included.

    Raises
    ------
    UnknownEntityError
        Nothing matches; the message suggests close names.
    AmbiguousNameError
        Several entities match equally well.
    WrongTypeError
        The name matches only entities of another type than *types*.
    """
    text = name.strip()
    if not text:
        msg = "an empty name matches nothing; give a label, a synonym or an id"
        raise UsageError(msg)
    index = name_index(kg)
    allowed, wanted = _allowed_classes(kg, types)
    iri = _as_iri(text)
    if iri is not None:
        if iri in index.classes or _has_triples(kg, iri):
            return _check_type(kg, name, iri, allowed, wanted)
        raise UnknownEntityError(name, _suggest(kg, _local_name(iri), allowed))
    elsewhere = None
    for finder in (_exact, _surname, _words):
        matches = finder(kg, index, normalise(text))
        fitting = [m for m in matches if _fits(index, m, allowed)]
        if len(fitting) == 1:
            return fitting[0]
        if len(fitting) > 1:
            raise AmbiguousNameError(name, [(index.labels[m], m) for m in fitting])
        if elsewhere is None and len(matches) == 1:
            elsewhere = matches[0]  # the only reading, but of the wrong type: say so if nothing fits
    if elsewhere is not None:
        return _check_type(kg, name, elsewhere, allowed, wanted)
    raise UnknownEntityError(name, _suggest(kg, text, allowed))


def suggest(kg: KnowledgeGraph, name: str, n: int = 3) -> list[str]:
    """Up to *n* preferred labels that look like *name*, closest first.

    Examples
    --------
    >>> import psygraph
    >>> suggest(psygraph.load(), "Frued")[0]
    'Sigmund Freud'
    """
    return _suggest(kg, name, None, n)


def resolve_type(kg: KnowledgeGraph, name: str) -> frozenset[str]:
    """The class *name* refers to and all its subclasses, as IRIs.

    *name* may be a label ("defence mechanism", "defense mechanism"), a local name
    ("DefenceMechanism"), a prefixed name (``psy:Theorist``) or a plural ("theorists").

    Examples
    --------
    >>> import psygraph
    >>> kg = psygraph.load()
    >>> sorted(c.rsplit("#")[-1] for c in resolve_type(kg, "theorists"))
    ['Theorist']
    >>> "https://w3id.org/psygraph/ontology#DefenceMechanism" in resolve_type(kg, "concept")
    True
    """
    index = class_index(kg)
    iri = _as_iri(name.strip())
    key = normalise(name)
    cls = iri if iri in index.labels else None
    for candidate in (key, re.sub(r"e?s$", "", key), re.sub(r"s$", "", key)):
        cls = cls or index.keys.get(candidate)
    if cls is None:
        known = ", ".join(sorted({index.labels[c] for c in index.labels}))
        msg = f"no type named {name!r}; the types are: {known}"
        raise UsageError(msg)
    return frozenset(index.descendants[cls] | {cls})


def resolve_relation(kg: KnowledgeGraph, name: str) -> str:
    """The IRI of the relation *name* refers to, as the projection stores it.

    Accepts a label ("analysed by", "analyzed by"), a local name ("analysedBy"), a prefixed name, or
    the name of the inverse ("influenced" gives ``psy:influencedBy``, the direction the data states).

    Examples
    --------
    >>> import psygraph
    >>> kg = psygraph.load()
    >>> resolve_relation(kg, "analyzed by")
    'https://w3id.org/psygraph/ontology#analysedBy'
    >>> resolve_relation(kg, "influenced")
    'https://w3id.org/psygraph/ontology#influencedBy'
    """
    known = relations(kg)
    iri = _as_iri(name.strip())
    key = normalise(name)
    for relation in known.values():
        names = {normalise(relation.label), normalise(_local_name(relation.iri))}
        if iri == relation.iri or key in names:
            return _projected(known, relation)
    alts = {normalise(row["alt"]): row["property"] for row in sparql.run(kg, "relations") if row["alt"]}
    if key in alts:
        return _projected(known, known[alts[key]])
    choices = sorted({r.label for r in known.values()})
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    hint = (
        f"did you mean {', '.join(repr(c) for c in close)}?" if close else f"use one of: {', '.join(choices)}"
    )
    msg = f"no relation named {name!r}; {hint}"
    raise UsageError(msg)


def _projected(known: dict[str, Relation], relation: Relation) -> str:
    if relation.projected or relation.inverse is None or relation.inverse not in known:
        return relation.iri
    return relation.inverse


def _exact(kg: KnowledgeGraph, index: NameIndex, key: str) -> list[str]:
    hits = index.keys.get(key, [])
    slugs = {entity for entity, kind in hits if kind == "slug"}
    for kind in ("pref", "alt", "slug"):
        best = list(dict.fromkeys(entity for entity, k in hits if k == kind))
        if len(best) > 1 and len(slugs & set(best)) == 1:
            return list(slugs & set(best))  # two labels alike: the one whose slug matches too
        if best:
            return best
    return []


def _surname(kg: KnowledgeGraph, index: NameIndex, key: str) -> list[str]:
    """Theorists whose name ends in *key*; one who is far better connected than the rest wins."""
    if " " in key:
        return []
    found = [
        entity
        for entity, classes in index.classes.items()
        if THEORIST in classes and index.normalised[entity][0].split()[-1:] == [key]
    ]
    if len(found) > 1:
        links = prominence(kg)
        ranked = sorted(found, key=lambda e: -links.get(e, 0))
        if links.get(ranked[0], 0) >= DOMINANCE * max(links.get(ranked[1], 0), 1):
            return ranked[:1]
    return found


def _words(kg: KnowledgeGraph, index: NameIndex, key: str) -> list[str]:
    pattern = re.compile(r"(?:^|\s)" + re.escape(key) + r"(?:\s|$)")
    found = [e for e, names in index.normalised.items() if any(pattern.search(n) for n in names)]
    return sorted(found, key=lambda e: index.labels[e].casefold())


def _allowed_classes(
    kg: KnowledgeGraph, types: str | Iterable[str] | None
) -> tuple[frozenset[str] | None, str]:
    """The classes an answer may have (subclasses included) and how to name them in a message."""
    if types is None:
        return None, ""
    names = [types] if isinstance(types, str) else list(types)
    allowed: set[str] = set()
    wanted = []
    for name in names:
        classes = resolve_type(kg, PSY + name if re.fullmatch(r"[A-Z]\w*", name) else name)
        allowed |= classes
        top = min(classes, key=lambda c: len(class_index(kg).ancestors.get(c, ())))
        wanted.append(type_label(kg, top))
    return frozenset(allowed), " or ".join(wanted)


def _fits(index: NameIndex, entity: str, allowed: frozenset[str] | None) -> bool:
    return allowed is None or bool(index.classes.get(entity, set()) & allowed)


def _check_type(kg: KnowledgeGraph, name: str, iri: str, allowed: frozenset[str] | None, wanted: str) -> str:
    if _fits(name_index(kg), iri, allowed):
        return iri
    found = type_label(kg, entity_type(kg, iri)) or "something else"
    raise WrongTypeError(name, wanted, label(kg, iri), found)


def prominence(kg: KnowledgeGraph) -> dict[str, int]:
    """How many other entities each entity links to or from; used to break ties in rankings."""
    if kg not in _PROMINENCE:
        _PROMINENCE[kg] = cache.memo(
            kg, "prominence", lambda: {row["entity"]: row["links"] for row in sparql.run(kg, "prominence")}
        )
    return _PROMINENCE[kg]


#: Names longer than this (normalised) get no suggestions.
SUGGEST_MAX_LENGTH = 200


def _suggest(kg: KnowledgeGraph, name: str, allowed: frozenset[str] | None, n: int = 3) -> list[str]:
    """Labels that look like *name*, as close as the closest: whole names and surnames count fully,
    single words a little less."""
    key = normalise(name)
    if len(key) > SUGGEST_MAX_LENGTH:
        return []  # no label is this long, and comparing with every label would take minutes
    index = name_index(kg)
    scores: dict[str, float] = {}
    for entity, names in index.normalised.items():
        if not key or not _fits(index, entity, allowed):
            continue
        whole = list(names)
        if THEORIST in index.classes[entity]:
            whole.append(names[0].split()[-1])
        words = [word for n in names for word in n.split() if len(word) > 3]
        best = max(
            [_similarity(key, k) for k in whole] + [0.9 * _similarity(key, w) for w in words], default=0.0
        )
        if any(key in k for k in whole):
            best = max(best, 0.7)
        if best >= 0.7:
            scores[entity] = best
    links = prominence(kg) if len(scores) > 1 else {}
    ranked = sorted(scores, key=lambda e: (-scores[e], -links.get(e, 0), index.labels[e].casefold()))
    close = [e for e in ranked if scores[e] >= scores[ranked[0]] - SUGGESTION_SPREAD] if ranked else []
    return [index.labels[e] for e in close[:n]]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _as_iri(text: str) -> str | None:
    if text.startswith(("http://", "https://", "urn:")):
        return text
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and local and " " not in local:
        return PREFIXES[prefix] + local
    return None


def _has_triples(kg: KnowledgeGraph, iri: str) -> bool:
    return kg.ask("ASK { { ?iri ?p ?o } UNION { ?s ?p ?iri } }", {"iri": iri})


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _split_camel(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _prefixed(iri: str) -> str:
    return "id:" + iri[len(ID) :] if iri.startswith(ID) else iri


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun
