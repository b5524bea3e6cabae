"""Real SPARQL servers on 127.0.0.1 for the server-backend tests and the load test: started on free
ports, waited for, and stopped.

:func:`oxigraph_server` runs the Oxigraph server of the ``oxigraph`` package (in memory);
:func:`virtuoso_server` runs OpenLink Virtuoso (Debian's ``virtuoso-opensource``) with a
temporary database and ini file. Each yields a :class:`Running` with the server's URLs.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Running:
    """A server that is up: its query, Graph Store and update URLs, and its process id."""

    query: str
    store: str
    update: str
    pid: int


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command beside this Python, or on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server() -> Iterator[Running]:
    """An in-memory Oxigraph server on a free port, for as long as the context lasts."""
    binary = oxigraph_binary()
    if binary is None:
        msg = "the oxigraph command is missing: pip install oxigraph (it is in the test extra)"
        raise RuntimeError(msg)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=log)
        try:
            _wait(f"{base}/query", process, log)
            yield Running(f"{base}/query", f"{base}/store", f"{base}/update", process.pid)
        finally:
            _stop(process)


def virtuoso_binary() -> str | None:
    """The ``virtuoso-t`` command, when Virtuoso is installed."""
    return shutil.which("virtuoso-t")


#: A minimal Virtuoso configuration: its own database files, two ports, big enough answers.
_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = 2000
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DirsAllowed = ., {folder}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ServerThreads = 20
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {folder}
ServerThreads = 20
MaxClientConnections = 20
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
MaxSortedTopRows = 1000000
DefaultQuery = select * where {{?s ?p ?o}} limit 1
"""


@contextmanager
def virtuoso_server() -> Iterator[Running]:
    """A Virtuoso server with an empty temporary database on free ports.

    Its query URL is ``/sparql``; the Graph Store and update URLs are the authenticated ones
    (``/sparql-graph-crud-auth``, ``/sparql-auth``), which take the ``dba`` user (password ``dba``).
    """
    binary = virtuoso_binary()
    if binary is None:
        msg = "virtuoso-t is missing: apt-get install virtuoso-opensource"
        raise RuntimeError(msg)
    with tempfile.TemporaryDirectory(prefix="psygraph-virtuoso-") as folder:
        http_port, sql_port = free_port(), free_port()
        ini = Path(folder) / "virtuoso.ini"
        ini.write_text(_VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
        base = f"http://127.0.0.1:{http_port}"
        with open(Path(folder) / "stdout.log", "wb") as log:
            process = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=log, stderr=log
            )
            try:
                _wait(f"{base}/sparql", process, log, seconds=90)
                yield Running(
                    f"{base}/sparql", f"{base}/sparql-graph-crud-auth", f"{base}/sparql-auth", process.pid
                )
            finally:
                _stop(process)


def _wait(url: str, process: subprocess.Popen[bytes], log: object, seconds: float = 30) -> None:
    """Wait until *url* answers an ASK query, or fail with the server's log."""
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK { }"})
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:  # noqa: S310 - a local test server
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    _stop(process)
    msg = f"the test server at {url} did not start (exit code {process.returncode})"
    raise RuntimeError(msg)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End *process*: politely, then by force after a few seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM if os.name == "posix" else signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
