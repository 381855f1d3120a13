"""Briefing maps: image size, flows where they go, text kept as text, filters, errors, sameness."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from cli import main
from extract.document import Extractor
from gazetteer import Gazetteer
from geo.briefing import CREDIT, BriefingError, render_briefing
from geo.flows import flow_lines
from geo.ingest import ingest
from geo.store import Store

from ..conftest import SHARED

VERMILLION = (213, 94, 0)  # the first group's colour
GREY = (110, 110, 110)  # "no group named"


def _town(name: str, lat: float, lon: float, country: str = "SY") -> dict[str, Any]:
    return {
        "name": name,
        "kind": "populated_place",
        "country": country,
        "lat": lat,
        "lon": lon,
        "precision_km": 5.0,
    }


RAQQA = _town("Raqqa", 35.953, 39.008)
DEIR = _town("Deir ez-Zor", 35.336, 40.141)
IDLIB = _town("Idlib", 35.931, 36.634)
# What the gazetteer once made of "the Middle East": a town in Maryland.
MARYLAND = _town("Middle East", 39.302, -76.590, "US")


def _movement(
    ident: str,
    origin: dict[str, Any] | None,
    destination: dict[str, Any],
    group: str | None = "Islamic State",
    size: int | None = 500,
) -> dict[str, Any]:
    return {
        "id": ident,
        "doc": f"{ident}.txt",
        "actor": "fighters",
        "group": group,
        "size": {"min": size, "max": size, "text": str(size)} if size else None,
        "origin": [origin] if origin else [],
        "via": [],
        "destination": [destination],
        "status": "completed",
        "date": {"start": "2017-10-12", "end": "2017-10-12", "precision": "day"},
        "publisher": "SANA",
        "cited_sources": ["Syrian Observatory for Human Rights"],
        "confidence": 0.9,
    }


def _pixels(path: Path) -> np.ndarray[Any, np.dtype[np.int64]]:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int64)


def _near(
    pixels: np.ndarray[Any, np.dtype[np.int64]],
    column: float,
    row: float,
    colour: tuple[int, int, int],
) -> bool:
    """Whether a pixel within 2 px of (column, row) has about this colour."""
    c, r = round(column), round(row)
    window = pixels[r - 2 : r + 3, c - 2 : c + 3].reshape(-1, 3)
    return bool((np.abs(window - np.array(colour)).max(axis=1) <= 30).any())


@pytest.mark.parametrize(
    ("size", "dpi", "pixels"),
    [("a4", 100, (1169, 827)), ("16:9", 30, (400, 225)), ("6x4", 50, (300, 200))],
)
def test_png_size_follows_size_and_dpi(
    tmp_path: Path, size: str, dpi: int, pixels: tuple[int, int]
) -> None:
    out = tmp_path / "map.png"
    result = render_briefing([_movement("m1", RAQQA, DEIR)], out, "png", size=size, dpi=dpi)
    with Image.open(out) as image:
        assert image.size == pixels  # landscape: wider than high
    assert (result.width_px, result.height_px) == pixels


def test_flow_is_drawn_where_it_goes_in_its_group_colour(tmp_path: Path) -> None:
    movement = _movement("m1", RAQQA, DEIR)
    # The middle vertex of the curved line, where no place dot or label sits.
    lon, lat = flow_lines([movement]).geometry[0].coords[8]
    named, unnamed = tmp_path / "named.png", tmp_path / "unnamed.png"
    result = render_briefing([movement], named, "png", size="a4", dpi=72)
    render_briefing([{**movement, "group": None}], unnamed, "png", size="a4", dpi=72)
    column, row = result.pixel(lon, lat)
    left, top, right, bottom = result.map_box
    assert left < column < right and top < row < bottom
    assert _near(_pixels(named), column, row, VERMILLION)
    assert not _near(_pixels(unnamed), column, row, VERMILLION)
    assert _near(_pixels(unnamed), column, row, GREY)
    # Away from the line, in the map's corner, there is no flow colour.
    assert not _near(_pixels(named), right - 20, top + 20, VERMILLION)


def test_arrival_is_a_circle_at_its_place(tmp_path: Path) -> None:
    out = tmp_path / "arrival.png"
    result = render_briefing([_movement("m1", None, DEIR)], out, "png", size="a4", dpi=72)
    column, row = result.pixel(DEIR["lon"], DEIR["lat"])
    pixels = _pixels(out)
    # A filled circle (the place is precise): its colour around the place's dot, on all sides.
    radius = 5
    for dc, dr in ((radius, 0), (-radius, 0), (0, radius), (0, -radius)):
        assert _near(pixels, column + dc, row + dr, VERMILLION)


def test_svg_keeps_title_legend_and_credits_as_text(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    render_briefing(
        [_movement("m1", RAQQA, DEIR), _movement("m2", IDLIB, RAQQA, group=None, size=None)],
        out,
        "svg",
        title="Fighters moving east",
        caveat="UNCLASSIFIED // TRAINING",
        size="16:9",
    )
    svg = out.read_text(encoding="utf-8")
    texts = set(re.findall(r"<text[^>]*>([^<]+)</text>", svg))
    for expected in (
        "Fighters moving east",
        "UNCLASSIFIED // TRAINING",
        "Who moved",
        "Islamic State",
        "no group named",
        "Reported number of people",
        "not reported",
        "Raqqa",
        "Deir ez-Zor",
        CREDIT,
    ):
        assert expected in texts, expected
    assert any("Reported by SANA" in t for t in texts)
    assert any("Syrian Observatory for Human Rights" in t for t in texts)


def test_far_places_stay_beyond_the_default_extent_and_are_named(tmp_path: Path) -> None:
    movements = [_movement("m1", RAQQA, DEIR), _movement("m2", IDLIB, MARYLAND)]
    out = tmp_path / "map.svg"
    result = render_briefing(movements, out, "svg", size="a4")
    assert result.off_map == ("Middle East",)
    lon1, lat1, lon2, lat2 = result.extent
    assert 30 < lon1 < lon2 < 45 and 30 < lat1 < lat2 < 40
    assert "Beyond the map's edge: Middle East." in out.read_text(encoding="utf-8")


def test_nothing_to_draw_is_an_error_not_an_empty_map(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    with pytest.raises(BriefingError, match="no movements to draw"):
        render_briefing([], out, "png")
    unplaced = {**_movement("m1", None, DEIR), "destination": [], "origin": []}
    denied = {**_movement("m2", RAQQA, DEIR), "status": "negated"}
    with pytest.raises(BriefingError, match="none of the 2 movements can be drawn"):
        render_briefing([unplaced, denied], out, "png")
    assert not out.exists()


def test_same_data_and_options_give_the_same_bytes(tmp_path: Path) -> None:
    """Also when drawn into memory, as the dashboard's download button does."""
    movements = [_movement("m1", RAQQA, DEIR), _movement("m2", None, IDLIB, group=None)]
    for fmt in ("svg", "png", "pdf"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        memory = io.BytesIO()
        for out in (first, second, memory):
            render_briefing(movements, out, fmt, title="Same", caveat="MARKING", dpi=40)
        assert first.read_bytes() == second.read_bytes() == memory.getvalue(), fmt
        assert len(memory.getvalue()) > 1000


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> Iterator[str]:
    """A GeoPackage store of the seed articles."""
    folder = tmp_path_factory.mktemp("briefing")
    gazetteer = Gazetteer.open(index_path, folder / "user.sqlite", build_missing=False)
    db = str(folder / "seeds.gpkg")
    with Store.open(db) as store:
        ingest([SHARED / "seeds"], store, Extractor(gazetteer))
    gazetteer.close()
    yield db


def _export(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["export", *argv])
    return status, capsys.readouterr().err


def _movements_drawn(svg: str) -> int:
    found = re.search(r"(\d+) movements? ·", svg)
    assert found is not None
    return int(found[1])


def test_filters_change_the_briefing(
    seeds_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    every, october = tmp_path / "all.svg", tmp_path / "october.svg"
    base = ["--format", "svg", "--db", seeds_db, "--size", "a4"]
    assert _export([*base, "--out", str(every)], capsys)[0] == 0
    status, err = _export(
        [*base, "--out", str(october), "--from", "2017-10-01", "--to", "2017-10-31"], capsys
    )
    assert status == 0 and "wrote a briefing map" in err
    every_svg, october_svg = (p.read_text(encoding="utf-8") for p in (every, october))
    assert 0 < _movements_drawn(october_svg) < _movements_drawn(every_svg)
    assert "filters: 2017-10-01 to 2017-10-31" in october_svg
    assert "no filters" in every_svg


def test_png_export_of_the_seeds(
    seeds_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "seeds.png"
    status, err = _export(
        ["--format", "png", "--db", seeds_db, "--out", str(out), "--size", "8x5", "--dpi", "40"],
        capsys,
    )
    assert status == 0, err
    with Image.open(out) as image:
        assert image.size == (320, 200)


def test_empty_selection_is_a_clear_message(
    seeds_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "none.png"
    argv = ["--format", "png", "--db", seeds_db, "--out", str(out)]
    status, err = _export([*argv, "--from", "1990-01-01", "--to", "1990-01-31"], capsys)
    assert status == 1
    assert err.strip() == (
        "movemap: no movements match (1990-01-01 to 1990-01-31); nothing written"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--extent", "30,40,35"], "--extent must be four numbers"),
        (["--extent", "40,30,35,38"], "--extent longitudes must be -180..180 with LON1 < LON2"),
        (["--extent", "35,95,40,96"], "--extent latitudes must be -90..90"),
        (["--dpi", "0"], "--dpi must be a whole number from 1 to 1200, not 0"),
        (["--size", "big"], "--size must be a4, 16:9 or WxH"),
        (["--size", "1x3"], "--size sides must be 2 to 60 inches each"),
    ],
)
def test_bad_image_options_are_one_line_errors(
    seeds_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: list[str],
    message: str,
) -> None:
    argv = ["--format", "png", "--db", seeds_db, "--out", str(tmp_path / "x.png"), *option]
    status, err = _export(argv, capsys)
    assert status == 2
    assert err.startswith(f"movemap: error: {message}") and err.count("\n") == 1


def test_map_options_are_refused_for_data_formats(
    seeds_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--format", "geojson", "--db", seeds_db, "--out", str(tmp_path / "x.geojson")]
    status, err = _export([*argv, "--title", "A map"], capsys)
    assert status == 2 and "apply to png, svg and pdf" in err
