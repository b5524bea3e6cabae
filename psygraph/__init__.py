"""psygraph: a knowledge graph of psychodynamic psychotherapy.

The public API: :func:`load` the graph, ask it questions (:func:`describe`, :func:`search`,
:func:`neighbours`, :func:`paths`, :func:`lineage`, :func:`defences`, :func:`treatments`,
:func:`evidence_chain`, :func:`concepts`, :func:`rank`, :func:`communities`, :func:`stats`,
:func:`compare`, :func:`timeline`, :func:`reading_list`, :func:`tree`, :func:`schema_terms`; names are
resolved by :mod:`psygraph.resolve`, SPARQL runs through :mod:`psygraph.sparql`), project it to networkx,
validate it, export it, and draw it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psygraph.errors import (
    DataValidationError,
    InputError,
    NoResultsError,
    PsygraphError,
    QueryError,
    UnknownEntityError,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from psygraph.api import (
        Entity,
        PathResult,
        communities,
        concepts,
        data_version,
        defences,
        describe,
        evidence_chain,
        lineage,
        neighbours,
        paths,
        rank,
        search,
        stats,
        treatments,
    )
    from psygraph.cache import Progress
    from psygraph.graph import KnowledgeGraph
    from psygraph.infer import with_inferences
    from psygraph.project import project
    from psygraph.questions import Comparison, Tree, compare, reading_list, schema_terms, timeline, tree
    from psygraph.viz import render_html, subgraph


def load(
    data_files: Sequence[str | Path] | str | Path = (), *, progress: Progress | None = None
) -> KnowledgeGraph:
    """Load the shipped ontology and data plus *data_files* into one :class:`KnowledgeGraph`
    (see :func:`psygraph.loader.load`, which this calls).

    Defined here rather than imported, so that ``import psygraph`` stays light: the loader, the
    store and the cache are imported when a graph is first loaded.
    """
    from psygraph.loader import load as load_files

    return load_files(data_files, progress=progress)


#: Public names loaded on first use, so that a command imports only what it needs (``psygraph
#: show`` never imports networkx or rdflib). (export() and validate() stay in their modules,
#: psygraph.export and psygraph.validate: a function of the same name here would hide its module
#: from ``monkeypatch`` and ``import psygraph.export``.)
_API = (
    "Entity PathResult communities concepts data_version defences describe evidence_chain lineage neighbours "
    "paths "
    "rank search stats treatments"
)
_QUESTIONS = "Comparison Tree compare reading_list schema_terms timeline tree"
_LAZY = {
    **dict.fromkeys(_API.split(), "psygraph.api"),
    **dict.fromkeys(_QUESTIONS.split(), "psygraph.questions"),
    "KnowledgeGraph": "psygraph.graph",
    "with_inferences": "psygraph.infer",
    "project": "psygraph.project",
    "subgraph": "psygraph.viz",
    "render_html": "psygraph.viz",
}


def __getattr__(name: str) -> object:
    if name == "__version__":  # read on first use: importlib.metadata is slow to import
        from importlib.metadata import version

        return version("psygraph")
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    msg = f"module 'psygraph' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "DataValidationError",
    "Entity",
    "InputError",
    "KnowledgeGraph",
    "NoResultsError",
    "Comparison",
    "PathResult",
    "PsygraphError",
    "QueryError",
    "UnknownEntityError",
    "__version__",
    "communities",
    "compare",
    "concepts",
    "data_version",
    "defences",
    "describe",
    "evidence_chain",
    "lineage",
    "load",
    "neighbours",
    "paths",
    "project",
    "rank",
    "reading_list",
    "render_html",
    "schema_terms",
    "search",
    "stats",
    "subgraph",
    "timeline",
    "treatments",
    "Tree",
    "tree",
    "with_inferences",
]
