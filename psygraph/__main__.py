"""``python -m psygraph``: the same as the ``psygraph`` command."""

from psygraph.cli import main

if __name__ == "__main__":  # pragma: no branch
    main(prog_name="psygraph")
