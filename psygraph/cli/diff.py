"""``psygraph diff``: what changed between two RDF files, for release notes."""

from __future__ import annotations

from pathlib import Path

import click

from psygraph._output import output_options
from psygraph.cli._common import emit


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the same as --format json).")
@output_options
def diff(old: Path, new: Path, as_json: bool, fmt: str) -> None:
    """List the entities and statements added, removed and changed from OLD to NEW.

    OLD and NEW are RDF files (Turtle, N-Triples, RDF/XML, JSON-LD...). An entity only NEW describes
    is added, one only OLD describes is removed; for the others, each statement added or removed
    is listed, and a property whose values differ is listed once as changed. A summary goes to
    stderr. Exits 1 when the files hold the same triples.

    \b
    Example:
        psygraph diff old/concepts.ttl data/concepts.ttl
        psygraph diff --json psygraph-0.1.0.ttl psygraph-0.2.0.ttl
    """
    from psygraph.diff import COLUMNS, diff_files

    found = diff_files(old, new)
    if found.rows:
        click.echo(found.summary(), err=True)
    emit(found.rows, "json" if as_json else fmt, "the two files hold the same triples", list(COLUMNS))
