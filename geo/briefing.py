"""Briefing maps: a clean static image (PNG, SVG or PDF) of a selection of movements.

A briefer puts the map on a slide in front of people who will not click anything, so it has to
be readable at a glance, honest about what is vague, and say where it came from. Drawn with
matplotlib on a bare :class:`~matplotlib.figure.Figure` (no pyplot state, no browser).

What is drawn
-------------
- One flow per movement (reports of one movement by several outlets are drawn once): the curved
  lines of :func:`geo.flows.flow_lines`, projected; width grows with the reported size
  (:func:`line_width`), colour is the actor's group, an arrowhead marks the destination.
  Dashed: an end is vague (a country or region, see :data:`geo.flows.VAGUE_KM`), so the line
  shows a direction, not a route. Dotted with a hollow head: planned or hypothetical. Movements
  reported as not having happened (``negated``) and movements with no place are not drawn; the
  source note counts them.
- Movements with one place drawn as markers at it: arrivals (no origin) as circles, departures
  (no destination) as diamonds, movements within one place as squares. Markers of several
  movements at one point are spread around it.
- Every place drawn, with a dot (hollow and its name in italics when the place is vague) and a
  label placed greedily, most used places first, where it overlaps no other label or marker.
- Country outlines and names from the bundled Natural Earth 10m data, a legend, a scale bar, a
  locator inset, title, subtitle, a line with the dates and filters, a source note with the
  publishers and cited sources, the data credit and an optional caveat banner (handling
  markings) at the top and bottom.

Projection and extent
---------------------
The map is drawn in a Lambert azimuthal equal-area projection centred on the extent, so areas
and distances near the centre are true whatever the region. The default extent fits everything
drawn with a margin, except places more than :data:`FAR_KM` from the median of the places drawn
(a misread "Middle East" in Maryland, a vague "Africa"): they would shrink the region of interest
to a dot, so they are left beyond the edge and named in the note.

Output is deterministic: the same movements and options give the same bytes (no dates in the
metadata, fixed SVG ids). SVG keeps text as text.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib_scalebar.scalebar import ScaleBar
from pyproj import Geod, Transformer

from gazetteer.sources import natural_earth_countries
from geo.flows import SEPARATOR, VAGUE_KM, flow_endpoints, flow_lines

__all__ = [
    "CREDIT",
    "FAR_KM",
    "FORMATS",
    "SIZES",
    "Briefing",
    "BriefingError",
    "line_width",
    "parse_extent",
    "parse_size",
    "render_briefing",
]

FORMATS = ("png", "svg", "pdf")
# Landscape, because slides and screens are: A4 is 297 x 210 mm, 16:9 is a widescreen slide.
SIZES: dict[str, tuple[float, float]] = {"a4": (11.69, 8.27), "16:9": (40 / 3, 7.5)}
CREDIT = "Map data: GeoNames, Natural Earth"
FAR_KM = 3000.0
DEFAULT_TITLE = "Reported movements of people"

Extent = tuple[float, float, float, float]

_GEOD = Geod(ellps="WGS84")
_MARGIN = 0.08
_MIN_SPAN_KM = 300.0
_PALETTE = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
_NO_GROUP = "no group named"
_OTHER_GROUPS = "other groups"
_GREYS = {_NO_GROUP: "#6e6e6e", _OTHER_GROUPS: "#a8a8a8"}
_LAND, _SEA, _BORDER = "#f3f1ec", "#dce8f0", "#a4a4a4"
_INK, _MUTED = "#1e1e1e", "#5f5f5f"
_DASHES: dict[str, Any] = {"solid": "solid", "dashed": (0, (4.0, 2.0)), "dotted": (0, (1.0, 1.6))}
_NOT_HAPPENED = frozenset({"planned", "hypothetical"})
_POINT_MARKERS = {"arrival": "o", "departure": "D", "local": "s", "waypoint": "s"}
_SIZE_STEPS = (10, 100, 1_000, 10_000, 100_000)
_MAX_NAMES = 12
_RC: dict[Any, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "movemap-briefing",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "path.simplify": True,
}
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


class BriefingError(ValueError):
    """The selection has nothing a map could show."""


@dataclass(slots=True, frozen=True)
class Briefing:
    """What a rendered briefing map shows, and where its map frame is on the image.

    Attributes
    ----------
    drawn : int
        Movements drawn.
    not_drawn : int
        Movements left out: with no place that can be drawn, or reported as not happening.
    off_map : tuple of str
        Places drawn beyond the map's edge.
    extent : tuple of float
        ``(lon1, lat1, lon2, lat2)`` the map was fitted to (before widening to the frame).
    crs : str
        The map's projection, as a PROJ string.
    width_px, height_px : int
        Image size in pixels at the dpi it was rendered with.
    map_box : tuple of float
        The map frame on the image: ``(left, top, right, bottom)`` pixels from the top left.
    limits : tuple of float
        The map frame in projected metres: ``(xmin, xmax, ymin, ymax)``.
    """

    drawn: int
    not_drawn: int
    off_map: tuple[str, ...]
    extent: Extent
    crs: str
    width_px: int
    height_px: int
    map_box: tuple[float, float, float, float]
    limits: tuple[float, float, float, float]

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a point falls on the image, as ``(column, row)`` pixels from the top left."""
        x, y = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True).transform(lon, lat)
        left, top, right, bottom = self.map_box
        xmin, xmax, ymin, ymax = self.limits
        return (
            left + (x - xmin) / (xmax - xmin) * (right - left),
            bottom - (y - ymin) / (ymax - ymin) * (bottom - top),
        )


def parse_size(size: str | tuple[float, float]) -> tuple[float, float]:
    """Figure size in inches, width then height.

    Parameters
    ----------
    size : str or tuple of float
        ``"a4"`` (landscape, 11.69 x 8.27 in), ``"16:9"`` (13.333 x 7.5 in), ``"WxH"`` in inches
        (``"10x6"``), or ``(width, height)``.

    Returns
    -------
    tuple of float

    Raises
    ------
    ValueError
        For anything else, or a side outside 2 to 60 inches; the message starts with "size".
    """
    if isinstance(size, tuple):
        width, height = size
    elif size.lower() in SIZES:
        width, height = SIZES[size.lower()]
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[xX]\s*(\d+(?:\.\d+)?)\s*", size)
        if match is None:
            raise ValueError(f"size must be a4, 16:9 or WxH in inches (e.g. 10x6), not {size!r}")
        width, height = float(match[1]), float(match[2])
    if not (2 <= width <= 60 and 2 <= height <= 60):
        raise ValueError(f"size sides must be 2 to 60 inches each, not {width:g}x{height:g}")
    return float(width), float(height)


def parse_extent(text: str) -> Extent:
    """An extent written ``LON1,LAT1,LON2,LAT2`` (west, south, east, north; WGS84 degrees).

    Raises
    ------
    ValueError
        Unless there are four numbers, longitudes within -180..180 with west < east, latitudes
        within -90..90 with south < north; the message starts with "extent".
    """
    parts = text.split(",")
    try:
        lon1, lat1, lon2, lat2 = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"extent must be four numbers LON1,LAT1,LON2,LAT2, not {text!r}") from None
    if not all(math.isfinite(v) for v in (lon1, lat1, lon2, lat2)):
        raise ValueError(f"extent must be four finite numbers, not {text!r}")
    if not (-180 <= lon1 < lon2 <= 180):
        raise ValueError(f"extent longitudes must be -180..180 with LON1 < LON2, not {text!r}")
    if not (-90 <= lat1 < lat2 <= 90):
        raise ValueError(f"extent latitudes must be -90..90 with LAT1 < LAT2, not {text!r}")
    return lon1, lat1, lon2, lat2


def line_width(size: float | None) -> float:
    """Line width in points for a reported number of people (``None``: unknown, the thinnest).

    Logarithmic, because reported sizes run from "four extremists" to "40,000 mercenaries": each
    tenfold step adds 1.1 pt.
    """
    if size is None or not math.isfinite(size):
        return 0.9
    return 0.7 + 1.1 * math.log10(max(size, 1.0))


def _typical_size(low: Any, high: Any) -> float | None:
    """One number for a size range: the geometric middle, or the known end."""
    lo = None if pd.isna(low) else float(low)
    hi = None if pd.isna(high) else float(high)
    if lo is not None and hi is not None:
        return math.sqrt(max(lo, 1.0) * max(hi, 1.0))
    return lo if lo is not None else hi


# --- data -------------------------------------------------------------------------------------


def _group(record: Mapping[str, Any]) -> str | None:
    group = record.get("group")
    return group if isinstance(group, str) and group.strip() else None


def _one_per_movement(records: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The first report of each movement (``movement_key``), in order."""
    seen: set[Any] = set()
    kept = []
    for record in records:
        key = record.get("movement_key") or record.get("id")
        if key not in seen:
            seen.add(key)
            kept.append(record)
    return kept


@functools.cache
def _countries() -> gpd.GeoDataFrame:
    # Read once per process; each map clips and simplifies what it shows at its own scale.
    return natural_earth_countries()[["NAME", "LABEL_X", "LABEL_Y", "geometry"]]


def _local_crs(extent: Extent) -> str:
    lon1, lat1, lon2, lat2 = extent
    lon0, lat0 = (lon1 + lon2) / 2, (lat1 + lat2) / 2
    return f"+proj=laea +lat_0={lat0:.4f} +lon_0={lon0:.4f} +datum=WGS84 +units=m +no_defs"


def _vertices(geometry: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.asarray(shapely.get_coordinates(geometry), dtype=np.float64)


def _fit_extent(flows: gpd.GeoDataFrame, ends: gpd.GeoDataFrame) -> Extent:
    """The default extent: what is drawn, with a margin, but for far places (module notes)."""
    places = _vertices(ends.geometry.values)
    centre_lon, centre_lat = np.median(places, axis=0)

    def near(points: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        ones = np.ones(len(points))
        _, _, metres = _GEOD.inv(centre_lon * ones, centre_lat * ones, points[:, 0], points[:, 1])
        return np.asarray(metres) <= FAR_KM * 1000.0

    close = near(places)
    # Whole curves between places kept, so the bend of each arc stays inside the frame.
    parts = [_vertices(p) for p in shapely.get_parts(flows.geometry.values)]
    shown = [p for p in parts if near(p[[0, -1]]).all()]
    points = np.concatenate([places[close], *shown])
    lon1, lat1 = points.min(axis=0)
    lon2, lat2 = points.max(axis=0)
    # A lone point or a short hop still gets a region around it to be recognisable.
    min_lat = _MIN_SPAN_KM / 111.0
    min_lon = min_lat / max(math.cos(math.radians((lat1 + lat2) / 2)), 0.2)
    pad_lon = max(_MARGIN * (lon2 - lon1), (min_lon - (lon2 - lon1)) / 2, 0.3)
    pad_lat = max(_MARGIN * (lat2 - lat1), (min_lat - (lat2 - lat1)) / 2, 0.3)
    extent = (
        max(lon1 - pad_lon, -180.0),
        max(lat1 - pad_lat, -89.0),
        min(lon2 + pad_lon, 180.0),
        min(lat2 + pad_lat, 89.0),
    )
    return extent


def _frame_limits(
    extent: Extent, to_map: Transformer, aspect: float
) -> tuple[float, float, float, float]:
    """Projected limits that hold the whole extent and have the map frame's width/height."""
    lon1, lat1, lon2, lat2 = extent
    t = np.linspace(0.0, 1.0, 33)
    lons = np.concatenate([lon1 + (lon2 - lon1) * t, np.full(33, lon2), lon2 - (lon2 - lon1) * t])
    lats = np.concatenate([np.full(33, lat1), lat1 + (lat2 - lat1) * t, np.full(33, lat2)])
    lons = np.concatenate([lons, np.full(33, lon1)])
    lats = np.concatenate([lats, lat2 - (lat2 - lat1) * t])
    xs, ys = to_map.transform(lons, lats)
    xmin, xmax, ymin, ymax = (
        float(np.min(xs)),
        float(np.max(xs)),
        float(np.min(ys)),
        float(np.max(ys)),
    )
    width, height = xmax - xmin, ymax - ymin
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        xmin, xmax = xmin - grow, xmax + grow
    else:
        grow = (width / aspect - height) / 2
        ymin, ymax = ymin - grow, ymax + grow
    return xmin, xmax, ymin, ymax


def _window(limits: tuple[float, float, float, float], to_lonlat: Transformer) -> Any:
    """The map frame as a lon/lat polygon, slightly widened: what country outlines to keep."""
    xmin, xmax, ymin, ymax = limits
    t = np.linspace(0.0, 1.0, 25)
    xs = np.concatenate(
        [xmin + (xmax - xmin) * t, np.full(25, xmax), xmax - (xmax - xmin) * t, np.full(25, xmin)]
    )
    ys = np.concatenate(
        [np.full(25, ymin), ymin + (ymax - ymin) * t, np.full(25, ymax), ymax - (ymax - ymin) * t]
    )
    lons, lats = to_lonlat.transform(xs, ys)
    box = shapely.box(min(lons) - 2, max(min(lats) - 2, -90), max(lons) + 2, min(max(lats) + 2, 90))
    return box


def _colours(groups: Sequence[str | None]) -> tuple[list[str], dict[str, str]]:
    """Each flow's colour, and the legend's group -> colour, most frequent named groups first."""
    counts = Counter(g for g in groups if g)
    ranked = sorted(counts, key=lambda g: (-counts[g], g))
    named = {g: _PALETTE[i] for i, g in enumerate(ranked[: len(_PALETTE)])}
    labels = [g if g in named else (_NO_GROUP if not g else _OTHER_GROUPS) for g in groups]
    legend = {**named, **{k: _GREYS[k] for k in (_OTHER_GROUPS, _NO_GROUP) if k in labels}}
    return [legend[label] for label in labels], legend


def _names_by_frequency(values: Iterable[Any]) -> list[str]:
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        for name in str(value).split(SEPARATOR):
            key = " ".join(name.casefold().split())
            if key:
                shown.setdefault(key, name.strip())
                counts[key] += 1
    return [shown[k] for k in sorted(counts, key=lambda k: (-counts[k], shown[k]))]


def _listing(names: list[str]) -> str:
    if len(names) <= _MAX_NAMES:
        return ", ".join(names)
    return ", ".join(names[:_MAX_NAMES]) + f" and {len(names) - _MAX_NAMES} more"


def _day(value: Any) -> str:
    return f"{value.day} {value:%b %Y}"


def _scope(flows: gpd.GeoDataFrame, filters_text: str) -> str:
    """The line under the title: how many movements, over which days, under which filters."""
    count = len(flows)
    parts = [f"{count} movement{'s' if count != 1 else ''}"]
    starts, ends = flows["date_start"].dropna(), flows["date_end"].dropna()
    undated = int(flows["date_start"].isna().sum())
    if len(starts):
        last = ends.max() if len(ends) else starts.max()
        first = starts.min()
        span = _day(first) if first == last else f"{_day(first)} – {_day(last)}"
        parts.append(span + (f" ({undated} undated)" if undated else ""))
    else:
        parts.append("undated")
    parts.append(f"filters: {filters_text}" if filters_text else "no filters")
    return " · ".join(parts)


# --- layout -----------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _Layout:
    """Where each part of the page goes, in inches from the bottom left, and the type scale."""

    width: float
    height: float
    scale: float
    banner: float
    title_top: float
    map_box: tuple[float, float, float, float]
    panel_box: tuple[float, float, float, float]
    margin: float

    def fraction(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        left, bottom, width, height = box
        return left / self.width, bottom / self.height, width / self.width, height / self.height

    def pt(self, points: float) -> float:
        """A type or line size in points, scaled to the page."""
        return points * self.scale


def _scale(width: float, height: float) -> float:
    # Type and lines grow with the page, so a wall print reads like a slide from further away.
    return min(max(min(width, height) / 7.5, 0.6), 2.0)


def _layout(
    width: float, height: float, caveat: bool, subtitle: bool, footer_lines: int
) -> _Layout:
    scale = _scale(width, height)
    margin = 0.25 * scale
    banner = 0.32 * scale if caveat else 0.0
    title_top = height - banner - 0.16 * scale
    heads = 17 * 1.3 + (11 * 1.4 if subtitle else 0) + 9 * 1.5
    map_top = title_top - heads * scale / 72 - 0.08 * scale
    footer_top = banner + 0.1 * scale + footer_lines * 7.5 * 1.45 * scale / 72
    map_bottom = footer_top + 0.1 * scale
    panel = min(max(2.5 * scale, 0.22 * width), 0.4 * width)
    map_width = width - 2 * margin - panel - 0.2 * scale
    box_height = map_top - map_bottom
    return _Layout(
        width=width,
        height=height,
        scale=scale,
        banner=banner,
        title_top=title_top,
        map_box=(margin, map_bottom, map_width, box_height),
        panel_box=(width - margin - panel, map_bottom, panel, box_height),
        margin=margin,
    )


# --- drawing ----------------------------------------------------------------------------------


def _project(geometry: Any, to_map: Transformer) -> Any:
    def move(coords: np.ndarray[Any, np.dtype[np.float64]]) -> Any:
        x, y = to_map.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, move)


def _draw_countries(
    ax: Axes,
    limits: tuple[float, float, float, float],
    to_map: Transformer,
    to_lonlat: Transformer,
    simplify_m: float,
    linewidth: float,
) -> gpd.GeoDataFrame:
    """Country outlines clipped to the frame, projected; returns them with their label points."""
    countries = _countries()
    window = _window(limits, to_lonlat)
    shown = countries[countries.intersects(window)].copy()
    shown["geometry"] = shapely.intersection(shown.geometry.values, window)
    shown["geometry"] = [
        shapely.simplify(_project(g, to_map), simplify_m, preserve_topology=True)
        for g in shown.geometry
    ]
    shown = shown[~shown.geometry.is_empty]
    ax.add_collection(_polygons(shown.geometry, _LAND, _BORDER, linewidth))
    return shown


def _polygons(geometries: Iterable[Any], face: str, edge: str, linewidth: float) -> PolyCollection:
    rings = [
        np.asarray(polygon.exterior.coords)
        for geometry in geometries
        for polygon in _polygon_parts(geometry)
    ]
    return PolyCollection(rings, facecolors=face, edgecolors=edge, linewidths=linewidth, zorder=1)


def _polygon_parts(geometry: Any) -> list[Any]:
    if isinstance(geometry, shapely.Polygon):
        return [geometry]
    return [p for part in getattr(geometry, "geoms", []) for p in _polygon_parts(part)]


@dataclass(slots=True)
class _Page:
    """The figure being drawn and the numbers every part of it needs."""

    fig: Figure
    layout: _Layout
    ax: Axes
    limits: tuple[float, float, float, float]
    to_map: Transformer
    metres_per_pt: float
    px_per_pt: float
    obstacles: list[tuple[float, float, float, float]]

    def display(self, x: float, y: float) -> tuple[float, float]:
        px, py = self.ax.transData.transform((x, y))
        return float(px), float(py)

    def data(self, px: float, py: float) -> tuple[float, float]:
        x, y = self.ax.transData.inverted().transform((px, py))
        return float(x), float(y)


def _style(status: Any, vague: Any) -> str:
    """Solid: reported, precise ends; dashed: a vague end; dotted: not (yet) happened."""
    if status in _NOT_HAPPENED:
        return "dotted"
    return "dashed" if vague else "solid"


def _arrow(
    coords: np.ndarray[Any, np.dtype[np.float64]], head: float, gap: float
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.float64]]]:
    """The line cut back for its arrowhead, and the arrowhead triangle (metres).

    The tip stops ``gap`` short of the destination so the place's dot stays visible; a short
    line gets a smaller head rather than none.
    """
    line = shapely.LineString(coords)
    length = line.length
    head = min(head, max(length - gap, 0.0) / 2.5)
    tip_at = max(length - gap, head)
    tip = np.asarray(line.interpolate(tip_at).coords[0])
    base = np.asarray(line.interpolate(tip_at - head).coords[0])
    along = tip - base
    norm = float(np.hypot(*along)) or 1.0
    across = np.array([-along[1], along[0]]) / norm * head * 0.42
    triangle = np.array([tip, base + across, base - across])
    cut = shapely.ops.substring(line, 0.0, tip_at - 0.75 * head)
    return np.asarray(cut.coords), triangle


def _draw_flows(page: _Page, flows: gpd.GeoDataFrame, colours: list[str]) -> None:
    """Lines with arrowheads; widest first so thin lines stay visible on top."""
    layout = page.layout
    order = sorted(
        range(len(flows)), key=lambda i: (-flows["width"].iat[i], flows["movement_id"].iat[i])
    )
    segments, widths, styles, line_colours = [], [], [], []
    heads, head_faces, head_edges = [], [], []
    gap = layout.pt(2.6) * page.metres_per_pt
    for i in order:
        row = flows.iloc[i]
        if row["kind"] != "line":
            continue
        width = layout.pt(row["width"])
        head = (4.0 * layout.scale + 1.7 * width) * page.metres_per_pt
        for part in shapely.get_parts(row["projected"]):
            cut, triangle = _arrow(np.asarray(part.coords), head, gap)
            segments.append(cut)
            widths.append(width)
            styles.append(_DASHES[_style(row["status"], row["vague"])])
            line_colours.append(colours[i])
            heads.append(triangle)
            hollow = row["status"] in _NOT_HAPPENED
            head_faces.append("white" if hollow else colours[i])
            head_edges.append(colours[i] if hollow else "white")
    if not segments:
        return
    casing = [w + layout.pt(1.8) for w in widths]
    page.ax.add_collection(
        LineCollection(
            segments, linewidths=casing, colors="white", alpha=0.85, zorder=3, capstyle="round"
        )
    )
    page.ax.add_collection(
        LineCollection(
            segments,
            linewidths=widths,
            colors=line_colours,
            linestyles=styles,
            zorder=4,
            capstyle="butt",
        )
    )
    page.ax.add_collection(
        PolyCollection(
            heads, facecolors=head_faces, edgecolors=head_edges, linewidths=layout.pt(0.8), zorder=5
        )
    )


@dataclass(slots=True)
class _Place:
    """One place marked on the map, with what its label needs."""

    name: str
    x: float
    y: float
    vague: bool
    uses: int
    radius_pt: float


def _draw_points(
    page: _Page, flows: gpd.GeoDataFrame, colours: list[str], places: list[_Place]
) -> None:
    """Markers of movements drawn at one place; several at one spot are spread around it.

    The places' labels are then kept clear of how far the markers reach from their spot.
    """
    layout = page.layout
    spots: dict[tuple[int, int], list[tuple[float, str, int, Any]]] = {}
    for i in range(len(flows)):
        row = flows.iloc[i]
        if row["kind"] == "line":
            continue
        diameter = layout.pt(5.0 + 1.9 * row["width"])
        for part in shapely.get_parts(row["projected"]):
            key = (round(part.x), round(part.y))
            spots.setdefault(key, []).append((diameter, str(row["movement_id"]), i, part))
    reach: dict[tuple[int, int], float] = {}
    by_marker: dict[str, list[tuple[float, float, float, str, bool]]] = {}
    for key, members in sorted(spots.items()):
        members.sort(key=lambda m: (-m[0], m[1]))
        largest = members[0][0]
        spread = 0.0 if len(members) == 1 else 0.62 * largest
        reach[key] = spread + largest / 2
        for k, (diameter, _, i, part) in enumerate(members):
            angle = math.radians(90.0 - 360.0 * k / len(members))
            x = part.x + spread * math.cos(angle) * page.metres_per_pt
            y = part.y + spread * math.sin(angle) * page.metres_per_pt
            vague = bool(flows["vague"].iat[i])
            marker = _POINT_MARKERS[str(flows["kind"].iat[i])]
            by_marker.setdefault(marker, []).append((x, y, diameter, colours[i], vague))
            px, py = page.display(x, y)
            r = diameter / 2 * page.px_per_pt
            page.obstacles.append((px - r, py - r, px + r, py + r))
    for marker, items in sorted(by_marker.items()):
        xs, ys, sizes, cols, hollow = zip(*items, strict=True)
        page.ax.scatter(
            xs,
            ys,
            s=[d * d for d in sizes],
            marker=marker,
            facecolors=["none" if h else c for c, h in zip(cols, hollow, strict=True)],
            edgecolors=list(cols),
            linewidths=[layout.pt(1.7) if h else layout.pt(0.6) for h in hollow],
            zorder=6,
        )
    for place in places:
        spot = (round(place.x), round(place.y))
        place.radius_pt = max(place.radius_pt, reach.get(spot, 0.0))


def _places(page: _Page, ends: gpd.GeoDataFrame) -> list[_Place]:
    """The distinct places drawn (name and point), most used first."""
    dot = page.layout.pt(4.4)
    places: dict[tuple[str, int, int], _Place] = {}
    projected = shapely.get_coordinates(_project(ends.geometry.values, page.to_map))
    for name, precision, (x, y) in zip(ends["name"], ends["precision_km"], projected, strict=True):
        key = (str(name), round(x), round(y))
        place = places.get(key)
        if place is None:
            vague = bool(pd.isna(precision) or precision > VAGUE_KM)
            place = places[key] = _Place(str(name), float(x), float(y), vague, 0, dot / 2)
        place.uses += 1
    return sorted(places.values(), key=lambda p: (-p.uses, p.vague, p.name, p.x, p.y))


def _draw_dots(page: _Page, places: list[_Place]) -> None:
    if not places:
        return
    size = page.layout.pt(4.4)
    page.ax.scatter(
        [p.x for p in places],
        [p.y for p in places],
        s=size * size,
        facecolors=["white" if p.vague else _INK for p in places],
        edgecolors=_INK,
        linewidths=page.layout.pt(1.0),
        zorder=7,
    )
    for p in places:
        px, py = page.display(p.x, p.y)
        r = size / 2 * page.px_per_pt
        page.obstacles.append((px - r, py - r, px + r, py + r))


def _overlaps(
    box: tuple[float, float, float, float], others: Iterable[tuple[float, float, float, float]]
) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in others)


def _candidates(px: float, py: float, d: float, w: float, h: float) -> list[tuple[float, float]]:
    """Lower-left corners for a label of size w x h around a point, in order of preference."""
    diag = 0.72 * d
    return [
        (px + d, py - h / 2),
        (px - d - w, py - h / 2),
        (px + diag, py + diag * 0.6),
        (px + diag, py - diag * 0.6 - h),
        (px - w / 2, py + d),
        (px - w / 2, py - d - h),
        (px - diag - w, py + diag * 0.6),
        (px - diag - w, py - diag * 0.6 - h),
    ]


def _free_spot(
    page: _Page, px: float, py: float, near: float, w: float, h: float
) -> tuple[int, tuple[float, float, float, float]] | None:
    """The first candidate box (ring, box) inside the frame that overlaps nothing drawn."""
    frame = page.ax.bbox
    for ring, d in enumerate((near, near + 1.6 * h, near + 3.2 * h)):
        for x0, y0 in _candidates(px, py, d, w, h):
            box = (x0, y0, x0 + w, y0 + h)
            inside = frame.x0 + 2 <= x0 and frame.y0 + 2 <= y0
            inside &= x0 + w <= frame.x1 - 2 and y0 + h <= frame.y1 - 2
            if inside and not _overlaps(box, page.obstacles):
                return ring, box
    return None


def _label_places(page: _Page, places: list[_Place]) -> int:
    """Place each label where it overlaps nothing, most used places first.

    A name already written close by is not written again: a country drawn at two points of one
    border ("from Iraq" toward two towns) reads better named once. Returns how many labels
    found no room.
    """
    layout = page.layout
    renderer = page.fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = page.ax.bbox
    # A pale box, not a stroked halo: path effects turn SVG text into outlines.
    halo = {"boxstyle": "round,pad=0.12", "facecolor": "white", "alpha": 0.75, "linewidth": 0}
    written: dict[str, list[tuple[float, float]]] = {}
    close = layout.pt(20) * page.px_per_pt
    missing = 0
    for place in places:
        px, py = page.display(place.x, place.y)
        if not (frame.x0 <= px <= frame.x1 and frame.y0 <= py <= frame.y1):
            continue
        if any(math.hypot(px - x, py - y) < close for x, y in written.get(place.name, [])):
            continue
        text = page.ax.text(
            place.x,
            place.y,
            place.name,
            fontsize=layout.pt(8.5),
            color=_INK,
            style="italic" if place.vague else "normal",
            ha="left",
            va="bottom",
            zorder=9,
            bbox=halo,
        )
        extent = text.get_window_extent(renderer)
        near = (place.radius_pt + 2.5 * layout.scale) * page.px_per_pt
        chosen = _free_spot(page, px, py, near, extent.width, extent.height)
        if chosen is None:
            text.remove()
            missing += 1
            continue
        written.setdefault(place.name, []).append((px, py))
        ring, box = chosen
        text.set_position(page.data(box[0], box[1]))
        page.obstacles.append(box)
        if ring:
            # A label pushed away gets a thin leader to its place, so it cannot be misread.
            cx = min(max(px, box[0]), box[2])
            cy = min(max(py, box[1]), box[3])
            (x0, y0), (x1, y1) = page.data(px, py), page.data(cx, cy)
            page.ax.add_line(
                Line2D([x0, x1], [y0, y1], color=_MUTED, linewidth=layout.pt(0.5), zorder=8)
            )
    return missing


def _spots_inside(area: Any, x: float, y: float) -> list[tuple[float, float]]:
    """Points of ``area`` to try a name at: Natural Earth's label point when it shows, then a
    grid over the area, nearest to that point first (it may be hidden under a marker)."""
    x0, y0, x1, y1 = area.bounds
    grid = [
        (x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * j / 8) for i in range(1, 8) for j in range(1, 8)
    ]
    inside = [p for p in [(x, y), *grid] if area.contains(shapely.Point(p))]
    return sorted(inside, key=lambda p: math.hypot(p[0] - x, p[1] - y))


def _label_countries(page: _Page, countries: gpd.GeoDataFrame) -> None:
    """Country names where the country shows and the name overlaps nothing already drawn."""
    layout = page.layout
    renderer = page.fig.canvas.get_renderer()  # type: ignore[attr-defined]
    xmin, xmax, ymin, ymax = page.limits
    frame = shapely.box(xmin, ymin, xmax, ymax)
    for name, label_x, label_y, geometry in sorted(
        zip(
            countries["NAME"],
            countries["LABEL_X"],
            countries["LABEL_Y"],
            countries.geometry,
            strict=True,
        ),
        key=lambda c: -c[3].intersection(frame).area,
    ):
        visible = geometry.intersection(frame)
        if visible.is_empty:
            continue
        lx, ly = page.to_map.transform(label_x, label_y)
        spots = _spots_inside(visible, lx, ly)
        text = page.ax.text(
            0,
            0,
            str(name).upper(),
            fontsize=layout.pt(9),
            color="#8c8c8c",
            ha="left",
            va="bottom",
            zorder=2,
        )
        extent = text.get_window_extent(renderer)
        w, h = extent.width, extent.height
        for x, y in spots:
            px, py = page.display(x, y)
            box = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
            corners = shapely.MultiPoint([page.data(box[0], box[1]), page.data(box[2], box[3])])
            if visible.contains(corners) and not _overlaps(box, page.obstacles):
                text.set_position(page.data(box[0], box[1]))
                page.obstacles.append(box)
                break
        else:
            text.remove()


class _Legend:
    """The legend, written top down in an axes whose units are points."""

    def __init__(self, ax: Axes, width_pt: float, height_pt: float, scale: float) -> None:
        self.ax, self.scale, self.y = ax, scale, height_pt
        ax.set_xlim(0, width_pt)
        ax.set_ylim(0, height_pt)
        ax.set_axis_off()

    def header(self, text: str) -> None:
        self.y -= (19 if self.y < self.ax.get_ylim()[1] else 9) * self.scale
        self.ax.text(
            0, self.y, text, fontsize=9 * self.scale, fontweight="bold", color=_INK, va="center"
        )
        self.y -= 3 * self.scale

    def _label(self, text: str, italic: bool = False) -> None:
        # A label of several lines pushes the rows below it down.
        extra = 10 * self.scale * text.count("\n")
        self.ax.text(
            34 * self.scale,
            self.y - extra / 2,
            text,
            fontsize=8 * self.scale,
            color=_INK,
            va="center",
            style="italic" if italic else "normal",
        )
        self.y -= extra

    def line(
        self, colour: str, width: float, style: Any, text: str, hollow_head: bool = False
    ) -> None:
        self.y -= 12 * self.scale
        y = self.y
        self.ax.add_line(
            Line2D(
                [2 * self.scale, 22 * self.scale],
                [y, y],
                color=colour,
                linewidth=width * self.scale,
                linestyle=style,
            )
        )
        head = (4.0 + 1.7 * width) * self.scale
        tip, base = 29 * self.scale, 29 * self.scale - head
        self.ax.add_patch(
            mpl.patches.Polygon(
                [(tip, y), (base, y + head * 0.42), (base, y - head * 0.42)],
                facecolor="white" if hollow_head else colour,
                edgecolor=colour if hollow_head else "white",
                linewidth=0.8 * self.scale,
            )
        )
        self._label(text)

    def marker(
        self, marker: str, face: str, edge: str, size: float, text: str, italic: bool = False
    ) -> None:
        self.y -= max(12.0, size + 4) * self.scale
        self.ax.add_line(
            Line2D(
                [15 * self.scale],
                [self.y],
                marker=marker,
                markersize=size * self.scale,
                markerfacecolor=face,
                markeredgecolor=edge,
                markeredgewidth=1.2 * self.scale,
                linestyle="none",
            )
        )
        self._label(text, italic)


def _draw_legend(
    ax: Axes,
    layout: _Layout,
    width_pt: float,
    height_pt: float,
    flows: gpd.GeoDataFrame,
    legend_colours: dict[str, str],
    places: list[_Place],
) -> None:
    legend = _Legend(ax, width_pt, height_pt, layout.scale)
    legend.header("Who moved")
    for group, colour in legend_colours.items():
        legend.line(colour, 3.0, "solid", group)
    lines = flows[flows["kind"] == "line"]
    legend.header("Reported number of people")
    sizes = [_typical_size(a, b) for a, b in zip(flows["size_min"], flows["size_max"], strict=True)]
    known = [s for s in sizes if s is not None]
    if known:
        low, high = min(known), max(known)
        steps = [s for s in _SIZE_STEPS if low / 10 < s <= high] or [_SIZE_STEPS[0]]
        for step in steps:
            legend.line(_MUTED, line_width(step), "solid", f"{step:,}")
    if len(known) < len(sizes):
        legend.line(_MUTED, line_width(None), "solid", "not reported")
    styles = {_style(*pair) for pair in zip(lines["status"], lines["vague"], strict=True)}
    explained = {
        "solid": "reported, both ends precise",
        "dashed": "an end is a country or region:\ndirection only, not the route",
        "dotted": "planned or hypothetical",
    }
    if styles:
        legend.header("Lines")
    for style, text in explained.items():
        if style in styles:
            legend.line(_MUTED, 2.0, _DASHES[style], text, hollow_head=style == "dotted")
    legend.header("Places")
    if any(not p.vague for p in places):
        legend.marker("o", _INK, _INK, 4.4, "town or precise place")
    if any(p.vague for p in places):
        legend.marker("o", "white", _INK, 4.4, "country or region: somewhere in it", italic=True)
    kinds = set(flows["kind"])
    if "arrival" in kinds:
        legend.marker("o", "none", _MUTED, 8, "arrived; origin not reported")
    if "departure" in kinds:
        legend.marker("D", "none", _MUTED, 7, "left; destination not reported")
    if kinds & {"local", "waypoint"}:
        legend.marker("s", "none", _MUTED, 7, "moved within one place")


def _draw_locator(
    ax: Axes, crs: str, limits: tuple[float, float, float, float], scale: float, aspect: float
) -> None:
    """A small map of the wider region with the main map's frame on it."""
    xmin, xmax, ymin, ymax = limits
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half = min(max(2.2 * max(xmax - xmin, (ymax - ymin) * aspect) / 2, 1.8e6), 6.0e6)
    inset = (cx - half, cx + half, cy - half / aspect, cy + half / aspect)
    to_map = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    window = _window(inset, to_lonlat)
    countries = _countries()
    shown = shapely.intersection(countries[countries.intersects(window)].geometry.values, window)
    outlines = [shapely.simplify(_project(g, to_map), 2 * half / 200) for g in shown]
    ax.add_collection(_polygons(outlines, "#e2e2e2", "#b4b4b4", 0.3 * scale))
    ax.add_patch(
        Rectangle(
            (xmin, ymin),
            xmax - xmin,
            ymax - ymin,
            fill=False,
            edgecolor=_INK,
            linewidth=1.2 * scale,
            zorder=3,
        )
    )
    ax.set_xlim(inset[0], inset[1])
    ax.set_ylim(inset[2], inset[3])
    ax.set_facecolor(_SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#9a9a9a")
        spine.set_linewidth(0.6 * scale)


def _footer(
    flows: gpd.GeoDataFrame,
    not_drawn: Counter[str],
    off_map: Sequence[str],
    centre: tuple[float, float],
    labels_missing: int,
) -> list[str]:
    """The source note: who reported, who they cite, what is not shown, how it is drawn."""
    publishers = _names_by_frequency(flows["publisher"])
    cited = _names_by_frequency(flows["cited_sources"])
    notes = []
    sources = f"Reported by {_listing(publishers)}." if publishers else "Publisher not known."
    if cited:
        sources += f" Citing {_listing(cited)}."
    notes.append("Sources: " + sources)
    left_out = []
    if not_drawn["unplaced"]:
        n = not_drawn["unplaced"]
        left_out.append(f"{n} movement{'s' if n != 1 else ''} with no place that can be mapped")
    if not_drawn["negated"]:
        n = not_drawn["negated"]
        left_out.append(f"{n} reported as not happening")
    if labels_missing:
        left_out.append(
            f"{labels_missing} place name{'s' if labels_missing != 1 else ''} for lack of room"
        )
    if left_out:
        notes.append("Not shown: " + "; ".join(left_out) + ".")
    if off_map:
        notes.append(f"Beyond the map's edge: {_listing(list(off_map))}.")
    lon, lat = centre
    notes.append(
        "One line or marker per movement as read from the articles; several reports of one "
        "movement are drawn once. Sizes and places as reported, not verified. Lambert azimuthal "
        f"equal-area projection centred on {abs(lat):.1f}°{'N' if lat >= 0 else 'S'}, "
        f"{abs(lon):.1f}°{'E' if lon >= 0 else 'W'}."
    )
    return notes


def _wrap(notes: list[str], width_in: float, scale: float) -> list[str]:
    chars = max(int(width_in * 72 / (7.5 * scale * 0.52)), 40)
    return [line for note in notes for line in textwrap.wrap(note, chars)]


def _draw_page_text(
    fig: Figure,
    layout: _Layout,
    title: str,
    subtitle: str | None,
    scope: str,
    footer: list[str],
    caveat: str | None,
) -> None:
    s, w, h = layout.scale, layout.width, layout.height
    left = layout.margin / w
    y = layout.title_top / h
    fig.text(left, y, title, fontsize=17 * s, fontweight="bold", color=_INK, va="top")
    y -= 17 * 1.3 * s / 72 / h
    if subtitle:
        fig.text(left, y, subtitle, fontsize=11 * s, color=_INK, va="top")
        y -= 11 * 1.4 * s / 72 / h
    fig.text(left, y, scope, fontsize=9 * s, color=_MUTED, va="top")
    line = 7.5 * 1.45 * s / 72 / h
    bottom = (layout.banner + 0.1 * s) / h
    lines = [*footer, CREDIT]
    for k, text in enumerate(reversed(lines)):
        fig.text(
            left,
            bottom + k * line,
            text,
            fontsize=7.5 * s,
            color=_MUTED,
            va="bottom",
            fontweight="bold" if text == CREDIT else "normal",
        )
    if caveat:
        band = layout.banner / h
        for y0 in (0.0, 1.0 - band):
            fig.add_artist(
                Rectangle(
                    (0, y0),
                    1,
                    band,
                    transform=fig.transFigure,
                    facecolor="#f6d860",
                    edgecolor="none",
                    zorder=10,
                )
            )
            fig.text(
                0.5,
                y0 + band / 2,
                caveat,
                fontsize=9.5 * s,
                fontweight="bold",
                color=_INK,
                ha="center",
                va="center",
                zorder=11,
            )


def _draw_map(
    page: _Page, crs: str, flows: gpd.GeoDataFrame, places: list[_Place], groups: list[str | None]
) -> int:
    """The map frame, the locator and the legend; returns how many place labels found no room."""
    ax, layout, limits = page.ax, page.layout, page.limits
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    ax.set_facecolor(_SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#8a8a8a")
        spine.set_linewidth(layout.pt(0.8))
    to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    countries = _draw_countries(
        ax, limits, page.to_map, to_lonlat, page.metres_per_pt * 0.5, layout.pt(0.6)
    )
    colours, legend_colours = _colours(groups)
    frame = ax.bbox
    # The scale bar's corner, kept free of labels.
    page.obstacles.append(
        (
            frame.x0,
            frame.y0,
            frame.x0 + 0.3 * frame.width,
            frame.y0 + layout.pt(34) * page.px_per_pt,
        )
    )
    _draw_flows(page, flows, colours)
    _draw_points(page, flows, colours, places)
    _draw_dots(page, places)
    missing = _label_places(page, places)
    _label_countries(page, countries)
    ax.add_artist(
        ScaleBar(
            1.0,
            "m",
            location="lower left",
            length_fraction=0.2,
            box_alpha=0.75,
            font_properties={"size": layout.pt(7.5)},
            rotation="horizontal-only",
            scale_loc="top",
            border_pad=0.8,
            width_fraction=0.008,
            color=_INK,
        )
    )
    px, py, pw, ph = layout.panel_box
    inset_h = min(pw * 0.75, ph * 0.34)
    locator = page.fig.add_axes(layout.fraction((px, py + ph - inset_h, pw, inset_h)))
    _draw_locator(locator, crs, limits, layout.scale, pw / inset_h)
    legend_h = ph - inset_h - 0.1 * layout.scale
    legend_ax = page.fig.add_axes(layout.fraction((px, py, pw, legend_h)))
    _draw_legend(legend_ax, layout, pw * 72, legend_h * 72, flows, legend_colours, places)
    return missing


def render_briefing(
    movements: Iterable[Mapping[str, Any]],
    out: Path | IO[bytes],
    fmt: str = "png",
    *,
    title: str | None = None,
    subtitle: str | None = None,
    caveat: str | None = None,
    extent: Extent | None = None,
    size: str | tuple[float, float] = "a4",
    dpi: int = 150,
    filters_text: str = "",
) -> Briefing:
    """Draw a briefing map of movements and write it to ``out`` as PNG, SVG or PDF.

    Parameters
    ----------
    movements : iterable of mapping
        Movement records of the extract contract with ``id`` and ``doc`` (as
        :func:`geo.store.as_movements` gives them); ``group`` colours the flows and
        ``movement_key`` draws several reports of one movement once.
    out : pathlib.Path or binary file object
        File to write; replaced if it exists, left alone if drawing fails. A file object (such
        as ``io.BytesIO``, for a download) gets the image written into it.
    fmt : {"png", "svg", "pdf"}
        Image format. SVG keeps text as text.
    title, subtitle : str, optional
        Title (default "Reported movements of people") and a line under it.
    caveat : str, optional
        Handling marking, printed in a band at the top and at the bottom.
    extent : tuple of float, optional
        ``(lon1, lat1, lon2, lat2)`` to show; by default everything drawn, with a margin, except
        places more than :data:`FAR_KM` from the others.
    size : str or tuple of float
        ``"a4"``, ``"16:9"``, ``"WxH"`` or ``(width, height)`` in inches (:func:`parse_size`).
    dpi : int
        Pixels per inch of a PNG (and of any raster part of a PDF or SVG).
    filters_text : str
        The filters that chose the movements, in words (:meth:`geo.store.Filters.describe`).

    Returns
    -------
    Briefing
        What was drawn, and where the map frame is on the image.

    Raises
    ------
    BriefingError
        When there is no movement, or none with a place to draw.
    ValueError
        For an unknown format, a bad size or a dpi below 1.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    width, height = parse_size(size)
    if dpi < 1:
        raise ValueError(f"dpi must be a positive whole number, not {dpi}")
    records = _one_per_movement(list(movements))
    if not records:
        raise BriefingError("no movements to draw")
    flows = flow_lines(records)
    negated = (flows["status"] == "negated").to_numpy()
    unplaced = flows.geometry.isna().to_numpy()
    keep = ~negated & ~unplaced
    not_drawn = Counter(
        {"negated": int((negated & ~unplaced).sum()), "unplaced": int(unplaced.sum())}
    )
    if not keep.any():
        raise BriefingError(
            f"none of the {len(records)} movements can be drawn: "
            f"{not_drawn['unplaced']} have no place with coordinates, "
            f"{not_drawn['negated']} are reported as not happening"
        )
    drawn = [r for r, k in zip(records, keep, strict=True) if k]
    flows = flows[keep].reset_index(drop=True)
    ends = flow_endpoints(drawn)
    flows["width"] = [
        line_width(_typical_size(a, b))
        for a, b in zip(flows["size_min"], flows["size_max"], strict=True)
    ]
    if extent is None:
        extent = _fit_extent(flows, ends)
    crs = _local_crs(extent)
    to_map = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    flows["projected"] = list(flows.to_crs(crs).geometry.values)
    centre = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    scale = _scale(width, height)
    # The frame holds the extent, so the places outside the extent are the most the note can
    # name; room for them and for the line about labels left out is kept before drawing.
    lon1, lat1, lon2, lat2 = extent
    beyond_extent = [
        str(name)
        for name, point in zip(ends["name"], ends.geometry, strict=True)
        if not (lon1 <= point.x <= lon2 and lat1 <= point.y <= lat2)
    ]
    notes = _footer(flows, not_drawn, sorted(set(beyond_extent)), centre, 1)
    lines = len(_wrap(notes, width - 2 * 0.25 * scale, scale)) + 1
    layout = _layout(width, height, bool(caveat), bool(subtitle), lines)
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes(layout.fraction(layout.map_box))
        limits = _frame_limits(extent, to_map, layout.map_box[2] / layout.map_box[3])
        metres_per_pt = (limits[1] - limits[0]) / (layout.map_box[2] * 72)
        page = _Page(fig, layout, ax, limits, to_map, metres_per_pt, dpi / 72, [])
        places = _places(page, ends)
        off_map = sorted(
            {p.name for p in places if not (limits[0] <= p.x <= limits[1])}
            | {p.name for p in places if not (limits[2] <= p.y <= limits[3])}
        )
        missing = _draw_map(page, crs, flows, places, [_group(r) for r in drawn])
        footer = _wrap(
            _footer(flows, not_drawn, off_map, centre, missing),
            layout.width - 2 * layout.margin,
            scale,
        )
        _draw_page_text(
            fig,
            layout,
            title or DEFAULT_TITLE,
            subtitle,
            _scope(flows, filters_text),
            footer,
            caveat,
        )
        save = functools.partial(
            fig.savefig, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white"
        )
        if isinstance(out, Path):
            out.parent.mkdir(parents=True, exist_ok=True)
            part = out.with_name(f".{out.name}.part")
            save(part)
            part.replace(out)
        else:
            save(out)
        width_px, height_px = canvas.get_width_height()
        box = ax.bbox
    return Briefing(
        drawn=len(flows),
        not_drawn=sum(not_drawn.values()),
        off_map=tuple(off_map),
        extent=extent,
        crs=crs,
        width_px=int(width_px),
        height_px=int(height_px),
        map_box=(box.x0, height_px - box.y1, box.x1, height_px - box.y0),
        limits=limits,
    )
