"""The people of the canon: theorists, schools and the analytic family tree (who analysed whom)."""

from __future__ import annotations

import pytest

import psygraph
from psygraph.namespaces import ID, PSY

# pyoxigraph substitutes only projected variables, so each bound variable is selected too.
MEMBERS = "SELECT DISTINCT ?x ?type WHERE { ?x a ?type }"

ANALYSTS_OF = """
SELECT DISTINCT ?who ?analyst WHERE {
  ?analysis a psy:Analysis ; psy:analysand ?who ; psy:analyst ?analyst .
}
"""

ANALYSIS = """
SELECT ?who ?by ?analysis ?start ?end ?place WHERE {
  ?analysis a psy:Analysis ; psy:analysand ?who ; psy:analyst ?by .
  OPTIONAL { ?analysis psy:startYear ?start }
  OPTIONAL { ?analysis psy:endYear ?end }
  OPTIONAL { ?analysis psy:place ?place }
}
"""

SHORTCUT_WITHOUT_ANALYSIS = """
SELECT ?who ?by WHERE {
  ?who psy:analysedBy ?by .
  FILTER NOT EXISTS { ?a a psy:Analysis ; psy:analysand ?who ; psy:analyst ?by }
}
"""

ANALYSIS_WITHOUT_SHORTCUT = """
SELECT ?a WHERE {
  ?a a psy:Analysis ; psy:analysand ?who ; psy:analyst ?by .
  FILTER NOT EXISTS { ?who psy:analysedBy ?by }
}
"""

ANALYSIS_WITHOUT_WORK = """
SELECT ?a WHERE {
  ?a a psy:Analysis .
  FILTER NOT EXISTS { ?a dcterms:source ?w . ?w a psy:Work }
}
"""

SCHOOL_WITHOUT_YEAR = "SELECT ?s WHERE { ?s a psy:School . FILTER NOT EXISTS { ?s psy:year ?y } }"

YEARS = """
SELECT ?person ?birth ?death WHERE {
  ?person psy:birthYear ?birth .
  OPTIONAL { ?person psy:deathYear ?death }
}
"""

HAS = "ASK { ?s ?p ?o }"


def count(kg: psygraph.KnowledgeGraph, kind: str) -> int:
    return len(kg.select(MEMBERS, {"type": PSY + kind}))


def analysts_of(kg: psygraph.KnowledgeGraph, slug: str) -> set[str]:
    return {str(r["analyst"]).removeprefix(ID) for r in kg.select(ANALYSTS_OF, {"who": ID + slug})}


def analysis(kg: psygraph.KnowledgeGraph, who: str, by: str) -> dict:
    (row,) = kg.select(ANALYSIS, {"who": ID + who, "by": ID + by})
    return {
        "start": int(row["start"]) if row["start"] is not None else None,
        "end": int(row["end"]) if row["end"] is not None else None,
        "place": str(row["place"]) if row["place"] is not None else None,
    }


def years(kg: psygraph.KnowledgeGraph, slug: str) -> tuple[int | None, int | None]:
    (row,) = kg.select(YEARS, {"person": ID + slug})
    return int(row["birth"]), int(row["death"]) if row["death"] is not None else None


def fact(kg: psygraph.KnowledgeGraph, subject: str, predicate: str, obj: str) -> bool:
    return kg.ask(HAS, {"s": ID + subject, "p": PSY + predicate, "o": ID + obj})


# --- floors ---------------------------------------------------------------------------------------


def test_at_least_130_theorists(kg: psygraph.KnowledgeGraph) -> None:
    assert count(kg, "Theorist") >= 130


def test_at_least_20_schools(kg: psygraph.KnowledgeGraph) -> None:
    assert count(kg, "School") >= 20


def test_at_least_100_analyses(kg: psygraph.KnowledgeGraph) -> None:
    assert count(kg, "Analysis") >= 100


def test_every_analysed_by_has_its_analysis(kg: psygraph.KnowledgeGraph) -> None:
    assert kg.select(SHORTCUT_WITHOUT_ANALYSIS) == []


def test_every_analysis_has_its_analysed_by(kg: psygraph.KnowledgeGraph) -> None:
    assert kg.select(ANALYSIS_WITHOUT_SHORTCUT) == []


def test_every_analysis_cites_a_work(kg: psygraph.KnowledgeGraph) -> None:
    assert kg.select(ANALYSIS_WITHOUT_WORK) == []


def test_every_school_has_a_year(kg: psygraph.KnowledgeGraph) -> None:
    assert kg.select(SCHOOL_WITHOUT_YEAR) == []


# --- the family tree ---------------------------------------------------------------------------


def test_bion_analysed_by_rickman_and_klein(kg: psygraph.KnowledgeGraph) -> None:
    assert analysts_of(kg, "wilfred-bion") == {"john-rickman", "melanie-klein"}


def test_klein_analysed_by_ferenczi_in_budapest_and_abraham_in_berlin(kg: psygraph.KnowledgeGraph) -> None:
    assert analysts_of(kg, "melanie-klein") == {"sandor-ferenczi", "karl-abraham"}
    assert analysis(kg, "melanie-klein", "sandor-ferenczi")["place"] == "Budapest"
    assert analysis(kg, "melanie-klein", "karl-abraham") == {"start": 1924, "end": 1925, "place": "Berlin"}


def test_winnicott_analysed_by_strachey_then_riviere(kg: psygraph.KnowledgeGraph) -> None:
    assert analysts_of(kg, "donald-winnicott") == {"james-strachey", "joan-riviere"}
    assert analysis(kg, "donald-winnicott", "james-strachey") == {
        "start": 1923,
        "end": 1933,
        "place": "London",
    }


def test_guntrip_analysed_by_fairbairn_in_edinburgh_and_winnicott(kg: psygraph.KnowledgeGraph) -> None:
    assert analysis(kg, "harry-guntrip", "ronald-fairbairn") == {
        "start": 1949,
        "end": 1959,
        "place": "Edinburgh",
    }
    assert analysis(kg, "harry-guntrip", "donald-winnicott") == {
        "start": 1962,
        "end": 1968,
        "place": "London",
    }


def test_lacan_analysed_by_loewenstein_in_paris(kg: psygraph.KnowledgeGraph) -> None:
    assert analysis(kg, "jacques-lacan", "rudolph-loewenstein") == {
        "start": 1932,
        "end": 1938,
        "place": "Paris",
    }


def test_jones_analysed_by_ferenczi_in_1913(kg: psygraph.KnowledgeGraph) -> None:
    assert analysis(kg, "ernest-jones", "sandor-ferenczi") == {
        "start": 1913,
        "end": 1913,
        "place": "Budapest",
    }


def test_rickman_analysed_by_freud_ferenczi_and_klein(kg: psygraph.KnowledgeGraph) -> None:
    assert analysts_of(kg, "john-rickman") == {"sigmund-freud", "sandor-ferenczi", "melanie-klein"}


def test_masud_khan_analysed_by_sharpe_rickman_and_winnicott(kg: psygraph.KnowledgeGraph) -> None:
    assert analysts_of(kg, "masud-khan") == {"ella-sharpe", "john-rickman", "donald-winnicott"}


def test_deutsch_analysed_by_freud_and_abraham_and_analysed_tausk(kg: psygraph.KnowledgeGraph) -> None:
    assert analysts_of(kg, "helene-deutsch") == {"sigmund-freud", "karl-abraham"}
    assert analysis(kg, "victor-tausk", "helene-deutsch") == {"start": 1919, "end": 1919, "place": "Vienna"}


def test_hanns_sachs_trained_analysts_in_berlin(kg: psygraph.KnowledgeGraph) -> None:
    for analysand in ("franz-alexander", "erich-fromm", "rudolph-loewenstein", "sylvia-payne", "ella-sharpe"):
        assert analysis(kg, analysand, "hanns-sachs")["place"] == "Berlin", analysand


def test_hartmann_analysed_by_rado_then_freud(kg: psygraph.KnowledgeGraph) -> None:
    assert analysts_of(kg, "heinz-hartmann") == {"sandor-rado", "sigmund-freud"}


def test_kohut_analysed_by_aichhorn_in_vienna(kg: psygraph.KnowledgeGraph) -> None:
    assert analysis(kg, "heinz-kohut", "august-aichhorn")["place"] == "Vienna"


def test_lacan_analysed_laplanche_pontalis_and_anzieu(kg: psygraph.KnowledgeGraph) -> None:
    for analysand in ("jean-laplanche", "jean-bertrand-pontalis", "didier-anzieu"):
        assert fact(kg, analysand, "analysedBy", "jacques-lacan"), analysand
    assert analysis(kg, "didier-anzieu", "jacques-lacan")["start"] == 1949


ANALYSANDS_OF = """
SELECT DISTINCT ?by ?who WHERE { ?analysis a psy:Analysis ; psy:analyst ?by ; psy:analysand ?who . }
"""


def test_freud_and_klein_analysands(kg: psygraph.KnowledgeGraph) -> None:
    freud = {str(r["who"]).removeprefix(ID) for r in kg.select(ANALYSANDS_OF, {"by": ID + "sigmund-freud"})}
    assert {"anna-freud", "marie-bonaparte", "james-strachey", "alix-strachey", "abram-kardiner"} <= freud
    klein = {str(r["who"]).removeprefix(ID) for r in kg.select(ANALYSANDS_OF, {"by": ID + "melanie-klein"})}
    assert {"wilfred-bion", "hanna-segal", "herbert-rosenfeld", "paula-heimann", "donald-meltzer"} <= klein


# --- people and schools --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "born", "died"),
    [
        ("helene-deutsch", 1884, 1982),
        ("hanns-sachs", 1881, 1947),
        ("sabina-spielrein", 1885, 1942),
        ("john-rickman", 1891, 1951),
        ("jean-laplanche", 1924, 2012),
        ("heinrich-racker", 1910, 1961),
        ("otto-fenichel", 1897, 1946),
    ],
)
def test_birth_and_death_years(kg: psygraph.KnowledgeGraph, slug: str, born: int, died: int) -> None:
    assert years(kg, slug) == (born, died)


def test_schools_and_their_founders(kg: psygraph.KnowledgeGraph) -> None:
    assert fact(kg, "sandor-ferenczi", "founded", "budapest-school")
    assert fact(kg, "pierre-marty", "founded", "paris-psychosomatic-school")
    assert fact(kg, "robert-stolorow", "founded", "intersubjective-systems-theory")
    assert fact(kg, "madeleine-baranger", "founded", "analytic-field-theory")
    assert fact(kg, "jacob-arlow", "founded", "modern-conflict-theory")
    assert fact(kg, "charles-brenner", "founded", "modern-conflict-theory")


def test_new_school_years_and_founding_works(kg: psygraph.KnowledgeGraph) -> None:
    query = "SELECT ?s ?year WHERE { ?s psy:year ?year }"
    expected = {
        "budapest-school": 1913,
        "analytic-field-theory": 1961,
        "intersubjective-systems-theory": 1984,
    }
    for slug, year in expected.items():
        (row,) = kg.select(query, {"s": ID + slug})
        assert int(row["year"]) == year, slug
    assert fact(
        kg, "analytic-field-theory", "introducedIn", "baranger-baranger-1961-analytic-situation-dynamic-field"
    )


def test_describe_a_new_theorist(kg: psygraph.KnowledgeGraph) -> None:
    deutsch = psygraph.describe(kg, "Helene Deutsch")
    assert deutsch.id == "id:helene-deutsch"
    assert (deutsch.born, deutsch.died) == (1884, 1982)
