"""Movements -> flow lines: one curved line (or point) per movement, and flows summed by route.

The input is movement records as dicts in the shape of ``shared/contracts/extract-jsonl.md`` plus
an ``id`` and the ``doc`` they were read from. Nothing is dropped: a movement with no place that
can be drawn is still a row, with ``kind`` ``"unplaced"`` and no geometry.

Which places are drawn
----------------------
Each of ``origin``, ``via`` and ``destination`` is a list. Places without coordinates are skipped.
A place that contains another place of the same list is dropped in favour of the finer one, so
"Deir Ezzor Governorate, Syria" is drawn at Deir ez-Zor: a country contains the places with its
country code, a governorate (``admin1``) the finer places with its ISO 3166-2 code, and any other
place the finer places within its ``precision_km`` of its point. What is left are distinct places:
several origins or destinations ("from Uzbekistan and Turkmenistan") fan out, one path per
origin-destination pair, each through the ``via`` places in order.

Geometry kinds
--------------
``line``
    an origin or via place and a later place: a ``LineString`` (``MultiLineString`` when the
    movement fans out);
``arrival``
    a destination and nothing drawn before it: a ``Point`` at the destination (``MultiPoint`` for
    several), so a report that people reached a town stays on the map;
``departure``
    an origin and nothing drawn after it ("left Raqqa"): a point at the origin;
``local``
    an origin and a destination drawn at the same point;
``waypoint``
    only via places, all at one point;
``unplaced``
    no place with coordinates: geometry ``None``.

Lines
-----
Each leg is the geodesic on the WGS84 ellipsoid (``pyproj.Geod``), :data:`LEG_POINTS` points long,
pushed to the right of the direction of travel by ``BEND * length * sin(pi * t)`` at fraction
``t`` of the leg: a gentle arc, so A -> B and B -> A bend to opposite sides and never overlap.
Longitudes run on without a jump where a line crosses the antimeridian (they may pass 180), which
is how web maps draw such a line.

Endpoints
---------
A country-level place ("from Iraq") is drawn inside that country, near the border facing the next
place of the path (the previous one for a destination): the point of the country's outline, shrunk
inward by 40 km, nearest to that place's point (see :mod:`geo.countries`). When the next place is
a country too (Syria -> Iraq), each faces the middle of the geodesic between the two countries'
points, so the line crosses their common border near the straight route; should that middle lie
inside the country itself, it faces where the other country is drawn. When the country holds the
point it faces (Syria -> Idlib), has no outline, or is the only place of the path, the country's
own point is used. Every other place (governorate, district, region, town, crossing) is drawn at its
own representative point. An endpoint keeps its place's ``precision_km`` wherever it is drawn (a
country stays a country), so maps can draw vague ends differently; a flow is ``vague`` when any
place it is drawn through has ``precision_km`` above :data:`VAGUE_KM` or unknown.

Frames
------
All frames are ``geopandas.GeoDataFrame`` in EPSG:4326 whose columns, in order, are the keys of
the schema constants followed by ``geometry``; the values are the pandas dtypes. Text columns hold
null where a value is unknown; lists (several places, cited sources) are joined with
:data:`SEPARATOR`.

:data:`FLOW_SCHEMA` (:func:`flow_lines`, one row per movement):

================================  ==========================================================
``movement_id``, ``doc``          the record's ``id`` and ``doc``
``kind``                          geometry kind (above)
``actor``                         who moved, as the article names them
``size_min``, ``size_max``        size range; null when unknown
``size_text``                     the size as written
``status``                        ``completed``, ``ongoing``, ``planned``, ``hypothetical``,
                                  ``negated``
``certain``                       status says it happened or is happening (``completed`` or
                                  ``ongoing``)
``date_start``, ``date_end``      resolved dates (NaT when unknown)
``date_precision``                ``day`` ... ``unknown``
``origin``, ``via``,              names of the places drawn, in order
``destination``
``origin_key``,                   :func:`place_key` of the places drawn: route identity
``destination_key``, ``via_key``
``origin_precision_km``,          largest ``precision_km`` of the drawn origins /
``destination_precision_km``      destinations (NaN when none or unknown)
``vague``                         any drawn place vaguer than :data:`VAGUE_KM` (or unplaced)
``publisher``                     outlet that published the article
``cited_sources``                 who the article attributes the claim to
``confidence``                    extraction confidence 0..1
``evidence``                      the sentence(s) the movement was read from
================================  ==========================================================

:data:`ENDPOINT_SCHEMA` (:func:`flow_endpoints`, one row per place drawn per movement):
``movement_id``; ``role`` (``origin``, ``via``, ``destination``); ``place_key``, ``name``,
``kind``, ``country`` of the place; ``precision_km``; ``placement``: ``place`` (its own point) or
``border`` (a country drawn inside its border facing the next place).

:data:`AGGREGATE_SCHEMA` (:func:`aggregate_flows`, one row per route and period): ``kind``,
``origin_key``, ``destination_key``, ``origin``, ``destination``; ``period_start``,
``period_end`` (first and last day of the week, Monday to Sunday, or month; NaT for undated
movements, which form their own group); ``movements``; ``size_min`` (sum, unknown minima count 0),
``size_max`` (sum, null when any member's maximum is unknown); ``sources`` and ``source_names``:
independent sources (below); ``documents``; ``certain`` (how many members are certain);
``vague`` (any member vague); ``movement_ids``. The geometry is that of the group's most
common route (its first movement taking that route).

Independent sources: the voices a claim rests on. For each movement these are its cited sources,
or, when it cites none, its publisher; names are compared ignoring case and spacing. Two outlets
relaying the Syrian Observatory are one source, not three.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from geo.countries import point_inside_country
from geo.frames import build_frame
from geo.places import Place, place_key

__all__ = [
    "AGGREGATE_SCHEMA",
    "BEND",
    "ENDPOINT_SCHEMA",
    "FLOW_SCHEMA",
    "LEG_POINTS",
    "SEPARATOR",
    "VAGUE_KM",
    "aggregate_flows",
    "flow_endpoints",
    "flow_geometry",
    "flow_lines",
]

VAGUE_KM = 25.0
BEND = 0.08
LEG_POINTS = 17
SEPARATOR = "; "
CERTAIN_STATUSES = frozenset({"completed", "ongoing"})
ROLES = ("origin", "via", "destination")

FLOW_SCHEMA: dict[str, str] = {
    "movement_id": "str",
    "doc": "str",
    "kind": "str",
    "actor": "str",
    "size_min": "Int64",
    "size_max": "Int64",
    "size_text": "str",
    "status": "str",
    "certain": "bool",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "date_precision": "str",
    "origin": "str",
    "via": "str",
    "destination": "str",
    "origin_key": "str",
    "via_key": "str",
    "destination_key": "str",
    "origin_precision_km": "float64",
    "destination_precision_km": "float64",
    "vague": "bool",
    "publisher": "str",
    "cited_sources": "str",
    "confidence": "float64",
    "evidence": "str",
}

ENDPOINT_SCHEMA: dict[str, str] = {
    "movement_id": "str",
    "role": "str",
    "place_key": "str",
    "name": "str",
    "kind": "str",
    "country": "str",
    "precision_km": "float64",
    "placement": "str",
}

AGGREGATE_SCHEMA: dict[str, str] = {
    "kind": "str",
    "origin_key": "str",
    "destination_key": "str",
    "origin": "str",
    "destination": "str",
    "period_start": "datetime64[ns]",
    "period_end": "datetime64[ns]",
    "movements": "int64",
    "size_min": "int64",
    "size_max": "Int64",
    "sources": "int64",
    "source_names": "str",
    "documents": "int64",
    "certain": "int64",
    "vague": "bool",
    "movement_ids": "str",
}

_GEOD = Geod(ellps="WGS84")
_PERIODS = {"week": "W-SUN", "month": "M"}

Movement = Mapping[str, Any]


@dataclass(slots=True, frozen=True)
class _Stop:
    """A place where a path is drawn."""

    role: str
    place: Place
    lat: float
    lon: float
    placement: str


@dataclass(slots=True, frozen=True)
class _Plan:
    """Where one movement is drawn: the kind, the line paths and the lone points."""

    kind: str
    places: dict[str, list[Place]]
    lines: list[list[_Stop]]
    points: list[_Stop]


def _precision(place: Place) -> float | None:
    value = place.get("precision_km")
    return None if value is None else float(value)


def _km(a: Place, b: Place) -> float:
    return float(_GEOD.inv(a["lon"], a["lat"], b["lon"], b["lat"])[2]) / 1000.0


def _contains(outer: Place, inner: Place) -> bool:
    kind = outer.get("kind")
    if kind == "country":
        return inner.get("kind") != "country" and inner.get("country") == outer.get("country")
    if kind == "admin1":
        return (
            inner.get("kind") not in ("country", "admin1")
            and outer.get("admin1") is not None
            and inner.get("admin1") == outer.get("admin1")
        )
    outer_km, inner_km = _precision(outer), _precision(inner)
    if outer_km is None or inner_km is None or inner_km >= outer_km:
        return False
    return _km(outer, inner) <= outer_km


def _distinct(places: Sequence[Place]) -> list[Place]:
    usable: dict[str, Place] = {}
    for place in places:
        if place.get("lat") is not None and place.get("lon") is not None:
            usable.setdefault(place_key(place), place)
    return [p for p in usable.values() if not any(_contains(p, q) for q in usable.values())]


def _anchors(place: Place, neighbour: Place) -> list[tuple[float, float]]:
    """Points a country-level place is drawn facing, best first, as (lat, lon)."""
    there = (float(neighbour["lat"]), float(neighbour["lon"]))
    if neighbour.get("kind") != "country":
        return [there]
    # Country to country: both ends face the middle of the leg, so the line crosses the border
    # between the two countries' points instead of running from one far corner to another. When
    # the middle lies in this country, face where the other country is drawn (facing it too).
    ((lon, lat),) = _GEOD.npts(place["lon"], place["lat"], there[1], there[0], 1)
    other = point_inside_country(str(neighbour.get("country")), lat, lon)
    return [(lat, lon), *([other] if other else []), there]


def _stops(sequence: list[tuple[str, Place]]) -> list[_Stop]:
    stops = []
    for i, (role, place) in enumerate(sequence):
        lat, lon, placement = float(place["lat"]), float(place["lon"]), "place"
        if place.get("kind") == "country" and place.get("country") and len(sequence) > 1:
            neighbour = sequence[i + 1][1] if i + 1 < len(sequence) else sequence[i - 1][1]
            for anchor in _anchors(place, neighbour):
                inside = point_inside_country(str(place["country"]), *anchor)
                if inside is not None:
                    (lat, lon), placement = inside, "border"
                    break
        stops.append(_Stop(role, place, lat, lon, placement))
    # Two places drawn at one point (a town and the crossing beside it) make no leg.
    return [
        s
        for i, s in enumerate(stops)
        if i == 0 or (s.lat, s.lon) != (stops[i - 1].lat, stops[i - 1].lon)
    ]


def _plan(movement: Movement) -> _Plan:
    places = {role: _distinct(movement.get(role) or []) for role in ROLES}
    origins, via, destinations = (places[role] for role in ROLES)
    heads: list[list[tuple[str, Place]]] = [[("origin", p)] for p in origins] or [[]]
    tails: list[list[tuple[str, Place]]] = [[("destination", p)] for p in destinations] or [[]]
    middle = [("via", p) for p in via]
    lines, points = [], []
    for head in heads:
        for tail in tails:
            sequence = [*head, *middle, *tail]
            if not sequence:
                continue
            stops = _stops(sequence)
            if len(stops) > 1:
                lines.append(stops)
            else:
                points.extend(stops)
    if lines:
        kind = "line"
    elif not points:
        kind = "unplaced"
    elif origins and destinations:
        kind = "local"
    elif destinations:
        kind = "arrival"
    elif origins:
        kind = "departure"
    else:
        kind = "waypoint"
    return _Plan(kind, places, lines, points)


def _curves(legs: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Arcs for legs given as rows ``lon1, lat1, lon2, lat2``: shape (legs, LEG_POINTS, 2)."""
    lon1, lat1, lon2, lat2 = legs.T
    azimuth, _, length = _GEOD.inv(lon1, lat1, lon2, lat2)
    t = np.linspace(0.0, 1.0, LEG_POINTS)
    along = (length[:, None] * t).ravel()
    lons, lats, heading = _GEOD.fwd(
        np.repeat(lon1, LEG_POINTS),
        np.repeat(lat1, LEG_POINTS),
        np.repeat(azimuth, LEG_POINTS),
        along,
        return_back_azimuth=False,
    )
    aside = (BEND * length[:, None] * np.sin(np.pi * t)).ravel()
    lons, lats, _ = _GEOD.fwd(lons, lats, heading + 90.0, aside)
    curves = np.stack([lons, lats], axis=-1).reshape(len(legs), LEG_POINTS, 2)
    # Ends exactly where the places are drawn, whatever the rounding of the forward problem.
    curves[:, 0] = legs[:, :2]
    curves[:, -1] = legs[:, 2:]
    return curves


def _geometries(plans: list[_Plan]) -> list[Any]:
    legs = [
        (a.lon, a.lat, b.lon, b.lat)
        for plan in plans
        for path in plan.lines
        for a, b in itertools.pairwise(path)
    ]
    curves = _curves(np.array(legs, dtype=np.float64).reshape(-1, 4))
    geometries: list[Any] = []
    leg = 0
    for plan in plans:
        lines = []
        for path in plan.lines:
            count = len(path) - 1
            parts = [curves[leg]] + [c[1:] for c in curves[leg + 1 : leg + count]]
            leg += count
            coords = np.concatenate(parts)
            coords[:, 0] = np.unwrap(coords[:, 0], period=360.0)
            lines.append(shapely.LineString(coords))
        if lines:
            geometries.append(lines[0] if len(lines) == 1 else shapely.MultiLineString(lines))
        elif plan.points:
            points = [shapely.Point(s.lon, s.lat) for s in plan.points]
            geometries.append(points[0] if len(points) == 1 else shapely.MultiPoint(points))
        else:
            geometries.append(None)
    return geometries


def _joined(values: Iterable[Any]) -> str | None:
    text = SEPARATOR.join(str(v) for v in values if v)
    return text or None


def _largest_km(places: list[Place]) -> float:
    values = [_precision(p) for p in places]
    known = [v for v in values if v is not None]
    return max(known) if known and len(known) == len(values) else float("nan")


def _vague(plan: _Plan) -> bool:
    stops = [*plan.points, *(s for path in plan.lines for s in path)]
    if not stops:
        return True
    values = [_precision(s.place) for s in stops]
    return any(v is None or v > VAGUE_KM for v in values)


def _flow_row(movement: Movement, plan: _Plan) -> dict[str, Any]:
    size = movement.get("size") or {}
    date = movement.get("date") or {}
    evidence = movement.get("evidence") or {}
    origins, via, destinations = (plan.places[role] for role in ROLES)
    return {
        "movement_id": str(movement["id"]),
        "doc": str(movement["doc"]),
        "kind": plan.kind,
        "actor": movement.get("actor"),
        "size_min": size.get("min"),
        "size_max": size.get("max"),
        "size_text": size.get("text") or None,
        "status": movement.get("status"),
        "certain": movement.get("status") in CERTAIN_STATUSES,
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_precision": date.get("precision"),
        "origin": _joined(p.get("name") for p in origins),
        "via": _joined(p.get("name") for p in via),
        "destination": _joined(p.get("name") for p in destinations),
        "origin_key": _joined(place_key(p) for p in origins),
        "via_key": _joined(place_key(p) for p in via),
        "destination_key": _joined(place_key(p) for p in destinations),
        "origin_precision_km": _largest_km(origins),
        "destination_precision_km": _largest_km(destinations),
        "vague": _vague(plan),
        "publisher": movement.get("publisher"),
        "cited_sources": _joined(movement.get("cited_sources") or []),
        "confidence": movement.get("confidence"),
        "evidence": evidence.get("text"),
    }


def flow_geometry(movement: Movement) -> Any | None:
    """The geometry of one movement, as :func:`flow_lines` draws it.

    Parameters
    ----------
    movement : mapping
        A movement record of the extract contract (``id`` and ``doc`` are not needed).

    Returns
    -------
    shapely geometry or None
        ``LineString``/``MultiLineString`` for a line, ``Point``/``MultiPoint`` for the point
        kinds, ``None`` when no place has coordinates; longitude/latitude (EPSG:4326).
    """
    return _geometries([_plan(movement)])[0]


def flow_lines(movements: Iterable[Movement]) -> gpd.GeoDataFrame:
    """One row per movement: its curved flow line, or its point, with the fields maps need.

    Parameters
    ----------
    movements : iterable of mapping
        Movement records of the extract contract, each with an ``id`` and a ``doc``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`FLOW_SCHEMA` then ``geometry``, EPSG:4326, in input order; every movement
        has a row, with geometry ``None`` when none of its places has coordinates.

    Examples
    --------
    >>> town = {"name": "Albukamal", "kind": "populated_place", "country": "SY",
    ...         "geonameid": 174448, "lat": 34.45, "lon": 40.92, "precision_km": 5.0}
    >>> flows = flow_lines([{"id": "m1", "doc": "a.txt", "origin": [], "via": [],
    ...                      "destination": [town], "status": "completed"}])
    >>> flows.loc[0, "kind"], flows.geometry[0].wkt
    ('arrival', 'POINT (40.92 34.45)')
    """
    records = list(movements)
    plans = _plans(records)
    distinct = list({id(plan): plan for plan in plans}.values())
    drawn = dict(zip(map(id, distinct), _geometries(distinct), strict=True))
    rows = [_flow_row(m, plan) for m, plan in zip(records, plans, strict=True)]
    return build_frame(rows, [drawn[id(plan)] for plan in plans], FLOW_SCHEMA)


def _plans(records: list[Movement]) -> list[_Plan]:
    """One plan per movement; many reports name the same places (one claim, many outlets; the
    same crossing every week), and those share one plan, so it is made and drawn once."""
    shared: dict[Any, _Plan] = {}
    plans = []
    for movement in records:
        key = _places_key(movement)
        plan = shared.get(key)
        if plan is None:
            plan = shared[key] = _plan(movement)
        plans.append(plan)
    return plans


def _places_key(movement: Movement) -> Any:
    """What a movement's plan and geometry depend on: its places, field by field."""
    try:
        key = tuple(
            tuple(tuple(place.items()) for place in movement.get(role) or []) for role in ROLES
        )
        hash(key)
    except TypeError:  # a place with a list or dict in it: no sharing
        return object()
    return key


def flow_endpoints(movements: Iterable[Movement]) -> gpd.GeoDataFrame:
    """The places each movement is drawn through, as points where they are drawn.

    Parameters
    ----------
    movements : iterable of mapping
        Movement records of the extract contract, each with an ``id``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`ENDPOINT_SCHEMA` then ``geometry`` (points), EPSG:4326: one row per
        movement, role, place and drawn position, for maps that mark vague ends (draw a circle
        of ``precision_km``, a dashed end) differently.
    """
    rows: list[dict[str, Any]] = []
    geometry: list[Any] = []
    records = list(movements)
    for movement, plan in zip(records, _plans(records), strict=True):
        seen: set[tuple[str, str, float, float]] = set()
        for stop in [*plan.points, *(s for path in plan.lines for s in path)]:
            key = (stop.role, place_key(stop.place), stop.lat, stop.lon)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "movement_id": str(movement["id"]),
                    "role": stop.role,
                    "place_key": key[1],
                    "name": stop.place.get("name"),
                    "kind": stop.place.get("kind"),
                    "country": stop.place.get("country"),
                    "precision_km": _precision(stop.place),
                    "placement": stop.placement,
                }
            )
            geometry.append(shapely.Point(stop.lon, stop.lat))
    return build_frame(rows, geometry, ENDPOINT_SCHEMA)


def _text(value: Any) -> str | None:
    return None if pd.isna(value) else str(value)


def _voices(cited: Any, publisher: Any) -> list[str]:
    """The independent sources one movement rests on: its cited sources, else its publisher."""
    if not pd.isna(cited):
        return str(cited).split(SEPARATOR)
    return [] if pd.isna(publisher) else [str(publisher)]


@dataclass(slots=True)
class _Group:
    """The movements of one route and period, summed as they are read."""

    first: Mapping[Hashable, Any]
    ids: list[str] = field(default_factory=list)
    size_min: int = 0
    size_max: int | None = 0
    sources: dict[str, str] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    certain: int = 0
    vague: bool = False
    routes: Counter[str] = field(default_factory=Counter)
    route_geometry: dict[str, Any] = field(default_factory=dict)

    def add(self, row: Mapping[Hashable, Any], geometry: Any) -> None:
        self.ids.append(row["movement_id"])
        self.size_min += 0 if pd.isna(row["size_min"]) else int(row["size_min"])
        unknown = self.size_max is None or pd.isna(row["size_max"])
        self.size_max = None if unknown else int(row["size_max"]) + (self.size_max or 0)
        for name in _voices(row["cited_sources"], row["publisher"]):
            self.sources.setdefault(" ".join(name.casefold().split()), name)
        self.documents.add(row["doc"])
        self.certain += bool(row["certain"])
        self.vague |= bool(row["vague"])
        route = _text(row["via_key"]) or ""
        self.routes[route] += 1
        self.route_geometry.setdefault(route, geometry)

    def row(self) -> dict[str, Any]:
        return {
            **{c: self.first[c] for c in ("kind", "origin_key", "destination_key")},
            **{c: self.first[c] for c in ("origin", "destination", "period_start", "period_end")},
            "movements": len(self.ids),
            "size_min": self.size_min,
            "size_max": self.size_max,
            "sources": len(self.sources),
            "source_names": _joined(self.sources.values()),
            "documents": len(self.documents),
            "certain": self.certain,
            "vague": self.vague,
            "movement_ids": _joined(self.ids),
        }

    def geometry(self) -> Any:
        return self.route_geometry[self.routes.most_common(1)[0][0]]


def aggregate_flows(
    flows: gpd.GeoDataFrame, bucket: Literal["week", "month"] = "week"
) -> gpd.GeoDataFrame:
    """Flows summed by route (origin and destination places) and week or month.

    Parameters
    ----------
    flows : geopandas.GeoDataFrame
        A frame of :func:`flow_lines` (possibly filtered).
    bucket : {"week", "month"}
        The period movements are grouped by, from ``date_start``: ISO weeks (Monday to Sunday)
        or calendar months.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`AGGREGATE_SCHEMA` then ``geometry``, EPSG:4326, one row per kind, route
        and period, sorted by period (undated last), then kind and route.

    Raises
    ------
    ValueError
        For a bucket other than ``"week"`` or ``"month"``.
    """
    if bucket not in _PERIODS:
        raise ValueError(f"bucket must be 'week' or 'month', not {bucket!r}")
    table = pd.DataFrame(flows.drop(columns=flows.geometry.name))
    periods = table["date_start"].dt.to_period(_PERIODS[bucket])
    table["period_start"] = periods.dt.start_time
    table["period_end"] = periods.dt.end_time.dt.normalize()
    groups: dict[tuple[Any, ...], _Group] = {}
    # One pass in plain Python: a pandas groupby with this many small groups is far slower.
    for row, geometry in zip(table.to_dict("records"), flows.geometry, strict=True):
        start = None if pd.isna(row["period_start"]) else row["period_start"]
        kind, origin, destination = (
            _text(row[c]) or "" for c in ("kind", "origin_key", "destination_key")
        )
        key = (start is None, start or pd.Timestamp(0), kind, origin, destination)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(row)
        group.add(row, geometry)
    ordered = [groups[key] for key in sorted(groups)]
    return build_frame(
        [g.row() for g in ordered], [g.geometry() for g in ordered], AGGREGATE_SCHEMA
    )
