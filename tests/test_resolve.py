"""Name resolution: labels, synonyms, spellings, slugs, ids, surnames, ambiguity and suggestions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

import psygraph
from psygraph import resources
from psygraph.errors import UnknownEntityError, UsageError
from psygraph.namespaces import DATA_GRAPH, ID, ONTOLOGY_GRAPH, PSY
from psygraph.resolve import (
    AmbiguousNameError,
    WrongTypeError,
    normalise,
    resolve,
    resolve_relation,
    resolve_type,
    suggest,
)

FREUD = ID + "sigmund-freud"
ANNA_FREUD = ID + "anna-freud"
KLEIN = ID + "melanie-klein"
FERENCZI = ID + "sandor-ferenczi"
PROJECTIVE_IDENTIFICATION = ID + "projective-identification"
MBT = ID + "mentalization-based-treatment"
BPD = ID + "borderline-personality-disorder"


def graph_of(path: Path) -> psygraph.KnowledgeGraph:
    """The ontology with *path* as the only data, so a test controls every name in the graph."""
    store = ox.Store()
    for source in resources.schema_files():
        store.load(source.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(DATA_GRAPH))
    return psygraph.KnowledgeGraph(store)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("defence", "defense"),
        ("Analysed by", "analyzed-by"),
        ("idealisation", "idealization"),
        ("behaviour", "behavior"),
        ("Sándor Ferenczi", "sandor ferenczi"),
        ("wish-fulfilment", "wish fulfillment"),
        ("Character armour", "character armor"),
        ("PROJECTIVE_IDENTIFICATION", "projective identification"),
    ],
)
def test_normalise_makes_variants_equal(one: str, other: str) -> None:
    assert normalise(one) == normalise(other)


@pytest.mark.parametrize(("one", "other"), [("splitting", "spitting"), ("id", "ego"), ("four", "for")])
def test_normalise_keeps_different_words_apart(one: str, other: str) -> None:
    assert normalise(one) != normalise(other)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Melanie Klein", KLEIN),
        ("melanie klein", KLEIN),
        ("MELANIE REIZES", KLEIN),  # a synonym
        ("melanie-klein", KLEIN),  # a slug
        ("id:melanie-klein", KLEIN),  # a prefixed name
        (KLEIN, KLEIN),  # a full IRI
        ("  Projective identification ", PROJECTIVE_IDENTIFICATION),
        ("projective-identification", PROJECTIVE_IDENTIFICATION),
        ("mentalisation-based treatment", MBT),
        ("MBT", MBT),
        ("bpd", BPD),
        ("Sandor Ferenczi", FERENCZI),  # without the accent
        ("Klein", KLEIN),  # a unique surname
        ("ferenczi", FERENCZI),
    ],
)
def test_resolve_names(mini_kg: psygraph.KnowledgeGraph, name: str, expected: str) -> None:
    assert resolve(mini_kg, name) == expected


def test_a_shared_surname_is_ambiguous_however_connected(write_ttl: Callable[..., Path]) -> None:
    # Sigmund Freud has many times Anna Freud's links, but a surname two people share names neither.
    path = write_ttl(
        """
        id:sigmund a psy:Theorist ; skos:prefLabel "Sigmund Freud"@en ; psy:influencedBy id:x , id:y , id:z .
        id:anna a psy:Theorist ; skos:prefLabel "Anna Freud"@en .
        """
    )
    with pytest.raises(AmbiguousNameError, match="'Anna Freud'.*'Sigmund Freud'"):
        resolve(graph_of(path), "Freud")
    assert resolve(graph_of(path), "anna freud") == ID + "anna"


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("identification", "Projective identification"),  # only part of a label
        ("projective", "Projective identification"),
        ("splitt", "Splitting"),  # close to a label
    ],
)
def test_issue_10_part_of_a_name_is_never_answered_with_another_entity(
    mini_kg: psygraph.KnowledgeGraph, name: str, suggested: str
) -> None:
    with pytest.raises(UnknownEntityError) as caught:
        resolve(mini_kg, name)
    assert str(caught.value).startswith(f"no entity named {name!r}; did you mean")
    assert repr(suggested) in str(caught.value)


def test_an_implied_type_is_looked_at_first(write_ttl: Callable[..., Path]) -> None:
    path = write_ttl(
        """
        id:mourning-work a psy:Work ; skos:prefLabel "Mourning"@en .
        id:mourning a psy:Condition ; skos:prefLabel "Grief"@en ; skos:altLabel "Mourning"@en .
        """
    )
    kg = graph_of(path)
    assert resolve(kg, "mourning", types="Condition") == ID + "mourning"
    assert resolve(kg, "mourning") == ID + "mourning-work"  # a preferred label beats a synonym


def test_an_evenly_shared_surname_is_ambiguous(write_ttl: Callable[..., Path]) -> None:
    path = write_ttl(
        """
        id:anna-smith a psy:Theorist ; skos:prefLabel "Anna Smith"@en .
        id:john-smith a psy:Theorist ; skos:prefLabel "John Smith"@en .
        """
    )
    with pytest.raises(AmbiguousNameError) as caught:
        resolve(graph_of(path), "smith")
    message = str(caught.value)
    assert "'Anna Smith' (id:anna-smith)" in message
    assert "'John Smith' (id:john-smith)" in message
    assert caught.value.exit_code == 1


def test_an_exact_label_beats_a_surname(write_ttl: Callable[..., Path]) -> None:
    path = write_ttl(
        """
        id:anna-smith a psy:Theorist ; skos:prefLabel "Anna Smith"@en .
        id:john-smith a psy:Theorist ; skos:prefLabel "John Smith"@en ; skos:altLabel "Smith"@en .
        """
    )
    assert resolve(graph_of(path), "Smith") == ID + "john-smith"


def test_two_entities_with_one_label_prefer_the_matching_slug(write_ttl: Callable[..., Path]) -> None:
    path = write_ttl(
        """
        id:psychological-types a psy:TheoreticalConcept ; skos:prefLabel "Psychological Types"@en .
        id:jung-1921-psychological-types a psy:Work ; skos:prefLabel "Psychological Types"@en .
        """
    )
    assert resolve(graph_of(path), "psychological types") == ID + "psychological-types"


def test_a_misspelling_suggests_the_right_name(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError) as caught:
        resolve(mini_kg, "Frued")
    assert caught.value.suggestions[0] == "Sigmund Freud"
    assert "no entity named 'Frued'; did you mean 'Sigmund Freud'" in str(caught.value)
    assert suggest(mini_kg, "projectve identifcation") == ["Projective identification"]


def test_an_unknown_name_says_how_to_search(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError, match=r"no entity named 'xyzzy'; try 'psygraph search TEXT'"):
        resolve(mini_kg, "xyzzy")


def test_an_unknown_id_is_unknown(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError, match="no entity named 'id:no-such-thing'"):
        resolve(mini_kg, "id:no-such-thing")


def test_an_empty_name_is_bad_usage(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="empty name"):
        resolve(mini_kg, "   ")


def test_quotes_and_braces_in_a_name_are_only_text(mini_kg: psygraph.KnowledgeGraph) -> None:
    # Names never reach the query text, so SPARQL syntax in them is harmless.
    with pytest.raises(UnknownEntityError):
        resolve(mini_kg, 'x" } ; DROP ALL ; { "')


def test_types_restrict_the_answer(mini_kg: psygraph.KnowledgeGraph) -> None:
    assert resolve(mini_kg, "bpd", types="Condition") == BPD
    assert resolve(mini_kg, "dsm-iv", types="defence hierarchy") == ID + "dsm-iv-defensive-functioning-scale"
    with pytest.raises(
        WrongTypeError,
        match=r"'mbt' is a therapy modality \(Mentalization-based treatment\), not a condition",
    ):
        resolve(mini_kg, "mbt", types="Condition")
    with pytest.raises(WrongTypeError, match="is a theorist"):
        resolve(mini_kg, "freud", types="Condition")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("theorist", {PSY + "Theorist"}),
        ("Theorists", {PSY + "Theorist"}),
        ("psy:Theorist", {PSY + "Theorist"}),
        ("defense mechanism", {PSY + "DefenceMechanism"}),
        ("DefenceMechanism", {PSY + "DefenceMechanism"}),
    ],
)
def test_resolve_type(mini_kg: psygraph.KnowledgeGraph, name: str, expected: set[str]) -> None:
    assert resolve_type(mini_kg, name) == expected


def test_a_type_includes_its_subclasses(mini_kg: psygraph.KnowledgeGraph) -> None:
    concepts = resolve_type(mini_kg, "concept")
    assert {PSY + "Concept", PSY + "DefenceMechanism", PSY + "Technique"} <= concepts
    assert PSY + "Theorist" not in concepts


def test_an_unknown_type_lists_the_types(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="no type named 'bogus'; the types are: .*theorist"):
        resolve_type(mini_kg, "bogus")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("analysed by", PSY + "analysedBy"),
        ("Analyzed By", PSY + "analysedBy"),
        ("analysedBy", PSY + "analysedBy"),
        ("psy:analysedBy", PSY + "analysedBy"),
        ("analysed", PSY + "analysedBy"),  # the inverse: the direction the data states
        ("introduced", PSY + "introducedBy"),
        ("related to", PSY + "relatedTo"),
        ("has defense level", PSY + "hasDefenceLevel"),
    ],
)
def test_resolve_relation(mini_kg: psygraph.KnowledgeGraph, name: str, expected: str) -> None:
    assert resolve_relation(mini_kg, name) == expected


def test_an_unknown_relation_suggests_one(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="no relation named 'analysd by'; did you mean 'analysed by'"):
        resolve_relation(mini_kg, "analysd by")


# The shipped data.


def test_shipped_freud_is_sigmund_freud(kg: psygraph.KnowledgeGraph) -> None:
    assert resolve(kg, "freud") == FREUD  # "Freud" is one of his names in the data, not a guess
    assert resolve(kg, "Anna Freud") == ANNA_FREUD


@pytest.mark.parametrize(
    ("name", "types"),
    [
        ("triangle", None),  # only part of "triangle of conflict" and "triangle of person"
        ("melancholia", None),
        ("major depressive disorder", "Condition"),
    ],
)
def test_issue_10_shipped_names_that_used_to_pick_a_near_match(
    kg: psygraph.KnowledgeGraph, name: str, types: str | None
) -> None:
    with pytest.raises(UnknownEntityError, match=f"^no entity named {name!r}"):
        resolve(kg, name, types=types)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("projective identification", "projective-identification"),
        ("defense mechanism", None),
        ("Winnicott", "donald-winnicott"),
        ("ISTDP", "intensive-short-term-dynamic-psychotherapy"),
        ("mentalisation", "mentalization"),
        ("borderline personality disorder", "borderline-personality-disorder"),
    ],
)
def test_shipped_names(kg: psygraph.KnowledgeGraph, name: str, slug: str | None) -> None:
    if slug is None:
        assert resolve_type(kg, name) == {PSY + "DefenceMechanism"}
    else:
        assert resolve(kg, name) == ID + slug


def test_shipped_misspelling_suggests_sigmund_freud_first(kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError, match="did you mean 'Sigmund Freud'"):
        resolve(kg, "Frued")
