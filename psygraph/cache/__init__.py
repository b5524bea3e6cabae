"""The on-disk cache behind :func:`psygraph.load`, in three parts with one job each.

* :mod:`psygraph.cache.entries`: where the cache lives (``PSYGRAPH_CACHE_DIR``,
  ``PSYGRAPH_NO_CACHE``), and how its marked folders are published, used and pruned;
* :mod:`psygraph.cache.store`: parsed stores of big inputs, keyed by the content of every file;
* :mod:`psygraph.cache.derived`: data derived from a graph (name and search index, inferences), as
  plain SQLite tables.

The cache is infrastructure: nothing in it imports the rest of psygraph.
"""

from __future__ import annotations

from psygraph.cache.derived import DERIVED, DamagedError, Derived, code_fingerprint
from psygraph.cache.entries import KEEP, MARKER, cache_root, stats
from psygraph.cache.store import (
    FORMAT_VERSION,
    MANIFEST,
    STORE,
    STORES,
    Building,
    Filler,
    Opened,
    Progress,
    Source,
    cache_key,
    open_derived_store,
    open_store,
    stamps,
)

__all__ = [
    "DERIVED",
    "FORMAT_VERSION",
    "KEEP",
    "MANIFEST",
    "MARKER",
    "STORE",
    "STORES",
    "Building",
    "DamagedError",
    "Derived",
    "Filler",
    "Opened",
    "Progress",
    "Source",
    "cache_key",
    "cache_root",
    "code_fingerprint",
    "open_derived_store",
    "open_store",
    "stamps",
    "stats",
]
