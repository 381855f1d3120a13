"""The guard against compiled modules older than their sources (editable installs)."""

from __future__ import annotations

import ast
import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from gazetteer.compiled import stale_compiled_modules

EXTRACT = Path(__file__).resolve().parents[2] / "extract"


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


def _dataclasses_with_init() -> list[tuple[str, ast.ClassDef, ast.FunctionDef]]:
    found = []
    for path in sorted(EXTRACT.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                "dataclass" in ast.unparse(d) for d in node.decorator_list
            ):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        found.append((path.name, node, item))
    return found


WRITTEN_OUT = _dataclasses_with_init()


def test_the_hot_dataclasses_write_their_init_out() -> None:
    names = {node.name for _, node, _ in WRITTEN_OUT}
    assert {"Mention", "PlaceLine", "Citation", "Paragraph", "Document"} <= names


@pytest.mark.parametrize(
    ("module", "node", "init"), WRITTEN_OUT, ids=[node.name for _, node, _ in WRITTEN_OUT]
)
def test_a_written_out_init_sets_every_field_in_order(
    module: str, node: ast.ClassDef, init: ast.FunctionDef
) -> None:
    fields = [
        (item.target.id, ast.unparse(item.annotation))
        for item in node.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    ]
    parameters = [
        (a.arg, ast.unparse(a.annotation) if a.annotation else "") for a in init.args.args
    ]
    assert parameters[1:] == fields
    field_defaults = [
        ast.unparse(item.value)
        for item in node.body
        if isinstance(item, ast.AnnAssign) and item.value is not None
    ]
    assert [ast.unparse(d) for d in init.args.defaults] == field_defaults
    assigned = []
    for statement in init.body:  # object.__setattr__(self, "name", name) or self.name = name
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            assigned.append(ast.literal_eval(statement.value.args[1]))
        elif isinstance(statement, ast.Assign):
            assigned.append(ast.unparse(statement.targets[0]).removeprefix("self."))
    assert assigned == [name for name, _ in fields]
