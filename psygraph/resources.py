"""Where the shipped ontology and data are, for an installed wheel and for a source checkout alike.

A wheel carries them under ``psygraph/_bundled/`` (see ``[tool.hatch.build]`` in pyproject.toml),
beside the package's modules. An editable install from a clone has no bundle, so the top-level
``ontology/`` and ``data/`` folders of the checkout stand in for it. (pip installs a wheel as plain
files, so a path beside this module finds the bundle without :mod:`importlib.resources`, whose
import costs every command about 18 ms.)
"""

from __future__ import annotations

from pathlib import Path

_BUNDLE = "_bundled"


def _root() -> Path:
    package = Path(__file__).resolve().parent
    bundled = package / _BUNDLE
    if bundled.is_dir():
        return bundled
    return package.parent


def ontology_files() -> list[Path]:
    """The schema and shape files in ``ontology/``, sorted by name (shapes included)."""
    folder = _root() / "ontology"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name)


def schema_files() -> list[Path]:
    """The OWL schema files only: every ontology file except the SHACL shapes."""
    return [f for f in ontology_files() if f.name != SHAPES_FILE]


def shapes_file() -> Path:
    """The SHACL shapes that state the rules of the data."""
    return _root() / "ontology" / SHAPES_FILE


def data_file() -> Path:
    """The shipped facts, ``data/concepts.ttl``."""
    return _root() / "data" / "concepts.ttl"


SHAPES_FILE = "shapes.ttl"
