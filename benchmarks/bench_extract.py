"""Benchmark: reading articles (read + clean + places) and how well places are found.

    python benchmarks/bench_extract.py [--gwn PATH] [--articles N]

Prints:
- articles per second on one core for read + clean + places, on 3-5 KB articles cut
  from the GeoWebNews texts (written to files first, so reading from disk is included), cold
  (every name new to the process) and warm;
- toponym recognition precision / recall / F1 and the share of recognised toponyms within
  161 km of the gold point, on GeoWebNews (Gritta et al. 2019): 200 real news articles with
  hand-marked toponyms. Articles with an even number are the development half, odd the held-out
  half; both are printed.

Gold toponyms are the annotations with coordinates, without adjectival modifiers ("Syrian
army"), which movemap reports as demonyms rather than places. A second line leaves out names
inside other names ("Washington Post", "Air France"), which movemap does not report as places.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.clean import clean  # noqa: E402
from extract.html import read_page  # noqa: E402
from extract.places import PlaceFinder  # noqa: E402
from extract.read import Article, read_paths  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402
from gazetteer.sources import km_between  # noqa: E402

GWN = ROOT.parent / "shared" / "benchmarks" / "geowebnews" / "GWN.xml"
NEAR_KM = 161.0


@dataclass(slots=True, frozen=True)
class Toponym:
    start: int
    end: int
    lat: float
    lon: float
    kind: str  # GeoWebNews type: Literal, Metonymic, Embedded_Non_Lit ("Washington Post")...


def gwn_articles(path: Path) -> list[tuple[int, str, list[Toponym]]]:
    """(article number, text, gold toponyms) of GeoWebNews."""
    articles = []
    for article in ET.parse(path).getroot():
        text = article.findtext("text") or ""
        gold = []
        for t in article.find("toponyms") or []:
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if lat is None or lon is None or t.findtext("modifierType") == "Adjective":
                continue
            gold.append(
                Toponym(
                    int(t.findtext("start") or 0),
                    int(t.findtext("end") or 0),
                    float(lat),
                    float(lon),
                    t.findtext("type") or "",
                )
            )
        articles.append((int(article.get("file", "0")), text, gold))
    return articles


def recognition(finder: PlaceFinder, articles: list[tuple[int, str, list[Toponym]]]) -> str:
    tp = fp = fn = near = 0
    for _, text, gold in articles:
        predicted = [
            (s, e, line.place.lat, line.place.lon)
            for line in finder.places(text)
            for s, e in line.spans
        ]
        matched_gold: set[int] = set()
        for s, e, lat, lon in predicted:
            hit = next(
                (
                    k
                    for k, g in enumerate(gold)
                    if k not in matched_gold and s < g.end and g.start < e
                ),
                None,
            )
            if hit is None:
                fp += 1
                continue
            matched_gold.add(hit)
            tp += 1
            g = gold[hit]
            if (
                lat is not None
                and lon is not None
                and km_between(lat, lon, g.lat, g.lon) <= NEAR_KM
            ):
                near += 1
        fn += len(gold) - len(matched_gold)
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return (
        f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  "
        f"within {NEAR_KM:.0f} km {near / max(1, tp):.3f}  (gold {tp + fn}, predicted {tp + fp})"
    )


def chunks(articles: list[tuple[int, str, list[Toponym]]], count: int) -> list[str]:
    """``count`` article texts of 3-5 KB, cut at paragraph ends from the GeoWebNews texts."""
    pieces: list[str] = []
    while len(pieces) < count:
        for _, text, _ in articles:
            current = ""
            for paragraph in text.split("\n"):
                current = f"{current}\n{paragraph}" if current else paragraph
                if len(current.encode()) >= 3000:
                    pieces.append(current[:5000])
                    current = ""
            if len(pieces) >= count:
                break
    return pieces[:count]


def throughput(gaz: Gazetteer, folder: Path) -> tuple[float, int]:
    """Seconds and articles for read + clean + places (the issue's measure); the full chain
    with metadata, sources and movements is timed by bench_movements.py."""
    finder = PlaceFinder(gaz)
    start = time.perf_counter()
    done = 0
    for item in read_paths([folder]):
        if isinstance(item, Article):
            page = None
            if item.kind == "html":
                page = read_page(item.content)
            finder.places(clean(item, page).text)
            done += 1
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gwn", type=Path, default=GWN, help="GeoWebNews GWN.xml")
    parser.add_argument("--articles", type=int, default=2000, help="articles for the rate")
    args = parser.parse_args()
    if not args.gwn.is_file():
        sys.exit(f"GeoWebNews not found at {args.gwn}")
    articles = gwn_articles(args.gwn)

    t0 = time.perf_counter()
    gaz = Gazetteer.open()
    gaz.name_keys()
    print(f"load: gazetteer + name keys {time.perf_counter() - t0:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = chunks(articles, args.articles)
        for n, text in enumerate(texts):
            (folder / f"{n:06d}.txt").write_text(text, encoding="utf-8")
        size = sum(len(t.encode()) for t in texts) / len(texts)
        cold, done = throughput(gaz, folder)
        warm, _ = throughput(gaz, folder)
    print(f"read + clean + places, one core, {done} articles of {size / 1000:.1f} KB avg:")
    print(f"  first pass (names new to the process): {done / cold:,.0f} articles/s")
    print(f"  second pass (names seen before):       {done / warm:,.0f} articles/s")

    finder = PlaceFinder(gaz)
    dev = [a for a in articles if a[0] % 2 == 0]
    held = [a for a in articles if a[0] % 2 == 1]
    print("GeoWebNews toponyms (overlapping span = recognised):")
    print(f"  development half ({len(dev)} articles): {recognition(finder, dev)}")
    print(f"  held-out half    ({len(held)} articles): {recognition(finder, held)}")
    print('  the same without names inside other names (Embedded_*: "Washington Post"), which')
    print("  movemap leaves out on purpose:")
    for label, half in (("development", dev), ("held-out", held)):
        unembedded = [
            (n, text, [t for t in gold if not t.kind.startswith("Embedded")])
            for n, text, gold in half
        ]
        print(f"  {label:<16} ({len(half)} articles): {recognition(finder, unembedded)}")


if __name__ == "__main__":
    main()
