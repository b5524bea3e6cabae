"""Evidence: floors of the claims and studies, and no modality or condition left without an answer."""

from __future__ import annotations

import psygraph

UNANSWERED = """
SELECT ?x WHERE {
  ?x a ?type .
  FILTER NOT EXISTS { ?claim psy:evidenceFor|psy:evidenceAbout ?x }
  FILTER NOT EXISTS { ?x psy:noTrialNote ?note }
}
"""

#: The modalities and conditions this part of the graph answers for (the seed articles' list and the
#: modalities with published outcome research).
ANSWERED = [
    "affect-phobia-therapy",
    "cognitive-analytic-therapy",
    "psychodynamic-interpersonal-therapy",
    "psychodynamic-family-therapy",
    "therapeutic-community",
    "parent-infant-psychotherapy",
    "time-limited-dynamic-psychotherapy",
    "time-limited-psychotherapy",
    "brief-relational-therapy",
    "balint-group",
    "psychosis",
    "complex-ptsd",
    "eating-disorders",
    "learning-difficulties",
    "sleep-difficulties",
]


def test_claim_and_study_floors(kg: psygraph.KnowledgeGraph) -> None:
    claims = [r for r in psygraph.treatments(kg) if r["id"]]
    assert len(claims) >= 120
    studies = kg.select("SELECT ?s WHERE { ?s a psy:Study }")
    assert len(studies) >= 57


def test_the_modalities_and_conditions_of_this_part_all_answer(kg: psygraph.KnowledgeGraph) -> None:
    from psygraph.namespaces import ID

    unanswered = {r["x"] for r in kg.select(UNANSWERED.replace("?type", "psy:TherapyModality"))}
    unanswered |= {r["x"] for r in kg.select(UNANSWERED.replace("?type", "psy:Condition"))}
    assert not unanswered & {ID + slug for slug in ANSWERED}


def test_treatments_for_depression_lists_the_added_comparisons(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.treatments(kg, "depression")
    studies = {s for r in rows for s in r["study_id"]}
    assert {
        "id:cuijpers-2008-comparative-psychotherapies-depression",
        "id:shapiro-1994-sheffield-cb-pi-depression",
        "id:shapiro-1995-sheffield-follow-up",
    } <= studies
    # reviews come before trials within the same certainty
    codes = [r["design_code"] for r in rows if r["certainty"] == "not graded"]
    assert codes == sorted(codes, key=["SR/MA", "RCT", "OBS", "EC"].index)


def test_a_review_pools_the_trials_it_compares(kg: psygraph.KnowledgeGraph) -> None:
    pooled = {
        r["s"]
        for r in kg.select("SELECT ?s WHERE { id:steinert-2017-psychodynamic-equivalence psy:pools ?s }")
    }
    from psygraph.namespaces import ID

    assert {
        ID + "leichsenring-2013-social-anxiety-rct",
        ID + "driessen-2013-cbt-vs-psychodynamic-depression",
    } <= pooled
