"""``psygraph timeline`` and ``reading-list``: who and what appeared when, and what to read in which order."""

from __future__ import annotations

from pathlib import Path

import click

from psygraph._output import output_options, terminal_width
from psygraph.cli._common import Session, emit, pass_session
from psygraph.errors import NoResultsError


@click.command()
@click.option("--type", "types", metavar="TYPE", help='Only entities of this type, e.g. "theorist" or work.')
@click.option("--school", metavar="S", help="Only this school: its people, concepts and their works.")
@click.option("--from", "start", type=int, metavar="YEAR", help="From this year on (included).")
@click.option("--to", "end", type=int, metavar="YEAR", help="Up to this year (included).")
@click.option(
    "--by",
    type=click.Choice(["decade", "year"]),
    default="decade",
    show_default=True,
    help="One line of the text timeline per decade or per year.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Draw the timeline to this picture (.png, .svg or .pdf) instead.",
)
@output_options
@pass_session
def timeline(
    session: Session,
    types: str | None,
    school: str | None,
    start: int | None,
    end: int | None,
    by: str,
    output: Path | None,
    fmt: str,
) -> None:
    """Who and what appeared when: theorists by birth, works by publication, concepts by introduction,
    schools by founding. A compact text timeline, rows in JSON or CSV, or a picture with -o.

    \b
    Example:
        psygraph timeline --type school
        psygraph timeline --school "Kleinian school" --from 1930 --to 1960 --by year
        psygraph timeline --type theorist --format csv
        psygraph timeline --from 1890 --to 1970 -o timeline.png
    """
    from psygraph.questions.chronology import plot_timeline, text_timeline
    from psygraph.questions.chronology import timeline as dated

    rows = dated(session.kg, types=types, school=school, start=start, end=end)
    if not rows:
        msg = "nothing dated fits; widen --from/--to or drop --type/--school"
        raise NoResultsError(msg)
    if output is not None:
        click.echo(str(plot_timeline(rows, output)))
    elif fmt == "table":
        click.echo(text_timeline(rows, by=by, width=terminal_width()))
    else:
        emit(rows, fmt, "")


@click.command("reading-list")
@click.argument("topic")
@output_options
@pass_session
def reading_list(session: Session, topic: str, fmt: str) -> None:
    """What to read on TOPIC (a concept, modality, school or person), in order: the works that
    introduced what it builds on come first, the rest by year, with citations and DOIs.

    \b
    Example:
        psygraph reading-list "projective identification"
        psygraph reading-list "Kleinian school"
        psygraph reading-list winnicott --format csv
    """
    from psygraph.questions import reading_list as works

    rows = works(session.kg, topic)
    emit(
        rows,
        fmt,
        f"the graph links no work to {topic!r}",
        ["step", "year", "title", "authors", "why", "citation", "doi", "id"],
    )
