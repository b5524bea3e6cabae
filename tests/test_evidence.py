"""Evidence claims (#12): PICO claims read against their sources, studies counted once, the
``treatments`` and ``evidence-chain`` commands, and the explorer's claim rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import psygraph
from psygraph import evidence, viz
from psygraph.cli import main
from psygraph.namespaces import ID

TFP = "transference-focused psychotherapy"


def claim(kg: psygraph.KnowledgeGraph, claim_id: str) -> dict:
    """The row of the claim *claim_id*, found through the public treatments question."""
    (row,) = [row for row in psygraph.treatments(kg) if row["id"] == claim_id]
    return row


# --- claims checked against what their sources state ------------------------------------------------


def test_poulsen_2014_cbt_beat_psychoanalytic_psychotherapy_for_bulimia(kg: psygraph.KnowledgeGraph) -> None:
    # Poulsen et al. 2014: after 5 months 42% (CBT) vs 6% stopped bingeing and purging, OR 13.40 (2.45-73.42).
    row = claim(kg, "id:evidence-psychoanalytic-psychotherapy-bulimia-nervosa")
    assert (row["modality"], row["vs"], row["result"]) == (
        "psychoanalytic psychotherapy",
        "cognitive behaviour therapy",
        "favours comparator",
    )
    assert row["effect"] == "odds ratio 13.4 (95% CI 2.45 to 73.42)"
    assert (row["n"], row["design_code"], row["study_id"]) == (70, "RCT", ["id:poulsen-2014-bulimia-rct"])


def test_giesen_bloo_2006_schema_therapy_beat_tfp(kg: psygraph.KnowledgeGraph) -> None:
    rows = [
        r
        for r in psygraph.treatments(kg, modality="TFP")
        if r["study_id"] == ["id:giesen-bloo-2006-schema-vs-tfp"]
    ]
    assert len(rows) == 4
    assert {r["result"] for r in rows} == {"favours comparator"}
    assert {r["vs"] for r in rows} == {"schema-focused therapy"}
    recovery = [r for r in rows if r["outcome"] == "remission or recovery"]
    assert recovery[0]["effect"] == "risk ratio 2.18"


def test_impact_found_no_difference_for_adolescent_depression(kg: psygraph.KnowledgeGraph) -> None:
    row = claim(kg, "id:evidence-child-and-adolescent-psychotherapy-depression")
    assert (row["result"], row["population"], row["vs"]) == (
        "no difference",
        "young people",
        "brief psychosocial intervention",
    )
    assert row["n"] == 470


def test_steinert_2017_equivalence_with_its_90_percent_interval(kg: psygraph.KnowledgeGraph) -> None:
    row = claim(kg, "id:evidence-steinert-2017-pdt-equivalence")
    assert row["result"] == "no difference"
    assert row["effect"] == "Hedges' g -0.153 (90% CI -0.227 to -0.079)"
    assert row["design_code"] == "SR/MA"


def test_null_and_negative_results_are_recorded_as_such(kg: psygraph.KnowledgeGraph) -> None:
    beck = claim(kg, "id:evidence-beck-2020-mbt-adolescents-bpd-features")
    assert beck["result"] == "no difference"
    assert beck["effect"] == "mean difference 0.4 (95% CI -6.3 to 7.1)"
    barber = claim(kg, "id:evidence-barber-2012-set-vs-placebo")
    assert (barber["result"], barber["comparator_kind"]) == ("no difference", "pill placebo")
    sad = claim(kg, "id:evidence-leichsenring-2013-pdt-remission-vs-cbt")
    assert sad["result"] == "favours comparator"


def test_case_reports_are_not_read_as_evidence_of_effect(kg: psygraph.KnowledgeGraph) -> None:
    row = claim(kg, "id:evidence-psychoanalysis-phobias")
    assert (row["result"], row["design_code"], row["comparator_kind"]) == ("no comparison", "EC", "none")
    assert "no trial" in row["note"]


# --- the whole body of claims --------------------------------------------------------------------------


def test_at_least_100_claims_with_every_direction(kg: psygraph.KnowledgeGraph) -> None:
    rows = [r for r in psygraph.treatments(kg) if r["id"]]
    assert len(rows) >= 100
    assert {r["result"] for r in rows} == {
        "favours modality",
        "no difference",
        "favours comparator",
        "mixed",
        "no comparison",
    }
    for row in rows:
        missing = [
            k
            for k in ("vs", "outcome", "time", "population", "certainty", "design", "source", "note")
            if not row[k]
        ]
        assert missing == [], row["id"]


def test_every_addresses_link_is_a_claim_and_every_claim_a_link(kg: psygraph.KnowledgeGraph) -> None:
    links = {(r["m"], r["c"]) for r in kg.select("SELECT ?m ?c WHERE { ?m psy:addresses ?c }")}
    claims = {
        (r["m"], r["c"])
        for r in kg.select("SELECT ?m ?c WHERE { ?x psy:evidenceFor ?m ; psy:evidenceAbout ?c }")
    }
    assert links == claims


def test_a_study_cited_by_many_claims_counts_once(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.treatments(kg, modality="TFP")
    doering = [r for r in rows if r["study_id"] == ["id:doering-2010-tfp-rct"]]
    assert len(doering) >= 5
    counts = evidence.study_counts(kg, rows)
    distinct = {study for r in rows for study in r["study_id"]}
    assert counts["claims"] == len(rows)
    assert counts["studies"] == len(distinct) == 3
    assert (counts["trials"], counts["reviews"]) == (3, 0)


def test_reviews_list_the_studies_they_pool(kg: psygraph.KnowledgeGraph) -> None:
    pooled = {
        r["study"] for r in kg.select("SELECT ?study WHERE { id:storebo-2020-cochrane-bpd psy:pools ?study }")
    }
    assert f"{ID}giesen-bloo-2006-schema-vs-tfp" in pooled
    reviews = kg.select("SELECT ?s WHERE { ?s a psy:Study ; psy:studyDesign psy:MetaAnalysisEvidence }")
    assert len(reviews) >= 10


# --- psygraph treatments ---------------------------------------------------------------------------


def test_treatments_table_has_legend_rows_and_study_count(
    runner: CliRunner, kg: psygraph.KnowledgeGraph
) -> None:
    result = runner.invoke(main, ["treatments", "bulimia nervosa"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == evidence.LEGEND
    assert lines[1].split() == ["modality", "vs", "outcome", "result", "certainty", "design", "source"]
    assert "comparator" in result.output
    assert lines[-1] == "2 claims from 1 study (1 trial)"


def test_treatments_notes_are_indented_blocks_under_their_rows(runner: CliRunner) -> None:
    result = runner.invoke(main, ["treatments", "bulimia nervosa", "--notes"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("psychoanalytic"))
    block = [line for line in lines[first + 1 :] if line.startswith("    ")]
    assert block, result.output
    assert any("binge eating" in line for line in block)
    assert all(len(line) <= 100 for line in lines[1:])


def test_treatments_json_has_one_row_per_claim(runner: CliRunner, kg: psygraph.KnowledgeGraph) -> None:
    result = runner.invoke(main, ["treatments", "depression", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == [r["id"] for r in psygraph.treatments(kg, "depression")]
    assert set(rows[0]) == set(evidence.CLAIM_KEYS)


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["treatments", "no such condition"], 1, "no entity named"),
        (["treatments", "freud"], 1, "not a condition"),
        (["treatments", "--modality", "depression"], 1, "not a therapy modality"),
        (["evidence-chain", "no such idea"], 1, "no entity named"),
        (["treatments", "depression", "--format", "xml"], 2, "xml"),
    ],
)
def test_unknown_names_fail_with_one_line(
    runner: CliRunner, args: list[str], code: int, fragment: str
) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert fragment in result.output


# --- psygraph evidence-chain -----------------------------------------------------------------------


def test_projective_identification_leads_to_tfp_and_its_trials(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.evidence_chain(kg, "projective identification")
    tfp = [r for r in rows if r["modality"] == TFP]
    assert tfp
    assert "Kernberg 1975" in tfp[0]["link"]
    studies = {s for r in tfp for s in r["study_id"]}
    assert {
        "id:doering-2010-tfp-rct",
        "id:clarkin-2007-three-treatments-bpd",
        "id:giesen-bloo-2006-schema-vs-tfp",
    } <= studies
    assert "favours comparator" in {r["result"] for r in tfp}


def test_evidence_chain_cli_prints_each_step(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evidence-chain", "projective identification"])
    assert result.exit_code == 0, result.output
    assert f"projective identification → {TFP} (both set out in Kernberg 1975)" in result.output
    assert "Giesen-Bloo" in result.output
    assert result.output.splitlines()[-1].endswith("(3 trials)")


def test_evidence_chain_for_an_idea_no_modality_uses(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evidence-chain", "oral stage"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "puts 'oral stage' to work" in result.output


# --- the explorer --------------------------------------------------------------------------------


def test_explorer_details_list_each_claim_with_direction_certainty_and_sources(
    tmp_path: Path, mini_kg: psygraph.KnowledgeGraph
) -> None:
    page = viz.write_explorer(mini_kg, tmp_path / "page.html")
    text = page.read_text(encoding="utf-8")
    start = text.index('type="application/json"')
    payload = json.loads(text[text.index(">", start) + 1 : text.index("</script>", start)])
    key = f"{ID}mentalization-based-treatment {ID}borderline-personality-disorder"
    (row,) = payload["evidence"][key]
    assert (row["result"], row["certainty"], row["vs"]) == (
        "favours modality",
        "not graded",
        "standard psychiatric care",
    )
    assert row["sources"] == [f"{ID}bateman-fonagy-1999-partial-hospitalization"]
