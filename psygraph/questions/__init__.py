"""The questions people reach for first, beyond looking one entity up: :func:`compare` two entities,
a :func:`timeline`, a :func:`reading_list`, a :func:`tree` of narrower entries and the
terms a SPARQL writer needs (:func:`schema_terms`). One module per question; each reads the store with the
queries in ``psygraph/queries/`` and returns plain rows, as :mod:`psygraph.api` does.
"""

from __future__ import annotations

from psygraph.questions.chronology import timeline
from psygraph.questions.comparison import Comparison, compare
from psygraph.questions.hierarchy import Tree, tree
from psygraph.questions.reading import reading_list
from psygraph.questions.schema_doc import schema_terms

__all__ = ["Comparison", "Tree", "compare", "reading_list", "schema_terms", "timeline", "tree"]
