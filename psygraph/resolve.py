"""Name resolution: turn what a person types ("Freud", "projective-identification", "defense") into an IRI.

A name resolves only when, after :func:`~psygraph.names.normalise` (case, accents, punctuation,
hyphens and spaces, British/American spelling), it equals

1. a full IRI or a prefixed name (``id:melanie-klein``) of something in the graph;
2. a preferred label (in any language), a synonym (``skos:altLabel``) or the slug of an entity; a
   preferred label beats a synonym, and a synonym beats a slug;
3. or the surname of exactly one theorist ("Klein", "Winnicott").

Nothing else resolves: a name that is only part of a label, or close to one, is never answered with
another entity. :class:`~psygraph.errors.UnknownEntityError` then carries "did you mean"
suggestions ranked by similarity (:mod:`difflib`); a name that fits several entities equally raises
:class:`AmbiguousNameError` with the candidates. When a question implies a type (``treatments``
wants a condition), the entities of that type are looked at first.

The names are read once per set of inputs from the store with SPARQL into the index database
(:mod:`psygraph.index`, kept in the cache), and each resolution reads only the rows of the name it
looks up, so it needs neither rdflib nor networkx and ``psygraph show`` starts fast.

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

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from psygraph.errors import UnknownEntityError, UsageError
from psygraph.index import Entry, NameIndex, name_index
from psygraph.names import normalise
from psygraph.namespaces import ID, PSY, expand, local_name

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph
    from psygraph.schema import Relation

__all__ = [
    "AmbiguousNameError",
    "NameIndex",
    "WrongTypeError",
    "entity_type",
    "label",
    "name_index",
    "normalise",
    "prominence",
    "relations",
    "resolve",
    "resolve_relation",
    "resolve_type",
    "suggest",
    "type_label",
]

#: "Did you mean" lists the closest names and those within this similarity of them.
SUGGESTION_SPREAD = 0.05
#: Names longer than this are not compared for suggestions (nothing in the graph is named so long).
LONGEST_NAME = 200


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


def relations(kg: KnowledgeGraph) -> dict[str, Relation]:
    """Every object property of *kg* by IRI, with its label, inverse and symmetry."""
    return kg.schema.relations


def label(kg: KnowledgeGraph, iri: str) -> str:
    """The preferred label of *iri*, or its local name when it has none."""
    return kg.names.label(iri) or kg.schema.class_labels.get(iri) or local_name(iri)


def entity_type(kg: KnowledgeGraph, iri: str) -> str | None:
    """The most specific class of the entity *iri*, or ``None`` when it is not an entity."""
    return kg.schema.most_specific(kg.names.classes(iri))


def type_label(kg: KnowledgeGraph, class_iri: str | None) -> str:
    """The readable name of a class ("defence mechanism"), or an empty string."""
    return kg.schema.type_label(class_iri)


def resolve_type(kg: KnowledgeGraph, name: str) -> frozenset[str]:
    """The class *name* refers to and all its subclasses, as IRIs (see :meth:`Schema.resolve_type`).

    Examples
    --------
    >>> import psygraph
    >>> kg = psygraph.load()
    >>> sorted(c.rsplit("#")[-1] for c in resolve_type(kg, "theorists"))
    ['Theorist']
    >>> "https://w3id.org/psygraph/ontology#DefenceMechanism" in resolve_type(kg, "concept")
    True
    """
    return frozenset(kg.schema.resolve_type(name))


def resolve_relation(kg: KnowledgeGraph, name: str) -> str:
    """The IRI of the relation *name* refers to, as the projection stores it.

    Examples
    --------
    >>> import psygraph
    >>> kg = psygraph.load()
    >>> resolve_relation(kg, "analyzed by")
    'https://w3id.org/psygraph/ontology#analysedBy'
    >>> resolve_relation(kg, "influenced")
    'https://w3id.org/psygraph/ontology#influencedBy'
    """
    return kg.schema.resolve_relation(name)


def resolve(kg: KnowledgeGraph, name: str, *, types: str | Iterable[str] | None = None) -> str:
    """The IRI of the entity *name* refers to (see the module docstring for the rules).

    Parameters
    ----------
    kg
        The graph to look in.
    name
        A label, synonym, slug, surname, prefixed name or full IRI.
    types
        The type the question implies (IRIs, local names such as ``"Theorist"`` or labels such as
        ``"condition"``, subclasses included): entities of these types are looked at first, and a
        name that fits only another type raises :class:`WrongTypeError`.

    Raises
    ------
    UnknownEntityError
        Nothing matches exactly; the message suggests close names.
    AmbiguousNameError
        Several entities match equally well.
    WrongTypeError
        The name matches only entities of another type than *types*.
    """
    text = name.strip()
    if not text:
        msg = "an empty name matches nothing; give a label, a synonym or an id"
        raise UsageError(msg)
    index = kg.names
    allowed, wanted = _allowed_classes(kg, types)
    iri = _as_iri(text)
    if iri is not None:
        if iri in index or _has_triples(kg, iri):
            return _check_type(kg, name, iri, allowed, wanted)
        raise UnknownEntityError(name, _suggest(kg, local_name(iri), allowed))
    key = normalise(text)
    for finder in (_exact, _surname):
        fitting = finder(index, key, allowed)
        if len(fitting) == 1:
            return fitting[0]
        if len(fitting) > 1:
            raise AmbiguousNameError(name, [(label(kg, m), m) for m in fitting])
    if allowed is not None:  # no entity of the wanted type has the name: does one of another type?
        for finder in (_exact, _surname):
            elsewhere = finder(index, key, None)
            if len(elsewhere) == 1:
                return _check_type(kg, name, elsewhere[0], allowed, wanted)
            if len(elsewhere) > 1:
                raise AmbiguousNameError(name, [(label(kg, m), m) for m in elsewhere])
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


def prominence(kg: KnowledgeGraph) -> dict[str, int]:
    """How many other entities each entity links to or from; used to break ties in rankings."""
    return kg.prominence


def _exact(index: NameIndex, key: str, allowed: frozenset[str] | None) -> list[str]:
    """Entities of the *allowed* classes with the name *key*: preferred labels first, then synonyms,
    then slugs."""
    hits = [(entity, kind) for entity, kind in index.lookup(key) if _fits(index, entity, allowed)]
    slugs = {entity for entity, kind in hits if kind == "slug"}
    for kind in ("pref", "alt", "slug"):
        best = list(dict.fromkeys(entity for entity, k in hits if k == kind))
        if len(best) > 1 and len(slugs & set(best)) == 1:
            return list(slugs & set(best))  # two labels alike: the one whose slug matches too
        if best:
            return best
    return []


def _surname(index: NameIndex, key: str, allowed: frozenset[str] | None) -> list[str]:
    """Theorists whose preferred label ends in *key* (one word); more than one is ambiguous."""
    if " " in key or not key:
        return []
    return [entity for entity in index.theorists_named(key) if _fits(index, entity, allowed)]


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
        classes = kg.schema.resolve_type(PSY + name if re.fullmatch(r"[A-Z]\w*", name) else name)
        allowed.update(classes)
        wanted.append(kg.schema.type_label(classes[0]))
    return frozenset(allowed), " or ".join(wanted)


def _fits(index: NameIndex, entity: str, allowed: frozenset[str] | None) -> bool:
    return allowed is None or bool(index.classes(entity) & allowed)


def _check_type(kg: KnowledgeGraph, name: str, iri: str, allowed: frozenset[str] | None, wanted: str) -> str:
    if _fits(kg.names, iri, allowed):
        return iri
    found = type_label(kg, entity_type(kg, iri)) or "something else"
    raise WrongTypeError(name, wanted, label(kg, iri), found)


def _suggest(kg: KnowledgeGraph, name: str, allowed: frozenset[str] | None, n: int = 3) -> list[str]:
    """Labels that look like *name*, as close as the closest: whole names and surnames count fully,
    single words a little less. Entities of the *allowed* types come first."""
    index = kg.names
    key = normalise(name[:LONGEST_NAME])
    if not key:
        return []
    scores: dict[str, float] = {}
    entries: dict[str, Entry] = {}
    for entry in index.entries():
        whole = list(entry.names)
        if entry.theorist:
            whole.append(entry.names[0].split()[-1])
        words = [word for n in entry.names for word in n.split() if len(word) > 3]
        best = max(
            [_similarity(key, k) for k in whole] + [0.9 * _similarity(key, w) for w in words], default=0.0
        )
        if any(key in k for k in whole):
            best = max(best, 0.7)
        if best >= 0.7:
            scores[entry.iri] = best
            entries[entry.iri] = entry
    fits = {e: allowed is None or bool(entries[e].classes & allowed) for e in scores}
    ranked = sorted(
        scores,
        key=lambda e: (not fits[e], -scores[e], -entries[e].links, entries[e].label.casefold()),
    )
    if not ranked:
        return []
    first = ranked[0]
    close = [e for e in ranked if scores[e] >= scores[first] - SUGGESTION_SPREAD and fits[e] == fits[first]]
    return [entries[e].label for e in close[:n]]


def _similarity(a: str, b: str) -> float:
    """difflib's ratio of *a* and *b*; 0 when their lengths or their letters alone keep it under 0.7,
    the lowest score a suggestion needs (both bounds are cheap, and the ratio never exceeds them)."""
    import difflib  # only when a name fails: its import is not free

    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < 0.7 or matcher.quick_ratio() < 0.7:
        return 0.0
    return matcher.ratio()


def _as_iri(text: str) -> str | None:
    if text.startswith(("http://", "https://", "urn:")):
        return text
    iri = expand(text)
    return iri if iri != text else None


def _has_triples(kg: KnowledgeGraph, iri: str) -> bool:
    return kg.ask("ASK { { ?iri ?p ?o } UNION { ?s ?p ?iri } }", {"iri": iri})


def _prefixed(iri: str) -> str:
    return "id:" + iri[len(ID) :] if iri.startswith(ID) else iri


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun
