"""``psygraph viz``: write the interactive HTML explorer (one offline page) and print its path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from psygraph._output import printable


@click.command("viz")
@click.option("--focus", metavar="TERM", help="Draw the neighbourhood of this entity (name, synonym or id).")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="How many steps from --focus to include.",
)
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Keep only this type (repeatable).")
@click.option(
    "--school", "schools", multiple=True, metavar="SCHOOL", help="Keep only this school (repeatable)."
)
@click.option(
    "--relation", "relations", multiple=True, metavar="RELATION", help="Keep only this relation (repeatable)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("psygraph.html"),
    show_default=True,
    help="The HTML file to write; - for standard output.",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default web browser.")
@click.pass_context
def viz(
    ctx: click.Context,
    focus: str | None,
    depth: int,
    types: tuple[str, ...],
    schools: tuple[str, ...],
    relations: tuple[str, ...],
    output: Path,
    open_page: bool,
) -> None:
    """Write the graph as one interactive HTML page that works offline.

    Colours and shapes show types, size shows how connected an entity is. In the page: hover for a
    summary, click for details, search by name or synonym, filter by type and school.

    \b
    Example:
        psygraph viz --open
        psygraph viz --focus "projective identification" --depth 2 -o pi.html
        psygraph viz --type theorist --relation "influenced by" -o lineage.html
    """
    from psygraph.atomic import is_stdout
    from psygraph.viz import write_explorer

    path = write_explorer(
        _knowledge_graph(ctx.obj),
        output,
        focus=focus,
        depth=depth,
        types=types or None,
        schools=schools or None,
        relations=relations or None,
    )
    if is_stdout(path):
        return
    click.echo(printable(str(path)))
    if open_page:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


def _knowledge_graph(session: Any) -> Any:
    """The session's graph (loaded once by the group), or the shipped graph when run on its own."""
    if session is not None and hasattr(session, "kg"):
        return session.kg
    import psygraph

    return psygraph.load()
