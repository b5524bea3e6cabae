"""The existing classical and later concepts carry their introducing year and work, the standard
German and French terms, no relation stated twice, and the corrected dates of the fact check."""

from __future__ import annotations

import pytest

import psygraph
from psygraph.entity import describe
from psygraph.namespaces import ID

MY_TYPES = "VALUES ?type { psy:TheoreticalConcept psy:MentalStructure psy:DevelopmentalConcept psy:ClinicalPhenomenon }"

DATED = f"""
SELECT (COUNT(DISTINCT ?c) AS ?all) (COUNT(DISTINCT ?dated) AS ?withYearAndWork) WHERE {{
  {MY_TYPES}
  ?c a ?type .
  OPTIONAL {{ ?c psy:year ?y ; psy:introducedIn ?w . BIND(?c AS ?dated) }}
}}
"""

BOTH_LANGUAGES = """
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e skos:prefLabel ?de , ?fr .
  FILTER(LANG(?de) = "de" && LANG(?fr) = "fr")
}
"""

RELATED_AND_HIERARCHICAL = f"""
SELECT ?a ?b WHERE {{
  {MY_TYPES}
  ?a a ?type .
  {{ ?a psy:relatedTo ?b }} UNION {{ ?b psy:relatedTo ?a }}
  {{ ?a skos:broader ?b }} UNION {{ ?a skos:narrower ?b }} UNION {{ ?b skos:broader ?a }} UNION {{ ?b skos:narrower ?a }}
}}
"""

# pyoxigraph substitutes only variables that are projected, so bound variables are selected too.
YEAR_AND_WORK = "SELECT ?c ?year ?work ?workYear WHERE { ?c psy:year ?year ; psy:introducedIn ?work . ?work psy:year ?workYear }"

LABEL = "SELECT ?c ?lang ?label WHERE { ?c skos:prefLabel ?label . FILTER(LANG(?label) = ?lang) }"


def test_three_quarters_of_the_concepts_have_a_year_and_an_introducing_work(
    kg: psygraph.KnowledgeGraph,
) -> None:
    (row,) = kg.select(DATED)
    assert int(row["all"]) >= 150
    assert int(row["withYearAndWork"]) / int(row["all"]) >= 0.75


def test_at_least_150_entities_have_german_and_french_preferred_labels(kg: psygraph.KnowledgeGraph) -> None:
    (row,) = kg.select(BOTH_LANGUAGES)
    assert int(row["n"]) >= 150


def test_no_pair_is_both_related_and_broader_or_narrower(kg: psygraph.KnowledgeGraph) -> None:
    assert kg.select(RELATED_AND_HIERARCHICAL) == []


def test_unconscious_and_preconscious_contrast_and_are_not_also_related(kg: psygraph.KnowledgeGraph) -> None:
    assert kg.ask("ASK { id:preconscious psy:contrastsWith id:unconscious }") or kg.ask(
        "ASK { id:unconscious psy:contrastsWith id:preconscious }"
    )
    assert not kg.ask(
        "ASK { { id:unconscious psy:relatedTo id:preconscious } UNION { id:preconscious psy:relatedTo id:unconscious } }"
    )


def test_laplanche_pontalis_is_the_1973_translation(kg: psygraph.KnowledgeGraph) -> None:
    work = describe(kg, "id:laplanche-pontalis-1973-language-of-psychoanalysis")
    assert work.year == 1973
    assert "1967" in work.citation


def test_abreaction_has_the_year_of_studies_on_hysteria(kg: psygraph.KnowledgeGraph) -> None:
    (row,) = kg.select(YEAR_AND_WORK, {"c": ID + "abreaction"})
    assert int(row["year"]) == int(row["workYear"]) == 1895


@pytest.mark.parametrize(
    ("slug", "year", "work"),
    [
        ("alexithymia", 1973, "sifneos-1973-alexithymic-characteristics"),
        ("basic-fault", 1958, "balint-1958-three-areas-of-mind"),
        ("collective-unconscious", 1916, "jung-1916-structure-of-unconscious"),
        ("disorganized-attachment", 1986, "main-solomon-1986-discovery-disorganized-attachment"),
        ("enactment", 1986, "jacobs-1986-countertransference-enactments"),
        ("false-self", 1960, "winnicott-1960-true-false-self"),
        ("holding-environment", 1960, "winnicott-1960-theory-parent-infant"),
        ("idealized-parent-imago", 1966, "kohut-1966-forms-transformations-narcissism"),
        ("mirroring-transference", 1968, "kohut-1968-treatment-narcissistic-personality"),
        ("identity-diffusion", 1956, "erikson-1956-problem-of-ego-identity"),
        ("mentalization", 1991, "fonagy-1991-thinking-about-thinking"),
        ("object-constancy", 1952, "hartmann-1952-mutual-influences-ego-id"),
        ("ocnophilia-and-philobatism", 1955, "balint-1955-friendly-expanses"),
        ("penis-envy", 1908, "freud-1908-sexual-theories-children"),
        ("pleasure-principle", 1911, "freud-1911-two-principles"),
        ("reparation", 1929, "klein-1929-infantile-anxiety-situations"),
        ("secure-base", 1967, "ainsworth-1967-infancy-in-uganda"),
        ("ego", 1923, "freud-1923-ego-and-id"),
        ("cathexis", 1895, "freud-1895-studies-on-hysteria"),
        ("narcissism", 1910, "freud-1910-leonardo-da-vinci"),
        ("personal-unconscious", 1916, "jung-1916-structure-of-unconscious"),
    ],
)
def test_introducing_year_and_work(kg: psygraph.KnowledgeGraph, slug: str, year: int, work: str) -> None:
    (row,) = kg.select(YEAR_AND_WORK, {"c": ID + slug})
    assert int(row["year"]) == year
    assert row["work"] == ID + work
    assert int(row["workYear"]) == year


@pytest.mark.parametrize(
    ("slug", "german", "french"),
    [
        ("transference", "Übertragung", "transfert"),
        ("repetition-compulsion", "Wiederholungszwang", "compulsion de répétition"),
        ("cathexis", "Besetzung", "investissement"),
        ("deferred-action", "Nachträglichkeit", "après-coup"),
        ("drive", "Trieb", "pulsion"),
        ("parapraxis", "Fehlleistung", "acte manqué"),
    ],
)
def test_standard_german_and_french_terms(
    kg: psygraph.KnowledgeGraph, slug: str, german: str, french: str
) -> None:
    assert [r["label"] for r in kg.select(LABEL, {"c": ID + slug, "lang": "de"})] == [german]
    assert [r["label"] for r in kg.select(LABEL, {"c": ID + slug, "lang": "fr"})] == [french]


def test_display_label_stays_english_and_other_languages_find_the_concept(
    kg: psygraph.KnowledgeGraph,
) -> None:
    entity = describe(kg, "Übertragung")
    assert entity.id == "id:transference"
    assert entity.label == "transference"
    assert "transfert" in entity.synonyms


def test_dois_of_journal_articles(kg: psygraph.KnowledgeGraph) -> None:
    rows = kg.select(
        "SELECT ?w ?doi WHERE { ?w psy:doi ?doi }", {"w": ID + "fonagy-allison-2014-epistemic-trust"}
    )
    assert [r["doi"] for r in rows] == ["10.1037/a0036505"]
    rows = kg.select(
        "SELECT ?w ?doi WHERE { ?w psy:doi ?doi }", {"w": ID + "shedler-2010-efficacy-psychodynamic"}
    )
    assert [r["doi"] for r in rows] == ["10.1037/a0018378"]
    rows = kg.select(
        "SELECT ?w ?doi WHERE { ?w psy:doi ?doi }", {"w": ID + "hartmann-1952-mutual-influences-ego-id"}
    )
    assert [r["doi"] for r in rows] == ["10.1080/00797308.1952.11823149"]
