"""``psygraph publish``: put the graph on a SPARQL server, replacing psygraph's graphs there at once."""

from __future__ import annotations

import click

from psygraph.cli._common import Session, pass_session


@click.command("publish")
@click.option(
    "--to",
    "store_url",
    required=True,
    metavar="URL",
    help="The server's SPARQL Graph Store Protocol URL (Oxigraph: http://HOST:7878/store).",
)
@click.option(
    "--graph",
    "graph",
    metavar="IRI",
    help="The prefix of the graph names on the server (default https://w3id.org/psygraph/graph/); "
    "psygraph writes IRI+ontology, IRI+data, IRI+inverses and IRI+meta.",
)
@click.option(
    "--update",
    "update_url",
    metavar="URL",
    help="The server's SPARQL Update URL (default: the 'update' beside a '.../store' URL).",
)
@pass_session
def publish(session: Session, store_url: str, graph: str | None, update_url: str | None) -> None:
    """Load the ontology and data (with any --data files) into a SPARQL server, replacing
    psygraph's graphs there in one step: readers see the old graph or the new one, never half.

    Credentials come from PSYGRAPH_USER and PSYGRAPH_PASSWORD or from ~/.netrc, never from
    the command line. Then ask it with psygraph --endpoint URL (its query URL).

    \b
    Example:
        psygraph publish --to http://localhost:7878/store
        psygraph --endpoint http://localhost:7878/query stats
    """
    from psygraph.errors import UsageError
    from psygraph.publish import publish as run_publish
    from psygraph.remote import GRAPH_PREFIX

    if session.endpoint:
        msg = "publish reads the local files; leave out --endpoint (or PSYGRAPH_ENDPOINT)"
        raise UsageError(msg)
    published = run_publish(session.kg, store_url, update=update_url, graph=graph or GRAPH_PREFIX)
    for name, count in published.graphs.items():
        click.echo(f"{name}: {count:,} triple{'' if count == 1 else 's'}")
    click.echo(f"Published to {store_url}.", err=True)
