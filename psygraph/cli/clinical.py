"""``psygraph defences``, ``treatments``, ``evidence-chain``, ``concepts``: lists from the clinical graph."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from psygraph._output import output_options, printable
from psygraph.cli._common import Session, emit, pass_session
from psygraph.errors import NoResultsError


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
@click.option("--modality", metavar="M", help="The claims about this modality (the reverse question).")
@click.option("--notes", is_flag=True, help="Show what each source found, as a block under its row.")
@output_options
@pass_session
def treatments(session: Session, condition: str | None, modality: str | None, notes: bool, fmt: str) -> None:
    """The evidence claims for CONDITION: one row per result, highest certainty and design first.

    Each row says what the modality was compared with (vs), on which outcome and when, which way
    the result went, the GRADE certainty a review gave it, the study design and the source. With
    --modality, the claims about that modality; with neither, every claim.

    \b
    Example:
        psygraph treatments "borderline personality disorder"
        psygraph treatments "bulimia nervosa" --notes
        psygraph treatments --modality MBT
        psygraph treatments depression --format json
    """
    from psygraph import evidence

    rows = evidence.treatments(session.kg, condition, modality=modality)
    about = " and ".join(repr(x) for x in (condition, modality) if x) or "any condition"
    if not rows:
        notes_found = evidence.no_trial_notes(session.kg, condition, modality=modality)
        if not notes_found:
            msg = f"no evidence recorded for {about}"
            raise NoResultsError(msg)
        if fmt != "table":
            emit(notes_found, fmt, f"no evidence recorded for {about}", ["about", "note", "source", "id"])
            return
        for found in notes_found:
            click.echo(printable(f"No trial recorded for {found['about']}:"))
            click.echo(
                printable(textwrap.fill(found["note"], 96, initial_indent="    ", subsequent_indent="    "))
            )
            if found["source"]:
                click.echo(printable(f"    Works cited for this entry: {'; '.join(found['source'])}"))
        return
    if fmt != "table":
        emit(rows, fmt, f"no evidence recorded for {about}", list(evidence.CLAIM_KEYS))
        return
    shown = ["modality", "condition"]
    if condition:
        shown.remove("condition")
    if modality:
        shown.remove("modality")
    columns = [*shown, "vs", "outcome", "result", "certainty", "design", "source"]
    _claims_table(rows, columns, notes)
    click.echo(evidence.summary(evidence.study_counts(session.kg, rows)))


@click.command("evidence-chain")
@click.argument("concept")
@click.option("--notes", is_flag=True, help="Show what each source found, as a block under its row.")
@output_options
@pass_session
def evidence_chain(session: Session, concept: str, notes: bool, fmt: str) -> None:
    """From the idea CONCEPT to the modalities that put it to work, and on to the studies that test them.

    A modality puts an idea to work when it uses it as a technique or when one work sets out both;
    each step names the work it rests on, and each claim names its study.

    \b
    Example:
        psygraph evidence-chain "projective identification"
        psygraph evidence-chain mentalizing --notes
        psygraph evidence-chain "projective identification" --format csv
    """
    from psygraph import evidence

    rows = evidence.evidence_chain(session.kg, concept)
    nothing = (
        f"no modality in the graph puts {concept!r} to work (uses it as a technique or shares a work with it)"
    )
    if fmt != "table" or not rows:
        emit(rows, fmt, nothing, ["concept", "link", "modality", *evidence.CLAIM_KEYS[1:]])
        return
    from psygraph.evidence import LEGEND

    click.echo(LEGEND)
    for modality, group in _grouped(rows, "modality"):
        click.echo(f"\n{group[0]['concept']} → {modality} ({group[0]['link']})")
        _claims_table(
            group,
            ["condition", "vs", "outcome", "result", "certainty", "design", "source"],
            notes,
            legend=False,
        )
    click.echo(f"\n{evidence.summary(evidence.study_counts(session.kg, rows))}")


def _claims_table(
    rows: list[dict[str, Any]], columns: list[str], notes: bool, *, legend: bool = True
) -> None:
    """Print the legend and *rows* as a table; with *notes*, each note as a block under its row."""
    from psygraph._output import render, render_with_notes
    from psygraph.evidence import LEGEND

    shown = [{**row, "outcome": _outcome(row), "design": row["design_code"] or row["design"]} for row in rows]
    if legend:
        click.echo(LEGEND)
    click.echo(render_with_notes(shown, columns, "note") if notes else render(shown, "table", columns))


def _outcome(row: dict[str, Any]) -> str:
    return f"{row['outcome']}, {row['time']}" if row["outcome"] and row["time"] else row["outcome"]


def _grouped(rows: list[dict[str, Any]], key: str) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return list(groups.items())


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
