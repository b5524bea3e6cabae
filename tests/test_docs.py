"""The README stays true: every command is documented with real output, and its links and commands hold.

The README's ``console`` blocks are run command by command through click's test runner, and the output
they show must be what the command prints now: all of it, or its first lines when the block trims
the rest with a ``...`` line. ``$ echo $?`` after a command shows its exit code (a command without
one must succeed). Files the examples need are the README's code blocks preceded by
``<!-- file: NAME -->``. The ``pycon`` block is run as a doctest.

When a command's output changes on purpose, refresh the examples (each keeps its number of lines)
and read the diff::

    .venv/bin/python tests/test_docs.py --update

A new example can show ``@@`` (all the output) or ``@@N`` (the first N lines) until it is refreshed.
"""

from __future__ import annotations

import doctest
import io
import json
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import psygraph
from psygraph.cli import main

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
CI_SCRIPT = REPO / ".ci" / "run"
CHANGELOG = REPO / "CHANGELOG.md"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
#: Tables wrap to the terminal; the examples are made at this width.
COLUMNS = "100"

FENCE = re.compile(r"^```(\S*)\s*$")
MARKER = re.compile(r"^<!--\s*(file|quickstart):\s*(\S+)\s*-->$")
PLACEHOLDER = re.compile(r"^@@(\d*)$")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


# --------------------------------------------------------------------------------------------
# Reading the README
# --------------------------------------------------------------------------------------------


@dataclass
class Block:
    """A fenced code block: its language, text, first line number and the marker just above it."""

    lang: str
    lines: list[str]
    start: int
    marker: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Example:
    """One ``$ psygraph ...`` line of a console block, the output shown under it and its exit code."""

    command: str
    line: int
    shown: list[str] = field(default_factory=list)
    trimmed: bool = False
    limit: int | None = None
    exit_code: int | None = None

    @property
    def args(self) -> list[str]:
        return shlex.split(self.command)[1:]

    @property
    def subcommand(self) -> str | None:
        """The command name, past the group's own options (``--data FILE``, ``--infer``)."""
        args = iter(self.args)
        for arg in args:
            if arg == "--data":
                next(args, None)
            elif not arg.startswith("-"):
                return arg
        return None


def blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text."""
    found: list[Block] = []
    lines = text.splitlines()
    current: Block | None = None
    for number, line in enumerate(lines, start=1):
        fence = FENCE.match(line)
        if current is None and fence:
            above = lines[number - 2].strip() if number > 1 else ""
            marker = MARKER.match(above)
            current = Block(fence.group(1), [], number + 1, marker.groups() if marker else None)
        elif current is not None and line.strip() == "```":
            found.append(current)
            current = None
        elif current is not None:
            current.lines.append(line)
    return found


def examples(block: Block) -> list[Example]:
    """The commands of a console block, with what it shows for each."""
    found: list[Example] = []
    for offset, line in enumerate(block.lines):
        if line.startswith("$ echo $?"):
            continue
        if line.startswith("$ "):
            found.append(Example(line[2:], block.start + offset))
            continue
        if not found:
            continue
        example = found[-1]
        previous = block.lines[offset - 1]
        if previous.startswith("$ echo $?"):
            example.exit_code = int(line)
        elif line == "...":
            example.trimmed = True
        elif placeholder := PLACEHOLDER.match(line):
            example.limit = int(placeholder.group(1)) if placeholder.group(1) else None
            example.trimmed = example.limit is not None
        elif not example.trimmed:
            example.shown.append(line.rstrip())
    for example in found:
        if example.limit is None and example.trimmed:
            example.limit = len(example.shown)
    return found


def readme_blocks() -> list[Block]:
    return blocks(README.read_text(encoding="utf-8"))


def readme_examples() -> list[Example]:
    return [example for block in readme_blocks() if block.lang == "console" for example in examples(block)]


def quickstart(kind: str) -> str:
    """The one-line command of the README's ``<!-- quickstart: kind -->`` block."""
    (block,) = [b for b in readme_blocks() if b.marker == ("quickstart", kind)]
    (command,) = [line for line in block.lines if line.strip()]
    return command.strip()


# --------------------------------------------------------------------------------------------
# Running the examples
# --------------------------------------------------------------------------------------------


def run(command: str) -> tuple[list[str], int]:
    """Run one ``psygraph ...`` command line in the current folder: its output lines and exit code."""
    args = shlex.split(command)
    assert args[0] == "psygraph", f"README examples run psygraph, not {args[0]!r}"
    result = CliRunner().invoke(main, args[1:], prog_name="psygraph", env={"COLUMNS": COLUMNS})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    lines = [line.rstrip() for line in result.output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines, result.exit_code


def write_files(folder: Path) -> None:
    """Write the README's ``<!-- file: NAME -->`` blocks into *folder*."""
    for block in readme_blocks():
        if block.marker and block.marker[0] == "file":
            (folder / block.marker[1]).write_text(block.text, encoding="utf-8")


@contextmanager
def shipped_graph_loaded_once(kg: psygraph.KnowledgeGraph | None = None) -> Iterator[None]:
    """Let every command reuse one load of the shipped graph (files given with --data still load)."""
    real: Callable[..., psygraph.KnowledgeGraph] = psygraph.load
    cache = {"kg": kg}

    def load(data_files=(), **options):  # type: ignore[no-untyped-def]
        if data_files:
            return real(data_files, **options)
        if cache["kg"] is None:
            cache["kg"] = real(**options)
        return cache["kg"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(psygraph, "load", load)
        yield


#: Figures that change with every edit of the data and say nothing about the command: file sizes.
INCIDENTAL = re.compile(r"\(\d[\d,]* bytes\)")


def comparable(lines: list[str]) -> list[str]:
    """*lines* with incidental figures masked, for comparing what the README shows with real output."""
    return [INCIDENTAL.sub("(N bytes)", line) for line in lines]


def expected_view(example: Example, output: list[str]) -> list[str]:
    """What the README should show of *output*: all of it, or its first lines when the example trims."""
    if example.limit is not None and len(output) > example.limit:
        return [*output[: example.limit], "..."]
    return output


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def command_names() -> list[str]:
    return main.list_commands(click.Context(main))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory, kg: psygraph.KnowledgeGraph) -> Iterator[Path]:
    """A folder holding the README's files, where the examples run, with the shipped graph loaded once."""
    folder = tmp_path_factory.mktemp("readme")
    write_files(folder)
    with shipped_graph_loaded_once(kg):
        yield folder


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_shown_in_the_readme(name: str) -> None:
    documented = {example.subcommand for example in readme_examples()}
    assert name in documented, f"README.md has no '$ psygraph {name} ...' example"


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_an_example(runner: CliRunner, name: str) -> None:
    result = runner.invoke(main, [name, "--help"], prog_name="psygraph")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert re.search(rf"^\s+psygraph .*\b{name}\b", result.output, re.MULTILINE), result.output


def test_global_options_are_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for param in main.params:
        for option in param.opts:
            assert f"`{option}" in text, f"README.md does not document {option}"


@pytest.mark.parametrize("example", readme_examples(), ids=lambda e: f"line{e.line}")
def test_readme_example_shows_real_output(
    example: Example, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    output, code = run(example.command)
    shown = example.shown + (["..."] if example.trimmed else [])
    assert comparable(shown) == comparable(expected_view(example, output)), (
        f"README.md line {example.line}: `{example.command}` prints something else now; "
        "run `.venv/bin/python tests/test_docs.py --update` and check the diff"
    )
    assert code == (example.exit_code or 0), f"README.md line {example.line}: exit code {code}"


def test_readme_python_example_runs(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    (block,) = [b for b in readme_blocks() if b.lang == "pycon"]
    test = doctest.DocTestParser().get_doctest(block.text, {}, "README.md", str(README), block.start - 1)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    with redirect_stdout(report):
        result = runner.run(test, out=report.write)
    assert result.attempted > 0
    assert result.failed == 0, report.getvalue()


def test_quickstart_test_command_is_what_ci_runs() -> None:
    command = quickstart("test")
    ci_lines = [line.strip() for line in CI_SCRIPT.read_text(encoding="utf-8").splitlines()]
    assert command in ci_lines, f".ci/run does not run the README's test command {command!r}"
    assert command.endswith("python -m pytest")


def test_quickstart_main_command_builds_the_page(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    command = quickstart("main")
    install, _, psygraph_command = command.rpartition(" && .venv/bin/")
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert psygraph_command.startswith("psygraph ")
    monkeypatch.chdir(workdir)
    for name in ("psygraph.html",):
        (workdir / name).unlink(missing_ok=True)
    output, code = run(psygraph_command)
    assert code == 0, output
    (printed,) = [line for line in output if line.strip().endswith(".html")]
    page = Path(printed.split()[-1])
    page = page if page.is_absolute() else workdir / page
    assert page.is_file()
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def heading_anchors(text: str) -> set[str]:
    """GitHub's anchors for the Markdown headings in *text*."""
    anchors = set()
    for line in text.splitlines():
        if match := re.match(r"^#+\s+(.*)$", line):
            slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
            anchors.add(slug)
    return anchors


def test_readme_links_and_images_exist() -> None:
    text = README.read_text(encoding="utf-8")
    targets = LINK.findall(text)
    assert "docs/screenshot.png" in targets
    for target in targets:
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        if not path:
            assert anchor in heading_anchors(text), f"README.md links to a missing heading #{anchor}"
            continue
        assert (REPO / path).exists(), f"README.md links to {path}, which does not exist"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(notebook: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code, f"{notebook.name} has no code"
    for cell in code:
        assert cell["outputs"] == [], f"{notebook.name}: cell {cell.get('id')} has outputs; clear them"
        assert cell["execution_count"] is None, f"{notebook.name}: cell {cell.get('id')} has a count"


def test_changelog_cites_an_issue_on_every_line() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    assert re.search(r"^## \[(Unreleased|\d+\.\d+\.\d+)\]", text, re.MULTILINE)
    entries = re.findall(r"^- .*(?:\n  .*)*", text, re.MULTILINE)
    assert entries
    for entry in entries:
        assert re.search(r"#\d+", entry), f"CHANGELOG.md entry cites no issue: {entry.splitlines()[0]}"


# --------------------------------------------------------------------------------------------
# Refreshing the README's examples
# --------------------------------------------------------------------------------------------


def refreshed(text: str) -> str:
    """*text* with every console block's output replaced by what its commands print now."""
    lines = text.splitlines()
    for block in reversed(blocks(text)):
        if block.lang != "console":
            continue
        new: list[str] = []
        for example in examples(block):
            output, code = run(example.command)
            new += [f"$ {example.command}", *expected_view(example, output)]
            if code != 0 or example.exit_code is not None:
                new += ["$ echo $?", str(code)]
        lines[block.start - 1 : block.start - 1 + len(block.lines)] = new
    return "\n".join(lines) + "\n"


def update_readme() -> None:
    """Rewrite README.md's example outputs in place (run from a temporary folder holding its files)."""
    with tempfile.TemporaryDirectory() as folder:
        write_files(Path(folder))
        here = Path.cwd()
        os.chdir(folder)
        try:
            with shipped_graph_loaded_once():
                text = refreshed(README.read_text(encoding="utf-8"))
        finally:
            os.chdir(here)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_docs.py --update   (refreshes the README's example outputs)")
    update_readme()
    print(f"updated {README.relative_to(REPO)}; check the diff")
