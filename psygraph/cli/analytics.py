"""``psygraph rank``, ``communities`` and ``stats``: the graph as a whole."""

from __future__ import annotations

import click

from psygraph._output import output_options
from psygraph.cli._common import Session, emit, pass_session

_MEASURES = ("degree", "in-degree", "out-degree", "betweenness", "pagerank")


@click.command()
@click.option(
    "--measure",
    type=click.Choice(_MEASURES),
    default="degree",
    show_default=True,
    help="degree: most links; in-degree / out-degree: most links pointing at / leaving it (with "
    "--relation); betweenness: lies on most shortest paths (a bridge); pagerank: pointed at by "
    "entities that are themselves pointed at (needs --relation).",
)
@click.option(
    "--relation",
    "relations",
    multiple=True,
    metavar="R",
    help="Rank on the network of this relation only, its links pointing the way the name reads: "
    '"influenced" points from teacher to heir, "influenced by" from heir to teacher; repeatable.',
)
@click.option(
    "--type", "types", metavar="TYPE", help='Rank within the entities of one type, e.g. "theorist".'
)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many to list.")
@output_options
@pass_session
def rank(
    session: Session, measure: str, relations: tuple[str, ...], types: str | None, limit: int, fmt: str
) -> None:
    """The most central entities, and what a high score means for each measure.

    With --relation "influenced", in-degree ranks those influenced by most people and out-degree
    those who influenced most; pagerank ranks those influenced by people who were themselves
    influential. With --relation "influenced by" the arrows turn round: out-degree counts
    teachers, and pagerank ranks the teachers of the influential (Charcot, through Freud).

    \b
    Example:
        psygraph rank
        psygraph rank --measure out-degree --relation influenced --type theorist
        psygraph rank --measure pagerank --relation "influenced by" --limit 10
        psygraph rank --measure betweenness --format csv
    """
    from psygraph.api import rank as ranking

    rows = ranking(session.kg, measure=measure, types=types, limit=limit, relations=relations)
    emit(rows, fmt, "nothing to rank: the graph (or that type) has no entities")


@click.command()
@click.option("--type", "types", metavar="TYPE", help='Only the entities of one type, e.g. "theorist".')
@click.option(
    "--show", "shown", default=8, show_default=True, type=click.IntRange(min=1), help="Members per line."
)
@output_options
@pass_session
def communities(session: Session, types: str | None, shown: int, fmt: str) -> None:
    """Groups of closely linked entities (Louvain; the same answer every run), each labelled by its
    most central member and its dominant school.

    The table lists each group's best-connected members; JSON and CSV list them all.

    \b
    Example:
        psygraph communities
        psygraph communities --type theorist --show 12
        psygraph communities --format json
    """
    from psygraph.api import communities as groups

    rows = groups(session.kg, types=types)
    if fmt == "table":
        rows = [{**row, "members": _first(row["members"], shown)} for row in rows]
        emit(
            rows,
            fmt,
            "no communities: nothing is linked",
            ["community", "size", "central", "school", "members"],
        )
    else:
        emit(rows, fmt, "no communities: nothing is linked")


@click.command()
@output_options
@pass_session
def stats(session: Session, fmt: str) -> None:
    """How many entities of each type, and triples of each relation, the graph holds.

    \b
    Example:
        psygraph stats
        psygraph --data my-notes.ttl stats --format json
    """
    from psygraph.api import stats as counts

    emit(counts(session.kg), fmt, "the graph is empty")


def _first(members: list[str], shown: int) -> str:
    more = len(members) - shown
    return "; ".join(members[:shown]) + (f" … (+{more})" if more > 0 else "")
