"""The exceptions psygraph raises. The library never prints; the CLI turns these into one-line messages.

Each error's ``str()`` is a complete sentence a person can act on, and ``exit_code`` is the
process exit code the CLI uses for it (1: nothing matched or the data does not conform,
2: bad usage or input that cannot be read).
"""

from __future__ import annotations


class PsygraphError(Exception):
    """Base class of every error psygraph raises on purpose."""

    exit_code: int = 2


class InputError(PsygraphError):
    """An input file is missing, empty, unreadable or not valid RDF."""

    exit_code = 2


class UnknownEntityError(PsygraphError):
    """A name did not resolve to any entity; carries ranked suggestions."""

    exit_code = 1

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        message = f"no entity named {name!r}"
        if self.suggestions:
            quoted = ", ".join(repr(s) for s in self.suggestions)
            message += f"; did you mean {quoted}?"
        else:
            message += "; try 'psygraph search TEXT' to find it"
        super().__init__(message)


class NoResultsError(PsygraphError):
    """A well-formed question had no answer in the graph (exit code 1)."""

    exit_code = 1


class QueryError(PsygraphError):
    """A SPARQL query is malformed or not allowed (only read-only queries are)."""

    exit_code = 2


class DataValidationError(PsygraphError):
    """The loaded data does not conform to the SHACL shapes or ontology checks."""

    exit_code = 1


class UsageError(PsygraphError):
    """An option value makes no sense (unknown relation, type, format...)."""

    exit_code = 2


class Interrupted(PsygraphError):
    """Ctrl-C ended the command; what it was writing was left as it was (writes are atomic)."""

    #: As shells give a process ended by SIGINT (128 + 2).
    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted (Ctrl-C); nothing was written")
