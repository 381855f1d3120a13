"""Flow lines, endpoints and aggregation on small movements written for these tests."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
import shapely
from pyproj import Geod

from extract.document import Extractor
from extract.read import Article, read_paths
from gazetteer import Gazetteer
from geo.countries import INWARD_KM, country_outline
from geo.flows import (
    AGGREGATE_SCHEMA,
    BEND,
    ENDPOINT_SCHEMA,
    FLOW_SCHEMA,
    LEG_POINTS,
    VAGUE_KM,
    aggregate_flows,
    flow_endpoints,
    flow_geometry,
    flow_lines,
)

from ..conftest import SHARED

GEOD = Geod(ellps="WGS84")
ALBUKAMAL = (34.45226, 40.91854)


def place(
    name: str,
    lat: float | None,
    lon: float | None,
    *,
    kind: str = "populated_place",
    country: str | None = "SY",
    admin1: str | None = None,
    geonameid: int | None = None,
    precision_km: float | None = 5.0,
) -> dict[str, Any]:
    return {
        "text": name,
        "name": name,
        "kind": kind,
        "country": country,
        "admin1": admin1,
        "geonameid": geonameid,
        "lat": lat,
        "lon": lon,
        "precision_km": precision_km,
        "score": 1.0,
    }


RAQQA = place("Raqqa", 35.95, 39.01, geonameid=1)
MOSUL = place("Mosul", 36.34, 43.13, country="IQ", geonameid=2)
MANBIJ = place("Manbij", 36.53, 37.95, geonameid=3)
TOWN = place("Albukamal", *ALBUKAMAL, admin1="SY-DY", geonameid=174448)
IRAQ = place("Iraq", 33.0, 44.0, kind="country", country="IQ", geonameid=99237, precision_km=373)
SYRIA = place("Syria", 35.0, 38.0, kind="country", geonameid=163843, precision_km=242.8)
IDLIB = place("Idlib", 35.83, 36.62, kind="admin1", admin1="SY-ID", geonameid=5, precision_km=38)
DEIR = place(
    "Deir ez-Zor", 35.03, 40.39, kind="admin1", admin1="SY-DY", geonameid=6, precision_km=60.6
)


def movement(
    ident: str,
    origin: list[dict[str, Any]] | None = None,
    via: list[dict[str, Any]] | None = None,
    destination: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": ident,
        "doc": f"{ident}.txt",
        "actor": "fighters",
        "size": None,
        "origin": origin or [],
        "via": via or [],
        "destination": destination or [],
        "status": "completed",
        "date": {"start": None, "end": None, "precision": "unknown", "text": ""},
        "cited_sources": [],
        "publisher": "Outlet",
        "evidence": {"text": "They moved.", "start": 0, "end": 11},
        "confidence": 0.9,
    }
    record.update(fields)
    return record


def outline(iso2: str) -> Any:
    """A country's outline, which the tests need to exist."""
    shape = country_outline(iso2)
    assert shape is not None
    return shape


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two (lat, lon) points."""
    return float(GEOD.inv(a[1], a[0], b[1], b[0])[2]) / 1000


def ends(line: Any) -> tuple[tuple[float, float], tuple[float, float]]:
    """First and last point of a line as (lat, lon)."""
    (lon1, lat1), (lon2, lat2) = line.coords[0], line.coords[-1]
    return (lat1, lon1), (lat2, lon2)


def test_a_line_runs_from_origin_to_destination() -> None:
    flows = flow_lines([movement("m1", [RAQQA], [], [MOSUL])])
    line = flows.geometry[0]
    assert flows.loc[0, "kind"] == "line"
    assert line.geom_type == "LineString"
    assert len(line.coords) == LEG_POINTS
    assert ends(line) == ((RAQQA["lat"], RAQQA["lon"]), (MOSUL["lat"], MOSUL["lon"]))
    assert flows.loc[0, "origin"] == "Raqqa" and flows.loc[0, "destination"] == "Mosul"


def test_reports_of_the_same_places_share_one_drawing_and_keep_their_own_fields() -> None:
    flows = flow_lines(
        [
            movement("m1", [RAQQA], [], [MOSUL], actor="fighters"),
            movement("m2", [RAQQA], [], [MOSUL], actor="families", status="planned"),
            movement("m3", [MOSUL], [], [RAQQA]),
            movement("m4", [RAQQA], [], [{**MOSUL, "lat": 36.0}]),
        ]
    )
    assert flows.geometry[0] is flows.geometry[1]
    assert list(flows["actor"][:2]) == ["fighters", "families"]
    assert list(flows["status"][:2]) == ["completed", "planned"]
    assert ends(flows.geometry[2]) == ends(flows.geometry[0])[::-1]
    assert ends(flows.geometry[3])[1] == (36.0, MOSUL["lon"])


def test_a_line_passes_through_its_via_places_in_order() -> None:
    line = flow_geometry(movement("m1", [MANBIJ], [RAQQA, TOWN], [MOSUL]))
    assert line is not None
    coords = list(line.coords)
    assert len(coords) == 3 * LEG_POINTS - 2
    assert coords[LEG_POINTS - 1] == (RAQQA["lon"], RAQQA["lat"])
    assert coords[2 * LEG_POINTS - 2] == (TOWN["lon"], TOWN["lat"])


def _bulge(line: Any) -> tuple[float, float, float]:
    """The line's middle point (lat, lon) and its distance in km from the geodesic's middle."""
    (lat1, lon1), (lat2, lon2) = ends(line)
    ((mid_lon, mid_lat),) = GEOD.npts(lon1, lat1, lon2, lat2, 1)
    lon, lat = line.coords[LEG_POINTS // 2]
    return lat, mid_lat, km((lat, lon), (mid_lat, mid_lon))


def test_opposite_flows_bend_to_opposite_sides() -> None:
    west = place("West", 35.0, 38.0, geonameid=11)
    east = place("East", 35.0, 44.0, geonameid=12)
    flows = flow_lines([movement("out", [west], [], [east]), movement("back", [east], [], [west])])
    out_lat, mid_lat, out_km = _bulge(flows.geometry[0])
    back_lat, _, back_km = _bulge(flows.geometry[1])
    length = km((35.0, 38.0), (35.0, 44.0))
    # Right of travel: south going east, north coming back, by BEND of the leg at its middle.
    assert out_lat < mid_lat < back_lat
    assert out_km == pytest.approx(BEND * length, rel=0.02)
    assert back_km == pytest.approx(BEND * length, rel=0.02)
    assert not flows.geometry[0].intersects(shapely.LineString(flows.geometry[1].coords[1:-1]))


def test_a_destination_without_origin_is_an_arrival_point() -> None:
    flows = flow_lines([movement("m1", destination=[MOSUL]), movement("m2", origin=[RAQQA])])
    assert list(flows["kind"]) == ["arrival", "departure"]
    assert flows.geometry[0].equals(shapely.Point(MOSUL["lon"], MOSUL["lat"]))
    assert flows.geometry[1].equals(shapely.Point(RAQQA["lon"], RAQQA["lat"]))


def test_via_and_destination_without_origin_draw_the_leg_they_name() -> None:
    flows = flow_lines([movement("m1", via=[TOWN], destination=[DEIR])])
    assert flows.loc[0, "kind"] == "line"
    assert ends(flows.geometry[0]) == (ALBUKAMAL, (DEIR["lat"], DEIR["lon"]))


def test_places_without_coordinates_are_skipped_and_the_movement_kept() -> None:
    lost = place("Nowhere", None, None, geonameid=99)
    flows = flow_lines(
        [movement("m1", [lost], [], [MOSUL]), movement("m2", [lost], [], [lost], actor="x")]
    )
    assert list(flows["movement_id"]) == ["m1", "m2"]
    assert list(flows["kind"]) == ["arrival", "unplaced"]
    assert flows.geometry[1] is None
    assert flows.loc[1, "actor"] == "x" and bool(flows.loc[1, "vague"])


def test_a_place_inside_another_of_the_same_list_is_drawn_instead() -> None:
    region = place("eastern Syria", 35.5, 40.3, kind="region", precision_km=135.7)
    flows = flow_lines([movement("m1", [IRAQ], [], [DEIR, SYRIA, region, TOWN])])
    assert flows.loc[0, "destination"] == "Albukamal"
    assert flows.loc[0, "destination_key"] == "geonames:174448"
    assert ends(flows.geometry[0])[1] == ALBUKAMAL


def test_several_origins_fan_out_into_one_multiline() -> None:
    flows = flow_lines([movement("m1", [RAQQA, MANBIJ], [], [MOSUL])])
    geometry = flows.geometry[0]
    assert geometry.geom_type == "MultiLineString"
    assert {ends(line)[0] for line in geometry.geoms} == {(35.95, 39.01), (36.53, 37.95)}
    assert flows.loc[0, "origin"] == "Raqqa; Manbij"


def test_a_country_origin_is_drawn_inside_it_near_the_next_place() -> None:
    flows = flow_lines([movement("m1", [IRAQ], [], [TOWN])])
    start, end = ends(flows.geometry[0])
    iraq, syria = outline("IQ"), outline("SY")
    assert iraq.contains(shapely.Point(start[1], start[0]))
    assert not syria.contains(shapely.Point(start[1], start[0]))
    assert end == ALBUKAMAL
    assert km(start, ALBUKAMAL) < 100
    # Inward from the border, not on it: at least most of the inward distance from Syria.
    border_km = shapely.Point(start[1], start[0]).distance(syria.boundary) * 111
    assert border_km > 0.5 * INWARD_KM
    assert flows.loc[0, "origin_precision_km"] == 373.0
    assert bool(flows.loc[0, "vague"])


def test_endpoints_say_where_and_how_each_place_is_drawn() -> None:
    endpoints = flow_endpoints([movement("m1", [IRAQ], [TOWN], [DEIR])])
    assert list(endpoints["role"]) == ["origin", "via", "destination"]
    assert list(endpoints["placement"]) == ["border", "place", "place"]
    assert list(endpoints["precision_km"]) == [373.0, 5.0, 60.6]
    iraq_end = endpoints.geometry[0]
    assert outline("IQ").contains(iraq_end)
    assert km((iraq_end.y, iraq_end.x), ALBUKAMAL) < 100


def test_a_country_holding_the_next_place_is_drawn_at_its_own_point() -> None:
    flows = flow_lines([movement("m1", [SYRIA], [], [IDLIB])])
    assert ends(flows.geometry[0])[0] == (35.0, 38.0)


def test_country_to_country_crosses_their_border() -> None:
    flows = flow_lines([movement("m1", [SYRIA], [], [IRAQ])])
    start, end = ends(flows.geometry[0])
    assert outline("SY").contains(shapely.Point(start[1], start[0]))
    assert outline("IQ").contains(shapely.Point(end[1], end[0]))
    assert km(start, end) < 200 < km((35.0, 38.0), (33.0, 44.0))


def test_a_flow_is_vague_when_any_place_drawn_is() -> None:
    coarse = place("Coarse", 36.0, 40.0, geonameid=21, precision_km=VAGUE_KM + 1)
    unknown = place("Unknown", 36.0, 41.0, geonameid=22, precision_km=None)
    flows = flow_lines(
        [
            movement("precise", [RAQQA], [], [MOSUL]),
            movement("coarse", [RAQQA], [coarse], [MOSUL]),
            movement("unknown", [unknown], [], [MOSUL]),
        ]
    )
    assert list(flows["vague"]) == [False, True, True]


def test_certain_follows_the_status() -> None:
    statuses = ["completed", "ongoing", "planned", "hypothetical", "negated"]
    flows = flow_lines([movement(s, [RAQQA], [], [MOSUL], status=s) for s in statuses])
    assert list(flows["certain"]) == [True, True, False, False, False]


@pytest.mark.parametrize(
    ("build", "schema"),
    [
        (flow_lines, FLOW_SCHEMA),
        (flow_endpoints, ENDPOINT_SCHEMA),
        (lambda ms: aggregate_flows(flow_lines(ms)), AGGREGATE_SCHEMA),
    ],
)
@pytest.mark.parametrize("count", [0, 2])
def test_frames_have_the_documented_schema(build: Any, schema: dict[str, str], count: int) -> None:
    movements = [
        movement("m1", [RAQQA], [], [MOSUL], size={"min": 5, "max": None, "text": "5+"}),
        movement("m2", [], [], [IRAQ], date={"start": "2017-10-12", "end": None}),
    ][:count]
    frame = build(movements)
    assert list(frame.columns) == [*schema, "geometry"]
    assert {c: str(frame[c].dtype) for c in schema} == {
        c: str(pd.Series(dtype=d).dtype) for c, d in schema.items()
    }
    assert frame.crs.to_epsg() == 4326
    assert bool(len(frame)) == bool(count)


def test_dates_become_timestamps_and_bad_dates_nat() -> None:
    flows = flow_lines(
        [
            movement("m1", date={"start": "2017-10-12", "end": "2017-10-13"}),
            movement("m2", date={"start": "2017-02-30", "end": None}),
        ]
    )
    assert flows.loc[0, "date_start"] == pd.Timestamp("2017-10-12")
    assert pd.isna(flows.loc[1, "date_start"])


def _dated(
    ident: str,
    day: str,
    low: int | None,
    high: int | None,
    via: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    return movement(
        ident,
        [RAQQA],
        via,
        [MOSUL],
        size={"min": low, "max": high, "text": ""},
        date={"start": day, "end": day, "precision": "day", "text": ""},
        **fields,
    )


def test_aggregation_sums_sizes_and_counts_independent_sources() -> None:
    flows = flow_lines(
        [
            _dated("a", "2017-10-09", 10, 20, cited_sources=["SOHR"], publisher="Outlet A"),
            _dated("b", "2017-10-15", 5, 8, cited_sources=[" sohr"], publisher="Outlet B"),
            _dated("c", "2017-10-11", None, None, cited_sources=[], publisher="Outlet C"),
            _dated("d", "2017-10-16", 1, 1),
        ]
    )
    weeks = aggregate_flows(flows, "week")
    assert list(weeks["period_start"]) == [pd.Timestamp("2017-10-09"), pd.Timestamp("2017-10-16")]
    assert list(weeks["period_end"]) == [pd.Timestamp("2017-10-15"), pd.Timestamp("2017-10-22")]
    first = weeks.iloc[0]
    assert first["movements"] == 3 and first["movement_ids"] == "a; b; c"
    assert first["size_min"] == 15  # unknown minimum counts 0
    assert pd.isna(first["size_max"])  # one unknown maximum leaves the sum unknown
    # SOHR twice (two outlets relaying it) is one source; Outlet C, citing no one, is another.
    assert first["sources"] == 2 and first["source_names"] == "SOHR; Outlet C"
    assert first["documents"] == 3
    assert weeks.iloc[1]["size_max"] == 1
    months = aggregate_flows(flows, "month")
    assert len(months) == 1
    assert months.iloc[0]["movements"] == 4
    assert months.iloc[0]["period_start"] == pd.Timestamp("2017-10-01")
    assert months.iloc[0]["period_end"] == pd.Timestamp("2017-10-31")


def test_aggregation_keeps_directions_kinds_and_undated_apart() -> None:
    there = _dated("there", "2017-10-09", 1, 1)
    back = movement("back", [MOSUL], [], [RAQQA], date={"start": "2017-10-10", "end": None})
    arrival = movement("arrival", destination=[MOSUL], date={"start": "2017-10-10", "end": None})
    undated = movement("undated", [RAQQA], [], [MOSUL])
    groups = aggregate_flows(flow_lines([undated, arrival, back, there]))
    assert list(groups["movement_ids"]) == ["arrival", "there", "back", "undated"]
    assert list(groups["kind"]) == ["arrival", "line", "line", "line"]
    assert pd.isna(groups.iloc[-1]["period_start"])


def test_aggregate_geometry_is_the_most_common_route() -> None:
    direct = flow_lines([_dated(f"d{i}", "2017-10-09", 1, 1) for i in range(2)])
    detour = flow_lines([_dated("v", "2017-10-09", 1, 1, via=[TOWN])])
    groups = aggregate_flows(pd.concat([detour, direct], ignore_index=True))
    assert len(groups) == 1
    assert groups.geometry[0].equals(direct.geometry[0])


def test_aggregation_refuses_an_unknown_bucket() -> None:
    with pytest.raises(ValueError, match="bucket"):
        aggregate_flows(flow_lines([]), "day")  # type: ignore[arg-type]


def test_the_seed_report_from_iraq_into_albukamal(gazetteer: Gazetteer) -> None:
    """The seeds' "entered al-Bokamal ... from Iraq": the Iraq end lies in Iraq, near Albukamal."""
    extractor = Extractor(gazetteer)
    records = []
    for item in read_paths([SHARED / "seeds"]):
        if isinstance(item, Article):
            records += [r for r in extractor.extract(item).records() if r["type"] == "movement"]
    movements = [dict(r, id=f"{r['doc']}#{i}") for i, r in enumerate(records)]
    flows = flow_lines(movements)
    assert len(flows) == len(movements)
    into = flows[(flows["origin"] == "Iraq") & (flows["destination"] == "Ālbū Kamāl")]
    assert len(into) == 1
    start, end = ends(into.geometry.iloc[0])
    assert outline("IQ").contains(shapely.Point(start[1], start[0]))
    assert km(start, end) < 100
    assert km(end, ALBUKAMAL) < 1
