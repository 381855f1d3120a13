"""``movemap extract`` on good and bad files: one error line per bad file, the rest still read."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cli import main

ARTICLE = (
    "Fighters cross into Syria\n\n"
    "DEIR EZ-ZOR, Syria — About forty fighters crossed from Iraq into Syria overnight and "
    "reached Deir ez-Zor, a local monitor said on Tuesday.\n\n"
    "Families living near the border fled north towards Hasakah, residents said.\n"
)
SECOND = "Dozens of families left Raqqa for Turkey this week, aid workers in Kobani said.\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def records(out: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in out.splitlines()]
    for line in lines:
        assert isinstance(line, dict) and {"type", "doc"} <= set(line), line
    return lines


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("movemap: error: ")]


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """One readable article and three files that cannot be read."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "scan.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00" + random.Random(1).randbytes(3000)
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.zip").write_bytes(b"PK\x03\x04" + random.Random(2).randbytes(500))
    return folder


def test_bad_files_are_named_once_and_the_good_one_is_read(
    movemap_home: Path, mixed_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["extract", str(mixed_folder)], capsys)
    assert status == 1
    errors = error_lines(err)
    assert len(errors) == 3, err
    by_file = {Path(line.split(": ")[2]).name: line for line in errors}
    assert set(by_file) == {"scan.txt", "empty.txt", "broken.zip"}
    assert f"movemap: error: {mixed_folder / 'scan.txt'}: binary data" in by_file["scan.txt"]
    assert by_file["empty.txt"] == f"movemap: error: {mixed_folder / 'empty.txt'}: empty file"
    assert by_file["broken.zip"].startswith(
        f"movemap: error: {mixed_folder / 'broken.zip'}: not a readable zip archive"
    )
    # One line for each bad file, whatever else is said; nothing about the good one.
    for name in ("scan.txt", "empty.txt", "broken.zip"):
        assert sum(name in line for line in err.splitlines()) == 1, err
    assert "good.txt" not in err
    lines = records(out)
    assert {line["doc"] for line in lines} == {"good.txt"}
    document = lines[0]
    assert document["type"] == "document"
    assert document["title"] == "Fighters cross into Syria"
    assert document["path"] == str(mixed_folder / "good.txt")
    places = {line["name"]: line for line in lines[1:] if line["type"] == "place"}
    assert places["Deir ez-Zor"]["country"] == "SY"
    assert places["Iraq"]["kind"] == "country"
    assert {line["type"] for line in lines[1:]} == {"place", "movement"}


def test_files_named_one_by_one_and_a_missing_one(
    movemap_home: Path, mixed_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = mixed_folder / "not-there.txt"
    argv = [
        "extract",
        str(mixed_folder / "empty.txt"),
        str(missing),
        str(mixed_folder / "good.txt"),
    ]
    status, out, err = run(argv, capsys)
    assert status == 1
    assert error_lines(err) == [
        f"movemap: error: {mixed_folder / 'empty.txt'}: empty file",
        f"movemap: error: {missing}: no such file or folder",
    ]
    first = records(out)[0]
    assert (first["type"], first["doc"]) == ("document", "good.txt")


def test_all_good_input_exits_zero(
    movemap_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.md"
    first.write_text(ARTICLE, encoding="utf-8")
    bundle = tmp_path / "more.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("reports/second.txt", SECOND)
    status, out, err = run(["extract", str(first), str(bundle)], capsys)
    assert status == 0, err
    assert error_lines(err) == []
    documents = [line for line in records(out) if line["type"] == "document"]
    assert [d["doc"] for d in documents] == ["first.md", "second.txt"]
    assert documents[1]["path"] == f"{bundle}/reports/second.txt"


def test_a_note_is_not_a_failure(
    movemap_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "arabic.txt"
    arabic = "دخل مقاتلون إلى سوريا من العراق عبر معبر البوكمال. "
    path.write_bytes((arabic * 3 + "\nFighters crossed at Al-Bukamal.\n").encode("cp1256"))
    status, out, err = run(["extract", str(path)], capsys)
    assert status == 0, err
    assert f"movemap: note: {path}: not UTF-8: read as cp1256 (Arabic)" in err.splitlines()
    assert error_lines(err) == []
    assert records(out)[0]["doc"] == "arabic.txt"


def test_text_format_prints_one_summary_line_per_article(
    movemap_home: Path, mixed_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mixed_folder / "second.txt").write_text(SECOND, encoding="utf-8")
    status, out, err = run(["extract", "--format", "text", str(mixed_folder)], capsys)
    assert status == 1
    assert len(error_lines(err)) == 3
    lines = out.splitlines()
    assert len(lines) == 2
    good, second = (line.split("\t") for line in lines)
    assert good[0] == "good.txt" and second[0] == "second.txt"
    assert good[3] == "Fighters cross into Syria"
    assert "Deir ez-Zor" in good[4] and "Iraq" in good[4]
    assert "Raqqa" in second[4]


def test_text_column_and_size_limit_options(
    movemap_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "rows.csv"
    summary = "About forty fighters crossed from Iraq into Deir ez-Zor, a monitor said."
    table.write_text(f'headline,summary\nCrossing,"{summary}"\n', encoding="utf-8")
    status, out, err = run(["extract", str(table)], capsys)
    assert status == 1
    assert error_lines(err) == [
        f"movemap: error: {table}: no text column found (columns: headline, summary); choose one"
    ]
    status, out, err = run(["extract", "--text-column", "summary", str(table)], capsys)
    assert status == 0, err
    lines = records(out)
    assert lines[0]["doc"] == "rows.csv#1" and lines[0]["title"] == "Crossing"
    assert "Deir ez-Zor" in {line.get("name") for line in lines[1:]}
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 40, encoding="utf-8")
    status, out, err = run(["extract", "--max-mb", "0.001", str(big)], capsys)
    assert status == 1 and out == ""
    [line] = error_lines(err)
    assert line.startswith(f"movemap: error: {big}: too large for an article")
