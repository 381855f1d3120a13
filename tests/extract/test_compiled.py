"""The guard against compiled modules older than their sources (editable installs)."""

from __future__ import annotations

import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from extract import stale_compiled_modules


def _files(folder: Path, source_time: float, compiled_time: float) -> None:
    folder.mkdir(parents=True)
    source, compiled = folder / "places.py", folder / f"places{EXTENSION_SUFFIXES[0]}"
    source.write_text("x = 1\n")
    compiled.write_bytes(b"")
    os.utime(source, (source_time, source_time))
    os.utime(compiled, (compiled_time, compiled_time))


def test_a_source_edited_after_compiling_is_named(tmp_path: Path) -> None:
    _files(tmp_path / "extract", source_time=2_000_000, compiled_time=1_000_000)
    assert stale_compiled_modules(tmp_path / "extract") == ["places.py"]


def test_a_module_compiled_after_its_last_edit_is_fine(tmp_path: Path) -> None:
    _files(tmp_path / "extract", source_time=1_000_000, compiled_time=2_000_000)
    assert stale_compiled_modules(tmp_path / "extract") == []


def test_an_installed_wheel_is_not_checked(tmp_path: Path) -> None:
    # pip writes a wheel's files in any order: their times say nothing there.
    _files(tmp_path / "site-packages" / "extract", source_time=2_000_000, compiled_time=1)
    assert stale_compiled_modules(tmp_path / "site-packages" / "extract") == []
