"""Where the shipped ontology and data are, for an installed wheel and for a source checkout alike.

A wheel carries them under ``psygraph/_bundled/`` (see ``[tool.hatch.build]`` in pyproject.toml),
found through :mod:`importlib.resources`. An editable install from a clone has no bundle, so the
top-level ``ontology/`` and ``data/`` folders of the checkout stand in for it.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

_BUNDLE = "_bundled"


def _root() -> Traversable:
    bundled = files("psygraph") / _BUNDLE
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent


def ontology_files() -> list[Traversable]:
    """The schema and shape files in ``ontology/``, sorted by name (shapes included)."""
    folder = _root() / "ontology"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name)


def schema_files() -> list[Traversable]:
    """The OWL schema files only: every ontology file except the SHACL shapes."""
    return [f for f in ontology_files() if f.name != SHAPES_FILE]


def shapes_file() -> Traversable:
    """The SHACL shapes that state the rules of the data."""
    return _root() / "ontology" / SHAPES_FILE


def data_file() -> Traversable:
    """The shipped facts, ``data/concepts.ttl``."""
    return _root() / "data" / "concepts.ttl"


SHAPES_FILE = "shapes.ttl"
