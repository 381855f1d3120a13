"""Benchmark: the dashboard's server-side time with many stored movements.

    python benchmarks/bench_dashboard.py [--reports 10000]

Fills a GeoPackage with N synthetic movement reports (see bench_store.py), then runs app.py with
Streamlit's AppTest and prints the time of the first render (reading the store, drawing every
flow line, building the map page) and of a filter change (a source chosen in the sidebar), the
median of 5 runs each. Targets: first render under 3 s, filter change under 1 s. The browser's own
drawing time is not included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_store import _fill  # noqa: E402

from geo.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.gpkg"
        with Store.open(db) as store:
            _fill(store, args.reports)
        os.environ["MOVEMAP_DB"] = str(db)
        first, change = [], []
        for _ in range(args.runs):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
            # A fresh app each time, as a new analyst opening the page: no cached frames.
            st.cache_data.clear()
            started = time.perf_counter()
            at.run()
            first.append(time.perf_counter() - started)
            if at.exception:
                raise SystemExit(f"the page failed: {at.exception}")
            started = time.perf_counter()
            at.sidebar.multiselect(key="sources").select("Reuters").run()
            change.append(time.perf_counter() - started)
        print(f"dashboard with {args.reports:,} stored movement reports (median of {args.runs}):")
        print(f"  first render   {statistics.median(first):6.2f} s  (target < 3 s)")
        print(f"  filter change  {statistics.median(change):6.2f} s  (target < 1 s)")


if __name__ == "__main__":
    main()
