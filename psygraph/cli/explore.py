"""``psygraph neighbours``, ``path`` and ``lineage``: questions about how entities connect."""

from __future__ import annotations

from typing import Any

import click

from psygraph._output import output_options, printable, render_json
from psygraph.cli._common import Session, emit, pass_session
from psygraph.errors import NoResultsError

_RELATION_HELP = 'Only follow this relation, e.g. "analysed by" or influencedBy; repeatable.'


@click.command()
@click.argument("term")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=1), help="How many links out.")
@click.option("--relation", "relations", multiple=True, metavar="R", help=_RELATION_HELP)
@click.option("--type", "types", metavar="TYPE", help='Only list entities of this type, e.g. "theorist".')
@output_options
@pass_session
def neighbours(
    session: Session, term: str, depth: int, relations: tuple[str, ...], types: str | None, fmt: str
) -> None:
    """The entities linked to TERM, within --depth links, in either direction: nearest first, then by
    relation, then oldest first. With --type work, the works TERM cites as sources are listed too.

    \b
    Example:
        psygraph neighbours "melanie klein"
        psygraph neighbours transference --depth 2 --type technique
        psygraph neighbours "projective identification" --type work
        psygraph neighbours freud --relation "analysed by" --format json
    """
    from psygraph.api import neighbours as find

    rows = find(session.kg, term, depth=depth, relations=relations, types=types)
    columns = ["distance", "via", "relation", "neighbour", "type", "year", "id"]
    if fmt == "table" and depth == 1:
        columns = columns[2:]  # every row starts from TERM itself
    emit(rows, fmt, f"{term!r} has no neighbours that fit; try a larger --depth or fewer filters", columns)


@click.command()
@click.argument("source")
@click.argument("target")
@click.option("--all", "all_paths", is_flag=True, help="List every shortest path, not just one.")
@click.option("--max", "limit", type=click.IntRange(min=1), help="List at most this many shortest paths.")
@click.option("--relation", "relations", multiple=True, metavar="R", help=_RELATION_HELP)
@output_options
@pass_session
def path(
    session: Session,
    source: str,
    target: str,
    all_paths: bool,
    limit: int | None,
    relations: tuple[str, ...],
    fmt: str,
) -> None:
    """The shortest connection between SOURCE and TARGET, as a chain of relations.

    Links are followed in either direction, and each step is printed the way the data states it:
    "→ analysed by →" forwards, "← influenced by ←" when the triple points back.

    \b
    Example:
        psygraph path winnicott freud
        psygraph path klein "borderline personality disorder" --all
        psygraph path bion freud --relation "analysed by" --format json
    """
    from psygraph.api import paths

    count = limit if limit is not None else (None if all_paths else 1)
    found = paths(session.kg, source, target, relations=relations, limit=count)
    if not found:
        msg = f"no path links {source!r} and {target!r}" + (" through those relations" if relations else "")
        raise NoResultsError(msg)
    if fmt == "json":
        click.echo(render_json([p.to_dict() for p in found]))
    elif fmt == "csv":
        emit([row for p in found for row in p.step_rows()], fmt, "no path")
    else:
        click.echo(printable("\n".join(f"{p.chain}" for p in found)))


@click.command()
@click.argument("theorist")
@click.option("--up", "direction", flag_value="up", default=True, help="Teachers and influences (default).")
@click.option("--down", "direction", flag_value="down", help="Those they analysed or influenced.")
@click.option("--depth", type=click.IntRange(min=1), help="How many generations (default: all).")
@click.option("--relation", "relations", multiple=True, metavar="R", help=_RELATION_HELP)
@output_options
@pass_session
def lineage(
    session: Session, theorist: str, direction: str, depth: int | None, relations: tuple[str, ...], fmt: str
) -> None:
    """The influence and training-analysis tree of THEORIST, up to their teachers or down to heirs.

    \b
    Example:
        psygraph lineage klein
        psygraph lineage freud --down --depth 2
        psygraph lineage winnicott --relation "analysed by" --format csv
    """
    from psygraph.api import lineage as tree

    rows = tree(session.kg, theorist, direction=direction, depth=depth, relations=relations)
    if fmt == "table":
        rows = _indented(rows)
    emit(
        rows, fmt, f"no {'teachers or influences' if direction == 'up' else 'heirs'} of {theorist!r} recorded"
    )


def _indented(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lineage rows for a table: names indented by depth, a repeated person marked "(see above/below)"."""
    listed: set[str] = set()
    shown = []
    for row in rows:
        name = "  " * (row["depth"] - 1) + row["theorist"]
        if row["repeat"]:
            name += " (see above)" if row["id"] in listed else " (see below)"
        else:
            listed.add(row["id"])
        shown.append({**row, "theorist": name})
    return [{k: v for k, v in row.items() if k != "repeat"} for row in shown]
