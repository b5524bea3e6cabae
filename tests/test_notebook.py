"""The notebook runs top to bottom against the shipped data, offline, and shows what its text promises.

It is executed with nbclient in a kernel started from this test's own Python (a kernel spec written
into a temporary ``JUPYTER_PATH``), so the kernel imports the psygraph under test whatever kernels
the machine has installed. Cells are found by their ``id``; the assertions check content that comes
from the data, not exact figures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore_psygraph.ipynb"
#: Seconds any one cell may take; the slowest (loading the graph) takes a few.
CELL_TIMEOUT = 180


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The notebook after running it in a temporary folder: cell id -> executed cell."""
    jupyter = tmp_path_factory.mktemp("jupyter")
    kernel_dir = jupyter / "kernels" / "python3"
    kernel_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (psygraph tests)",
        "language": "python",
    }
    (kernel_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    workdir = tmp_path_factory.mktemp("notebook")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(jupyter))
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            notebook,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(workdir)}},
        )
        client.execute()
    cells = {cell["id"]: cell for cell in notebook.cells}
    cells["_workdir"] = workdir
    return cells


def text_of(cell: Any) -> str:
    """Everything a code cell printed or displayed, as one string."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        for value in output.get("data", {}).values():
            parts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(parts)


def test_notebook_runs_without_errors(executed: dict[str, Any]) -> None:
    for cell_id, cell in executed.items():
        if cell_id.startswith("_") or cell["cell_type"] != "code":
            continue
        kinds = {output["output_type"] for output in cell["outputs"]}
        assert "error" not in kinds, cell_id


def test_notebook_loads_the_shipped_graph(executed: dict[str, Any]) -> None:
    out = text_of(executed["load"])
    assert "triples" in out
    assert "entities" in out


def test_notebook_resolves_names_and_suggests_for_misspellings(executed: dict[str, Any]) -> None:
    out = text_of(executed["resolve"])
    assert "id/projective-identification" in out
    assert "id/mentalization" in out
    assert "did you mean 'Sigmund Freud'" in out


def test_notebook_describes_a_concept(executed: dict[str, Any]) -> None:
    out = text_of(executed["describe"])
    assert "projective identification" in out
    assert "Melanie Klein" in out
    assert "sources" in out


def test_notebook_follows_kleins_lineage(executed: dict[str, Any]) -> None:
    out = text_of(executed["lineage"])
    assert "Karl Abraham" in out
    assert "Sándor Ferenczi" in out
    assert "Sigmund Freud" in out


def test_notebook_finds_paths_from_winnicott_to_freud(executed: dict[str, Any]) -> None:
    out = text_of(executed["paths"])
    assert "Donald Winnicott →" in out
    assert "→ Sigmund Freud" in out
    assert "analysed by" in out


def test_notebook_ranks_and_groups(executed: dict[str, Any]) -> None:
    assert "transference" in text_of(executed["rank"])
    assert "members" in text_of(executed["communities"])


def test_notebook_lists_treatments_with_evidence(executed: dict[str, Any]) -> None:
    out = text_of(executed["treatments"])
    assert "mentalization-based treatment" in out
    assert "Bateman & Fonagy" in out


def test_notebook_draws_a_subgraph_inline(executed: dict[str, Any]) -> None:
    svgs = [output["data"]["image/svg+xml"] for output in executed["draw"]["outputs"] if "data" in output]
    assert svgs, "the draw cell displayed no SVG"
    assert svgs[0].lstrip().startswith("<svg")
    assert "Donald Winnicott" in svgs[0]
    assert "<script" not in svgs[0]


def test_notebook_writes_the_explorer_page(executed: dict[str, Any]) -> None:
    assert "winnicott.html" in text_of(executed["explorer"])
    page = executed["_workdir"] / "winnicott.html"
    assert page.is_file()
    assert "Donald Winnicott" in page.read_text(encoding="utf-8")
