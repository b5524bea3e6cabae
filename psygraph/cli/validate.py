"""``psygraph validate``: check the data against the shapes and the ontology; exit 0, 1 or 2 like pySHACL."""

from __future__ import annotations

from pathlib import Path

import click

from psygraph._output import printable


@click.command("validate")
@click.option(
    "--data",
    "data_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="An extra RDF file to check with the shipped data (repeatable).",
)
@click.option(
    "--no-reasoning",
    is_flag=True,
    help="Skip the OWL RL consistency check (the slowest step).",
)
@click.pass_context
def validate(ctx: click.Context, data_files: tuple[Path, ...], no_reasoning: bool) -> None:
    """Check the shipped data and any --data files against the rules of the model.

    Prints one line per problem, "<entity>: <rule broken>", and exits 0 when the data
    conforms, 1 when it does not, and 2 when a file will not load.

    \b
    Example:
        psygraph validate
        psygraph validate --data my-additions.ttl
    """
    import psygraph
    from psygraph.validate import format_report
    from psygraph.validate import validate as run_validation

    # Files given to the group (psygraph --data X validate) count too; inference is never applied,
    # because the rules are about what the data states.
    session_files = tuple(getattr(ctx.obj, "data_files", None) or ())
    kg = psygraph.load([*session_files, *data_files])
    report = run_validation(kg, reasoning=not no_reasoning)
    if report.results:
        click.echo(printable(format_report(report)))
    if report.conforms:
        click.echo("The data conforms to the psygraph shapes and ontology.", err=True)
        return
    count = sum(1 for r in report.results if r.severity == "Violation")
    click.echo(f"The data does not conform: {count} problem(s); fix each line above.", err=True)
    ctx.exit(1)
