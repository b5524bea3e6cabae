"""Atomic writes: the target is replaced whole or not at all, and no temporary file is left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psygraph.atomic import (
    TEMP_PREFIX,
    atomic_write,
    atomic_write_bytes,
    atomic_write_many,
    atomic_write_text,
)


class Interrupted(Exception):
    """Stands for anything that goes wrong halfway through a write."""


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def write_then_fail(target: Path, mode: str, payload: str | bytes) -> None:
    with atomic_write(target, mode) as handle:
        handle.write(payload)
        raise Interrupted


def write_many_then_fail(paths: list[Path]) -> None:
    with atomic_write_many(paths) as handles:
        handles[0].write("new")
        raise Interrupted


@pytest.mark.parametrize(("mode", "payload"), [("w", "ünïcode text\n"), ("wb", b"\x00\x01 bytes")])
def test_writes_new_file(tmp_path: Path, mode: str, payload: str | bytes) -> None:
    target = tmp_path / "out"
    with atomic_write(target, mode) as handle:
        handle.write(payload)
    written = target.read_bytes() if mode == "wb" else target.read_text(encoding="utf-8")
    assert written == payload
    assert leftovers(tmp_path) == []


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


def test_failure_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("good", encoding="utf-8")
    with pytest.raises(Interrupted):
        write_then_fail(target, "w", "half a fi")
    assert target.read_text(encoding="utf-8") == "good"
    assert leftovers(tmp_path) == []


def test_failure_without_old_file_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with pytest.raises(Interrupted):
        write_then_fail(target, "wb", b"partial")
    assert list(tmp_path.iterdir()) == []


def test_temp_file_lives_beside_target(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_write(target) as handle:
        handle.write("x")
        assert len(leftovers(tmp_path)) == 1
        assert not target.exists()
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_keeps_mode_of_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_new_file_gets_usual_mode_not_private_temp_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "out", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o644


def test_text_mode_writes_unix_newlines(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "out.txt", "a\nb\n")
    assert (tmp_path / "out.txt").read_bytes() == b"a\nb\n"


def test_rejects_read_mode(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode"), atomic_write(tmp_path / "x", "r"):
        pass


def test_many_replaces_all_on_success(tmp_path: Path) -> None:
    paths = [tmp_path / "a.csv", tmp_path / "b.csv"]
    with atomic_write_many(paths) as handles:
        for handle, text in zip(handles, ("A", "B"), strict=True):
            handle.write(text)
    assert [p.read_text(encoding="utf-8") for p in paths] == ["A", "B"]


def test_many_keeps_all_old_files_on_failure(tmp_path: Path) -> None:
    paths = [tmp_path / "a.csv", tmp_path / "b.csv"]
    for path in paths:
        path.write_text("old", encoding="utf-8")
    with pytest.raises(Interrupted):
        write_many_then_fail(paths)
    assert [p.read_text(encoding="utf-8") for p in paths] == ["old", "old"]
    assert leftovers(tmp_path) == []
