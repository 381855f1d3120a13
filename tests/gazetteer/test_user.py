from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer import Gazetteer, GazetteerFileError, Row
from gazetteer.user import add_places, import_file, read_places_file

# Two lines in the GeoNames dump format (19 tab-separated columns). The hamlet is invented for the
# test; the second line overrides a real town's coordinates to prove user rows win.
DUMP_LINES = [
    [
        "9000001",
        "Tall Qasimiyat",
        "Tall Qasimiyat",
        "Tal Qasimiyat,Tell Qasimiyeh",
        "34.9000",
        "40.6000",
        "P",
        "PPL",
        "SY",
        "",
        "07",
        "",
        "",
        "",
        "0",
        "",
        "210",
        "Asia/Damascus",
        "2024-01-01",
    ],
    [
        "170794",
        "Deir ez-Zor",
        "Deir ez-Zor",
        "Deir Ezzor",
        "35.4000",
        "40.2000",
        "P",
        "PPLA",
        "SY",
        "",
        "07",
        "",
        "",
        "",
        "271800",
        "",
        "210",
        "Asia/Damascus",
        "2024-01-01",
    ],
]


def _open(index_path: Path, user: Path) -> Gazetteer:
    return Gazetteer.open(index_path, user, build_missing=False)


def test_added_place_is_found_and_overrides_a_builtin_namesake(
    index_path: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user.sqlite"
    add_places(
        [
            Row(
                name="Albukamal",
                kind="other",
                lat=34.5,
                lon=40.9,
                country="SY",
                source="user",
                alternates={"Camp Albukamal"},
            )
        ],
        user,
    )
    add_places(
        [
            Row(
                name="Wadi Samer Outpost",
                kind="other",
                lat=34.1,
                lon=40.2,
                country="SY",
                source="user",
            )
        ],
        user,
    )
    gaz = _open(index_path, user)
    top = gaz.candidates("Albukamal")[0]
    assert (top.feature.source, top.feature.lat, top.feature.kind) == ("user", 34.5, "other")
    assert "user gazetteer" in top.reason
    assert gaz.resolve("Camp Albukamal").lat == 34.5
    assert gaz.resolve("Wadi Samer outpost").lon == 40.2
    assert gaz.resolve("Wadi Samr Outpost").lon == 40.2  # fuzzy reaches user places too
    gaz.close()


def test_geonames_dump_import(index_path: Path, tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text("\n".join("\t".join(cols) for cols in DUMP_LINES) + "\n", encoding="utf-8")
    user = tmp_path / "user.sqlite"
    assert import_file(dump, user) == 2
    gaz = _open(index_path, user)
    hamlet = gaz.resolve("Tell Qasimiyeh")
    assert (hamlet.lat, hamlet.admin1, hamlet.geonameid) == (34.9, "SY-DY", 9000001)
    # the user's row for GeoNames 170794 replaces the built-in one entirely
    found = gaz.candidates("Deir ez-Zor", limit=10)
    ids = [(c.feature.source, c.feature.geonameid) for c in found]
    assert ids[0] == ("user", 170794)
    assert ("geonames", 170794) not in ids
    gaz.close()


def test_csv_import_with_optional_columns(index_path: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "ours.csv"
    csv_file.write_text(
        "# our field office's places\n"
        "name,lat,lon,kind,country,admin1,alternates\n"
        "Checkpoint 17,36.1,37.2,other,SY,SY-HL,CP17|Checkpoint Seventeen\n"
        "Nahr Village,35.0,40.0,,SY,,\n",
        encoding="utf-8",
    )
    user = tmp_path / "user.sqlite"
    assert import_file(csv_file, user) == 2
    gaz = _open(index_path, user)
    assert gaz.resolve("Checkpoint Seventeen").admin1 == "SY-HL"
    assert gaz.resolve("Nahr Village").kind == "populated_place"
    gaz.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"place,latitude\nX,1\n", "missing column"),
        (b"name,lat,lon\nX,north,40\n", "not a number"),
        (b"name,lat,lon\nX,95,40\n", "outside"),
        (b"name,lat,lon,kind\nX,35,40,castle\n", "kind"),
        (b"name,lat,lon\n,35,40\n", "empty name"),
        (b"name,lat,lon\n\xe9t\xe9,35,40\n", "not UTF-8"),
        (b"1\tX\tX\t\tnot-a-lat\t40\tP\tPPL\tSY\t\t07\t\t\t\t0\t\t\t\t\n", "latitude"),
    ],
)
def test_bad_files_are_refused_with_the_file_and_reason(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "places.csv"
    path.write_bytes(content)
    with pytest.raises(GazetteerFileError) as err:
        read_places_file(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerFileError, match="no such file"):
        read_places_file(tmp_path / "nope.csv")
