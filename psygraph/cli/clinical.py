"""``psygraph defences``, ``treatments`` and ``concepts``: lists drawn from the clinical part of the graph."""

from __future__ import annotations

import click

from psygraph._output import output_options, printable
from psygraph.cli._common import Session, emit, pass_session


@click.command()
@click.option("--hierarchy", metavar="H", help='Only this hierarchy, e.g. "vaillant" or "dsm".')
@click.option("--level", metavar="L", help='Only this level, e.g. "immature" or id:dfs-high-adaptive.')
@output_options
@pass_session
def defences(session: Session, hierarchy: str | None, level: str | None, fmt: str) -> None:
    """Defence mechanisms by level, most adaptive level first within each hierarchy.

    \b
    Example:
        psygraph defences --hierarchy vaillant
        psygraph defences --level immature
        psygraph defences --hierarchy dsm --format csv
    """
    from psygraph.api import defences as listing

    rows = listing(session.kg, hierarchy=hierarchy, level=level)
    columns = ["hierarchy", "rank", "level", "defence", "id"]
    if fmt == "table" and len({row["hierarchy"] for row in rows}) == 1:
        columns.remove("hierarchy")  # one hierarchy: say it once, in the heading
        click.echo(printable(f"{rows[0]['hierarchy']}\n"))
    emit(rows, fmt, "no defences are placed on that level or hierarchy", columns)


@click.command()
@click.argument("condition", required=False)
@click.option(
    "--modality", metavar="M", help="The conditions this modality addresses (the reverse question)."
)
@click.option("--notes", is_flag=True, help="Add the note on what each source found.")
@output_options
@pass_session
def treatments(session: Session, condition: str | None, modality: str | None, notes: bool, fmt: str) -> None:
    """Modalities that address CONDITION, with the level of evidence and its source, strongest first.

    With --modality, the conditions that modality addresses; with neither, every claim.

    \b
    Example:
        psygraph treatments "borderline personality disorder"
        psygraph treatments --modality MBT
        psygraph treatments depression --format json
    """
    from psygraph.api import treatments as evidence

    rows = evidence(session.kg, condition, modality=modality)
    columns = ["modality", "condition", "evidence", "strength", "source"]
    if fmt != "table":
        columns += ["citation", "note", "id"]
    elif notes:
        columns.append("note")
    about = " and ".join(repr(x) for x in (condition, modality) if x) or "any condition"
    emit(rows, fmt, f"no evidence recorded for {about}", columns)


@click.command()
@click.option("--by", metavar="THEORIST", help="Introduced or developed by this theorist.")
@click.option("--school", metavar="S", help="Part of this school.")
@click.option("--since", type=int, metavar="YEAR", help="Introduced in YEAR or later.")
@output_options
@pass_session
def concepts(session: Session, by: str | None, school: str | None, since: int | None, fmt: str) -> None:
    """Concepts, defences and techniques, oldest first, by theorist, school or year.

    \b
    Example:
        psygraph concepts --by klein
        psygraph concepts --school "self psychology"
        psygraph concepts --since 1950 --format csv
    """
    from psygraph.api import concepts as listing

    rows = listing(session.kg, by=by, school=school, since=since)
    emit(rows, fmt, "no concepts match; try fewer filters")
