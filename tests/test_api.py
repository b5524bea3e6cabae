"""The Python API: each user-level question, on the fixture graph (exact answers) and the shipped data."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import psygraph
from psygraph.errors import UnknownEntityError, UsageError
from psygraph.namespaces import ID, PREFIXES


def expand(prefixed: str) -> str:
    prefix, _, local = prefixed.partition(":")
    return PREFIXES[prefix] + local


def is_triple(kg: psygraph.KnowledgeGraph, subject: str, predicate: str, obj: str) -> bool:
    return kg.ask("ASK { ?s ?p ?o }", {"s": expand(subject), "p": expand(predicate), "o": expand(obj)})


# describe ("show")


def test_describe_a_defence(mini_kg: psygraph.KnowledgeGraph) -> None:
    entity = psygraph.describe(mini_kg, "projective-identification")
    assert entity.id == "id:projective-identification"
    assert entity.type == "defence mechanism"
    assert entity.definition.startswith("Putting parts of the self")
    assert entity.introduced_by == [{"label": "Melanie Klein", "id": "id:melanie-klein"}]
    assert entity.year == 1946
    assert entity.introduced_in[0]["citation"].startswith("Klein, M. (1946).")
    relations = {group["relation"]: [t["label"] for t in group["targets"]] for group in entity.relations}
    assert relations["related to"] == ["Splitting"]
    assert relations["has defence level"] == ["Major image-distorting level"]
    assert "introduced by" not in relations, "shown in its own line"
    assert [s["id"] for s in entity.sources] == ["id:klein-1946-schizoid-mechanisms"]


def test_describe_reads_incoming_relations_with_inverse_labels(mini_kg: psygraph.KnowledgeGraph) -> None:
    klein = psygraph.describe(mini_kg, "Klein")
    incoming = {
        g["relation"]: [t["label"] for t in g["targets"]] for g in klein.relations if g["direction"] == "in"
    }
    assert incoming["introduced"] == ["Projective identification"]
    assert incoming["influenced"] == ["Donald Winnicott"]
    assert klein.synonyms == ["Melanie Reizes"]
    splitting = psygraph.describe(mini_kg, "splitting")
    related = [g for g in splitting.relations if g["relation"] == "related to"]
    assert related[0]["direction"] == "out", "a symmetric relation reads the same both ways"


def test_describe_a_condition_with_identifiers_and_evidence(mini_kg: psygraph.KnowledgeGraph) -> None:
    bpd = psygraph.describe(mini_kg, "BPD")
    assert {"scheme": "ICD-11", "value": "6D11.5"} in bpd.identifiers
    assert any(i["scheme"] == "MeSH" and i["value"].endswith("D001883") for i in bpd.identifiers)
    assert [claim["modality"] for claim in bpd.evidence] == [
        "Mentalization-based treatment",
        "Psychoanalysis",
    ]


def test_describe_a_theorist(mini_kg: psygraph.KnowledgeGraph) -> None:
    freud = psygraph.describe(mini_kg, "Sigmund Freud")
    assert (freud.born, freud.died) == (1856, 1939)
    assert freud.identifiers[0]["scheme"] == "Wikidata"
    assert freud.to_dict()["label"] == "Sigmund Freud"


def test_describe_an_unknown_name(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError, match="did you mean 'Sigmund Freud'"):
        psygraph.describe(mini_kg, "Frued")


# search


def test_search_ranks_labels_before_definitions(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.search(mini_kg, "splitting")
    assert rows[0]["id"] == "id:splitting"
    assert rows[0]["match"] == "label"
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)


def test_search_finds_synonyms_definitions_and_spellings(mini_kg: psygraph.KnowledgeGraph) -> None:
    assert psygraph.search(mini_kg, "reizes")[0]["match"] == "synonym: Melanie Reizes"
    assert psygraph.search(mini_kg, "phantasy")[0]["id"] == "id:projective-identification"
    assert psygraph.search(mini_kg, "mentalisation")[0]["id"] == "id:mentalization"
    assert psygraph.search(mini_kg, "winnicot")[0]["id"] == "id:donald-winnicott"


def test_search_by_surname_puts_people_first(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.search(mini_kg, "freud")
    assert [row["id"] for row in rows[:2]] == ["id:sigmund-freud", "id:anna-freud"]


def test_search_by_type_and_limit(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.search(mini_kg, "freud", types="work")
    assert {row["type"] for row in rows} == {"work"}
    assert len(psygraph.search(mini_kg, "e", limit=2)) == 2
    assert psygraph.search(mini_kg, "zzzzzz") == []


# neighbours


def test_neighbours_read_each_link_from_the_entity(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.neighbours(mini_kg, "klein")
    by_name = {row["neighbour"]: row["relation"] for row in rows}
    assert by_name["Donald Winnicott"] == "influenced"
    assert by_name["Sándor Ferenczi"] == "analysed by, influenced by"
    assert by_name["Projective identification"] == "introduced"
    assert {row["distance"] for row in rows} == {1}


def test_neighbours_depth_relation_and_type(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.neighbours(mini_kg, "winnicott", depth=2, relations=["analysed by"])
    assert [(row["neighbour"], row["distance"], row["via"]) for row in rows] == [
        ("James Strachey", 1, "Donald Winnicott"),
        ("Sigmund Freud", 2, "James Strachey"),
    ]
    works = psygraph.neighbours(mini_kg, "klein", depth=2, types="work")
    assert {row["type"] for row in works} == {"work"}
    with pytest.raises(UsageError, match="depth must be 1 or more"):
        psygraph.neighbours(mini_kg, "klein", depth=0)


# paths


def test_paths_winnicott_to_freud(mini_kg: psygraph.KnowledgeGraph) -> None:
    found = psygraph.paths(mini_kg, "Winnicott", "Freud", limit=None)
    chains = {p.chain for p in found}
    assert "Donald Winnicott → analysed by → James Strachey → analysed by → Sigmund Freud" in chains
    for path in found:
        for step in path.step_rows():
            assert is_triple(mini_kg, step["subject_id"], step["predicate"], step["object_id"]), step


def test_paths_direction_shows_in_the_chain(mini_kg: psygraph.KnowledgeGraph) -> None:
    (path,) = psygraph.paths(mini_kg, "Freud", "Winnicott", relations=["analysed by"])
    assert path.chain == "Sigmund Freud ← analysed by ← James Strachey ← analysed by ← Donald Winnicott"
    assert [step["direction"] for step in path.step_rows()] == ["backward", "backward"]
    assert path.to_dict()["length"] == 2


def test_paths_none_when_disconnected(mini_kg: psygraph.KnowledgeGraph) -> None:
    assert psygraph.paths(mini_kg, "mentalization", "splitting", relations=["analysed by"]) == []


# lineage


def test_lineage_up_of_klein(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.lineage(mini_kg, "Klein")
    relation = {row["theorist"]: row["relation"] for row in rows}
    assert relation["Sándor Ferenczi"] == "analysed, influenced"
    assert relation["Karl Abraham"] == "analysed, influenced"
    assert {row["of"] for row in rows if not row["repeat"]} == {"Melanie Klein"}


def test_lineage_down_of_freud(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.lineage(mini_kg, "freud", direction="down", relations=["analysed by"])
    assert [(row["theorist"], row["depth"], row["of"]) for row in rows] == [
        ("Anna Freud", 1, "Sigmund Freud"),
        ("James Strachey", 1, "Sigmund Freud"),
        ("Donald Winnicott", 2, "James Strachey"),
        ("Sándor Ferenczi", 1, "Sigmund Freud"),
        ("Melanie Klein", 2, "Sándor Ferenczi"),
    ]


def test_lineage_needs_a_theorist(mini_kg: psygraph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError, match="is a defence mechanism .* not a theorist"):
        psygraph.lineage(mini_kg, "splitting")


# defences, treatments, concepts


def test_defences_most_adaptive_first(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.defences(mini_kg, hierarchy="dsm")
    assert [row["defence"] for row in rows] == ["Sublimation", "Projective identification", "Splitting"]
    ranks = [row["rank"] for row in rows]
    assert ranks == sorted(ranks, reverse=True)
    assert [row["defence"] for row in psygraph.defences(mini_kg, level="high adaptive")] == ["Sublimation"]


def test_treatments_highest_design_first(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.treatments(mini_kg, "borderline personality disorder")
    assert [row["modality"] for row in rows] == ["Mentalization-based treatment", "Psychoanalysis"]
    mbt = rows[0]
    assert (mbt["design"], mbt["design_code"]) == ("randomised controlled trial", "RCT")
    assert (mbt["result"], mbt["vs"], mbt["certainty"]) == (
        "favours modality",
        "standard psychiatric care",
        "not graded",
    )
    assert mbt["source"] == ["Bateman & Fonagy 1999"]
    assert mbt["citation"][0].startswith("Bateman, A., & Fonagy, P. (1999).")
    assert mbt["doi"] == ["10.1176/ajp.156.10.1563"]
    assert rows[1]["result"] == "no comparison"


def test_treatments_the_reverse_question(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.treatments(mini_kg, modality="MBT")
    assert [row["condition"] for row in rows] == ["Borderline personality disorder"]
    assert len(psygraph.treatments(mini_kg)) == 2


def test_treatments_list_links_no_claim_backs(write_ttl: Callable[..., Path]) -> None:
    extra = write_ttl("id:mentalization-based-treatment psy:addresses id:grief .\n")
    rows = psygraph.treatments(psygraph.load([extra]), modality="mentalization-based-treatment")
    grief = [row for row in rows if row["id"] == ""]
    assert len(grief) == 1
    assert grief[0]["result"] == "no claim recorded"
    assert grief[0]["certainty"] == ""
    assert rows[-1] is grief[0], "unbacked links come last"


def test_concepts_by_since_and_school(mini_kg: psygraph.KnowledgeGraph) -> None:
    by_freud = psygraph.concepts(mini_kg, by="freud")
    assert [row["concept"] for row in by_freud] == ["Transference", "Sublimation"], (
        "dated first, oldest first"
    )
    assert [row["concept"] for row in psygraph.concepts(mini_kg, since=1940)] == [
        "Projective identification",
        "Mentalization",
    ]
    assert psygraph.concepts(mini_kg, school="classical psychoanalysis") == []  # none has partOfSchool


# rank, communities, stats, version


def test_rank_measures(mini_kg: psygraph.KnowledgeGraph) -> None:
    degree = psygraph.rank(mini_kg, limit=3)
    assert degree[0]["label"] == "Sigmund Freud"
    assert [row["rank"] for row in degree] == [1, 2, 3]
    theorists = psygraph.rank(mini_kg, measure="betweenness", types="theorist")
    assert {row["type"] for row in theorists} == {"theorist"}
    assert (
        psygraph.rank(mini_kg, measure="pagerank", relations=["influenced by"], limit=1)[0]["id"]
        == "id:sigmund-freud"
    )
    with pytest.raises(UsageError, match="unknown measure"):
        psygraph.rank(mini_kg, measure="fame")


def test_communities_cover_linked_entities(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.communities(mini_kg)
    assert rows == psygraph.communities(mini_kg), "a fixed seed gives the same answer"
    sizes = [row["size"] for row in rows]
    assert sizes == sorted(sizes, reverse=True)
    assert all(len(row["members"]) == row["size"] == len(row["ids"]) for row in rows)
    klein_group = next(row for row in rows if "Melanie Klein" in row["members"])
    assert "Sándor Ferenczi" in klein_group["members"]


def test_stats_counts(mini_kg: psygraph.KnowledgeGraph) -> None:
    rows = {(row["kind"], row["name"]): row["count"] for row in psygraph.stats(mini_kg)}
    assert rows[("type", "theorist")] == 8
    assert rows[("total", "evidence claims")] == 2
    assert rows[("relation", "analysed by")] == 6
    assert rows[("total", "entities")] == sum(c for (kind, _), c in rows.items() if kind == "type")


def test_data_version_is_the_ontology_version(kg: psygraph.KnowledgeGraph) -> None:
    version = psygraph.data_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", version)
    assert psygraph.data_version(kg) == version


# The shipped data: the questions the issue names.


def test_shipped_path_from_winnicott_to_freud(kg: psygraph.KnowledgeGraph) -> None:
    found = psygraph.paths(kg, "donald-winnicott", "sigmund-freud", limit=None)
    assert found
    for path in found:
        assert path.chain.startswith("Donald Winnicott ")
        assert path.chain.endswith(" Sigmund Freud")
        for step in path.step_rows():
            assert is_triple(kg, step["subject_id"], step["predicate"], step["object_id"]), step
    (analysts,) = psygraph.paths(kg, "winnicott", "freud", relations=["analysed by"])
    assert all(step["relation"] == "analysed by" for step in analysts.step_rows())


def test_shipped_lineage_of_klein(kg: psygraph.KnowledgeGraph) -> None:
    ids = {row["id"] for row in psygraph.lineage(kg, "melanie-klein")}
    assert {"id:sandor-ferenczi", "id:karl-abraham"} <= ids


def test_shipped_splitting_below_sublimation(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.defences(kg, hierarchy="dsm-iv-defensive-functioning-scale")
    rank = {row["id"]: row["rank"] for row in rows}
    assert rank["id:splitting"] < rank["id:sublimation"]
    order = [row["id"] for row in rows]
    assert order.index("id:sublimation") < order.index("id:splitting")


def test_shipped_mbt_for_borderline_personality_disorder(kg: psygraph.KnowledgeGraph) -> None:
    rows = psygraph.treatments(kg, "borderline-personality-disorder")
    mbt = [row for row in rows if row["modality"].lower() == "mentalization-based treatment"]
    assert mbt, [row["modality"] for row in rows]
    assert mbt[0]["source"]
    assert all(mbt[0]["citation"])
    designs = [row["design_code"] for row in rows if row["certainty"] in ("not graded", "not recorded")]
    order = ["SR/MA", "RCT", "OBS", "EC"]
    assert [order.index(d) for d in designs] == sorted(order.index(d) for d in designs)


def test_shipped_show_projective_identification(kg: psygraph.KnowledgeGraph) -> None:
    entity = psygraph.describe(kg, "projective identification")
    assert entity.type == "defence mechanism"
    assert "id:melanie-klein" in [p["id"] for p in entity.introduced_by]
    assert entity.sources
    assert any(g["relation"] == "has defence level" for g in entity.relations)


def test_shipped_entities_each_resolve_by_label_or_id(kg: psygraph.KnowledgeGraph) -> None:
    from psygraph.resolve import AmbiguousNameError, name_index, resolve

    index = name_index(kg)
    for entry in index.entries():
        entity, label = entry.iri, entry.label
        assert resolve(kg, entity) == entity
        try:
            found = resolve(kg, label)
        except AmbiguousNameError:
            continue
        # A work titled like a concept yields to the concept whose slug matches the label.
        assert found == entity or (index.label(found) or "").casefold() == label.casefold(), label


def test_shipped_stats_match_the_registry(kg: psygraph.KnowledgeGraph) -> None:
    rows = {(row["kind"], row["name"]): row["count"] for row in psygraph.stats(kg)}
    assert rows[("type", "theorist")] >= 60
    assert rows[("total", "evidence claims")] > 0


def test_ids_in_rows_resolve_back(kg: psygraph.KnowledgeGraph) -> None:
    for row in psygraph.rank(kg, limit=5):
        assert psygraph.describe(kg, row["id"]).id == row["id"]
    assert ID  # the namespace the ids expand to


def test_describe_lists_an_inferred_inverse_once(mini_kg: psygraph.KnowledgeGraph) -> None:
    from psygraph.infer import with_inferences

    klein = psygraph.describe(with_inferences(mini_kg), "klein")
    phrases = [group["relation"] for group in klein.relations]
    assert len(phrases) == len(set(phrases))
    introduced = next(g for g in klein.relations if g["relation"] == "introduced")
    assert [t["id"] for t in introduced["targets"]] == ["id:projective-identification"]


def test_projection_lists_a_restated_synonym_and_source_once(write_ttl: Callable[..., Path]) -> None:
    # A user file that repeats shipped facts puts the same triple in two named graphs.
    extra = write_ttl(
        'id:sigmund-freud skos:altLabel "Sigismund Schlomo Freud"@en ;'
        " dcterms:source id:gay-1988-freud-a-life ."
    )
    node = psygraph.load([extra]).nx.nodes[ID + "sigmund-freud"]
    assert node["alt_labels"].count("Sigismund Schlomo Freud") == 1
    assert len(node["sources"]) == len(set(node["sources"]))
