"""Publishing: put the graph on a SPARQL server, replacing what was there in one step.

:func:`publish` sends the ontology, the data (the shipped data with any ``--data`` files) and the
reverse links (:func:`psygraph.graph.materialise_inverses`) to a server with the SPARQL 1.1 Graph
Store Protocol, each into a new graph of its own with a random name; then one SPARQL Update request
moves every new graph onto the graph it replaces (``MOVE``). The server runs one update request as
one transaction, so a reader sees the old graphs or the new ones, never half of them. When an
upload fails, the new graphs are dropped and the published ones are left as they were.

A metadata graph records a hash of what was published, which :func:`psygraph.remote.connect` uses
as the server's change marker (the name index built from a server is kept until it changes).
Credentials come from the environment or the netrc file (see :mod:`psygraph.server`).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from psygraph.namespaces import INVERSES_GRAPH, ONTOLOGY_GRAPH
from psygraph.remote import GRAPH_PREFIX, MARKER, META, PUBLISHED, server_graphs
from psygraph.server import Server, ServerError

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

#: Answers of the Graph Store Protocol and SPARQL Update that mean "done".
_DONE = frozenset({200, 201, 204})
#: The media type the graphs are sent as: N-Triples is also Turtle, which every server reads.
_MEDIA_TYPE = "text/turtle"


@dataclass(frozen=True)
class Published:
    """What :func:`publish` put on the server: each graph's server name and number of triples."""

    graphs: dict[str, int]
    marker: str


def update_url(store_url: str) -> str:
    """The SPARQL Update URL beside the graph store URL *store_url* (Oxigraph's layout:
    ``.../store`` and ``.../update``).

    Examples
    --------
    >>> update_url("http://localhost:7878/store")
    'http://localhost:7878/update'

    Raises
    ------
    ServerError
        *store_url* does not end in ``/store``, so the update URL must be given.
    """
    parts = urllib.parse.urlsplit(store_url)
    if not parts.path.endswith("/store"):
        msg = f"cannot tell the SPARQL Update URL of {store_url}; give it with --update URL"
        raise ServerError(msg)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path[: -len("store")] + "update", query=""))


def publish(
    kg: KnowledgeGraph,
    store_url: str,
    *,
    update: str | None = None,
    graph: str = GRAPH_PREFIX,
    timeout: float = 300.0,
) -> Published:
    """Replace psygraph's graphs under the prefix *graph* on the server with those of *kg*.

    *store_url* is the server's Graph Store Protocol endpoint; *update* its SPARQL Update endpoint
    (by default the one beside it, :func:`update_url`).

    Raises
    ------
    ServerError
        The server cannot be reached or refused a request; the published graphs are unchanged.
    """
    store = Server(store_url, read_timeout=timeout)
    updates = Server(update or update_url(store_url), read_timeout=timeout)
    names = server_graphs(graph)
    contents = _contents(kg)
    marker = hashlib.sha256(b"".join(contents[g] for g in PUBLISHED)).hexdigest()
    contents[META] = f"{ox.NamedNode(graph)} <{MARKER}> {ox.Literal(marker)} .\n".encode()
    token = secrets.token_hex(8)
    staged = {key: f"{names[key]}-staged-{token}" for key in contents if contents[key]}
    try:
        _send(store, updates, contents, names, staged)
    finally:
        store.close()
        updates.close()
    counts = {names[key]: contents[key].count(b"\n") for key in contents}
    return Published(counts, marker)


def _send(
    store: Server, updates: Server, contents: dict[str, bytes], names: dict[str, str], staged: dict[str, str]
) -> None:
    """Upload the *staged* graphs, then move them onto their *names* in one update; on a failure,
    drop the staged graphs and raise."""
    try:
        for key, name in staged.items():
            store.request(
                "PUT", params={"graph": [name]}, body=contents[key], content_type=_MEDIA_TYPE, ok=_DONE
            )
        moves = [
            f"MOVE SILENT GRAPH {ox.NamedNode(staged[key])} TO GRAPH {ox.NamedNode(names[key])}"
            if key in staged
            else f"DROP SILENT GRAPH {ox.NamedNode(names[key])}"
            for key in contents
        ]
        updates.request("POST", form={"update": [" ;\n".join(moves)]}, ok=_DONE)
    except ServerError:
        drops = " ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(name)}" for name in staged.values())
        with contextlib.suppress(ServerError):
            updates.request("POST", form={"update": [drops]}, ok=_DONE)
        raise


def _contents(kg: KnowledgeGraph) -> dict[str, bytes]:
    """The N-Triples of each graph to publish: the ontology, the data (user files merged into it),
    and the reverse links."""
    from psygraph.namespaces import DATA_GRAPH

    data = dict.fromkeys(
        quad.triple
        for named in kg.graphs("data")
        for quad in kg.store.quads_for_pattern(None, None, None, named)
    )
    kg.select("SELECT * WHERE { } LIMIT 0", inverses=True)  # the reverse links, made once
    with_inverses = kg._with_inverses
    return {
        ONTOLOGY_GRAPH: kg.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        or b"",
        DATA_GRAPH: ox.serialize(data, format=ox.RdfFormat.N_TRIPLES) or b"",
        INVERSES_GRAPH: with_inverses.dump(
            format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(INVERSES_GRAPH)
        )
        or b"",
    }
