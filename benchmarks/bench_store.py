"""Benchmark: the store on both backends.

    python benchmarks/bench_store.py [--articles 10000] [--reports 100000] [--postgres URL]

Prints:
- ingest rate: articles per second for ``ingest`` (read, extract, flow line, write) of N invented
  one-paragraph articles into a fresh GeoPackage and, when a PostGIS URL is given (or
  ``MOVEMAP_TEST_POSTGRES`` is set), into PostGIS;
- query time: a date-range + source query (the analyst's most common question) over a store of
  M movement reports, median of repeated runs, with the rows it returned. Target on GeoPackage:
  under 200 ms for 100,000 reports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.document import Extractor  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402
from geo.ingest import ingest  # noqa: E402
from geo.store import Filters, Store  # noqa: E402

TOWNS = [
    ("Albukamal", 34.452, 40.918, "SY"),
    ("Raqqa", 35.953, 39.008, "SY"),
    ("Idlib", 35.931, 36.634, "SY"),
    ("Manbij", 36.528, 37.955, "SY"),
    ("Mosul", 36.335, 43.119, "IQ"),
    ("Tal Afar", 36.377, 42.449, "IQ"),
    ("Kilis", 36.716, 37.115, "TR"),
    ("Hasakah", 36.502, 40.747, "SY"),
]
SOURCES = ["Syrian Observatory for Human Rights", "Reuters", "Anadolu Agency", "SANA", "Rudaw"]
ACTORS = ["fighters", "displaced families", "smugglers", "militia members", "refugees"]


def _articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        town, _, _, _ = TOWNS[i % len(TOWNS)]
        origin = TOWNS[(i * 3 + 1) % len(TOWNS)][0]
        day = date(2019, 1, 1) + timedelta(days=i % 365)
        (folder / f"a{i:05d}.txt").write_text(
            f"{ACTORS[i % 5].capitalize()} reach {town}\n\n{day:%B %d, %Y}\n\nAbout {50 + i} "
            f"{ACTORS[i % 5]} arrived in {town} from {origin} on Monday, "
            f"{SOURCES[i % 5]} said.\n",
            encoding="utf-8",
        )


def _place(town: tuple[str, float, float, str]) -> dict[str, Any]:
    name, lat, lon, country = town
    return {
        "text": name,
        "name": name,
        "kind": "populated_place",
        "country": country,
        "admin1": None,
        "geonameid": None,
        "lat": lat,
        "lon": lon,
        "precision_km": 5.0,
        "score": 1.0,
    }


def _fill(store: Store, reports: int, per_article: int = 5) -> None:
    """Synthetic stored reports (no extraction): ``per_article`` movements per document."""
    from geo.flows import flow_geometry

    for a in range(reports // per_article):
        day = date(2016, 1, 1) + timedelta(days=a % 1460)
        document: dict[str, Any] = {
            "type": "document",
            "doc": f"doc{a}.txt",
            "published": day.isoformat(),
            "publisher": SOURCES[a % 5],
            "sha256": uuid.uuid4().hex,
        }
        movements = []
        for k in range(per_article):
            origin, destination = TOWNS[(a + k) % 8], TOWNS[(a + 3 * k + 1) % 8]
            movements.append(
                {
                    "type": "movement",
                    "doc": document["doc"],
                    "actor": ACTORS[(a + k) % 5],
                    "size": {"min": 10 * k, "max": 20 * k, "text": f"{10 * k}"},
                    "origin": [_place(origin)],
                    "via": [],
                    "destination": [_place(destination)],
                    "status": "completed",
                    "date": {"start": day.isoformat(), "end": day.isoformat(), "precision": "day"},
                    "cited_sources": [SOURCES[(a + k + 1) % 5]],
                    "publisher": document["publisher"],
                    "evidence": {"text": f"sentence {k}", "start": 0, "end": 10},
                    "confidence": 0.8,
                }
            )
        records: list[dict[str, Any]] = [document, *movements]
        store.put_article(
            f"synthetic:{a}", uuid.uuid4().hex, "", records, [flow_geometry(m) for m in movements]
        )
        if a % 500 == 499:
            store.commit()
    store.commit()


def _postgis_url(base: str) -> tuple[str, str]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema},public')}", schema


def _drop(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("MOVEMAP_TEST_POSTGRES"))
    args = parser.parse_args()

    gazetteer = Gazetteer.open()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        _articles(folder, args.articles)
        targets: list[tuple[str, str, str | None]] = [
            ("GeoPackage", str(Path(tmp) / "ingest.gpkg"), None)
        ]
        if args.postgres:
            targets.append(("PostGIS", *_postgis_url(args.postgres)))
        print(f"ingest of {args.articles:,} invented articles (one movement each), one core:")
        for label, url, schema in targets:
            extractor = Extractor(gazetteer)
            with Store.open(url) as store:
                started = time.perf_counter()
                result = ingest([folder], store, extractor)
                took = time.perf_counter() - started
            print(
                f"  {label:<10} {result.articles / took:8.0f} articles/s  "
                f"({result.reports:,} reports in {took:.1f} s)"
            )
            if schema:
                _drop(args.postgres, schema)

        print(f"date + source query over {args.reports:,} stored reports (median of 7 runs):")
        filters = Filters(date_from="2017-03-01", date_to="2017-03-31", sources=("reuters",))
        stores: list[tuple[str, str, str | None]] = [
            ("GeoPackage", str(Path(tmp) / "query.gpkg"), None)
        ]
        if args.postgres:
            stores.append(("PostGIS", *_postgis_url(args.postgres)))
        for label, url, schema in stores:
            with Store.open(url) as store:
                _fill(store, args.reports)
                times, rows = [], 0
                for _ in range(7):
                    started = time.perf_counter()
                    rows = len(store.reports(filters))
                    times.append(time.perf_counter() - started)
            target = "  (target < 200 ms)" if label == "GeoPackage" else ""
            print(
                f"  {label:<10} {statistics.median(times) * 1000:8.1f} ms  "
                f"{rows:,} rows returned{target}"
            )
            if schema:
                _drop(args.postgres, schema)


if __name__ == "__main__":
    main()
