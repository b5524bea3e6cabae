"""``psygraph site``: write the static site (a page per entity, index pages, ontology docs, search)."""

from __future__ import annotations

from pathlib import Path

import click

from psygraph._output import printable
from psygraph.cli._common import Session, StderrProgress, pass_session


@click.command("site")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="The folder to write; created, or replaced when it is empty or an earlier site.",
)
@click.option(
    "--no-explorer",
    is_flag=True,
    help="Leave out the interactive explorer page (and the entity pages' links to it).",
)
@pass_session
def site(session: Session, output: Path, no_explorer: bool) -> None:
    """Write the graph as a static web site that works offline and from any web server.

    One page per entity with its RDF beside it (.ttl, .jsonld, .nt, .rdf), pages by type, A-Z,
    school and decade, the defence hierarchies, the evidence by condition, the ontology's
    documentation and a search that runs in the browser. The new site replaces the old one whole.

    \b
    Example:
        psygraph site -o public
        psygraph --data mine.ttl site --no-explorer -o my-site
    """
    from psygraph.site import build_site
    from psygraph.site.build import check_site_target

    check_site_target(output)  # before the graph loads, so a bad target fails at once
    summary = build_site(
        session.kg, output, explorer=not no_explorer, progress=StderrProgress("writing the site")
    )
    click.echo(
        f"wrote {printable(str(summary.path))}: {summary.pages:,} entity pages, {summary.files:,} files",
        err=True,
    )
    click.echo(printable(str(summary.path / "index.html")))
