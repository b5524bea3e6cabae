"""A tiny data set in place of the shipped data, for tests of behaviour that any data shows.

``tests/fixtures/mini.ttl`` holds a few theorists, concepts, defences, a condition with its evidence
and their sources. Reasoning (OWL RL) or validation (SHACL) over it, with the shipped ontology,
takes a fraction of a second; over the shipped data, about ten seconds each time the input
changes. Tests of reasoning, validation, the cache and the CLI's handling of them use it; tests of
the shipped data itself use the real thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

MINI_TTL = Path(__file__).parent / "fixtures" / "mini.ttl"


@contextmanager
def mini_as_shipped_data() -> Iterator[Path]:
    """While it lasts, ``psygraph.load()`` and the CLI (run in this process) read
    ``tests/fixtures/mini.ttl`` in place of the shipped data; the shipped ontology stays."""
    from psygraph import resources

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(resources, "data_file", lambda: MINI_TTL)
        yield MINI_TTL
