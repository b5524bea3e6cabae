"""The wheel carries the ontology and the data, and a plain install works from any folder.

Builds the wheel, installs it (without dependencies) into a fresh virtual environment that borrows the
test environment's third-party packages, and runs the installed CLI from a temporary directory.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import psygraph

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("psygraph-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed; third-party packages come from the test environment."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return env_dir


def test_wheel_ships_ontology_and_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "psygraph/_bundled/data/concepts.ttl" in names
    assert "psygraph/_bundled/ontology/psygraph.ttl" in names
    assert "psygraph/_bundled/ontology/shapes.ttl" in names


def test_wheel_ships_the_sites_templates_and_assets(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("base", "entity", "list", "claims", "defences", "evidence", "ontology", "index"):
        assert f"psygraph/site/templates/{template}.html" in names
    assert "psygraph/site/static/site.css" in names
    assert "psygraph/site/static/search.js" in names


def test_installed_package_loads_bundled_data_from_any_folder(installed: Path, tmp_path: Path) -> None:
    code = "import psygraph, sys; kg = psygraph.load(); print(psygraph.__file__); print(len(kg))"
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, triples = result.stdout.split()
    assert Path(module_file).is_relative_to(installed)
    assert int(triples) == len(psygraph.load())


def test_installed_cli_answers_from_a_temporary_folder(installed: Path, tmp_path: Path) -> None:
    version = subprocess.run(
        [str(installed / "bin" / "psygraph"), "--version"], cwd=tmp_path, capture_output=True, text=True
    )
    assert version.returncode == 0, version.stderr
    assert psygraph.__version__ in version.stdout
    show = subprocess.run(
        [str(installed / "bin" / "psygraph"), "show", "Sigmund Freud"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert show.returncode == 0, show.stderr
    assert "1856" in show.stdout
