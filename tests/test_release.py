"""What a release carries: CITATION.cff agrees with the dataset's description, and the CHANGELOG
lists the data changes."""

from __future__ import annotations

import re
from pathlib import Path

import psygraph
from psygraph.dataset import description

ROOT = Path(__file__).resolve().parent.parent
CITATION = ROOT / "CITATION.cff"
CHANGELOG = ROOT / "CHANGELOG.md"


def _field(text: str, name: str) -> str:
    found = re.search(rf'^{name}: "?([^"\n]+)"?$', text, re.MULTILINE)
    assert found, f"CITATION.cff has no {name}"
    return found.group(1)


def test_citation_agrees_with_the_dataset_description(kg: psygraph.KnowledgeGraph) -> None:
    text = CITATION.read_text(encoding="utf-8")
    about = description(kg)
    assert _field(text, "cff-version") == "1.2.0"
    assert _field(text, "type") == "dataset"
    assert _field(text, "title") == about["title"]
    assert _field(text, "version") == about["version"] == psygraph.__version__
    assert about["version_iri"] in text
    for creator in about["creators"]:
        assert f'- name: "{creator}"' in text
    assert "CC-BY-4.0" in text
    assert about["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_changelog_lists_the_data_changes_of_each_release() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    releases = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    assert releases
    unreleased = releases[0]
    assert unreleased.startswith("[Unreleased]")
    assert re.search(r"^### Data$", unreleased, re.MULTILINE), "the unreleased section lists no data changes"
