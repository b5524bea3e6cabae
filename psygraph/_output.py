"""How the CLI writes answers: one ``--format`` option and one renderer for tables, JSON and CSV.

Tables are for people: aligned columns, long cells wrapped to the terminal width. JSON and CSV are
for scripts: every row, every column, nothing wrapped. Lists in a cell become ``"a; b"`` in tables
and CSV and stay lists in JSON. The CLI uses this module (it imports click lazily so that the
library never depends on it); :mod:`psygraph.export` shares its one CSV writer.

Labels can come from a user's ``--data`` file, so nothing here trusts them:

* tables (and the CLI's error messages) show control characters and bidirectional overrides
  escaped (:func:`printable`), so a label cannot send escape sequences to the terminal or reverse
  the text around it; JSON stays exact (its encoder already escapes control characters);
* every CSV cell a spreadsheet would run as a formula is prefixed with an apostrophe
  (:func:`spreadsheet_safe`), in answers and in exports alike (:func:`write_csv`).

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
import re
import shutil
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any, TypeVar

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


#: Characters shown escaped in tables and errors: C0 and C1 controls (but tab and newline), DEL,
#: the bidirectional embeddings, overrides and isolates, and the line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""*text* with control and bidirectional-override characters written as escapes (``\x1b``).

    Examples
    --------
    >>> printable("Freud\x1b]0;pwned\x07")
    'Freud\\x1b]0;pwned\\x07'
    >>> printable("abc\u202etxt.exe")
    'abc\\u202etxt.exe'
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


#: Cell starts that make a spreadsheet compute the cell (``=``, ``+``, ``-``, ``@``, tab, return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; numbers pass.

    Labels can come from a user's ``--data`` file; a cell such as ``=WEBSERVICE(...)`` would make
    Excel or LibreOffice compute it (and fetch from the network) when the CSV is opened.

    Examples
    --------
    >>> spreadsheet_safe("=1+1")
    "'=1+1"
    >>> spreadsheet_safe("Sigmund Freud")
    'Sigmund Freud'
    >>> spreadsheet_safe(-2)
    -2
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(handle: IO[str], columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write *rows* to *handle* as CSV with a header, every cell guarded by :func:`spreadsheet_safe`.

    The one CSV writer of psygraph: question answers (``--format csv``) and exports use it.
    """
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([spreadsheet_safe(name) for name in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(_csv_cell(row.get(name))) for name in columns])


def _csv(rows: Sequence[dict[str, Any]], names: list[str]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, names, rows)
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
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
    if not names:  # SELECT * WHERE {} has one answer with no variables
        return f"({len(rows)} {'answer' if len(rows) == 1 else 'answers'} with no columns)"
    width = width or terminal_width()
    head: list[str] = []
    seen = {name: {cell(row.get(name)) for row in rows} for name in names} if len(rows) > 1 else {}
    constant = {name: values.pop() for name, values in seen.items() if len(values) == 1}
    if len(names) - len(constant) >= 2:  # a table that still tells rows apart
        names = [name for name in names if name not in constant]
        head = [f"{printable(name)}: {printable(value)}" for name, value in constant.items() if value]
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
    cells = [[printable(cell(row.get(name))) for name in names] for row in rows]
    names = [printable(name) for name in names]
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
            lines += [
                " " * indent + part for part in _wrap(printable(notes[number]), max(width - indent, 20))
            ]
        for name in blocks:
            text = printable(cell(source.get(name)))
            if text:
                hang = "    " + " " * (len(name) + 2)
                parts = _wrap(text, max(width - len(hang), 20))
                lines += [(f"    {name}: " if i == 0 else hang) + part for i, part in enumerate(parts)]
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
        tops = [i for i in movable if widths[i] == widest]
        # Whole rounds at once (a cell of millions of characters would otherwise take millions).
        below = max([widths[i] for i in movable if widths[i] < widest] + [floors[i] for i in tops])
        step = min(widest - below, (sum(widths) - room) // len(tops))
        if step > 0:
            for i in tops:
                widths[i] -= step
            continue
        for i in tops:
            if sum(widths) > room:
                widths[i] -= 1


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines += wrap(paragraph, width, break_long_words=False) or [""]
    return lines


def wrap(
    text: str, width: int, *, break_long_words: bool = True, break_on_hyphens: bool = False
) -> list[str]:
    """:func:`textwrap.wrap`, in time linear in the length of *text*.

    textwrap cuts a word longer than *width* by copying the rest of it after every cut, which takes
    minutes for a label of millions of characters; such words are cut here first, in one pass.
    With *break_long_words* false, a long word stays whole on its own line.
    """
    words = text.split()
    if break_long_words and any(len(word) > width for word in words):
        text = " ".join(word[i : i + width] for word in words for i in range(0, len(word), width))
    return textwrap.wrap(text, width, break_on_hyphens=break_on_hyphens, break_long_words=False)


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
