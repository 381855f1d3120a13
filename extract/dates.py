"""Publication dates: from a record's field, the page's markup, the date line under a headline, or
else a not-before bound from the years the text speaks of in the past tense."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Final

from dateutil import parser as date_parser

from extract import patterns as pat

__all__ = ["Published", "find_dates", "parse_date", "published_date"]

_DEFAULT: Final = datetime(1900, 1, 1)
_YEAR_ONLY: Final = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
_MONTH_ONLY: Final = re.compile(
    rf"^\s*(?:(?:{pat.MONTHS})\.?,?\s+(?:19|20)\d\d|(?:19|20)\d\d-[01]\d|[01]?\d/(?:19|20)\d\d)\s*$",
    re.IGNORECASE,
)
# Dates further in the future than this are typing errors or schedules, not publication dates.
_FUTURE_DAYS: Final = 2


@dataclass(slots=True, frozen=True)
class Published:
    """A publication date: ``value`` (``YYYY-MM-DD`` or ``None``), ``precision`` (``day``,
    ``month``, ``year`` or ``unknown``) and ``basis``, where it came from (``record``, ``page
    metadata``, ``date line``, ``not before``: the latest year the text speaks of, a lower
    bound)."""

    value: str | None
    precision: str
    basis: str | None

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(self, value: str | None, precision: str, basis: str | None) -> None:
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "basis", basis)


UNKNOWN: Final = Published(None, "unknown", None)


# dateutil takes tens of microseconds a date, and news repeats its dates ("Sept. 11, 2001").
@lru_cache(maxsize=4096)
def parse_date(text: str) -> tuple[date, str] | None:
    """A date and its precision from a date string in any common form, or ``None``."""
    text = text.strip()
    if not text:
        return None
    year = _YEAR_ONLY.match(text)
    if year:
        return date(int(year.group(1)), 1, 1), "year"
    precision = "month" if _MONTH_ONLY.match(text) else "day"
    try:
        parsed = date_parser.parse(text, default=_DEFAULT, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if parsed.year == _DEFAULT.year and str(_DEFAULT.year) not in text:
        return None
    return parsed.date().replace(day=1) if precision == "month" else parsed.date(), precision


def find_dates(text: str) -> list[tuple[int, int, date, str]]:
    """Full dates written in ``text``: ``(start, end, date, precision)`` in order."""
    found = []
    for match in pat.FULL_DATE.finditer(text):
        parsed = parse_date(match.group(0).rstrip(".,"))
        if parsed is not None:
            found.append((match.start(), match.end(), *parsed))
    return found


def _usable(day: date, today: date) -> bool:
    return day.year >= 1990 and (day - today).days <= _FUTURE_DAYS


def published_date(
    *,
    record_date: str | None,
    page_date: str | None,
    header: Iterable[str],
    dated_lines: Iterable[str],
    past_text: Iterable[str],
    today: date | None = None,
) -> Published:
    """The article's publication date, from the best evidence available.

    ``header`` lines sit above the article (bylines, date lines); ``dated_lines`` are other page
    furniture that may carry a "Published ..." line; ``past_text`` is running text (never
    captions) whose past years bound the date from below when nothing states it.
    """
    today = today or date.today()
    for value, basis in ((record_date, "record"), (page_date, "page metadata")):
        parsed = parse_date(value) if value else None
        if parsed and _usable(parsed[0], today):
            return Published(parsed[0].isoformat(), parsed[1], basis)
    for line in header:
        for _, _, day, precision in find_dates(line):
            if _usable(day, today):
                return Published(day.isoformat(), precision, "date line")
    for line in dated_lines:
        if re.match(r"\s*(published|posted|updated|date|first published)\b", line, re.I):
            for _, _, day, precision in find_dates(line):
                if _usable(day, today):
                    return Published(day.isoformat(), precision, "date line")
    latest: date | None = None
    for text in past_text:
        if "19" not in text and "20" not in text:  # both patterns take years 19xx and 20xx only
            continue
        bounds = [
            date(int(m.group("year")), 1, 1)
            for m in pat.PAST_YEAR.finditer(text)
            if not pat.FUTURE_CUE.search(text[max(0, m.start() - 40) : m.start()])
        ]
        bounds += [
            day
            for start, _, day, _ in find_dates(text)
            if not pat.FUTURE_CUE.search(text[max(0, start - 40) : start])
        ]
        for bound in bounds:
            if _usable(bound, today) and (latest is None or bound > latest):
                latest = bound
    if latest is None:
        return UNKNOWN
    return Published(latest.isoformat(), "unknown", "not before")
