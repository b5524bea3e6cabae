"""``psygraph export``: write the graph as Turtle, N-Triples, RDF/XML, JSON-LD, GraphML, GEXF or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from psygraph._output import printable
from psygraph.cli._common import Session, pass_session

_FORMATS = "ttl|nt|owl|jsonld|graphml|gexf|csv"


@click.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    metavar=_FORMATS,
    help="The file format; by default, taken from the suffix of -o.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write (csv: FILE-nodes.csv, FILE-edges.csv); a folder means psygraph.<format> in it; "
    "- means standard output (with --format).",
)
@click.option(
    "--include",
    default="all",
    show_default=True,
    metavar="all|ontology|data",
    help="Export the ontology, the data (shipped and --data files), or both.",
)
@click.option(
    "--inferred",
    is_flag=True,
    help="Add what OWL RL reasoning infers (inverse relations, types); implied by psygraph --infer.",
)
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Keep only this type (repeatable).")
@click.option(
    "--school", "schools", multiple=True, metavar="SCHOOL", help="Keep only this school (repeatable)."
)
@click.option(
    "--relation", "relations", multiple=True, metavar="RELATION", help="Keep only this relation (repeatable)."
)
@pass_session
def export(
    session: Session,
    fmt: str | None,
    output: Path,
    include: str,
    inferred: bool,
    types: tuple[str, ...],
    schools: tuple[str, ...],
    relations: tuple[str, ...],
) -> None:
    """Write the graph to a file that other tools open.

    owl is RDF/XML (Protégé); graphml and gexf open in Gephi and Cytoscape; csv writes a node list
    and an edge list (spreadsheets, Neo4j LOAD CSV). Every file is written whole or not at all.
    --type, --school and --relation narrow the graph formats as they narrow viz; dated entities
    carry start (year, or birth) and end (death) attributes, which Gephi's timeline reads.

    \b
    Example:
        psygraph export -o psygraph.owl
        psygraph export --format ttl --include data -o data.ttl
        psygraph export --type theorist --relation "analysed by" -o analyses.gexf
        psygraph --data mine.ttl export --format csv --inferred -o out/psygraph.csv
    """
    from psygraph.atomic import is_stdout
    from psygraph.errors import UsageError
    from psygraph.export import export as run_export
    from psygraph.export import format_for_path
    from psygraph.infer import has_inferences

    if is_stdout(output) and not fmt:
        msg = "-o - (standard output) has no suffix to tell the format from; add --format"
        raise UsageError(msg)
    kg = session.kg
    written = run_export(
        kg,
        fmt or format_for_path(output),
        output,
        include=include,
        inferred=inferred or has_inferences(kg),
        types=types,
        schools=schools,
        relations=relations,
    )
    for path in written:
        if not is_stdout(path):
            click.echo(f"wrote {printable(str(path))} ({path.stat().st_size:,} bytes)", err=True)
