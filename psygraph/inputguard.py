"""Checks on an RDF file before the parser sees it, so a small hostile file cannot crash psygraph.

:mod:`psygraph.loader` calls these for every source it parses:

* :func:`check_path`: the path is a regular file (a FIFO would block the reader forever and a
  folder or device is no RDF file), with a message that says which it is;
* :func:`check_bytes` / :func:`check_file`: an RDF/XML file that declares entities is refused, as
  defusedxml refuses it (a kilobyte of nested declarations makes pyoxigraph's XML reader try to
  allocate gigabytes and abort); a JSON-LD document nested deeper than :data:`MAX_JSON_DEPTH` is
  refused (pyoxigraph's JSON-LD reader overflows its stack a few thousand levels down);
* :func:`strip_bom`: a UTF-8 byte-order mark is dropped, which pyoxigraph's Turtle reader refuses
  (its JSON-LD and RDF/XML readers accept it);
* :func:`confined`: the quads of a dataset file (TriG, N-Quads, JSON-LD) are moved into the file's
  own named graph, whatever graphs the file names, so a user file cannot add to psygraph's
  ontology or data graphs.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pathlib import Path

import pyoxigraph as ox

from psygraph.errors import InputError

#: Deepest nesting of JSON objects and arrays a JSON-LD file may have; real files stay under 20.
MAX_JSON_DEPTH = 256
#: RDF formats whose files can name graphs.
DATASET_FORMATS = frozenset({ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD})
BOM = b"\xef\xbb\xbf"

_ENTITY = [b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be")]
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_CHUNK = 16 * 1024 * 1024


def check_path(path: Path) -> None:
    """Refuse *path* unless it is an existing regular file, saying what it is instead."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        msg = f"no such data file: '{path}'"
        raise InputError(msg) from None
    except OSError as exc:
        msg = f"cannot read the data file '{path}': {(exc.strerror or str(exc)).lower()}"
        raise InputError(msg) from None
    if stat.S_ISREG(mode):
        return
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    msg = f"the data file '{path}' is {kind}; give a regular RDF file"
    raise InputError(msg)


def strip_bom(data: bytes) -> bytes:
    """*data* without a leading UTF-8 byte-order mark."""
    return data[len(BOM) :] if data.startswith(BOM) else data


def check_bytes(data: bytes, fmt: ox.RdfFormat, name: str) -> None:
    """Refuse *data* (the contents of the file *name*) if it could exhaust or crash the parser."""
    if fmt == ox.RdfFormat.RDF_XML and any(pattern in data for pattern in _ENTITY):
        raise _entities(name)
    if fmt == ox.RdfFormat.JSON_LD:
        deepest = json_depth(data)
        if deepest > MAX_JSON_DEPTH:
            msg = (
                f"'{name}' is nested {deepest} levels deep; psygraph reads JSON-LD nested at most "
                f"{MAX_JSON_DEPTH} levels"
            )
            raise InputError(msg)


def check_file(path: Path, fmt: ox.RdfFormat) -> None:
    """:func:`check_bytes` for a file too big to read whole, read in chunks where the check allows."""
    if fmt == ox.RdfFormat.JSON_LD:
        check_bytes(path.read_bytes(), fmt, str(path))
    elif fmt == ox.RdfFormat.RDF_XML:
        tail = b""
        for chunk in _chunks(path):
            window = tail + chunk
            if any(pattern in window for pattern in _ENTITY):
                raise _entities(str(path))
            tail = window[-32:]


def json_depth(data: bytes) -> int:
    """The deepest nesting of objects and arrays in the JSON text *data* (strings skipped).

    Examples
    --------
    >>> json_depth(b'{"a": [1, {"b": "[[["}]}')
    3
    """
    skeleton = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    return max(accumulate(1 if byte in b"[{" else -1 for byte in skeleton), default=0)


def confined(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """*quads* with every graph name replaced by *graph*."""
    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def _entities(name: str) -> InputError:
    msg = (
        f"'{name}' declares XML entities (<!ENTITY ...>), which psygraph refuses: they can expand "
        "to gigabytes; write the values out in the file instead"
    )
    return InputError(msg)


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk
