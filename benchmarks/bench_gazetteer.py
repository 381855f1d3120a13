"""Gazetteer benchmark: cold load, lookup latency and accuracy on real place names.

    python benchmarks/bench_gazetteer.py [--names FILE] [--ucdp CSV]

Names come from the UCDP Georeferenced Event Dataset for Syria 2016-2019 (``where_coordinates``:
places as conflict reporting names them, "Deir ez Zor town", "Tadmur/Palmyra town"), read from
``../shared/benchmarks`` for measuring only (never shipped). Accuracy counts events whose
location UCDP gives exactly (``where_prec`` 1) and that land within 15 km of UCDP's point.
Prints figures; asserts nothing (budgets: median lookup under 50 µs, cold load well under 1 s).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time
from pathlib import Path

from gazetteer import Context, Gazetteer
from gazetteer.sources import km_between

ROOT = Path(__file__).resolve().parents[1]
UCDP = ROOT.parent / "shared" / "benchmarks" / "ucdp-ged-syria" / "ged-syria-2016-2019.csv"
GWN = ROOT.parent / "shared" / "benchmarks" / "geowebnews" / "GWN.xml"
COLD_RUNS = 5


def cold_load() -> tuple[float, float]:
    """Median seconds, in a fresh interpreter, to import + open and to answer the first query."""
    script = (
        "import time; t0 = time.perf_counter(); from gazetteer import Gazetteer; "
        "g = Gazetteer.open(build_missing=False); t1 = time.perf_counter(); "
        "g.resolve('Deir ez-Zor'); t2 = time.perf_counter(); print(t1 - t0, t2 - t0)"
    )
    opens, firsts = [], []
    for _ in range(COLD_RUNS):
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        opened, first = map(float, out.stdout.split())
        opens.append(opened)
        firsts.append(first)
    return statistics.median(opens), statistics.median(firsts)


def ucdp_names(path: Path) -> list[tuple[str, float, float, bool]]:
    """Distinct (name, lat, lon, exact) from UCDP GED; "A/B town" keeps the first spelling."""
    seen: dict[str, tuple[str, float, float, bool]] = {}
    with path.open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            name = rec["where_coordinates"].split("/")[0].strip()
            if name and name not in seen:
                seen[name] = (
                    name,
                    float(rec["latitude"]),
                    float(rec["longitude"]),
                    rec["where_prec"] == "1",
                )
    return list(seen.values())


def gwn_toponyms(path: Path) -> list[tuple[str, float, float, bool]]:
    """GeoWebNews toponyms that carry coordinates (Gritta et al. 2019; news from 2018)."""
    import xml.etree.ElementTree as ET

    rows = []
    for toponym in ET.parse(path).getroot().iter("toponym"):
        name, lat, lon = (toponym.findtext(k) for k in ("extractedName", "latitude", "longitude"))
        if name and lat and lon:
            rows.append((name, float(lat), float(lon), True))
    return rows


def ucdp_event_names(path: Path) -> list[str]:
    """Every event's place name, in the dataset's order (a stream with realistic repeats)."""
    with path.open(encoding="utf-8") as fh:
        return [
            rec["where_coordinates"].split("/")[0].strip()
            for rec in csv.DictReader(fh)
            if rec["where_coordinates"].strip()
        ]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1e6

    return f"p50 {at(0.5):7.1f} µs   p90 {at(0.9):7.1f} µs   p99 {at(0.99):8.1f} µs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=Path, help="a file of names, one per line")
    parser.add_argument("--ucdp", type=Path, default=UCDP, help="UCDP GED CSV")
    args = parser.parse_args()

    gaz = Gazetteer.open()
    if args.names:
        lines = args.names.read_text(encoding="utf-8").splitlines()
        rows = [(name, 0.0, 0.0, False) for name in lines if name.strip()]
    elif args.ucdp.is_file():
        rows = ucdp_names(args.ucdp)
    else:
        print(f"no names: {args.ucdp} is missing; pass --names FILE", file=sys.stderr)
        return 2

    opened, first = cold_load()
    print(f"cold load (fresh interpreter, import + open index): {opened * 1000:6.1f} ms")
    print(f"cold load + first answer:                           {first * 1000:6.1f} ms")
    if not args.names and GWN.is_file():
        news = gwn_toponyms(GWN)
        fresh = Gazetteer.open()
        timings, right = [], 0
        for name, lat, lon, _ in news:
            started = time.perf_counter()
            place = fresh.resolve(name)
            timings.append(time.perf_counter() - started)
            if place.lat is not None and place.lon is not None:
                right += km_between(place.lat, place.lon, lat, lon) <= 161
        print(
            f"\nGeoWebNews: {len(news):,} toponyms with coordinates, as they occur in 200 articles"
        )
        print(f"  latency {percentiles(timings)}")
        print(f"  name only, no context: {right / len(news):.1%} within 161 km of the annotation")

    names = [name for name, *_ in rows]
    streams = [(f"{len(names):,} distinct names, each once", names)]
    if not args.names and args.ucdp.is_file():
        events = ucdp_event_names(args.ucdp)
        streams.append((f"{len(events):,} event names in order (repeats as reported)", events))
    print("\nlookup latency (fresh gazetteer for each stream: nothing cached at the start)")
    for label, context in (("no hint", Context()), ("--country SY", Context(country="SY"))):
        for title, stream in streams:
            fresh = Gazetteer.open()
            timings = []
            for name in stream:
                started = time.perf_counter()
                fresh.candidates(name, context, limit=1)
                timings.append(time.perf_counter() - started)
            fresh.close()
            print(f"  {label:13} {title:50} {percentiles(timings)}")

    if not args.names:
        print("\naccuracy on UCDP exact locations (within 15 km of UCDP's point)")
        exact = [row for row in rows if row[3]]
        for label, context in (("no hint", Context()), ("--country SY", Context(country="SY"))):
            right = resolved = 0
            for name, lat, lon, _ in exact:
                place = gaz.resolve(name, context)
                if place.lat is not None and place.lon is not None:
                    resolved += 1
                    right += km_between(place.lat, place.lon, lat, lon) <= 15
            print(
                f"  {label:13} resolved {resolved / len(exact):6.1%}   "
                f"right {right / len(exact):6.1%}   "
                f"right when resolved {right / max(1, resolved):6.1%}   (n={len(exact):,})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
