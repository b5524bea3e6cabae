"""Settings for every pytest run in this repository, ``pytest psygraph/x.py`` doctests included.

psygraph keeps an on-disk cache in the user's cache folder. A test run must never read or write
the user's own cache, so the cache is pointed at a fresh folder for the whole run. Tests load many
small one-off files with the shipped data, so the run keeps stores only for inputs of several
megabytes (tests of the cache itself lower that again). This lives at the root (not in
``tests/conftest.py``) because running the doctests of one module does not load that file.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Point psygraph's on-disk cache at a fresh folder for the whole run, doctests and subprocesses too.

    Set here rather than in a fixture alone because the doctests under psygraph/ load graphs too and
    conftest fixtures do not reach them; the environment variable is inherited by child processes.
    """
    folder = tempfile.mkdtemp(prefix="psygraph-test-cache-")
    config.stash[_CACHE_FOLDER] = folder
    os.environ["PSYGRAPH_CACHE_DIR"] = folder
    os.environ.setdefault("PSYGRAPH_CACHE_MIN_BYTES", str(8_000_000))


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the run's cache folder."""
    folder = config.stash.get(_CACHE_FOLDER, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


_CACHE_FOLDER = pytest.StashKey[str]()
