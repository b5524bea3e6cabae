"""``psygraph sparql``: run a read-only SPARQL query, given as text or as a file."""

from __future__ import annotations

import click

from psygraph._output import output_options
from psygraph.cli._common import Session, emit, pass_session


@click.command()
@click.argument("query")
@output_options
@pass_session
def sparql(session: Session, query: str, fmt: str) -> None:
    """Run the read-only SPARQL QUERY (text, or a .rq file) with psygraph's prefixes bound.

    Prefixes psy:, id:, skos:, rdfs:, owl:, dcterms:, schema:, wd: and mesh: need no declaration.
    SELECT, ASK, CONSTRUCT and DESCRIBE run; updates and SERVICE calls are refused. The exit
    code is 1 when a SELECT or CONSTRUCT matches nothing or an ASK answers no. A psy: name the
    ontology does not declare gets a warning with the nearest declared one (see psygraph schema).

    \b
    Example:
        psygraph sparql "SELECT ?t ?label WHERE { ?t a psy:Theorist ; skos:prefLabel ?label } LIMIT 5"
        psygraph sparql my-query.rq --format csv
    """
    from psygraph.sparql import read_query, user_query

    result = user_query(session.kg, read_query(query), compact_iris=fmt == "table")
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    emit(result.rows, fmt, "the query matched nothing", result.columns)
    if result.form == "ASK" and not result.rows[0]["ask"]:
        raise SystemExit(1)  # the answer is printed; "no" exits 1 so scripts can test it
