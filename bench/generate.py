"""Synthetic psygraph-shaped graphs for the benchmark, learned from the shipped data, with a fixed seed.

The generator reads ``data/concepts.ttl`` once and learns its shape: how many entities of each class
there are, how many values of each property an entity of a class has (the empirical distribution,
zeros included), and which classes the targets of each relation belong to. It then writes new
entities of the same classes with the same properties. Relation targets are picked by preferential
attachment (an entity is chosen with probability proportional to one plus the links it already
has), which gives the long-tailed degree distribution of real knowledge graphs: a few hubs such as
Freud and many entities with two or three links. The shipped entities seed the pools, so the
synthetic part is linked to the real one and paths run between them.

Names are made of pronounceable syllables (unique per entity) and words of the shipped labels, so
name resolution and search behave as on real data. The same seed and the same shipped data give
the same file, byte for byte.

Usage::

    python bench/generate.py 100000 big.ttl      # about 100k triples, seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from psygraph import resources  # noqa: E402
from psygraph.namespaces import DCTERMS, ID, PREFIXES, PSY, RDF, SKOS, XSD  # noqa: E402

SEED = 7
#: The slug prefix of synthetic entities, so they never collide with shipped ones.
SLUG_PREFIX = "x-"
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_TYPE = RDF + "type"
_TEXT_PROPERTIES = {SKOS + "definition", SKOS + "note", SKOS + "scopeNote", DCTERMS + "bibliographicCitation"}
_WORD = re.compile(r"[a-z]{4,}")


@dataclass
class Profile:
    """The shape of the shipped data: class sizes, per-property value counts, relation target classes."""

    classes: Counter[str] = field(default_factory=Counter)
    #: class -> property -> one count per entity of the class (how many values it has)
    counts: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: (class, property) -> Counter of target classes (for links to entities)
    targets: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    #: (class, property) -> observed non-entity objects (literals, outside IRIs)
    values: dict[tuple[str, str], list[ox.NamedNode | ox.Literal]] = field(default_factory=dict)
    #: class -> the shipped entities of that class (they seed the attachment pools)
    members: dict[str, list[ox.NamedNode]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    first_names: list[str] = field(default_factory=list)
    definition_lengths: list[int] = field(default_factory=list)


def learn(data: bytes) -> Profile:
    """The :class:`Profile` of the Turtle *data* (the shipped facts)."""
    triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    kind = {t.subject: t.object.value for t in triples if t.predicate.value == _TYPE}
    per_entity: dict[ox.NamedNode, Counter[str]] = defaultdict(Counter)
    profile = Profile()
    words: set[str] = set()
    firsts: set[str] = set()
    for t in triples:
        subject_class = kind.get(t.subject)
        p = t.predicate.value
        if subject_class is None or p == _TYPE:
            continue
        per_entity[t.subject][p] += 1
        target_class = kind.get(t.object)
        if target_class is not None:
            profile.targets.setdefault((subject_class, p), Counter())[target_class] += 1
        else:
            profile.values.setdefault((subject_class, p), []).append(t.object)
        if isinstance(t.object, ox.Literal) and p in (SKOS + "prefLabel", SKOS + "definition"):
            words.update(_WORD.findall(t.object.value.lower()))
            if p == SKOS + "definition":
                profile.definition_lengths.append(len(t.object.value.split()))
            elif subject_class == PSY + "Theorist":
                firsts.add(t.object.value.split()[0])
    for entity, cls in sorted(kind.items(), key=lambda kv: kv[0].value):
        profile.classes[cls] += 1
        profile.members.setdefault(cls, []).append(entity)
    properties = {p for (_, p) in profile.targets} | {p for (_, p) in profile.values}
    for cls in sorted(profile.classes):
        entities = [e for e, c in kind.items() if c == cls]
        profile.counts[cls] = {
            p: sorted(per_entity[e][p] for e in entities)
            for p in sorted(properties)
            if any(per_entity[e][p] for e in entities)
        }
    for key in profile.values:
        profile.values[key].sort(key=str)
    profile.words = sorted(words)
    profile.first_names = sorted(firsts)
    profile.definition_lengths.sort()
    return profile


def syllables(number: int) -> str:
    """A pronounceable word that names *number* (a different word for each number).

    >>> syllables(0), syllables(1), syllables(70)
    ('Ba', 'Be', 'Beba')
    """
    parts = []
    n = number
    base = len(_CONSONANTS) * len(_VOWELS)
    while True:
        n, digit = divmod(n, base)
        consonant, vowel = divmod(digit, len(_VOWELS))
        parts.append(_CONSONANTS[consonant] + _VOWELS[vowel])
        if n == 0:
            break
        n -= 1
    return "".join(reversed(parts)).capitalize()


class Generator:
    """Writes synthetic entities shaped by a :class:`Profile`, reproducibly from *seed*."""

    def __init__(self, profile: Profile, seed: int = SEED) -> None:
        self.profile = profile
        self.random = random.Random(seed)
        self.classes = sorted(profile.classes)
        self.weights = [profile.classes[c] for c in self.classes]
        # The attachment urn: an entity appears once, plus once per link it has received.
        self.urn: dict[str, list[ox.NamedNode]] = {c: list(m) for c, m in profile.members.items()}
        self.count = 0
        self.last_class = ""

    def triples(self, target: int) -> Iterator[ox.Triple]:
        """Yield triples until about *target* have been written (whole entities only)."""
        written = 0
        while written < target:
            for triple in self.entity():
                written += 1
                yield triple

    def entity(self) -> list[ox.Triple]:
        """All the triples of one new entity."""
        cls = self.random.choices(self.classes, self.weights)[0]
        self.last_class = cls
        number = self.count
        self.count += 1
        label = self.label(cls, number)
        node = ox.NamedNode(ID + SLUG_PREFIX + _slug(label))
        out = [ox.Triple(node, ox.NamedNode(_TYPE), ox.NamedNode(cls))]
        for p, counts in self.profile.counts[cls].items():
            for _ in range(self.random.choice(counts)):
                value = self.value(cls, p, label)
                if value is not None:
                    out.append(ox.Triple(node, ox.NamedNode(p), value))
        self.urn.setdefault(cls, []).append(node)
        return out

    def label(self, cls: str, number: int) -> str:
        name = syllables(number)
        if cls == PSY + "Theorist" and self.profile.first_names:
            return f"{self.random.choice(self.profile.first_names)} {name}"
        words = self.random.sample(self.profile.words, k=self.random.choice((1, 2, 2, 3)))
        return " ".join([words[0].capitalize(), *words[1:], name.lower()])

    def value(self, cls: str, p: str, label: str) -> ox.NamedNode | ox.Literal | None:
        targets = self.profile.targets.get((cls, p))
        if targets:
            target_class = self.random.choices(list(targets), list(targets.values()))[0]
            pool = self.urn.get(target_class)
            if not pool:
                return None
            chosen = self.random.choice(pool)
            pool.append(chosen)
            return chosen
        observed = self.profile.values.get((cls, p))
        if not observed:
            return None
        example = self.random.choice(observed)
        if isinstance(example, ox.NamedNode):
            return example if example.value.startswith(PSY) else ox.NamedNode(_outside_iri(example, self))
        return self.literal(p, example, label)

    def literal(self, p: str, example: ox.Literal, label: str) -> ox.Literal:
        if p == SKOS + "prefLabel":
            return ox.Literal(label, language="en")
        if p == SKOS + "altLabel":
            return ox.Literal(f"{self.random.choice(self.profile.words)} {label.lower()}", language="en")
        if p in _TEXT_PROPERTIES:
            return ox.Literal(self.sentence(), language=example.language)
        if example.datatype.value == XSD + "integer" and p.endswith(("year", "Year")):
            return ox.Literal(str(self.random.randint(1850, 2020)), datatype=example.datatype)
        return example

    def sentence(self) -> str:
        n = self.random.choice(self.profile.definition_lengths or [30])
        words = self.random.choices(self.profile.words, k=max(n, 3))
        return " ".join([words[0].capitalize(), *words[1:]]) + "."


def _outside_iri(example: ox.NamedNode, gen: Generator) -> str:
    head = re.sub(r"[0-9]+$", "", example.value)
    return f"{head}{gen.random.randint(100000, 99999999)}"


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def generate(triples: int, out: Path, seed: int = SEED) -> dict[str, object]:
    """Write about *triples* synthetic triples as Turtle to *out*; return what was written.

    The result (also written beside *out* as ``<out>.json``) has ``triples``, ``entities`` and
    ``samples``: the id and label of a theorist from the middle of the file and of the last entity,
    for the benchmark's lookups.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "g.ttl"
    >>> info = generate(500, path)
    >>> info["triples"] >= 500 and info["triples"] == len(list(ox.parse(path=str(path))))
    True
    """
    profile = learn(resources.data_file().read_bytes())
    gen = Generator(profile, seed)
    written = 0
    theorists: list[tuple[str, str]] = []
    last: tuple[str, str] = ("", "")

    def counted() -> Iterator[ox.Triple]:
        nonlocal written, last
        for triple in gen.triples(triples):
            written += 1
            if triple.predicate.value == SKOS + "prefLabel":
                last = (triple.subject.value, triple.object.value)
                if gen.last_class == PSY + "Theorist":
                    theorists.append(last)
            yield triple

    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as handle:
        ox.serialize(counted(), handle, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    middle = theorists[len(theorists) // 2] if theorists else last
    info: dict[str, object] = {
        "triples": written,
        "entities": gen.count,
        "seed": seed,
        "samples": {
            "middle": {"id": "id:" + middle[0][len(ID) :], "label": middle[1]},
            "last": {"id": "id:" + last[0][len(ID) :], "label": last[1]},
        },
    }
    out.with_name(out.name + ".json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> None:
    """Command line: ``generate.py TRIPLES OUT [--seed N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=int, help="about how many triples to write")
    parser.add_argument("out", type=Path, help="the Turtle file to write")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    info = generate(args.triples, args.out, args.seed)
    print(f"wrote {info['triples']} triples ({info['entities']} entities) to {args.out}")


if __name__ == "__main__":
    main()
