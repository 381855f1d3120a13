"""The offline movement map: what the rendered page loads, draws, escapes and explains."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import lxml.html
import pytest

from geo.flows import flow_lines
from geo.layers import (
    OTHER_COLOR,
    PALETTE,
    UNREAL_DASH,
    VAGUE_DASH,
    OfflineMap,
    flow_colors,
    flow_width,
    map_bounds,
    movement_map,
    static_assets,
)
from geo.places import places_frame

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
TEMPLATE = "`${alert(3)}`"


@pytest.fixture(scope="module", autouse=True)
def outline_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The country outlines are built once into a folder of this module's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MOVEMAP_HOME", str(tmp_path_factory.mktemp("home")))
        yield


def place(name: str, lat: float, lon: float, key: int, precision_km: float = 5.0) -> Any:
    return {
        "name": name,
        "kind": "populated_place",
        "country": "SY",
        "geonameid": key,
        "lat": lat,
        "lon": lon,
        "precision_km": precision_km,
    }


RAQQA = place("Raqqa", 35.95, 39.01, 1)
DEIR = place("Deir ez-Zor", 35.33, 40.14, 2)
IDLIB = place("Idlib", 35.93, 36.63, 3)
IRAQ = {**place("Iraq", 33.0, 44.0, 4, 373.0), "kind": "country", "country": "IQ"}


def movement(number: int, start: Any, end: Any, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"m{number}",
        "doc": f"d{number}.txt",
        "actor": "fighters",
        "group": None,
        "size": {"min": 100, "max": 999, "text": "hundreds"},
        "origin": [start] if start else [],
        "via": [],
        "destination": [end] if end else [],
        "status": "completed",
        "date": {"start": "2017-10-12", "end": "2017-10-12", "precision": "day"},
        "publisher": "Global Research",
        "cited_sources": ["SOHR"],
        "evidence": {"text": "Fighters moved."},
        "confidence": 0.9,
    }
    return {**base, **fields}


def flows_of(movements: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """A flow_lines frame with the group column report_flows adds."""
    flows = flow_lines(movements)
    flows.insert(4, "group", [m.get("group") for m in movements])
    return flows


def render(m: OfflineMap) -> str:
    return m.get_root().render()


def layer_data(page: str, kind: str) -> list[dict[str, Any]]:
    """The JSON array a FlowLayer or PlaceLayer hands to its script."""
    found = re.findall(rf"var ({kind}_\w+)_data = (.*);\n", page)
    assert len(found) == 1, f"expected one {kind} layer, found {len(found)}"
    data: list[dict[str, Any]] = json.loads(found[0][1])
    return data


def legend_html(page: str) -> str:
    (text,) = re.findall(r"div\.innerHTML = (.*);\n", page)
    value: str = json.loads(text)
    return value


@pytest.fixture
def three() -> gpd.GeoDataFrame:
    return flows_of(
        [
            movement(1, RAQQA, DEIR, group="Islamic State"),
            movement(2, IRAQ, DEIR, group="Islamic State"),
            movement(3, IDLIB, RAQQA, status="planned", group="HTS"),
            movement(4, None, IDLIB, size=None),
            movement(5, None, None),
        ]
    )


def test_page_loads_nothing_from_another_host(three: gpd.GeoDataFrame) -> None:
    page = render(movement_map(three))
    tree = lxml.html.fromstring(page)
    for element in tree.iter():
        for attribute in ("src", "href"):
            value = element.get(attribute)
            assert value is None or not re.match(r"\s*(https?:)?//", value), value
    scripts = [s.text or "" for s in tree.iter("script")]
    assert any("Leaflet 1.9.3" in s for s in scripts), "Leaflet not inlined"
    assert any("jQuery v3.7.1" in s for s in scripts), "jQuery not inlined"
    assert any(".leaflet-container" in (s.text or "") for s in tree.iter("style"))
    for absent in ("bootstrap", "awesome-markers", "fontawesome", "cdn.", "openstreetmap"):
        assert absent not in page.lower()
    assert "L.tileLayer" not in page


def test_assets_from_a_local_path(three: gpd.GeoDataFrame, tmp_path: Path) -> None:
    page = render(movement_map(three, assets="/app/static/"))
    tree = lxml.html.fromstring(page)
    sources = sorted(s.get("src") for s in tree.iter("script") if s.get("src"))
    links = [link.get("href") for link in tree.iter("link")]
    assert sources == ["/app/static/jquery.min.js", "/app/static/leaflet.js"]
    assert links == ["/app/static/leaflet.css"]
    written = static_assets(tmp_path / "static")
    assert sorted(p.name for p in written) == ["jquery.min.js", "leaflet.css", "leaflet.js"]
    assert "Leaflet 1.9.3" in (tmp_path / "static" / "leaflet.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("assets", ["https://cdn.example/", "//cdn.example/", "static"])
def test_remote_or_malformed_asset_paths_are_refused(assets: str) -> None:
    with pytest.raises(ValueError, match="assets"):
        OfflineMap(assets=assets)


def test_tiles_only_when_asked(three: gpd.GeoDataFrame) -> None:
    assert "tile.openstreetmap.org" not in render(movement_map(three))
    assert "tile.openstreetmap.org" in render(movement_map(three, tiles=True))


def test_base_layer_is_country_outlines(three: gpd.GeoDataFrame) -> None:
    page = render(movement_map(three))
    (data,) = re.findall(r"geo_json_\w+_add\((\{.*\})\);", page)
    names = {f["properties"]["name"] for f in json.loads(data)["features"]}
    assert {"Syria", "Iraq", "Turkey"} <= names
    assert len(names) > 150


def test_one_line_and_arrowhead_per_movement_and_circles_for_arrivals(
    three: gpd.GeoDataFrame,
) -> None:
    items = layer_data(render(movement_map(three)), "flow_layer")
    # The unplaced movement is not drawn; the legend says so (below).
    assert len(items) == 4
    assert [len(i["lines"]) for i in items] == [1, 1, 1, 0]
    assert [len(i["arrows"]) for i in items] == [1, 1, 1, 0]
    assert [len(i["points"]) for i in items] == [0, 0, 0, 1]
    # The arrowhead's tip is the destination; the line stops inside the head.
    tip = items[0]["arrows"][0][0]
    assert tip == pytest.approx([DEIR["lat"], DEIR["lon"]], abs=1e-3)
    assert items[0]["lines"][0][0] == pytest.approx([RAQQA["lat"], RAQQA["lon"]], abs=1e-3)
    assert items[0]["lines"][0][-1] != pytest.approx(tip, abs=1e-3)


def test_fan_out_draws_a_line_and_arrow_per_destination() -> None:
    fan = movement(1, RAQQA, None, destination=[DEIR, IDLIB])
    (item,) = layer_data(render(movement_map(flows_of([fan]))), "flow_layer")
    assert len(item["lines"]) == len(item["arrows"]) == 2


def test_line_styles_say_how_sure_the_report_is(three: gpd.GeoDataFrame) -> None:
    precise, vague, planned, arrival = layer_data(render(movement_map(three)), "flow_layer")
    assert precise["line"]["dashArray"] is None
    assert vague["line"]["dashArray"] == VAGUE_DASH
    assert planned["line"]["dashArray"] == UNREAL_DASH
    assert planned["line"]["opacity"] < precise["line"]["opacity"]
    assert arrival["point"]["fillColor"] != "#ffffff"
    # Width by size, thin when the size is unknown.
    assert precise["line"]["weight"] == pytest.approx(flow_width(100), abs=0.01)
    assert flow_width(None) < flow_width(10) < flow_width(1000) < flow_width(10_000)


def test_colours_follow_the_group_and_the_legend_names_them(three: gpd.GeoDataFrame) -> None:
    page = render(movement_map(three))
    precise, vague, planned, arrival = layer_data(page, "flow_layer")
    assert precise["line"]["color"] == vague["line"]["color"] != planned["line"]["color"]
    assert arrival["point"]["color"] == OTHER_COLOR
    legend = legend_html(page)
    assert "Islamic State (2)" in legend and "HTS (1)" in legend
    assert "1 movement with no place on the map" in legend


def test_colour_by_source() -> None:
    flows = flows_of(
        [
            movement(1, RAQQA, DEIR, cited_sources=["SOHR"]),
            movement(2, RAQQA, IDLIB, cited_sources=[], publisher="Reuters"),
        ]
    )
    page = render(movement_map(flows, color_by="source"))
    first, second = layer_data(page, "flow_layer")
    assert first["line"]["color"] != second["line"]["color"]
    assert "SOHR (1)" in legend_html(page) and "Reuters (1)" in legend_html(page)


def test_colours_are_stable_and_distinct() -> None:
    colors = flow_colors(["a", "b", "b", "c", None])
    assert list(colors) == ["b", "a", "c"]
    assert len(set(colors.values())) == 3 and set(colors.values()) <= set(PALETTE)
    assert flow_colors(["a", "b", "b", "c"]) == colors
    many = flow_colors(f"group {i}" for i in range(len(PALETTE) + 3))
    assert len(many) == len(PALETTE)


def test_tooltip_and_popup_tell_who_says_so() -> None:
    relayed = movement(
        1,
        RAQQA,
        DEIR,
        cited_sources=["SOHR", "Al-Masdar News"],
        original_source="Al-Masdar News",
        evidence={"text": "Hundreds of fighters left Raqqa for Deir ez-Zor."},
    )
    flows = flows_of([relayed])
    flows["original_source"] = ["Al-Masdar News"]
    (item,) = layer_data(render(movement_map(flows)), "flow_layer")
    for text in (item["tooltip"], item["popup"]):
        assert "SOHR via Al-Masdar News via Global Research" in text
        assert "2 independent sources" in text
        assert "fighters" in text and "100–999 people" in text and "2017-10-12" in text
        assert "completed" in text and "Raqqa → Deir ez-Zor" in text
    assert "Hundreds of fighters left Raqqa for Deir ez-Zor." in item["popup"]


def test_article_text_is_escaped_everywhere() -> None:
    hostile = movement(
        1,
        {**RAQQA, "name": IMAGE},
        DEIR,
        actor=SCRIPT + TEMPLATE,
        group=SCRIPT,
        publisher=IMAGE,
        cited_sources=[TEMPLATE],
        evidence={"text": f"They came {SCRIPT} and {IMAGE} {TEMPLATE}."},
        size={"min": 10, "max": 10, "text": IMAGE},
    )
    flows = flows_of([hostile])
    places = places_frame([{**RAQQA, "name": SCRIPT}])
    for color_by in ("actor", "source"):
        page = render(movement_map(flows, places, color_by=color_by))
        for raw in (SCRIPT, IMAGE, "<img", "alert(1)</script>"):
            assert raw not in page
        # The backtick text is only ever data in a JSON string, never in a template literal.
        for line in (line for line in page.splitlines() if "${alert" in line):
            assert re.match(r"\s*var \w+_data = ", line) or "div.innerHTML = " in line
        tree = lxml.html.fromstring(page)
        assert not list(tree.iter("img"))
        (item,) = layer_data(page, "flow_layer")
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
        assert escaped in item["tooltip"] and escaped in item["popup"]
        assert "&lt;img src=x onerror=alert(2)&gt;" in item["popup"]
        assert TEMPLATE in item["popup"]  # inert text inside a JSON string, not a template
        (place_item,) = layer_data(page, "place_layer")
        assert place_item["label"] == escaped
        legend = legend_html(page)
        assert "<script" not in legend and "<img" not in legend
    assert escaped in legend_html(render(movement_map(flows)))


def test_aggregation_above_max_lines() -> None:
    movements = [
        movement(i, RAQQA if i % 2 else IDLIB, DEIR, size={"min": 10, "max": 10, "text": "10"})
        for i in range(12)
    ]
    flows = flows_of(movements)
    one_by_one = layer_data(render(movement_map(flows, max_lines=12)), "flow_layer")
    assert len(one_by_one) == 12
    page = render(movement_map(flows, max_lines=11))
    routes = layer_data(page, "flow_layer")
    assert len(routes) == 2
    assert all("6 movements summed" in r["tooltip"] for r in routes)
    assert all("at least 60 people" in r["tooltip"] for r in routes)
    assert routes[0]["line"]["weight"] == pytest.approx(flow_width(60), abs=0.01)
    assert "12 movements summed by route" in legend_html(page)
    busiest = layer_data(render(movement_map(flows, max_lines=1)), "flow_layer")
    assert len(busiest) == 1
    assert len(layer_data(render(movement_map(flows, aggregate="always")), "flow_layer")) == 2


def test_places_sized_by_mentions() -> None:
    places = places_frame([{**RAQQA, "spans": [[0, 5]] * 8}, {**DEIR, "spans": [[0, 3]]}])
    flows = flows_of([movement(1, RAQQA, DEIR)])
    raqqa, deir = layer_data(render(movement_map(flows, places)), "place_layer")
    assert raqqa["label"] == "Raqqa" and raqqa["radius"] > deir["radius"]
    assert "named 8 times" in raqqa["tooltip"]


def test_map_bounds() -> None:
    flows = flows_of([movement(1, RAQQA, DEIR), movement(2, None, IDLIB), movement(3, None, None)])
    (south, west), (north, east) = map_bounds(flows) or [[0, 0], [0, 0]]
    assert south <= DEIR["lat"] and north >= IDLIB["lat"]
    assert west <= IDLIB["lon"] and east >= DEIR["lon"]
    (south, west), (north, east) = map_bounds(flows.iloc[[1]]) or [[0, 0], [0, 0]]
    assert north - south == pytest.approx(1.0) and east - west == pytest.approx(1.0)
    assert map_bounds(flows.iloc[[2]]) is None


@pytest.mark.parametrize(
    ("option", "value"),
    [("color_by", "colour"), ("aggregate", "weekly"), ("max_lines", 0)],
)
def test_bad_options_are_refused(three: gpd.GeoDataFrame, option: str, value: Any) -> None:
    with pytest.raises(ValueError, match=option):
        movement_map(three, **{option: value})
