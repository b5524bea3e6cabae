"""Small helpers the question modules share: an entity's label and its type.

Years are read with :func:`psygraph.graph.as_year`, the one year rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psygraph import resolve as names

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph


def label(kg: KnowledgeGraph, iri: str) -> str:
    """The preferred label of *iri*."""
    return names.label(kg, iri)


def type_of(kg: KnowledgeGraph, iri: str) -> str:
    """The readable type of *iri* ("defence mechanism"), or an empty string when it is not an entity."""
    return names.type_label(kg, names.entity_type(kg, iri))
