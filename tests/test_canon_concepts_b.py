"""Canon of Kleinian, post-Kleinian, Independent, Lacanian, Jungian, relational and attachment concepts.

Floors for the concepts of this section and spot checks of who introduced them, when and where.
"""

from __future__ import annotations

import pytest

import psygraph
from psygraph.namespaces import ID, PSY

#: The concepts of this section of data/concepts.ttl.
SECTION_CONCEPTS = [
    "position-kleinian",
    "persecutory-anxiety",
    "depressive-anxiety",
    "epistemophilic-instinct",
    "early-oedipus-complex",
    "combined-parent-figure",
    "symbol-formation",
    "symbolic-equation",
    "pathological-organisation",
    "psychic-retreat",
    "total-situation",
    "narcissistic-object-relations",
    "destructive-narcissism",
    "thick-and-thin-skinned-narcissism",
    "claustrum",
    "second-skin",
    "adhesive-identification",
    "triangular-space",
    "autistic-contiguous-position",
    "psychotic-and-non-psychotic-personality",
    "bizarre-objects",
    "preconception",
    "apparatus-for-thinking-thoughts",
    "alpha-elements",
    "contact-barrier",
    "beta-screen",
    "k-link",
    "minus-k",
    "selected-fact",
    "ps-d-oscillation",
    "bion-grid",
    "bion-o",
    "negative-capability",
    "oedipal-illusion",
    "addiction-to-near-death",
    "concordant-and-complementary-identification",
    "femininity-phase",
    "persecutory-and-depressive-guilt",
    "projective-counteridentification",
    "facts-of-life",
    "aesthetic-conflict",
    "reversible-perspective",
    "language-of-achievement",
    "personalisation",
    "spontaneous-gesture",
    "transitional-stage-fairbairn",
    "normotic-illness",
    "extractive-introjection",
    "schema-l",
    "psychic-skin",
    "unintegration",
    "illusion-and-disillusionment",
    "going-on-being",
    "antisocial-tendency",
    "stages-of-dependence",
    "capacity-for-concern",
    "environment-mother-and-object-mother",
    "mirror-role-of-the-mother",
    "ego-relatedness",
    "incommunicado-self",
    "fear-of-breakdown",
    "playing-winnicott",
    "central-ego",
    "libidinal-ego",
    "exciting-object",
    "rejecting-object",
    "infantile-dependence",
    "mature-dependence",
    "primary-love",
    "new-beginning",
    "cumulative-trauma",
    "transformational-object",
    "skin-ego",
    "big-other",
    "small-other",
    "full-and-empty-speech",
    "foreclosure",
    "point-de-capiton",
    "signifier",
    "metaphor-and-metonymy",
    "lacanian-phallus",
    "lacanian-desire",
    "the-thing",
    "jouissance",
    "objet-petit-a",
    "the-gaze",
    "alienation-and-separation",
    "barred-subject",
    "master-signifier",
    "four-discourses",
    "sinthome",
    "transcendent-function",
    "synchronicity",
    "inflation",
    "mana-personality",
    "participation-mystique",
    "relational-structure-model",
    "relational-matrix",
    "unformulated-experience",
    "surrender",
    "myth-of-the-isolated-mind",
    "self-states",
    "asymmetrical-mutuality",
    "doer-and-done-to",
    "thirdness",
    "subjugating-third",
    "standing-in-the-spaces",
    "evoked-companion",
    "still-face-paradigm",
    "implicit-relational-knowing",
    "now-moment",
    "moment-of-meeting",
    "representations-of-interactions-generalized",
    "vitality-affects",
    "maternal-deprivation",
    "protest-despair-detachment",
    "monotropy",
    "goal-corrected-partnership",
    "defensive-exclusion",
    "secure-attachment",
    "avoidant-attachment",
    "ambivalent-attachment",
    "adult-attachment-interview",
    "states-of-mind-regarding-attachment",
    "intergenerational-transmission-of-attachment",
    "transmission-gap",
    "frightened-frightening-parental-behaviour",
    "earned-security",
    "mind-mindedness",
    "romantic-attachment-styles",
    "four-category-model-of-adult-attachment",
    "dimensions-of-mentalizing",
    "mentalized-affectivity",
    "epistemic-petrification",
    "alien-self",
]

CONCEPT_KINDS = ("TheoreticalConcept", "MentalStructure", "DevelopmentalConcept", "ClinicalPhenomenon")

# pyoxigraph substitutes only variables that are projected, so bound variables are selected too.
KIND = "SELECT ?c ?kind WHERE { ?c a ?kind }"

COMPLETE = """
ASK {
  ?c psy:year ?year ;
     skos:definition ?definition ;
     dcterms:source ?source .
  ?source a psy:Work .
  FILTER(datatype(?year) = xsd:integer && lang(?definition) = "en")
}
"""

DATED_AND_PLACED = """
ASK {
  ?c psy:year ?year ;
     psy:introducedIn ?work .
  ?work a psy:Work .
}
"""

INTRODUCTION = """
SELECT ?c ?year ?work WHERE {
  ?c psy:year ?year .
  OPTIONAL { ?c psy:introducedIn ?work }
}
"""

HAS = "ASK { ?s ?p ?o }"


def fact(kg: psygraph.KnowledgeGraph, subject: str, predicate: str, obj: str) -> bool:
    return kg.ask(HAS, {"s": ID + subject, "p": PSY + predicate, "o": ID + obj})


def test_section_slugs_are_unique() -> None:
    assert len(SECTION_CONCEPTS) == len(set(SECTION_CONCEPTS))


def test_every_section_concept_has_a_specific_concept_kind(kg: psygraph.KnowledgeGraph) -> None:
    wrong = []
    for slug in SECTION_CONCEPTS:
        kinds = {str(row["kind"]).rsplit("#", 1)[-1] for row in kg.select(KIND, {"c": ID + slug})}
        if not kinds & set(CONCEPT_KINDS):
            wrong.append(slug)
    assert not wrong, f"not typed as a specific concept kind: {wrong}"


def test_at_least_90_section_concepts_with_year_source_and_definition(kg: psygraph.KnowledgeGraph) -> None:
    complete = [slug for slug in SECTION_CONCEPTS if kg.ask(COMPLETE, {"c": ID + slug})]
    assert len(complete) >= 90, f"only {len(complete)} concepts with a year, a source and a definition"


def test_nine_in_ten_section_concepts_have_a_year_and_an_introducing_work(
    kg: psygraph.KnowledgeGraph,
) -> None:
    placed = [slug for slug in SECTION_CONCEPTS if kg.ask(DATED_AND_PLACED, {"c": ID + slug})]
    assert len(placed) * 10 >= len(SECTION_CONCEPTS) * 9, (
        f"{len(placed)} of {len(SECTION_CONCEPTS)} have a year and an introducing work"
    )


@pytest.mark.parametrize(
    ("slug", "introducer", "year", "work"),
    [
        ("attacks-on-linking", "wilfred-bion", 1959, "bion-1959-attacks-on-linking"),
        ("transitional-object", "donald-winnicott", 1953, "winnicott-1953-transitional-objects"),
        ("epistemophilic-instinct", "melanie-klein", 1928, "klein-1928-early-stages-oedipus-conflict"),
        ("depressive-anxiety", "melanie-klein", 1935, "klein-1935-psychogenesis-manic-depressive"),
        ("symbolic-equation", "hanna-segal", 1957, "segal-1957-notes-symbol-formation"),
        ("psychic-retreat", None, 1993, "steiner-1993-psychic-retreats"),
        ("pathological-organisation", None, 1987, "steiner-1987-interplay-pathological-organizations"),
        ("total-situation", None, 1985, "joseph-1985-transference-total-situation"),
        (
            "narcissistic-object-relations",
            "herbert-rosenfeld",
            1964,
            "rosenfeld-1964-psychopathology-narcissism",
        ),
        ("claustrum", None, 1992, "meltzer-1992-claustrum"),
        ("second-skin", None, 1968, "bick-1968-experience-of-skin"),
        ("k-link", "wilfred-bion", 1962, "bion-1962-learning-from-experience"),
        ("bion-o", "wilfred-bion", 1965, "bion-1965-transformations"),
        ("bizarre-objects", "wilfred-bion", 1957, "bion-1957-differentiation-psychotic"),
        ("capacity-for-concern", "donald-winnicott", 1963, "winnicott-1963-capacity-for-concern"),
        ("fear-of-breakdown", "donald-winnicott", 1974, "winnicott-1974-fear-of-breakdown"),
        ("libidinal-ego", "ronald-fairbairn", 1944, "fairbairn-1944-endopsychic-structure"),
        ("mature-dependence", "ronald-fairbairn", 1941, "fairbairn-1941-revised-psychopathology"),
        ("cumulative-trauma", None, 1963, "khan-1963-cumulative-trauma"),
        ("transformational-object", "christopher-bollas", 1979, "bollas-1979-transformational-object"),
        ("foreclosure", "jacques-lacan", 1956, "lacan-1981-seminar-iii-psychoses"),
        ("four-discourses", "jacques-lacan", 1969, "lacan-1991-seminar-xvii-other-side"),
        ("sinthome", "jacques-lacan", 1975, "lacan-2005-seminar-xxiii-sinthome"),
        ("transcendent-function", "carl-jung", 1916, "jung-1960-structure-dynamics-psyche"),
        ("mana-personality", "carl-jung", 1928, "jung-1928-relations-ego-unconscious"),
        ("doer-and-done-to", "jessica-benjamin", 2004, "benjamin-2004-beyond-doer-done-to"),
        ("adult-attachment-interview", None, 1985, "main-kaplan-cassidy-1985-security-infancy"),
        ("maternal-deprivation", "john-bowlby", 1951, "bowlby-1951-maternal-care-mental-health"),
        ("dimensions-of-mentalizing", "peter-fonagy", 2009, "fonagy-luyten-2009-developmental-mentalization"),
        (
            "concordant-and-complementary-identification",
            None,
            1957,
            "racker-1957-meanings-uses-countertransference",
        ),
        ("addiction-to-near-death", None, 1982, "joseph-1982-addiction-to-near-death"),
        ("incommunicado-self", "donald-winnicott", 1963, "winnicott-1963-communicating-not-communicating"),
        ("still-face-paradigm", None, 1978, "tronick-1978-infant-response-entrapment"),
    ],
)
def test_spot_checked_introduction(
    kg: psygraph.KnowledgeGraph, slug: str, introducer: str | None, year: int, work: str
) -> None:
    rows = kg.select(INTRODUCTION, {"c": ID + slug})
    assert rows, f"id:{slug} has no year"
    assert {int(row["year"]) for row in rows} == {year}
    assert fact(kg, slug, "introducedIn", work), f"id:{slug} is not introduced in id:{work}"
    if introducer is not None:
        assert fact(kg, slug, "introducedBy", introducer), f"id:{slug} is not introduced by id:{introducer}"


def test_lacan_mirror_stage_text_of_1949_is_cited(kg: psygraph.KnowledgeGraph) -> None:
    assert fact(kg, "mirror-stage", "describedIn", "lacan-1949-mirror-stage")


@pytest.mark.parametrize(
    ("slug", "label"),
    [
        ("objet-petit-a", '"objet a"@fr'),
        ("foreclosure", '"Verwerfung"@de'),
        ("foreclosure", '"forclusion"@fr'),
        ("big-other", '"grand Autre"@fr'),
        ("the-thing", '"das Ding"@de'),
        ("transcendent-function", '"transzendente Funktion"@de'),
        ("skin-ego", '"Moi-peau"@fr'),
    ],
)
def test_original_language_terms_are_labels(kg: psygraph.KnowledgeGraph, slug: str, label: str) -> None:
    assert kg.ask(f"ASK {{ ?c skos:altLabel {label} }}", {"c": ID + slug}), f"id:{slug} lacks {label}"


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        ("psychic-retreat", "partOfSchool", "kleinian-school"),
        ("libidinal-ego", "partOfSchool", "object-relations"),
        ("going-on-being", "partOfSchool", "independent-tradition"),
        ("sinthome", "partOfSchool", "lacanian-psychoanalysis"),
        ("synchronicity", "partOfSchool", "analytical-psychology"),
        ("self-states", "partOfSchool", "relational-psychoanalysis"),
        ("earned-security", "partOfSchool", "attachment-theory"),
        ("symbolic-equation", "contrastsWith", "symbol-formation"),
        ("alpha-elements", "contrastsWith", "beta-elements"),
        ("big-other", "contrastsWith", "small-other"),
    ],
)
def test_section_relation(kg: psygraph.KnowledgeGraph, subject: str, predicate: str, obj: str) -> None:
    assert fact(kg, subject, predicate, obj), f"missing: id:{subject} psy:{predicate} id:{obj}"


def test_destructive_narcissism_is_narrower_than_narcissistic_object_relations(
    kg: psygraph.KnowledgeGraph,
) -> None:
    assert kg.ask(
        "ASK { ?c skos:broader ?g }",
        {"c": ID + "destructive-narcissism", "g": ID + "narcissistic-object-relations"},
    )
