"""The ``psygraph`` command (and ``python -m psygraph``): import the command line, then run it.

Importing the command line takes a noticeable moment; a Ctrl-C within it ends as one later would,
in the one-line message and exit code 130 of :class:`psygraph.errors.Interrupted`, not in a
traceback. (Only :mod:`psygraph.errors` is imported before the guard: ``import psygraph`` loads
the rest of the library on first use.)
"""

from __future__ import annotations

import sys

from psygraph.errors import Interrupted


def run() -> None:
    """Run the command line with the arguments of this process."""
    try:
        from psygraph.cli import main
    except KeyboardInterrupt:
        sys.stderr.write(f"Error: {Interrupted()}\n")
        raise SystemExit(Interrupted.exit_code) from None
    main(prog_name="psygraph")


if __name__ == "__main__":  # pragma: no branch
    run()
