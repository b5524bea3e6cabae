"""psygraph: a knowledge graph of psychodynamic psychotherapy.

The public API: :func:`load` the graph, ask it questions, project it to networkx,
validate it, export it, and draw it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from psygraph.errors import (
    DataValidationError,
    InputError,
    NoResultsError,
    PsygraphError,
    QueryError,
    UnknownEntityError,
)
from psygraph.graph import KnowledgeGraph
from psygraph.load import load

try:
    __version__ = version("psygraph")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

__all__ = [
    "DataValidationError",
    "InputError",
    "KnowledgeGraph",
    "NoResultsError",
    "PsygraphError",
    "QueryError",
    "UnknownEntityError",
    "__version__",
    "load",
]
