"""First statements of Lacanian, Jungian, Freudian, defence and technique terms:
the dated entries keep the year of the idea apart from the year a lecture or manuscript was printed,
and say in a scope note where an idea had earlier or later uses."""

from __future__ import annotations

import pytest

import psygraph
from psygraph.namespaces import ID

YEAR_AND_WORK = "SELECT ?e ?year ?work WHERE { ?e psy:year ?year ; psy:introducedIn ?work }"

WORK = (
    "SELECT ?work ?year ?author ?citation WHERE { ?work a psy:Work ; psy:year ?year ; "
    "dcterms:bibliographicCitation ?citation OPTIONAL { ?work psy:author ?author } }"
)

SCOPE = "SELECT ?e ?note WHERE { ?e skos:scopeNote ?note }"

#: (entity, year of the idea, introducing work, year the work was printed)
PRINTED_LATER = [
    ("deferred-action", 1895, "freud-1950-project-scientific-psychology", 1950),
    ("objet-petit-a", 1955, "lacan-1978-seminar-ii-ego", 1978),
    ("barred-subject", 1957, "lacan-1998-seminar-v-formations", 1998),
    ("jouissance", 1953, "lacan-1956-fonction-champ-parole", 1956),
]


@pytest.mark.parametrize(("slug", "year", "work", "printed"), PRINTED_LATER)
def test_idea_keeps_the_year_it_was_first_stated(
    kg: psygraph.KnowledgeGraph, slug: str, year: int, work: str, printed: int
) -> None:
    (row,) = kg.select(YEAR_AND_WORK, {"e": ID + slug})
    assert int(row["year"]) == year
    assert row["work"] == ID + work
    (w,) = kg.select(WORK, {"work": ID + work})
    assert int(w["year"]) == printed > year


def test_new_first_texts_are_cited_and_attributed(kg: psygraph.KnowledgeGraph) -> None:
    expected = {
        "lacan-1998-seminar-v-formations": ("jacques-lacan", "1957–1958"),
        "jung-1930-memory-richard-wilhelm": ("carl-jung", "May 1930"),
        "jung-1913-general-aspects-psychoanalysis": ("carl-jung", "Psycho-Medical Society"),
        "jung-riklin-1904-associations-normal": ("carl-jung", "Riklin"),
        "freud-1950-project-scientific-psychology": ("sigmund-freud", "written 1895"),
    }
    for slug, (author, phrase) in expected.items():
        (row,) = kg.select(WORK, {"work": ID + slug})
        assert row["author"] == ID + author, slug
        assert phrase in row["citation"], slug


def test_synchronicity_dates_from_the_wilhelm_address_not_the_essay(kg: psygraph.KnowledgeGraph) -> None:
    (row,) = kg.select(YEAR_AND_WORK, {"e": ID + "synchronicity"})
    assert int(row["year"]) == 1930
    assert row["work"] == ID + "jung-1930-memory-richard-wilhelm"
    assert kg.ask("ASK { id:synchronicity psy:describedIn id:jung-1952-synchronicity }")


def test_school_named_in_1913_has_its_naming_lecture(kg: psygraph.KnowledgeGraph) -> None:
    (row,) = kg.select(YEAR_AND_WORK, {"e": ID + "analytical-psychology"})
    assert int(row["year"]) == 1913
    assert row["work"] == ID + "jung-1913-general-aspects-psychoanalysis"


@pytest.mark.parametrize(
    ("slug", "phrase"),
    [
        ("character-analysis", "Karl Abraham"),
        ("passive-aggression", "DSM-I (1952)"),
        ("objet-petit-a", "schema L"),
        ("barred-subject", "1957 to 1958"),
        ("deferred-action", "printed until 1950"),
        ("psychological-mindedness", "Appelbaum"),
    ],
)
def test_scope_notes_record_earlier_or_later_uses(
    kg: psygraph.KnowledgeGraph, slug: str, phrase: str
) -> None:
    notes = [row["note"] for row in kg.select(SCOPE, {"e": ID + slug})]
    assert any(phrase in note for note in notes), slug


def test_complex_and_passive_aggression_first_statements(kg: psygraph.KnowledgeGraph) -> None:
    (row,) = kg.select(YEAR_AND_WORK, {"e": ID + "complex"})
    assert (int(row["year"]), row["work"]) == (1904, ID + "jung-riklin-1904-associations-normal")
    (row,) = kg.select(YEAR_AND_WORK, {"e": ID + "passive-aggression"})
    assert (int(row["year"]), row["work"]) == (1971, ID + "vaillant-1971-theoretical-hierarchy")
    assert kg.ask("ASK { id:passive-aggression psy:hasDefenceLevel id:vaillant-immature }")
