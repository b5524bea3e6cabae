"""``psygraph diff OLD NEW``: entities and statements added, removed and changed, as a table and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from psygraph.cli import main
from psygraph.diff import WHOLE_ENTITY, diff_files

OLD = """
id:diff-a a psy:Theorist ; skos:prefLabel "Alpha"@en ; psy:birthYear 1900 ; psy:influencedBy id:diff-b .
id:diff-b a psy:Theorist ; skos:prefLabel "Beta"@en .
id:diff-c a psy:Theorist ; skos:prefLabel "Gamma"@en ; skos:note [ skos:prefLabel "x" ] .
"""
NEW = """
id:diff-a a psy:Theorist ; skos:prefLabel "Alpha"@en ; psy:birthYear 1901 ; skos:altLabel "A." .
id:diff-c a psy:Theorist ; skos:prefLabel "Gamma"@en ; skos:note [ skos:prefLabel "x" ] .
id:diff-d a psy:Theorist ; skos:prefLabel "Delta"@en .
"""


@pytest.fixture
def files(write_ttl: Callable[..., Path]) -> tuple[Path, Path]:
    return write_ttl(OLD, "old.ttl"), write_ttl(NEW, "new.ttl")


def test_lists_entities_and_statements_added_removed_and_changed(files: tuple[Path, Path]) -> None:
    found = diff_files(*files)
    rows = {(r["change"], r["entity"], r["property"], r["old"], r["new"]) for r in found.rows}
    assert rows == {
        ("added", "Delta", WHOLE_ENTITY, "", ""),
        ("removed", "Beta", WHOLE_ENTITY, "", ""),
        ("changed", "Alpha", "psy:birthYear", "1900", "1901"),
        ("removed", "Alpha", "psy:influencedBy", "id:diff-b", ""),
        ("added", "Alpha", "skos:altLabel", "", "A."),
    }
    assert found.counts["entities changed"] == 1  # Gamma's blank node is the same node in both


def test_cli_table_json_and_summary(files: tuple[Path, Path]) -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["diff", *map(str, files)])
    assert table.exit_code == 0
    assert "psy:birthYear" in table.stdout
    assert "1 entity added, 1 removed, 1 changed" in table.stderr
    as_json = runner.invoke(main, ["diff", "--json", *map(str, files)])
    assert as_json.exit_code == 0
    rows = json.loads(as_json.stdout)
    assert {
        "change": "changed",
        "entity": "Alpha",
        "property": "psy:birthYear",
        "old": "1900",
        "new": "1901",
        "id": "id:diff-a",
    } in rows


def test_same_triples_exit_1(files: tuple[Path, Path], tmp_path: Path) -> None:
    same = tmp_path / "same.nt"
    import pyoxigraph as ox

    from psygraph.diff import read_triples

    same.write_bytes(ox.serialize(read_triples(files[0]), format=ox.RdfFormat.N_TRIPLES) or b"")
    result = CliRunner().invoke(main, ["diff", str(files[0]), str(same)])
    assert result.exit_code == 1
    assert "the two files hold the same triples" in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.ttl", None, "no such file"),
        ("broken.ttl", "id:x a", "is not valid RDF"),
        ("notes.txt", "hello", "cannot tell the RDF format"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    files: tuple[Path, Path], tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = CliRunner().invoke(main, ["diff", str(files[0]), str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
