from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main

MOVEMAP = Path(sys.executable).with_name("movemap")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    "verb",
    [
        [],
        ["geocode"],
        ["gazetteer"],
        ["gazetteer", "build"],
        ["gazetteer", "add"],
        ["gazetteer", "import"],
        ["gazetteer", "info"],
    ],
)
def test_every_verb_has_help(verb: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run([*verb, "--help"], capsys)
    assert status == 0
    assert "Usage: movemap" in out


def test_geocode_text_and_jsonl(movemap_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["geocode", "al-Bokamal", "Deir Ezzor Governorate"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("al-Bokamal\tĀlbū Kamāl (populated_place, SY-DY, SY)")
    status, out, _ = run(["geocode", "Idlib province", "--format", "jsonl"], capsys)
    place = json.loads(out)
    assert place["kind"] == "admin1" and place["admin1"] == "SY-ID"
    assert set(place) >= {
        "text",
        "name",
        "kind",
        "country",
        "admin1",
        "geonameid",
        "lat",
        "lon",
        "precision_km",
        "score",
    }


def test_geocode_country_hint(movemap_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["geocode", "Tripoli", "--country", "LB", "--format", "jsonl"], capsys)
    assert json.loads(out)["country"] == "LB"


def test_geocode_candidates(movemap_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["geocode", "Tripoli", "--candidates", "3", "--format", "jsonl"], capsys)
    answer = json.loads(out)
    assert answer["query"] == "Tripoli" and len(answer["candidates"]) == 3


def test_from_file_gives_one_line_per_query_in_order(
    movemap_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = ["Kirkuk", "", "Qwxzvbnplk", "Baghouz", "x" * 10_000, "Deir ez-Zor"]
    source = tmp_path / "names.txt"
    source.write_text("\n".join(queries) + "\n", encoding="utf-8")
    status, out, _ = run(["geocode", "--from", str(source), "--format", "jsonl"], capsys)
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in records] == queries
    assert records[0]["geonameid"] == 94787
    assert records[1]["lat"] is None and "empty" in records[1]["error"]
    assert records[2]["lat"] is None and "error" not in records[2]
    assert records[4]["lat"] is None and "at most" in records[4]["error"]
    assert records[5]["geonameid"] == 170794


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["geocode", ""], "cannot be empty"),
        (["geocode", "x" * 10_000], "at most"),
        (["geocode", "a\x01b"], "control characters"),
        (["geocode"], "at least one place name"),
        (["geocode", "Homs", "--country", "Syria"], "alpha-2"),
        (["geocode", "Homs", "--index", "/nonexistent/index.sqlite"], "index not found"),
        (["geocode", "--from", "/nonexistent/names.txt"], "cannot be read"),
        (["geocode", "--bogus"], "No such option"),
        (["gazetteer", "add", "X", "--lat", "95", "--lon", "1"], "lat"),
        (["gazetteer", "add", "X", "--lat", "1", "--lon", "1", "--kind", "castle"], "kind"),
        (["gazetteer", "import", "/nonexistent/places.csv"], "no such file"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_status_2(
    movemap_home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(argv, capsys)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("movemap: error:") and message in err
    assert "Traceback" not in err


def test_unreadable_from_file(
    movemap_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "names.bin"
    binary.write_bytes(b"\x00\x01\x02")
    status, _, err = run(["geocode", "--from", str(binary)], capsys)
    assert status == 2 and "binary" in err


def test_add_and_import_change_what_geocode_answers(
    movemap_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run(
        [
            "gazetteer",
            "add",
            "Camp Tango",
            "--lat",
            "34.2",
            "--lon",
            "40.6",
            "--kind",
            "other",
            "--country",
            "SY",
            "--alt",
            "Tango base",
        ],
        capsys,
    )
    assert status == 0
    _, out, _ = run(["geocode", "Tango base", "--format", "jsonl"], capsys)
    assert json.loads(out)["lat"] == 34.2
    places = tmp_path / "places.csv"
    places.write_text("name,lat,lon,country\nSafe House 9,33.1,44.1,IQ\n", encoding="utf-8")
    status, _, err = run(["gazetteer", "import", str(places)], capsys)
    assert status == 0 and "imported 1 places" in err
    _, out, _ = run(["geocode", "Safe House 9", "--format", "jsonl"], capsys)
    assert json.loads(out)["country"] == "IQ"


def test_installed_command_runs_with_no_network_at_all(movemap_home: Path) -> None:
    # A fresh network namespace has no interfaces but loopback: any lookup or connection fails.
    env = {**os.environ, "MOVEMAP_HOME": str(movemap_home)}
    done = subprocess.run(
        [
            "unshare",
            "--map-root-user",
            "--net",
            str(MOVEMAP),
            "geocode",
            "Albukamal",
            "Kirkuk",
            "--format",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    ids = [json.loads(line)["geonameid"] for line in done.stdout.splitlines()]
    assert ids == [174448, 94787]
