"""Concepts, techniques, defences, modalities and schools carry the year and the work that introduced
them; the seed terms are present; recently added theorists are linked to what they introduced; and
the outside identifiers added here point at the records they were checked against."""

from __future__ import annotations

import pytest

import psygraph
from psygraph.namespaces import ID

DATED_KINDS = """
VALUES ?type {
  psy:TheoreticalConcept psy:MentalStructure psy:DevelopmentalConcept psy:ClinicalPhenomenon
  psy:DefenceMechanism psy:Technique psy:TherapyModality psy:School
}
"""

DATED = f"""
SELECT (COUNT(DISTINCT ?e) AS ?all) (COUNT(DISTINCT ?dated) AS ?withYearAndWork) WHERE {{
  {DATED_KINDS}
  ?e a ?type .
  OPTIONAL {{ ?e psy:year ?y ; psy:introducedIn ?w . BIND(?e AS ?dated) }}
}}
"""

# pyoxigraph substitutes only variables that are projected, so bound variables are selected too.
YEAR_AND_WORK = "SELECT ?e ?year ?work WHERE { ?e psy:year ?year ; psy:introducedIn ?work }"

WORK = "SELECT ?work ?year ?author ?citation WHERE { ?work psy:year ?year ; dcterms:bibliographicCitation ?citation OPTIONAL { ?work psy:author ?author } }"

INTRODUCED_BY = "SELECT ?e ?who WHERE { ?e psy:introducedBy ?who }"

#: (entity, year, introducing work) for dates added from the introducing texts.
DATES = [
    ("acting-out", 1905, "freud-1905-fragment-analysis-hysteria"),
    ("projection", 1896, "freud-1896-further-remarks-neuro-psychoses"),
    ("compromise-formation", 1896, "freud-1896-further-remarks-neuro-psychoses"),
    ("libido", 1895, "freud-1895-anxiety-neurosis"),
    ("reality-testing", 1911, "freud-1911-two-principles"),
    ("free-association", 1900, "freud-1900-interpretation-of-dreams"),
    ("schizoid-phenomena", 1940, "fairbairn-1940-schizoid-factors"),
    ("selfobject-transference", 1968, "kohut-1968-treatment-narcissistic-personality"),
    ("separation-individuation", 1955, "mahler-gosliner-1955-symbiotic-child-psychosis"),
    ("individuation", 1916, "jung-1916-structure-of-unconscious"),
    ("active-imagination", 1916, "jung-1960-structure-dynamics-psyche"),
    ("object-relations-dyad", 1966, "kernberg-1966-structural-derivatives"),
    ("style-of-life", 1926, "adler-1926-handbuch-vorwort"),
    ("two-person-psychology", 1950, "rickman-1950-factor-of-number"),
    ("the-imaginary", 1953, "lacan-2005-des-noms-du-pere"),
    ("the-symbolic", 1953, "lacan-2005-des-noms-du-pere"),
    ("the-real", 1953, "lacan-2005-des-noms-du-pere"),
    ("name-of-the-father", 1953, "lacan-1979-mythe-individuel-nevrose"),
    ("as-if-personality", 1934, "deutsch-1934-pseudoaffektivitat"),
    ("influencing-machine", 1919, "tausk-1919-influencing-machine"),
    ("internal-supervisor", 1985, "casement-1985-learning-from-patient"),
    ("displacement", 1900, "freud-1900-interpretation-of-dreams"),
    ("neurotic-personality-organization", 1967, "kernberg-1967-borderline-personality-organization"),
    ("psychotic-personality-organization", 1967, "kernberg-1967-borderline-personality-organization"),
    ("attachment-pattern", 1971, "ainsworth-bell-stayton-1971-individual-differences"),
    ("new-beginning", 1932, "balint-1934-charakteranalyse-neubeginn"),
    ("lacanian-psychoanalysis", 1964, "lacan-1964-acte-de-fondation"),
    ("secure-attachment", 1971, "ainsworth-bell-stayton-1971-individual-differences"),
    ("avoidant-attachment", 1971, "ainsworth-bell-stayton-1971-individual-differences"),
    ("ambivalent-attachment", 1971, "ainsworth-bell-stayton-1971-individual-differences"),
    ("apathetic-withdrawal", 1994, "apa-1994-dsm-iv"),
    ("devaluation", 1967, "kernberg-1967-borderline-personality-organization"),
    ("omnipotence", 1935, "klein-1935-psychogenesis-manic-depressive"),
    ("social-interest", 1918, "adler-1918-bolschewismus-seelenkunde"),
    ("jouissance", 1953, "lacan-1956-fonction-champ-parole"),
    ("objet-petit-a", 1955, "lacan-1978-seminar-ii-ego"),
    ("barred-subject", 1957, "lacan-1998-seminar-v-formations"),
    ("synchronicity", 1930, "jung-1930-memory-richard-wilhelm"),
    ("analytical-psychology", 1913, "jung-1913-general-aspects-psychoanalysis"),
    ("complex", 1904, "jung-riklin-1904-associations-normal"),
    ("character-analysis", 1933, "reich-1933-character-analysis"),
    ("psychological-mindedness", 1973, "appelbaum-1973-psychological-mindedness"),
    ("passive-aggression", 1971, "vaillant-1971-theoretical-hierarchy"),
    ("deferred-action", 1895, "freud-1950-project-scientific-psychology"),
    ("therapeutic-frame", 1952, "milner-1952-aspects-of-symbolism"),
    ("symptom-formation", 1896, "freud-1896-further-remarks-neuro-psychoses"),
    ("goodbye-letter", 1990, "ryle-1990-cognitive-analytic-therapy"),
    ("child-and-adolescent-psychotherapy", 1920, "hug-hellmuth-1921-technique-child-analysis"),
    ("jungian-analysis", 1913, "jung-1913-general-aspects-psychoanalysis"),
    ("therapeutic-contract", 1987, "selzer-koenigsberg-kernberg-1987-initial-contract"),
]

#: (entity, theorist) links added for theorists who had none.
INTRODUCERS = [
    ("psychic-retreat", "john-steiner"),
    ("pathological-organisation", "john-steiner"),
    ("total-situation", "betty-joseph"),
    ("claustrum", "donald-meltzer"),
    ("second-skin", "esther-bick"),
    ("triangular-space", "ronald-britton"),
    ("concordant-and-complementary-identification", "heinrich-racker"),
    ("therapeutic-alliance", "elizabeth-zetzel"),
    ("two-person-psychology", "john-rickman"),
    ("as-if-personality", "helene-deutsch"),
]


def test_nearly_all_concepts_techniques_defences_modalities_and_schools_are_dated(
    kg: psygraph.KnowledgeGraph,
) -> None:
    (row,) = kg.select(DATED)
    assert int(row["all"]) >= 560
    assert int(row["withYearAndWork"]) / int(row["all"]) >= 0.90


@pytest.mark.parametrize(("slug", "year", "work"), DATES)
def test_year_and_introducing_work(kg: psygraph.KnowledgeGraph, slug: str, year: int, work: str) -> None:
    (row,) = kg.select(YEAR_AND_WORK, {"e": ID + slug})
    assert int(row["year"]) == year
    assert row["work"] == ID + work


def test_introducing_works_are_not_older_than_the_ideas_they_introduce(kg: psygraph.KnowledgeGraph) -> None:
    for slug, year, work in DATES:
        (row,) = kg.select(WORK, {"work": ID + work})
        assert int(row["year"]) >= year, slug


def test_seminar_and_lecture_dates_differ_from_publication(kg: psygraph.KnowledgeGraph) -> None:
    (lecture,) = kg.select(WORK, {"work": ID + "lacan-2005-des-noms-du-pere"})
    assert int(lecture["year"]) == 2005
    assert "8 July 1953" in lecture["citation"]
    assert lecture["author"] == ID + "jacques-lacan"


def test_the_word_psychoanalysis_dates_school_and_treatment(kg: psygraph.KnowledgeGraph) -> None:
    for slug in ("classical-psychoanalysis", "psychoanalysis"):
        (row,) = kg.select(YEAR_AND_WORK, {"e": ID + slug})
        assert int(row["year"]) == 1896
        assert row["work"] == ID + "freud-1896-heredity-aetiology-neuroses"
    (work,) = kg.select(WORK, {"work": ID + "freud-1896-heredity-aetiology-neuroses"})
    assert "Revue neurologique" in work["citation"]


@pytest.mark.parametrize(("slug", "theorist"), INTRODUCERS)
def test_introduced_by(kg: psygraph.KnowledgeGraph, slug: str, theorist: str) -> None:
    rows = kg.select(INTRODUCED_BY, {"e": ID + slug})
    assert ID + theorist in {row["who"] for row in rows}


def test_seed_terms_silence_and_supervision_are_sourced_techniques(kg: psygraph.KnowledgeGraph) -> None:
    for slug in ("therapists-silence", "supervision"):
        assert kg.ask("ASK { ?e a psy:Technique ; dcterms:source ?w . ?w a psy:Work }", {"e": ID + slug})
        assert kg.ask(
            "ASK { ?e dcterms:source id:bateman-brown-pedder-2000-introduction-psychotherapy }",
            {"e": ID + slug},
        )
    (work,) = kg.select(WORK, {"work": ID + "bateman-brown-pedder-2000-introduction-psychotherapy"})
    assert int(work["year"]) == 2000


def test_checked_outside_identifiers(kg: psygraph.KnowledgeGraph) -> None:
    assert kg.ask("ASK { id:defence-mechanism skos:exactMatch mesh:D003674 }")
    assert kg.ask("ASK { id:catharsis skos:closeMatch mesh:D002399 }")
    icd = {
        "post-traumatic-stress-disorder": "2070699808",
        "anorexia-nervosa": "263852475",
        "obsessive-compulsive-disorder": "1582741816",
        "personality-disorders": "941859884",
        "social-anxiety-disorder": "2062286624",
        "panic-disorder": "56162827",
    }
    for slug, entity in icd.items():
        iri = f"http://id.who.int/icd/entity/{entity}"
        assert kg.ask(f"ASK {{ ?c skos:exactMatch <{iri}> ; psy:icd11Code ?code }}", {"c": ID + slug}), slug


def test_paper_given_before_it_was_printed_keeps_the_earlier_year(kg: psygraph.KnowledgeGraph) -> None:
    (row,) = kg.select(YEAR_AND_WORK, {"e": ID + "new-beginning"})
    assert int(row["year"]) == 1932
    (work,) = kg.select(WORK, {"work": ID + "balint-1934-charakteranalyse-neubeginn"})
    assert int(work["year"]) == 1934
    assert "Primary Love" in work["citation"]


def test_strange_situation_patterns_share_their_first_publication(kg: psygraph.KnowledgeGraph) -> None:
    rows = kg.select(
        "SELECT ?e WHERE { ?e skos:broader id:attachment-pattern ; "
        "psy:introducedIn id:ainsworth-bell-stayton-1971-individual-differences }"
    )
    assert {row["e"] for row in rows} >= {
        ID + "secure-attachment",
        ID + "avoidant-attachment",
        ID + "ambivalent-attachment",
    }


def test_frame_metaphor_and_child_analysis_keep_their_first_texts_apart_from_later_ones(
    kg: psygraph.KnowledgeGraph,
) -> None:
    (milner,) = kg.select(WORK, {"work": ID + "milner-1952-aspects-of-symbolism"})
    assert int(milner["year"]) == 1952
    assert milner["author"] == ID + "marion-milner"
    assert "New Directions in Psycho-Analysis" in milner["citation"]
    assert kg.ask("ASK { id:therapeutic-frame psy:describedIn id:bleger-1967-psychoanalytic-frame }")
    # Read at the Hague congress in 1920, printed in 1921: the idea keeps the earlier year.
    (row,) = kg.select(YEAR_AND_WORK, {"e": ID + "child-and-adolescent-psychotherapy"})
    assert int(row["year"]) == 1920
    (work,) = kg.select(WORK, {"work": ID + "hug-hellmuth-1921-technique-child-analysis"})
    assert int(work["year"]) == 1921


def test_treatment_contract_paper_is_identified(kg: psygraph.KnowledgeGraph) -> None:
    assert kg.ask(
        'ASK { id:selzer-koenigsberg-kernberg-1987-initial-contract psy:doi "10.1176/ajp.144.7.927" ; '
        "psy:author id:otto-kernberg }"
    )
    assert kg.ask(
        "ASK { id:therapeutic-contract psy:describedIn id:yeomans-selzer-clarkin-1992-contract-based }"
    )
