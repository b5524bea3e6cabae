"""``psygraph compare``, ``tree`` and ``schema``: two entities side by side, what sits below one, and
the names a SPARQL writer needs."""

from __future__ import annotations

import click

from psygraph._output import output_options, render_json
from psygraph.cli._common import Session, emit, pass_session
from psygraph.errors import NoResultsError


@click.command()
@click.argument("first")
@click.argument("second")
@output_options
@pass_session
def compare(session: Session, first: str, second: str, fmt: str) -> None:
    """FIRST and SECOND side by side: what links them, what they share and what only one has, the
    bridges and contrasts between their ideas, the ancestors two theorists share, and for two
    modalities the evidence for each condition.

    \b
    Example:
        psygraph compare klein winnicott
        psygraph compare MBT TFP
        psygraph compare projection "projective identification" --format json
    """
    from psygraph.questions import compare as comparison

    found = comparison(session.kg, first, second)
    if fmt == "json":
        click.echo(render_json(found.to_dict()))
        return
    rows = found.rows
    if fmt == "table":
        click.echo(f"A: {found.a_label}   B: {found.b_label}\n")
        rows = [{**row, "A": row["a"], "B": row["b"]} for row in rows]
        emit(rows, fmt, "nothing to compare", ["aspect", "item", "A", "B"])
    else:
        emit(rows, fmt, "nothing to compare", ["aspect", "item", "a", "b", "shared", "id"])


@click.command()
@click.argument("root", required=False)
@click.option("--depth", type=click.IntRange(min=1), help="How many levels below ROOT (default: all).")
@output_options
@pass_session
def tree(session: Session, root: str | None, depth: int | None, fmt: str) -> None:
    """What sits below ROOT, as an indented tree: narrower concepts and conditions, modalities derived
    from a modality, a defence hierarchy's levels and their defences, a school's offshoots (schools
    its members founded). With no ROOT, the trees' tops.

    An entry with two parents is listed under both and expanded under the first ("see above").

    \b
    Example:
        psygraph tree
        psygraph tree "psychosexual development"
        psygraph tree "Vaillant's hierarchy of defences"
        psygraph tree "classical psychoanalysis"
        psygraph tree psychoanalysis --depth 1 --format json
    """
    from psygraph.questions.hierarchy import tree as below
    from psygraph.questions.hierarchy import tree_roots

    if root is None:
        emit(tree_roots(session.kg), fmt, "the graph has no narrower-than links")
        return
    found = below(session.kg, root, depth=depth)
    if len(found.rows) == 1 and found.broader_ids:  # a leaf: show its family, from what it sits under
        click.echo(f"{found.label} has nothing below it; its family under {found.broader[0]}:\n")
        found = below(session.kg, found.broader_ids[0], depth=depth)
    if len(found.rows) == 1:
        tops = ", ".join(repr(r["label"]) for r in tree_roots(session.kg)[:4])
        msg = f"nothing sits below {found.label!r} in the graph; `psygraph tree` lists the trees, e.g. {tops}"
        raise NoResultsError(msg)
    if fmt == "json":
        click.echo(render_json(found.to_dict()))
        return
    rows = found.rows
    if fmt == "table":
        if found.broader:
            click.echo(f"{found.label} sits under: {' › '.join(found.broader)}\n")
        rows = [
            {**row, "label": "  " * row["depth"] + row["label"] + (" (see above)" if row["repeat"] else "")}
            for row in rows
        ]
        emit(rows, fmt, "", ["label", "type", "link", "year", "id"])
    else:
        emit(rows, fmt, "")


@click.command()
@click.option(
    "--kind",
    type=click.Choice(["class", "relation", "attribute", "standard"]),
    help="Only classes, relations (between entities), attributes (years, codes) or standard terms.",
)
@output_options
@pass_session
def schema(session: Session, kind: str | None, fmt: str) -> None:
    """The classes and properties to use in SPARQL, each with one example from the data.

    \b
    Example:
        psygraph schema
        psygraph schema --kind relation
        psygraph schema --format csv
    """
    from psygraph.questions import schema_terms as terms

    emit(terms(session.kg, kind=kind), fmt, "the graph declares no such terms")
