"""The ``psygraph`` command line: a click group whose commands are imported only when used.

Each command lives in a small module of this package and is registered below by name, so
``psygraph show`` imports the show command and nothing else: neither rdflib nor networkx, which
the graph commands import when they run. The group builds one :class:`Session` that loads the graph
on first use. Errors the library raises (:class:`~psygraph.errors.PsygraphError`) are turned into
one line on stderr and the error's exit code here, in one place: 1 when nothing matched, 2 for bad
usage or input, 130 when Ctrl-C interrupted the command. Control and bidirectional-override
characters in a message (a label or file name from the user's data) are shown escaped.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from psygraph._output import printable
from psygraph.cli._common import Session, emit, pass_session
from psygraph.errors import Interrupted, PsygraphError
from psygraph.queryguard import DEFAULT_TIMEOUT

__all__ = ["COMMANDS", "Session", "emit", "main", "pass_session"]

#: Command name -> "module:attribute" of its click command, in the order ``--help`` lists them.
COMMANDS = {
    "show": "psygraph.cli.entity:show",
    "search": "psygraph.cli.entity:search",
    "neighbours": "psygraph.cli.explore:neighbours",
    "path": "psygraph.cli.explore:path",
    "lineage": "psygraph.cli.explore:lineage",
    "defences": "psygraph.cli.clinical:defences",
    "treatments": "psygraph.cli.clinical:treatments",
    "evidence-chain": "psygraph.cli.clinical:evidence_chain",
    "concepts": "psygraph.cli.clinical:concepts",
    "compare": "psygraph.cli.questions:compare",
    "tree": "psygraph.cli.questions:tree",
    "timeline": "psygraph.cli.history:timeline",
    "reading-list": "psygraph.cli.history:reading_list",
    "rank": "psygraph.cli.analytics:rank",
    "communities": "psygraph.cli.analytics:communities",
    "stats": "psygraph.cli.analytics:stats",
    "schema": "psygraph.cli.questions:schema",
    "sparql": "psygraph.cli.query:sparql",
    "viz": "psygraph.cli.viz:viz",
    "export": "psygraph.cli.export:export",
    "site": "psygraph.cli.site:site",
    "diff": "psygraph.cli.diff:diff",
    "validate": "psygraph.cli.validate:validate",
    "publish": "psygraph.cli.publish:publish",
}
#: Other spellings people type; accepted but not listed.
ALIASES = {
    "neighbors": "neighbours",
    "defenses": "defences",
    "neighborhood": "neighbours",
    "query": "sparql",
    "reading": "reading-list",
    "readinglist": "reading-list",
}


class PsygraphCliError(click.ClickException):
    """A library error shown as ``Error: <message>`` with the library's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(printable(message))
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it per instance


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(ALIASES.get(cmd_name, cmd_name))
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wiring mistake
            msg = f"{target} is not a click command"
            raise TypeError(msg)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                result = super().invoke(ctx)
            except PsygraphError as exc:
                _settle(ctx)
                raise PsygraphCliError(str(exc), exc.exit_code) from None
            _settle(ctx)
            return result
        except KeyboardInterrupt:
            if isinstance(ctx.obj, Session):
                ctx.obj.abandon()  # the store being written for the next run is not kept
            raise PsygraphCliError(str(Interrupted()), Interrupted.exit_code) from None


def _settle(ctx: click.Context) -> None:
    """Wait for the store of new big inputs the command loaded (:meth:`Session.settle`)."""
    if isinstance(ctx.obj, Session):
        ctx.obj.settle()


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from psygraph import __version__
    from psygraph.api import data_version

    click.echo(f"psygraph {__version__} (data model {data_version()})")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data_files",
    multiple=True,
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An extra RDF file (Turtle, N-Triples, RDF/XML, JSON-LD...) to merge into the graph; repeatable.",
)
@click.option("--infer", is_flag=True, help="Add what OWL RL reasoning infers (inverse relations, types).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop any one query that runs longer than this; 0 for no limit.",
)
@click.option(
    "--endpoint",
    envvar="PSYGRAPH_ENDPOINT",
    metavar="URL",
    help="Ask the SPARQL server at this query URL instead of the local files (read-only); "
    "also PSYGRAPH_ENDPOINT.",
)
@click.option(
    "--graph",
    "graph",
    envvar="PSYGRAPH_GRAPH",
    metavar="IRI",
    help="With --endpoint: the prefix of psygraph's graph names on the server, as given to "
    "'psygraph publish --graph' (default https://w3id.org/psygraph/graph/).",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version of psygraph and of its data model, and exit.",
)
@click.pass_context
def main(
    ctx: click.Context,
    data_files: tuple[Path, ...],
    infer: bool,
    timeout: float,
    endpoint: str | None,
    graph: str | None,
) -> None:
    """Ask a knowledge graph of psychodynamic psychotherapy: theorists, concepts, defences,
    techniques, modalities, conditions, and the evidence behind each claim.

    Names can be labels, synonyms or ids, in any case and either spelling: "Freud",
    "projective identification", "defense", id:melanie-klein.

    \b
    Example:
        psygraph show "projective identification"
        psygraph path winnicott freud
        psygraph treatments "borderline personality disorder"
        psygraph --data my-notes.ttl search "mirror"
        psygraph --endpoint http://localhost:7878/query stats
    """
    ctx.obj = Session(
        data_files=data_files, infer=infer, timeout=timeout or None, endpoint=endpoint, graph=graph
    )
