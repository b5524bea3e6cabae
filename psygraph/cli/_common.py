"""What every command shares: the :class:`Session` (the group's options and the graph, loaded once when
first used) and :func:`emit`, which prints rows or fails with exit code 1 when there are none."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psygraph._output import render
from psygraph.errors import NoResultsError
from psygraph.queryguard import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph


class Session:
    """The group's options (``--data``, ``--infer``, ``--endpoint``...) and the graph they describe.

    Parameters
    ----------
    data_files
        Extra RDF files merged into the shipped data, in order.
    infer
        Add the OWL RL inferences (needs :mod:`psygraph.infer`).
    timeout
        Seconds any one query may run (``None``: no limit).
    endpoint
        The query URL of a SPARQL server to ask instead of the local files.
    graph
        The prefix of psygraph's graph names on that server.
    """

    def __init__(
        self,
        data_files: Sequence[str | Path] = (),
        infer: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        endpoint: str | None = None,
        graph: str | None = None,
    ) -> None:
        self.data_files = tuple(Path(f) for f in data_files)
        self.infer = infer
        self.timeout = timeout
        self.endpoint = endpoint or None
        self.graph = graph
        self._loaded: KnowledgeGraph | None = None

    @cached_property
    def kg(self) -> KnowledgeGraph:
        """The loaded graph: the shipped data, the ``--data`` files, and inferences if asked for;
        or, with ``--endpoint``, the graph a SPARQL server holds (read-only)."""
        if self.endpoint:
            return self._remote(self.endpoint)
        import psygraph

        kg = self._loaded = psygraph.load(self.data_files, progress=StderrProgress("loading"))
        if self.infer:
            from psygraph.infer import with_inferences

            kg = with_inferences(kg)
        kg.limits = replace(kg.limits, timeout=self.timeout)
        kg.progress = StderrProgress
        return kg

    def settle(self) -> None:
        """Wait for the store of new big inputs, written for the next run while the command answered
        from memory (:meth:`KnowledgeGraph.settle`), with a progress bar after a second."""
        if self._loaded is not None and self._loaded.building is not None:
            self._loaded.settle(StderrProgress("keeping the graph for the next run"))

    def abandon(self) -> None:
        """Stop writing the store of new big inputs: the command was interrupted (Ctrl-C)."""
        if self._loaded is not None:
            self._loaded.abandon()

    def _remote(self, endpoint: str) -> KnowledgeGraph:
        from psygraph.errors import UsageError
        from psygraph.remote import GRAPH_PREFIX, connect

        if self.data_files or self.infer:
            option = "--data" if self.data_files else "--infer"
            msg = (
                f"{option} cannot be used with --endpoint: the server's graph is read as it is; "
                "publish your files to it with 'psygraph --data FILE publish --to URL'"
            )
            raise UsageError(msg)
        read_timeout = self.timeout if self.timeout is not None else 3600.0
        kg = connect(endpoint, graph=self.graph or GRAPH_PREFIX, read_timeout=read_timeout)
        kg.limits = replace(kg.limits, timeout=self.timeout)
        return kg


class StderrProgress:
    """A progress bar on stderr for work reported as ``(done, total)``, drawn once it has taken a second.

    Quick work shows nothing; long work (the first load of a big file) shows how far it has come.
    Only a terminal gets the bar: a log or a pipe would keep only its carriage returns.
    """

    #: Seconds of work after which the bar appears.
    AFTER = 1.0

    def __init__(self, label: str) -> None:
        import time

        self.label = label
        self.started = time.monotonic()
        self._bar: Any = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        import time

        if self._bar is None:
            if time.monotonic() - self.started < self.AFTER or total <= 0 or not sys.stderr.isatty():
                return
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=False)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done
        if done >= total:
            self._bar.__exit__(None, None, None)


#: Decorator that passes the :class:`Session` to a command as its first argument.
pass_session = click.make_pass_decorator(Session, ensure=True)


def emit(rows: list[dict[str, Any]], fmt: str, nothing: str, columns: list[str] | None = None) -> None:
    """Print *rows* in *fmt*; with no rows, fail with the message *nothing* (exit code 1)."""
    if not rows:
        raise NoResultsError(nothing)
    text = render(rows, fmt, columns)
    click.echo(text, nl=not text.endswith("\n"))
