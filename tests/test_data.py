"""The shipped data/concepts.ttl follows the rules, is big enough, and gets checkable facts right."""

from __future__ import annotations

import pytest

import psygraph
from psygraph.namespaces import ID, PSY
from psygraph.validate import ValidationReport, format_report, owl_results, validate

#: Every condition the seed articles name, by its slug.
SEED_CONDITIONS = [
    "anxiety-disorders",
    "depression",
    "panic-disorder",
    "eating-disorders",
    "personality-disorders",
    "post-traumatic-stress-disorder",
    "substance-use-disorders",
    "phobias",
    "obsessive-compulsive-disorder",
    "loneliness",
    "relationship-difficulties",
    "loss-of-meaning",
    "sexual-dysfunction",
    "somatic-symptom-disorder",
    "stress-related-complaints",
    "childhood-emotional-difficulties",
    "childhood-behavioural-difficulties",
]

# pyoxigraph substitutes only variables that are projected, so bound variables are selected too.
MEMBERS = "SELECT DISTINCT ?x ?type WHERE { ?x a ?type }"

COUNT_CONCEPTS_NOT_DEFENCES = """
SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?kind rdfs:subClassOf psy:Concept .
  ?x a ?kind .
  FILTER NOT EXISTS { ?x a psy:DefenceMechanism }
}
"""

HAS = "ASK { ?s ?p ?o }"

BACKED_CLAIM = """
SELECT ?modality ?condition ?claim ?level ?source WHERE {
  ?claim a psy:EvidenceClaim ;
         psy:evidenceFor ?modality ;
         psy:evidenceAbout ?condition ;
         psy:evidenceLevel ?level ;
         dcterms:source ?source .
  ?level a psy:EvidenceLevel .
  ?source a psy:Work .
}
"""

YEARS = """
SELECT ?person ?birth ?death WHERE {
  ?person psy:birthYear ?birth .
  OPTIONAL { ?person psy:deathYear ?death }
}
"""


@pytest.fixture(scope="module")
def report(kg: psygraph.KnowledgeGraph) -> ValidationReport:
    return validate(kg)


def test_shipped_data_conforms(report: ValidationReport) -> None:
    assert report.conforms, "the shipped data breaks these rules:\n" + format_report(report)


def test_shipped_data_has_no_findings_at_all(report: ValidationReport) -> None:
    assert report.results == [], format_report(report)


def test_shipped_data_is_owl_rl_consistent(kg: psygraph.KnowledgeGraph) -> None:
    results = owl_results(kg.to_rdflib("data"), kg.to_rdflib("ontology"))
    assert results == [], "\n".join(f"{r.focus}: {r.message}" for r in results)


@pytest.mark.parametrize(
    ("kind", "minimum"),
    [
        ("Theorist", 35),
        ("School", 12),
        ("DefenceMechanism", 30),
        ("TherapyModality", 12),
        ("Work", 25),
    ],
)
def test_counts_of_each_kind(kg: psygraph.KnowledgeGraph, kind: str, minimum: int) -> None:
    count = len(kg.select(MEMBERS, {"type": PSY + kind}))
    assert count >= minimum, f"only {count} of psy:{kind}"


def test_at_least_120_concepts_besides_defences(kg: psygraph.KnowledgeGraph) -> None:
    (row,) = kg.select(COUNT_CONCEPTS_NOT_DEFENCES)
    assert row["n"] >= 120, f"only {row['n']} concepts that are not defences"


@pytest.mark.parametrize("slug", SEED_CONDITIONS)
def test_every_seed_condition_is_present(kg: psygraph.KnowledgeGraph, slug: str) -> None:
    assert kg.ask("ASK { ?c a psy:Condition }", {"c": ID + slug}), f"id:{slug} is not a psy:Condition"


def fact(kg: psygraph.KnowledgeGraph, subject: str, predicate: str, obj: str) -> bool:
    return kg.ask(HAS, {"s": ID + subject, "p": PSY + predicate, "o": ID + obj})


def years(kg: psygraph.KnowledgeGraph, slug: str) -> tuple[int | None, int | None]:
    (row,) = kg.select(YEARS, {"person": ID + slug})
    return int(row["birth"]), int(row["death"]) if row["death"] is not None else None


def test_freud_born_1856_died_1939(kg: psygraph.KnowledgeGraph) -> None:
    assert years(kg, "sigmund-freud") == (1856, 1939)


def test_winnicott_born_1896(kg: psygraph.KnowledgeGraph) -> None:
    assert years(kg, "donald-winnicott")[0] == 1896


def test_klein_analysed_by_ferenczi_and_abraham(kg: psygraph.KnowledgeGraph) -> None:
    assert fact(kg, "melanie-klein", "analysedBy", "sandor-ferenczi")
    assert fact(kg, "melanie-klein", "analysedBy", "karl-abraham")


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        ("splitting", "hasDefenceLevel", "dfs-major-image-distorting"),
        ("sublimation", "hasDefenceLevel", "vaillant-mature"),
        ("projective-identification", "introducedBy", "melanie-klein"),
        ("transitional-object", "introducedBy", "donald-winnicott"),
        ("intensive-short-term-dynamic-psychotherapy", "introducedBy", "habib-davanloo"),
        ("mentalization-based-treatment", "addresses", "borderline-personality-disorder"),
    ],
)
def test_spot_checked_fact(kg: psygraph.KnowledgeGraph, subject: str, predicate: str, obj: str) -> None:
    assert fact(kg, subject, predicate, obj), f"missing: id:{subject} psy:{predicate} id:{obj}"


def test_mbt_for_borderline_personality_disorder_has_a_sourced_evidence_claim(
    kg: psygraph.KnowledgeGraph,
) -> None:
    rows = kg.select(
        BACKED_CLAIM,
        {
            "modality": ID + "mentalization-based-treatment",
            "condition": ID + "borderline-personality-disorder",
        },
    )
    assert rows, "no evidence claim with a level and a source backs MBT for borderline personality disorder"
