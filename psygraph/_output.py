"""How the CLI writes answers: one ``--format`` option and one renderer for tables, JSON and CSV.

Tables are for people: aligned columns, long cells wrapped to the terminal width. JSON and CSV are
for scripts: every row, every column, nothing wrapped. Lists in a cell become ``"a; b"`` in tables
and CSV and stay lists in JSON. Only the CLI uses this module; it imports click lazily so that the
library never depends on it.

Examples
--------
>>> print(render([{"name": "Splitting", "rank": 3}, {"name": "Sublimation", "rank": 7}], "table"))
name         rank
-----------  ----
Splitting       3
Sublimation     7
>>> print(render([{"name": "Splitting", "levels": ["a", "b"]}], "csv"), end="")
name,levels
Splitting,a; b
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

#: The output formats every command offers.
FORMATS = ("table", "json", "csv")
#: Cell lists are joined with this in tables and CSV.
LIST_SEPARATOR = "; "
#: A column is never narrowed below its longest word, up to this many characters.
_MAX_FLOOR = 40
#: Columns of prose: in a table, when a value is longer than :data:`LONG_TEXT`, the column is printed
#: as an indented block under each row rather than squeezed into a narrow column.
PROSE_COLUMNS = frozenset({"note", "notes", "definition", "title", "citation", "why", "description"})
LONG_TEXT = 40

F = TypeVar("F", bound=Callable[..., Any])


def output_options(function: F) -> F:
    """Add ``--format table|json|csv`` (as the parameter ``fmt``) to a click command."""
    import click

    option = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS, case_sensitive=False),
        default="table",
        show_default=True,
        help="table for reading, json or csv for scripts.",
    )
    return option(function)


def render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    """*rows* as text in *fmt* (``table``, ``json`` or ``csv``); *columns* picks and orders them."""
    fmt = fmt.lower()
    names = list(columns) if columns is not None else _columns(rows)
    if fmt == "json":
        return render_json([{name: row.get(name) for name in names} for row in rows])
    if fmt == "csv":
        return _csv(rows, names)
    if fmt == "table":
        return _table(rows, names)
    msg = f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"
    raise ValueError(msg)


def render_json(data: Any) -> str:
    """*data* as indented JSON, non-ASCII letters kept as they are."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def cell(value: Any) -> str:
    """One value as table or CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple | set):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    return str(value)


def terminal_width() -> int:
    """The width to wrap tables to: the terminal's, or 100 when there is none."""
    return max(shutil.get_terminal_size((100, 24)).columns, 40)


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return list(names)


def _csv(rows: Sequence[dict[str, Any]], names: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_cell(row.get(name)) for name in names])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return cell(value)


def render_with_notes(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], note: str, indent: int = 4
) -> str:
    """*rows* as a table with each row's *note* as an indented, wrapped block under it.

    A long note is unreadable squeezed into a column; under its row it reads as a paragraph.

    Examples
    --------
    >>> print(render_with_notes([{"name": "MBT", "note": "A trial found it helped."}], ["name"], "note"))
    name
    ----
    MBT
        A trial found it helped.
    """
    return _table(rows, list(columns), notes=[cell(row.get(note)) for row in rows], indent=indent)


def _table(
    rows: Sequence[dict[str, Any]],
    names: list[str],
    width: int | None = None,
    notes: Sequence[str] | None = None,
    indent: int = 4,
) -> str:
    """Aligned columns; a column with one value in every row is stated once above (left out when it
    is empty; kept when fewer than two columns would tell the rows apart), and long prose
    (:data:`PROSE_COLUMNS`) is printed as an indented block under its row.

    Examples
    --------
    >>> rows = [{"a": "x", "b": "same", "note": "a long note " * 4}, {"a": "y", "b": "same", "note": ""}]
    >>> print(_table(rows, ["a", "b", "note"], width=60))
    b: same
    <BLANKLINE>
    a
    -
    x
        note: a long note a long note a long note a long note
    y
    """
    width = width or terminal_width()
    head: list[str] = []
    seen = {name: {cell(row.get(name)) for row in rows} for name in names} if len(rows) > 1 else {}
    constant = {name: values.pop() for name, values in seen.items() if len(values) == 1}
    if len(names) - len(constant) >= 2:  # a table that still tells rows apart
        names = [name for name in names if name not in constant]
        head = [f"{name}: {value}" for name, value in constant.items() if value]  # empty: left out
    blocks = [
        name
        for name in names
        if name in PROSE_COLUMNS
        and len(names) > 1
        and any(len(cell(row.get(name))) > LONG_TEXT for row in rows)
    ]
    names = [name for name in names if name not in blocks]
    text = _grid(rows, names, width, blocks, notes, indent)
    return "\n".join(head) + "\n\n" + text if head else text


def _grid(
    rows: Sequence[dict[str, Any]],
    names: list[str],
    width: int,
    blocks: list[str],
    notes: Sequence[str] | None = None,
    indent: int = 4,
) -> str:
    cells = [[cell(row.get(name)) for name in names] for row in rows]
    widths = [max([len(name)] + [_longest_line(r[i]) for r in cells]) for i, name in enumerate(names)]
    numeric = [all(_is_number(row.get(name)) for row in rows if row.get(name) is not None) for name in names]
    floors = [
        min(max([len(name)] + [_longest_word(r[i]) for r in cells]), _MAX_FLOOR)
        for i, name in enumerate(names)
    ]
    _fit(widths, floors, width - 2 * (len(names) - 1))
    lines = [_line(names, widths, [False] * len(names)), _line(["-" * w for w in widths], widths, numeric)]
    for number, (row, source) in enumerate(zip(cells, rows, strict=True)):
        wrapped = [_wrap(text, w) for text, w in zip(row, widths, strict=True)]
        for k in range(max(len(part) for part in wrapped)):
            parts = [part[k] if k < len(part) else "" for part in wrapped]
            lines.append(_line(parts, widths, numeric))
        if notes is not None and notes[number]:
            lines += [" " * indent + part for part in _wrap(notes[number], max(width - indent, 20))]
        for name in blocks:
            text = cell(source.get(name))
            if text:
                lines += textwrap.wrap(
                    f"{name}: {text}",
                    max(width, 24),
                    initial_indent="    ",
                    subsequent_indent="    " + " " * (len(name) + 2),
                    break_on_hyphens=False,
                )
    return "\n".join(lines)


def _fit(widths: list[int], floors: list[int], room: int) -> None:
    """Narrow the widest columns one character at a time, in place, until the row fits in *room*.

    No column goes below its floor (its header or longest word), so words are not cut; a table whose
    floors do not fit stays wider than the terminal.
    """
    while sum(widths) > room:
        movable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not movable:
            return
        widest = max(widths[i] for i in movable)
        for i in movable:
            if widths[i] == widest and sum(widths) > room:
                widths[i] -= 1


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width, break_on_hyphens=False, break_long_words=False) or [""]
    return lines


def _line(parts: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> str:
    padded = [
        part.rjust(w) if is_number else part.ljust(w)
        for part, w, is_number in zip(parts, widths, numeric, strict=True)
    ]
    return "  ".join(padded).rstrip()


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
