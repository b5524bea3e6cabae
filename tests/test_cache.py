"""The on-disk cache: where it lives, when it is reused and rebuilt, and that it is never trusted blindly.

Every test points ``PSYGRAPH_CACHE_DIR`` at its own folder and sets ``PSYGRAPH_CACHE_MIN_BYTES=0`` so
that even tiny inputs go through an on-disk store. Subprocesses get the same environment.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from minidata import mini_as_shipped_data

import psygraph
from psygraph import cache, resolve
from psygraph.cache import store as cache_store
from psygraph.cli import main as cli
from psygraph.namespaces import ID
from psygraph.project import NAME, build
from psygraph.viz import write_explorer

ROOT = Path(__file__).resolve().parent.parent
LABEL_QUERY = "SELECT ?l WHERE { id:cached-thing skos:prefLabel ?l }"


@pytest.fixture(autouse=True)
def _tiny_shipped_data(request: pytest.FixtureRequest) -> Iterator[None]:
    """The cache keeps what it keeps the same way for any data: these tests read the tiny data set in
    place of the shipped data, except those marked ``shipped_data`` (the processes they start read
    the shipped data, or they need its size)."""
    if request.node.get_closest_marker("shipped_data"):
        yield
        return
    with mini_as_shipped_data():
        yield


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder for this test, with stores used for inputs of any size."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PSYGRAPH_CACHE_DIR", str(folder))
    monkeypatch.setenv("PSYGRAPH_CACHE_MIN_BYTES", "0")
    monkeypatch.delenv("PSYGRAPH_NO_CACHE", raising=False)
    cache.stats.clear()
    return folder


@pytest.fixture
def data_file(write_ttl: Callable[..., Path]) -> Path:
    return write_ttl('id:cached-thing a psy:Concept ; skos:prefLabel "First version"@en .', name="mine.ttl")


def entries(folder: Path, kind: str = cache.STORES) -> list[Path]:
    """The published entries of *kind* (build and trash folders start with a dot)."""
    place = folder / kind
    return sorted(p for p in place.iterdir() if not p.name.startswith(".")) if place.exists() else []


def label(kg: psygraph.KnowledgeGraph) -> str:
    return kg.select(LABEL_QUERY)[0]["l"]


def test_the_cache_lives_where_the_environment_says(cache_dir: Path, data_file: Path) -> None:
    psygraph.load([data_file])
    (entry,) = entries(cache_dir)
    manifest = json.loads((entry / cache.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == cache.FORMAT_VERSION
    assert entry.name == manifest["key"][:40]
    assert (entry / cache.STORE).is_dir()


def test_no_cache_writes_nothing(cache_dir: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSYGRAPH_NO_CACHE", "1")
    kg = psygraph.load([data_file])
    resolve.name_index(kg)
    assert label(kg) == "First version"
    assert not cache_dir.exists()


def test_small_inputs_are_parsed_in_memory(
    cache_dir: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSYGRAPH_CACHE_MIN_BYTES", str(10**9))
    kg = psygraph.load([data_file])
    assert label(kg) == "First version"
    assert entries(cache_dir) == []
    assert cache.stats["memory"] == 1


@pytest.mark.shipped_data
def test_the_shipped_graph_alone_is_kept_as_a_store(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PSYGRAPH_CACHE_MIN_BYTES")
    first = psygraph.load()
    again = psygraph.load()
    assert cache.stats["build"] == 1
    assert cache.stats["hit"] == 2  # the first load opens what it built; the second reuses it
    assert len(again) == len(first)


def test_a_second_load_reuses_the_store(cache_dir: Path, data_file: Path) -> None:
    first = psygraph.load([data_file])
    (entry,) = entries(cache_dir)
    built = (entry / cache.MANIFEST).stat().st_mtime_ns
    second = psygraph.load([data_file])
    assert entries(cache_dir) == [entry]
    assert (entry / cache.MANIFEST).stat().st_mtime_ns == built
    assert cache.stats["build"] == 1
    assert cache.stats["hit"] == 2
    assert len(second) == len(first)


def test_a_changed_input_is_seen_and_gets_its_own_entry(cache_dir: Path, data_file: Path) -> None:
    assert label(psygraph.load([data_file])) == "First version"
    data_file.write_text(
        data_file.read_text(encoding="utf-8").replace("First version", "Second version"), encoding="utf-8"
    )
    assert label(psygraph.load([data_file])) == "Second version"
    assert len(entries(cache_dir)) == 2
    assert cache.stats["build"] == 2


def test_the_key_covers_content_order_and_place(cache_dir: Path, write_ttl: Callable[..., Path]) -> None:
    a = write_ttl('id:a skos:prefLabel "A"@en .', name="a.ttl")
    b = write_ttl('id:b skos:prefLabel "B"@en .', name="b.ttl")
    for files in ([a, b], [b, a], [a], [a, b]):
        psygraph.load(files)
    assert len(entries(cache_dir)) == 3


def test_a_stale_entry_of_another_format_version_is_not_used(
    cache_dir: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    psygraph.load([data_file])
    monkeypatch.setattr(cache_store, "FORMAT_VERSION", cache.FORMAT_VERSION + 1)
    psygraph.load([data_file])
    assert cache.stats["build"] == 2


@pytest.mark.parametrize(
    "damage",
    [
        "garbage manifest",
        "no manifest",
        "wrong count",
        "other key",
        "garbage store",
        "empty store",
        "overwritten block",
    ],
)
def test_a_corrupt_entry_is_rebuilt_and_answers_correctly(
    cache_dir: Path, data_file: Path, damage: str
) -> None:
    expected = len(psygraph.load([data_file]))
    (entry,) = entries(cache_dir)
    _damage(entry, damage)
    kg = psygraph.load([data_file])
    assert label(kg) == "First version"
    assert len(kg) == expected
    assert cache.stats["corrupt"] == 1
    assert cache.stats["build"] == 2
    (rebuilt,) = entries(cache_dir)
    assert json.loads((rebuilt / cache.MANIFEST).read_text(encoding="utf-8"))["triples"] == expected


def test_a_builder_that_loses_the_race_uses_the_winners_entry(
    cache_dir: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psygraph.loader import fill

    kg = psygraph.load([data_file])
    (entry,) = entries(cache_dir)
    sources = _sources(data_file, monkeypatch)
    cache_store._build(
        entry, cache.cache_key(sources), lambda store: fill(store, sources), sources
    )  # too late
    assert cache.stats["lost-race"] == 1
    assert entries(cache_dir) == [entry]
    assert [p.name for p in (cache_dir / cache.STORES).iterdir()] == [entry.name]  # its build folder is gone
    assert len(psygraph.load([data_file])) == len(kg)


@pytest.mark.shipped_data
def test_concurrent_processes_share_one_cold_cache(cache_dir: Path, data_file: Path) -> None:
    code = f"import psygraph; print(len(psygraph.load([{str(data_file)!r}])))"
    env = dict(os.environ)  # carries PSYGRAPH_CACHE_DIR and PSYGRAPH_CACHE_MIN_BYTES
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(6)
    ]
    results = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * len(workers), [r[1] for r in results]
    counts = {out.decode().strip() for out, _ in results}
    assert len(counts) == 1
    assert counts == {str(len(psygraph.load([data_file])))}
    (entry,) = entries(cache_dir)
    assert sorted(p.name for p in (cache_dir / cache.STORES).iterdir()) == [entry.name]


def test_issue_10_the_first_load_builds_the_store_in_the_foreground_with_progress(
    cache_dir: Path, data_file: Path
) -> None:
    seen: list[tuple[int, int]] = []
    first = psygraph.load([data_file], progress=lambda done, total: seen.append((done, total)))
    assert label(first) == "First version"
    assert cache.stats["build"] == 1
    done, total = seen[-1]
    assert done == total >= data_file.stat().st_size
    (entry,) = entries(cache_dir)
    assert not [p for p in (cache_dir / cache.STORES).iterdir() if p.name.startswith(".build-")]
    cache.stats.clear()
    kg = psygraph.load([data_file])
    assert cache.stats["hit"] == 1
    assert resolve.name_index(kg).label(ID + "cached-thing") == "First version"


def test_issue_17_pruning_leaves_what_psygraph_did_not_make(
    cache_dir: Path, write_ttl: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_store, "PRUNE_IDLE", 0.0)
    psygraph.load([write_ttl('id:first skos:prefLabel "First"@en .', name="first.ttl")])
    unrelated = [
        cache_dir / cache.STORES / "holiday-photos",
        cache_dir / cache.DERIVED / "thesis",
        cache_dir / "x",
    ]
    for folder in unrelated:
        folder.mkdir(parents=True)
        (folder / "keep.txt").write_text("mine", encoding="utf-8")
        os.utime(folder, (0, 0))  # as old as can be
    for n in range(cache.KEEP + 2):
        psygraph.load([write_ttl(f'id:thing-{n} skos:prefLabel "Thing {n}"@en .', name=f"f{n}.ttl")])
    assert len(entries(cache_dir)) == cache.KEEP + 1  # psygraph's own entries, plus the unrelated folder
    assert all((folder / "keep.txt").read_text(encoding="utf-8") == "mine" for folder in unrelated)


def test_an_unusable_cache_folder_falls_back_to_memory(
    tmp_path: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PSYGRAPH_CACHE_DIR", str(blocker))
    monkeypatch.setenv("PSYGRAPH_CACHE_MIN_BYTES", "0")
    cache.stats.clear()
    assert label(psygraph.load([data_file])) == "First version"
    assert cache.stats["fallback"] == 1


def test_old_entries_are_pruned(
    cache_dir: Path, write_ttl: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_store, "PRUNE_IDLE", 0.0)
    for n in range(cache.KEEP + 3):
        psygraph.load([write_ttl(f'id:thing-{n} skos:prefLabel "Thing {n}"@en .', name=f"f{n}.ttl")])
    assert len(entries(cache_dir)) == cache.KEEP


def test_recently_used_entries_survive_pruning(
    cache_dir: Path, write_ttl: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    keep = write_ttl('id:kept skos:prefLabel "Kept"@en .', name="kept.ttl")
    psygraph.load([keep])
    (kept,) = entries(cache_dir)
    for n in range(cache.KEEP + 2):
        psygraph.load([write_ttl(f'id:thing-{n} skos:prefLabel "Thing {n}"@en .', name=f"f{n}.ttl")])
    assert kept in entries(cache_dir)  # in use less than PRUNE_IDLE seconds ago


def _index_file(cache_dir: Path, name: str = "index") -> Path:
    """The one kept database *name* (the name index, or the schema's rows)."""
    (folder,) = entries(cache_dir, cache.DERIVED)
    (path,) = folder.glob(f"{name}-*.sqlite")
    return path


def _answers(kg: psygraph.KnowledgeGraph) -> tuple[str, list[dict[str, Any]], str | None]:
    """What the index answers: a resolved name, a search, a label."""
    return (
        resolve.resolve(kg, "first version"),
        psygraph.search(kg, "first versoin"),
        resolve.name_index(kg).label(ID + "cached-thing"),
    )


def test_recently_used_derived_data_survives_other_inputs(
    cache_dir: Path, data_file: Path, write_ttl: Callable[..., Path]
) -> None:
    _answers(psygraph.load([data_file]))
    (kept,) = entries(cache_dir, cache.DERIVED)
    for n in range(cache.KEEP + 2):
        other = write_ttl(f'id:thing-{n} skos:prefLabel "Thing {n}"@en .', name=f"f{n}.ttl")
        assert len(psygraph.load([other]).names) > 0  # builds the other input's derived data
    assert kept in entries(cache_dir, cache.DERIVED)  # used less than PRUNE_IDLE seconds ago
    cache.stats.clear()
    _answers(psygraph.load([data_file]))
    assert cache.stats["memo-build"] == 0  # read back, not built again


def test_derived_data_is_kept_and_reused(cache_dir: Path, data_file: Path) -> None:
    first = _answers(psygraph.load([data_file]))
    built = cache.stats["memo-build"]
    assert built == 3  # the name index, the search index and the schema's rows
    again = _answers(psygraph.load([data_file]))
    assert cache.stats["memo-hit"] == built
    assert cache.stats["memo-build"] == built
    assert again == first
    assert first[0] == ID + "cached-thing"
    assert first[1][0]["match"] == "similar spelling"
    assert first[2] == "First version"


def test_derived_data_without_a_cache_is_built_in_memory(
    cache_dir: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSYGRAPH_NO_CACHE", "1")
    assert _answers(psygraph.load([data_file]))[0] == ID + "cached-thing"
    assert cache.stats["memo-build"] == 3
    assert not entries(cache_dir, cache.DERIVED)


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"not sqlite at all")


def _pages_overwritten(path: Path) -> None:
    """Every page but the first (the header and the list of tables) overwritten with noise."""
    data = bytearray(path.read_bytes())
    data[4096:] = random.Random(17).randbytes(len(data) - 4096)
    path.write_bytes(bytes(data))


def _run_sql(path: Path, script: str) -> None:
    """Change the kept database *path* with the SQL *script*, its check constraints off, as damage
    from outside psygraph would."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.executescript(script)
    connection.close()


def _labels_of_another_type(path: Path) -> None:
    """The entities table replaced by one of the same columns whose labels are numbers."""
    _run_sql(
        path,
        """
        ALTER TABLE entities RENAME TO kept;
        CREATE TABLE entities (id INTEGER PRIMARY KEY, iri, label, surname);
        INSERT INTO entities SELECT id, iri, 7, surname FROM kept;
        DROP TABLE kept;
        """,
    )


def _names_without_a_preferred_label(path: Path) -> None:
    """Every preferred label marked a synonym: values of the right types, but not what the reader expects."""
    _run_sql(path, "UPDATE names SET kind = 'alt' WHERE kind = 'pref'")


@pytest.mark.parametrize(
    "damage",
    [_not_sqlite, _pages_overwritten, _labels_of_another_type, _names_without_a_preferred_label],
)
def test_issue_17_a_damaged_index_is_rebuilt_once_and_answers_correctly(
    cache_dir: Path, data_file: Path, damage: Callable[[Path], None]
) -> None:
    expected = _answers(psygraph.load([data_file]))
    built = cache.stats["memo-build"]
    damage(_index_file(cache_dir))
    assert _answers(psygraph.load([data_file])) == expected
    assert cache.stats["memo-build"] == built + 1
    assert _answers(psygraph.load([data_file])) == expected  # the rebuilt file replaced the damaged one
    assert cache.stats["memo-build"] == built + 1


def _links_of_another_type(path: Path) -> None:
    """The search index's details replaced by a table of the same columns whose link counts are text."""
    _run_sql(
        path,
        """
        ALTER TABLE details RENAME TO kept;
        CREATE TABLE details (id INTEGER PRIMARY KEY, iri, links, definition);
        INSERT INTO details SELECT id, iri, 'many', definition FROM kept;
        DROP TABLE kept;
        """,
    )


@pytest.mark.parametrize("damage", [_not_sqlite, _pages_overwritten, _links_of_another_type])
def test_issue_10_a_damaged_search_index_is_rebuilt_and_answers_correctly(
    cache_dir: Path, data_file: Path, damage: Callable[[Path], None]
) -> None:
    expected = _answers(psygraph.load([data_file]))
    damage(_index_file(cache_dir, "search"))
    assert _answers(psygraph.load([data_file])) == expected
    built = cache.stats["memo-build"]
    assert _answers(psygraph.load([data_file])) == expected  # the rebuilt file replaced the damaged one
    assert cache.stats["memo-build"] == built


def test_issue_10_a_name_lookup_builds_no_search_index(cache_dir: Path, data_file: Path) -> None:
    """The first ``show`` of a new file pays for the names only; the search tables wait for a search."""
    kg = psygraph.load([data_file])
    assert resolve.resolve(kg, "first version") == ID + "cached-thing"
    (folder,) = entries(cache_dir, cache.DERIVED)
    assert list(folder.glob("index-*.sqlite"))
    assert not list(folder.glob("search-*.sqlite"))
    assert psygraph.search(kg, "first versoin")[0]["id"] == "id:cached-thing"
    assert list(folder.glob("search-*.sqlite"))


def _same_projection(graph: Any, built: Any) -> None:
    """*graph* holds *built*'s nodes and edges, with their attributes, added in the same order."""
    assert [(n, list(a.items())) for n, a in graph.nodes(data=True)] == [
        (n, list(a.items())) for n, a in built.nodes(data=True)
    ]
    assert list(graph.edges(keys=True, data=True)) == list(built.edges(keys=True, data=True))
    assert [list(graph.in_edges(n, keys=True)) for n in graph] == [
        list(built.in_edges(n, keys=True)) for n in built
    ]


@pytest.mark.shipped_data
def test_the_projection_is_kept_and_read_back_as_it_was_built(cache_dir: Path, data_file: Path) -> None:
    """Whole-graph commands read the projection back from the cache, in the order it was built, so
    rank ties, layouts and exports come out the same."""
    built = build(psygraph.load([data_file]))[0]
    assert built.number_of_edges() > 1000  # the shipped data: orders that could differ do
    _same_projection(psygraph.load([data_file]).nx, built)
    cache.stats.clear()
    _same_projection(psygraph.load([data_file]).nx, built)
    assert cache.stats["memo-build"] == 0


def _edge_to_nowhere(path: Path) -> None:
    """The first edge kept as ending at a node the projection does not hold."""
    _run_sql(path, "UPDATE edges SET o = 'https://example.org/nowhere' WHERE rowid = 1")


def _years_as_text(path: Path) -> None:
    """The nodes table replaced by one of the same columns whose years are text."""
    _run_sql(
        path,
        """
        ALTER TABLE nodes RENAME TO kept;
        CREATE TABLE nodes (iri, label, type, definition, year, birth_year, death_year);
        INSERT INTO nodes
            SELECT iri, label, type, definition, 'long ago', birth_year, death_year FROM kept;
        DROP TABLE kept;
        """,
    )


@pytest.mark.parametrize("damage", [_not_sqlite, _pages_overwritten, _edge_to_nowhere, _years_as_text])
def test_a_damaged_projection_is_built_again(
    cache_dir: Path, data_file: Path, damage: Callable[[Path], None]
) -> None:
    built = build(psygraph.load([data_file]))[0]
    assert built.number_of_edges() > 0
    assert psygraph.load([data_file]).nx.number_of_edges() == built.number_of_edges()
    damage(_index_file(cache_dir, NAME))
    cache.stats.clear()
    _same_projection(psygraph.load([data_file]).nx, built)
    assert cache.stats["memo-build"] == 1
    _same_projection(psygraph.load([data_file]).nx, built)  # the rebuilt file replaced the damaged one
    assert cache.stats["memo-build"] == 1


def test_a_pages_layout_is_kept_and_draws_the_same_page(
    cache_dir: Path, data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The explorer keeps each view's layout with the inputs' derived data: drawing it again skips
    the force layout, and a kept, a damaged-and-rebuilt or an uncached layout give the same page."""
    first = write_explorer(psygraph.load([data_file]), tmp_path / "first.html").read_bytes()
    (layout,) = entries(cache_dir, cache.DERIVED)[0].glob("layout-*.sqlite")
    cache.stats.clear()
    assert write_explorer(psygraph.load([data_file]), tmp_path / "kept.html").read_bytes() == first
    assert cache.stats["memo-build"] == 0
    _run_sql(layout, "DELETE FROM placed WHERE rowid = 1")
    assert write_explorer(psygraph.load([data_file]), tmp_path / "rebuilt.html").read_bytes() == first
    assert cache.stats["memo-build"] == 1
    monkeypatch.setenv("PSYGRAPH_NO_CACHE", "1")
    assert write_explorer(psygraph.load([data_file]), tmp_path / "memory.html").read_bytes() == first


def _rows_not_json(path: Path) -> None:
    _run_sql(path, "UPDATE rows SET row = 'not json'")


def _rows_missing_a_column(path: Path) -> None:
    _run_sql(path, """UPDATE rows SET row = '{"class": "x"}'""")


@pytest.mark.parametrize("damage", [_not_sqlite, _rows_not_json, _rows_missing_a_column])
def test_issue_10_damaged_schema_rows_are_read_again_from_the_store(
    cache_dir: Path, data_file: Path, damage: Callable[[Path], None]
) -> None:
    expected = psygraph.load([data_file]).schema
    damage(_index_file(cache_dir, "schema"))
    assert psygraph.load([data_file]).schema == expected
    assert psygraph.load([data_file]).schema.type_label(expected.resolve_type("theorist")[0]) == "theorist"


def test_issue_17_a_damaged_index_never_ends_in_a_traceback(
    cache_dir: Path, data_file: Path, write_ttl: Callable[..., Path]
) -> None:
    psygraph.load([data_file]).names.label(ID + "cached-thing")
    _pages_overwritten(_index_file(cache_dir))
    result = CliRunner().invoke(cli, ["--data", str(data_file), "search", "first versoin"])
    assert result.exit_code == 0, result.output
    assert "id:cached-thing" in result.output
    assert "Traceback" not in result.output


def test_kept_inferences_are_read_back_not_reasoned_again(
    cache_dir: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psygraph import infer

    calls: list[int] = []
    reason = infer.owl_rl

    def counted(stated: Any) -> Any:
        calls.append(1)
        return reason(stated)

    monkeypatch.setattr(infer, "owl_rl", counted)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{infer.INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"
    first = infer.with_inferences(psygraph.load([data_file])).select(query)[0]["n"]
    assert infer.with_inferences(psygraph.load([data_file])).select(query)[0]["n"] == first > 0
    assert len(calls) == 1


def test_an_edit_of_labels_only_reuses_the_kept_owl_rl_run(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import owlrl
    import rdflib

    from psygraph import infer

    runs: list[int] = []
    expand = owlrl.DeductiveClosure.expand

    def counted(self: Any, graph: rdflib.Graph) -> None:
        runs.append(1)
        expand(self, graph)

    monkeypatch.setattr(owlrl.DeductiveClosure, "expand", counted)
    ontology = psygraph.load().to_rdflib("ontology")
    worker, school = rdflib.URIRef(ID + "test-owl-rl-worker"), rdflib.URIRef(ID + "test-owl-rl-school")
    psy = rdflib.Namespace("https://w3id.org/psygraph/ontology#")

    def graph(name: str) -> rdflib.Graph:
        stated = ontology + rdflib.Graph()
        stated.add((worker, psy.memberOf, school))
        stated.add(
            (worker, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), rdflib.Literal(name))
        )
        return stated

    first = infer.owl_rl(graph("A worker"))
    renamed = infer.owl_rl(graph("Another name"))
    assert len(runs) == 1  # the relabelled graph reasons over the same triples
    assert renamed == first
    assert (school, psy.hasMember, worker) in first.new


def _sources(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> list[cache.Source]:
    """The sources psygraph.load hands to the cache for [data_file]."""
    captured: list[list[cache.Source]] = []
    real = sys.modules["psygraph.loader"].open_store

    def spy(sources: list[cache.Source], fill: cache.Filler, progress: cache.Progress | None) -> cache.Opened:
        captured.append(list(sources))
        return real(sources, fill, progress)

    with monkeypatch.context() as patch:
        patch.setattr(sys.modules["psygraph.loader"], "open_store", spy)
        psygraph.load([data_file])
    return captured[0]


def _damage(entry: Path, how: str) -> None:
    manifest_path = entry / cache.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if how == "garbage manifest":
        manifest_path.write_bytes(b"\x00\xffnot json")
    elif how == "no manifest":
        manifest_path.unlink()
    elif how == "wrong count":
        manifest["triples"] += 1
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    elif how == "other key":
        manifest["key"] = "0" * 64
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    elif how == "garbage store":
        for path in (entry / cache.STORE).iterdir():
            path.write_bytes(os.urandom(64))
    elif how == "empty store":
        for path in (entry / cache.STORE).iterdir():
            path.unlink()
    elif how == "overwritten block":  # bytes of a data file overwritten in place: same size
        data_file = next((entry / cache.STORE).glob("*.sst"))
        with open(data_file, "r+b") as handle:
            handle.seek(data_file.stat().st_size // 2)
            handle.write(os.urandom(16))


def test_issue_10_reverse_links_and_inferences_of_a_cached_store(cache_dir: Path, data_file: Path) -> None:
    kg = psygraph.load([data_file])
    assert kg.cached
    reverse = "ASK { id:melanie-klein psy:influenced id:donald-winnicott }"
    assert kg.ask(reverse, inverses=True)
    inferred = psygraph.with_inferences(kg)
    assert inferred.cached
    assert inferred.ask(reverse, inverses=True)
    assert inferred.ask("ASK { id:sigmund-freud a psy:Entity }")
    built = cache.stats["build"]
    again = psygraph.with_inferences(psygraph.load([data_file]))
    assert again.ask("ASK { id:sigmund-freud a psy:Entity }")
    assert again.ask(reverse, inverses=True)
    assert cache.stats["build"] == built  # the next run opens what the first one kept


@pytest.fixture
def written_in_a_thread(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Inputs of any size count as big: their store is written by a thread while they load in memory."""
    monkeypatch.setattr(cache_store, "PARALLEL_FROM_BYTES", 0)
    return cache_dir


def test_issue_10_a_new_big_input_answers_from_memory_while_its_store_is_written(
    written_in_a_thread: Path, data_file: Path
) -> None:
    kg = psygraph.load([data_file])
    assert kg.building is not None
    assert not kg.cached
    assert resolve.resolve(kg, "first version") == ID + "cached-thing"
    heard: list[tuple[int, int]] = []
    kg.settle(lambda done, total: heard.append((done, total)))
    assert kg.building is None
    assert heard[-1][0] == heard[-1][1] > 0
    assert len(entries(written_in_a_thread)) == 1
    assert cache.stats["build"] == 1
    again = psygraph.load([data_file])
    assert again.cached
    assert again.building is None
    assert cache.stats["hit"] == 1
    assert label(again) == "First version"


def test_issue_10_the_command_ends_once_the_store_is_kept(written_in_a_thread: Path, data_file: Path) -> None:
    result = CliRunner().invoke(cli, ["--data", str(data_file), "show", "first version"])
    assert result.exit_code == 0, result.output
    assert "First version" in result.output
    assert len(entries(written_in_a_thread)) == 1
    assert cache.stats["build"] == 1
    missing = CliRunner().invoke(cli, ["--data", str(data_file), "show", "no such thing"])
    assert missing.exit_code == 1
    assert "Traceback" not in missing.output


def test_issue_10_a_bad_big_input_fails_once_and_leaves_nothing_running(
    written_in_a_thread: Path, write_ttl: Callable[..., Path]
) -> None:
    bad = write_ttl("id:a skos:prefLabel", name="bad.ttl")
    result = CliRunner().invoke(cli, ["--data", str(bad), "show", "a"])
    assert result.exit_code == 2
    assert "is not valid RDF" in result.output
    assert "Traceback" not in result.output
    assert [t.name for t in threading.enumerate() if t.name == "psygraph-store"] == []
    assert entries(written_in_a_thread) == []
    stores = written_in_a_thread / cache.STORES
    assert not list(stores.glob(".build-*"))  # the thread gave up and removed its folder


def test_issue_10_with_infer_the_command_also_waits_for_the_store(
    written_in_a_thread: Path, data_file: Path
) -> None:
    result = CliRunner().invoke(cli, ["--infer", "--data", str(data_file), "show", "first version"])
    assert result.exit_code == 0, result.output
    assert not [t for t in threading.enumerate() if t.name == "psygraph-store"]
    assert len(entries(written_in_a_thread)) == 1


@pytest.fixture
def held_store_thread(written_in_a_thread: Path, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The thread writing a store waits, before it reads anything, until the returned event is set."""
    from psygraph import loader

    release = threading.Event()
    fill = loader.fill

    def held(store: Any, sources: Any, progress: Any = None) -> None:
        if threading.current_thread().name == "psygraph-store":
            release.wait(30)
        fill(store, sources, progress)

    monkeypatch.setattr(loader, "fill", held)
    return release


def test_issue_10_an_abandoned_store_is_not_kept(
    written_in_a_thread: Path, held_store_thread: threading.Event, data_file: Path
) -> None:
    kg = psygraph.load([data_file])
    assert kg.building is not None
    threading.Timer(0.2, held_store_thread.set).start()  # the thread reads on while abandoned
    kg.abandon()
    assert kg.building is None
    assert not [t for t in threading.enumerate() if t.name == "psygraph-store"]
    assert entries(written_in_a_thread) == []
    assert not list((written_in_a_thread / cache.STORES).glob(".build-*"))
    assert label(kg) == "First version"  # the graph in memory still answers
    again = psygraph.load([data_file])
    assert again.building is not None  # nothing was kept: the next run writes the store
    again.settle()
    assert len(entries(written_in_a_thread)) == 1


def test_issue_10_ctrl_c_stops_writing_the_store_and_exits_130(
    written_in_a_thread: Path,
    held_store_thread: threading.Event,
    data_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from psygraph import entity

    def interrupted(*_args: Any, **_kwargs: Any) -> None:
        threading.Timer(0.2, held_store_thread.set).start()
        raise KeyboardInterrupt

    monkeypatch.setattr(entity, "describe", interrupted)
    result = CliRunner().invoke(cli, ["--data", str(data_file), "show", "first version"])
    assert result.exit_code == 130
    assert "interrupted" in result.output
    assert "Traceback" not in result.output
    assert not [t for t in threading.enumerate() if t.name == "psygraph-store"]
    assert entries(written_in_a_thread) == []
    assert not list((written_in_a_thread / cache.STORES).glob(".build-*"))


def test_a_file_changed_while_it_is_read_keeps_nothing_under_its_old_key(
    cache_dir: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psygraph import loader

    fill = loader.fill

    def changed_meanwhile(store: Any, sources: Any, progress: Any = None) -> None:
        with data_file.open("a", encoding="utf-8") as handle:
            handle.write('id:late a psy:Concept ; skos:prefLabel "Late"@en .\n')
        os.utime(data_file, ns=(time.time_ns(), data_file.stat().st_mtime_ns + 1_000_000_000))
        fill(store, sources, progress)

    monkeypatch.setenv("PSYGRAPH_CACHE_MIN_BYTES", str(10**9))  # parsed into memory, no store
    monkeypatch.setattr(loader, "fill", changed_meanwhile)
    changed = psygraph.load([data_file])
    assert changed.cache_key is None  # nothing derived from it is kept
    monkeypatch.setattr(loader, "fill", fill)
    assert psygraph.load([data_file]).cache_key is not None  # unchanged now: kept again


def test_issue_10_index_builds_report_their_progress(cache_dir: Path, data_file: Path) -> None:
    heard: dict[str, list[tuple[int, int]]] = {}

    def progress(label: str) -> Callable[[int, int], None]:
        return lambda done, total: heard.setdefault(label, []).append((done, total))

    kg = psygraph.load([data_file])
    kg.progress = progress
    assert psygraph.search(kg, "first versoin")[0]["id"] == "id:cached-thing"
    assert set(heard) == {"indexing names", "indexing for search"}
    for steps in heard.values():
        assert steps[-1][0] == steps[-1][1] > 0
        assert [done for done, _ in steps] == sorted(done for done, _ in steps)
