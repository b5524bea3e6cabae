"""Concepts of Freudian metapsychology, ego psychology, self psychology, Kernberg and the PDM.

Floors for the section (every listed concept exists with a specific kind, a definition, a source
that is a work and, for nearly all, a year and an introducing work) and spot checks of its facts.
"""

from __future__ import annotations

import pytest

import psygraph
from psygraph.namespaces import ID, PSY

CONCEPTS = [
    "metapsychology", "economic-point-of-view", "dynamic-point-of-view", "adaptive-point-of-view",
    "psychic-apparatus", "psychic-reality", "psychic-determinism", "quota-of-affect", "anticathexis",
    "thing-presentation", "word-presentation", "protective-shield", "nirvana-principle",
    "psychic-conflict", "defence-mechanism", "psychic-trauma", "hypnoid-state", "psychoneurosis",
    "actual-neurosis", "anxiety-psychoanalytic-theory", "automatic-anxiety", "realistic-anxiety",
    "danger-situations", "symptom-formation", "return-of-the-repressed", "primal-repression",
    "screen-memory", "infantile-amnesia", "primal-fantasy", "primal-scene", "family-romance",
    "negative-oedipus-complex", "preoedipal-phase", "omnipotence-of-thoughts", "fort-da", "uncanny",
    "oceanic-feeling", "narcissism-of-minor-differences", "primary-narcissism", "secondary-narcissism",
    "ideal-ego", "object", "object-choice", "anaclitic-object-choice", "narcissistic-object-choice",
    "identification", "component-drive", "erotogenic-zone", "polymorphous-perversity", "ego-instincts",
    "aggressive-drive", "censorship", "day-residue", "secondary-revision",
    "considerations-of-representability", "negative-therapeutic-reaction", "secondary-gain",
    "unconscious-sense-of-guilt", "moral-masochism", "shame", "character", "anal-character", "insight",
    "positive-transference", "negative-transference", "erotic-transference", "real-relationship",
    "therapeutic-split-of-the-ego", "new-object", "psychological-mindedness", "ego-functions",
    "ego-strength", "reality-testing", "adaptation", "change-of-function", "primary-autonomy",
    "secondary-autonomy", "relative-autonomy-of-the-ego", "neutralization", "self-representation",
    "object-representation", "representational-world", "regression-in-the-service-of-the-ego",
    "developmental-lines", "basic-trust", "superego-lacunae", "calamities-of-childhood", "hospitalism",
    "anaclitic-depression", "stranger-anxiety", "sense-of-reality", "symbiotic-phase",
    "differentiation-subphase", "practising-subphase", "rapprochement-subphase", "optimal-frustration",
    "vertical-split", "horizontal-split", "self-cohesion", "bipolar-self", "nuclear-self",
    "compensatory-structure", "self-state-dream", "disintegration-anxiety", "narcissistic-rage",
    "mirror-hungry-personality", "ideal-hungry-personality", "alter-ego-hungry-personality",
    "adversarial-selfobject-need", "pathological-grandiose-self", "malignant-narcissism",
    "neurotic-personality-organization", "psychotic-personality-organization", "pdm-p-axis",
    "pdm-m-axis", "mental-functioning-capacities", "pdm-s-axis", "conversion", "ego-libido",
    "object-libido", "drive-for-mastery", "primary-masochism", "dissolution-of-the-oedipus-complex",
    "repudiation-of-femininity", "principle-of-multiple-function", "organizers-of-the-psyche",
    "epigenetic-principle", "background-of-safety", "role-responsiveness", "metapsychological-profile",
    "good-hour", "therapeutic-relationship", "understimulated-self", "overstimulated-self",
]  # fmt: skip

KINDS = ["TheoreticalConcept", "MentalStructure", "DevelopmentalConcept", "ClinicalPhenomenon"]

# pyoxigraph substitutes only variables that are projected, so bound variables are selected too.
DESCRIBED = """
SELECT ?c ?kind ?label ?definition ?source WHERE {
  ?c a ?kind ; skos:prefLabel ?label ; skos:definition ?definition ; dcterms:source ?source .
  ?source a psy:Work .
  FILTER (lang(?label) = "en")
}
"""

DATED = """
SELECT ?c ?year ?work WHERE {
  ?c psy:year ?year ; psy:introducedIn ?work .
  ?work a psy:Work .
}
"""

FACT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def has(kg: psygraph.KnowledgeGraph, subject: str, predicate: str, obj: str) -> bool:
    return bool(kg.select(FACT, {"s": ID + subject, "p": PSY + predicate, "o": ID + obj}))


def year_of(kg: psygraph.KnowledgeGraph, slug: str) -> int | None:
    rows = kg.select("SELECT ?c ?y WHERE { ?c psy:year ?y }", {"c": ID + slug})
    return rows[0]["y"] if rows else None


def test_at_least_90_concepts_listed() -> None:
    assert len(set(CONCEPTS)) == len(CONCEPTS) >= 90


@pytest.mark.parametrize("slug", CONCEPTS)
def test_concept_has_kind_label_definition_and_work_source(kg: psygraph.KnowledgeGraph, slug: str) -> None:
    rows = kg.select(DESCRIBED, {"c": ID + slug})
    assert rows, f"id:{slug} lacks an English label, a definition or a source that is a work"
    kinds = {str(r["kind"]) for r in rows}
    assert kinds & {PSY + k for k in KINDS}, f"id:{slug} is not one of {KINDS}: {kinds}"


def test_at_least_90_percent_have_a_year_and_an_introducing_work(kg: psygraph.KnowledgeGraph) -> None:
    dated = [slug for slug in CONCEPTS if kg.select(DATED, {"c": ID + slug})]
    assert len(dated) >= 0.9 * len(CONCEPTS), f"only {len(dated)} of {len(CONCEPTS)} are dated"


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        ("negative-therapeutic-reaction", "introducedIn", "freud-1923-ego-and-id"),
        ("screen-memory", "introducedIn", "freud-1899-screen-memories"),
        ("family-romance", "introducedIn", "freud-1909-family-romances"),
        ("primal-scene", "introducedIn", "freud-1918-history-infantile-neurosis"),
        ("primal-fantasy", "introducedIn", "freud-1915-case-of-paranoia"),
        ("actual-neurosis", "introducedIn", "freud-1898-sexuality-aetiology-neuroses"),
        ("automatic-anxiety", "introducedIn", "freud-1926-inhibitions-symptoms-anxiety"),
        ("moral-masochism", "introducedIn", "freud-1924-economic-problem-masochism"),
        ("psychic-trauma", "introducedBy", "josef-breuer"),
        ("self-representation", "introducedBy", "heinz-hartmann"),
        ("regression-in-the-service-of-the-ego", "introducedBy", "ernst-kris"),
        ("developmental-lines", "introducedBy", "anna-freud"),
        ("hospitalism", "introducedBy", "rene-spitz"),
        ("symbiotic-phase", "introducedBy", "margaret-mahler"),
        ("sense-of-reality", "introducedBy", "sandor-ferenczi"),
        ("narcissistic-rage", "introducedIn", "kohut-1972-narcissistic-rage"),
        ("self-state-dream", "introducedIn", "kohut-1977-restoration-of-the-self"),
        ("vertical-split", "introducedIn", "kohut-1971-analysis-of-the-self"),
        ("malignant-narcissism", "introducedBy", "erich-fromm"),
        ("malignant-narcissism", "developedBy", "otto-kernberg"),
        ("pathological-grandiose-self", "introducedIn", "kernberg-1970-narcissistic-personalities"),
        ("aggressive-drive", "introducedBy", "alfred-adler"),
        ("pdm-m-axis", "introducedIn", "pdm-task-force-2006-pdm"),
        ("rapprochement-subphase", "describedIn", "mahler-1975-psychological-birth"),
        ("erotic-transference", "introducedIn", "freud-1915-observations-transference-love"),
        ("role-responsiveness", "introducedBy", "joseph-sandler"),
        ("background-of-safety", "introducedIn", "sandler-1960-background-of-safety"),
        ("good-hour", "introducedBy", "ernst-kris"),
        ("word-presentation", "introducedIn", "freud-1891-on-aphasia"),
    ],
)
def test_spot_checked_fact(kg: psygraph.KnowledgeGraph, subject: str, predicate: str, obj: str) -> None:
    assert has(kg, subject, predicate, obj), f"missing: id:{subject} psy:{predicate} id:{obj}"


@pytest.mark.parametrize(
    ("slug", "year"),
    [
        ("screen-memory", 1899),
        ("psychic-reality", 1900),
        ("family-romance", 1909),
        ("primal-repression", 1915),
        ("nirvana-principle", 1920),
        ("negative-therapeutic-reaction", 1923),
        ("preoedipal-phase", 1931),
        ("adaptation", 1939),
        ("hospitalism", 1945),
        ("anaclitic-depression", 1946),
        ("symbiotic-phase", 1955),
        ("malignant-narcissism", 1964),
        ("optimal-frustration", 1971),
        ("bipolar-self", 1977),
        ("mirror-hungry-personality", 1978),
        ("repudiation-of-femininity", 1937),
        ("organizers-of-the-psyche", 1959),
    ],
)
def test_year_introduced(kg: psygraph.KnowledgeGraph, slug: str, year: int) -> None:
    assert year_of(kg, slug) == year


def test_defence_mechanism_concept_is_theoretical_not_a_defence(kg: psygraph.KnowledgeGraph) -> None:
    rows = kg.select("SELECT ?c ?k WHERE { ?c a ?k }", {"c": ID + "defence-mechanism"})
    kinds = {str(r["k"]) for r in rows}
    assert PSY + "TheoreticalConcept" in kinds
    assert PSY + "DefenceMechanism" not in kinds


def test_mahler_subphases_are_narrower_than_separation_individuation(kg: psygraph.KnowledgeGraph) -> None:
    rows = kg.select("SELECT ?c ?p WHERE { ?c skos:broader ?p }", {"p": ID + "separation-individuation"})
    narrower = {str(r["c"]) for r in rows}
    for slug in ("differentiation-subphase", "practising-subphase", "rapprochement-subphase"):
        assert ID + slug in narrower


def test_german_and_french_names_are_searchable_labels(kg: psygraph.KnowledgeGraph) -> None:
    rows = kg.select(
        'SELECT ?c WHERE { ?c skos:altLabel "Deckerinnerung"@de ; skos:altLabel "souvenir-écran"@fr }'
    )
    assert [str(r["c"]) for r in rows] == [ID + "screen-memory"]
