"""Small helpers the question modules share: a year from a store value, an entity's label and type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psygraph import resolve as names

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph


def year(value: Any) -> int | None:
    """A year as an ``int``: from an integer, or from the first four digits of a date or string.

    Examples
    --------
    >>> year(1946), year("1946-05-01"), year(None), year("n.d.")
    (1946, 1946, None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text[:4]) if text[:4].isdigit() else None


def label(kg: KnowledgeGraph, iri: str) -> str:
    """The preferred label of *iri*."""
    return names.label(kg, iri)


def type_of(kg: KnowledgeGraph, iri: str) -> str:
    """The readable type of *iri* ("defence mechanism"), or an empty string when it is not an entity."""
    return names.type_label(kg, names.entity_type(kg, iri))
