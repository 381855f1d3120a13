"""Dates: parsing with precision, finding dates in text, choosing the publication date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest

from extract.dates import Published, find_dates, parse_date, published_date

TODAY = date(2024, 6, 1)


def _published(
    *,
    record_date: str | None = None,
    page_date: str | None = None,
    header: Iterable[str] = (),
    dated_lines: Iterable[str] = (),
    past_text: Iterable[str] = (),
    today: date = TODAY,
) -> Published:
    return published_date(
        record_date=record_date,
        page_date=page_date,
        header=header,
        dated_lines=dated_lines,
        past_text=past_text,
        today=today,
    )


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("October 13, 2017", date(2017, 10, 13), "day"),
        ("3 Jun, 2016", date(2016, 6, 3), "day"),
        ("2017-10-13", date(2017, 10, 13), "day"),
        ("Friday, October 13, 2017", date(2017, 10, 13), "day"),
        ("2017-10-13T08:30:00+03:00", date(2017, 10, 13), "day"),
        ("  Oct. 13, 2017 ", date(2017, 10, 13), "day"),
        ("March 2019", date(2019, 3, 1), "month"),
        ("Sept 2019", date(2019, 9, 1), "month"),
        ("2019", date(2019, 1, 1), "year"),
    ],
)
def test_parse_date_gives_date_and_precision(text: str, expected: date, precision: str) -> None:
    assert parse_date(text) == (expected, precision)


@pytest.mark.parametrize("text", ["", "   ", "yesterday", "March", "13 October", "2019-02-30"])
def test_parse_date_refuses_what_is_not_a_full_date(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_gives_offsets_in_order() -> None:
    text = (
        "Fighters left Manbij on October 13, 2017 and came back on 3 Jun, 2018; the camp "
        "opened 2016-05-01 and closed in March 2019."
    )
    found = find_dates(text)
    assert [(text[start:end], day, precision) for start, end, day, precision in found] == [
        ("October 13, 2017", date(2017, 10, 13), "day"),
        ("3 Jun, 2018", date(2018, 6, 3), "day"),
        ("2016-05-01", date(2016, 5, 1), "day"),
        ("March 2019", date(2019, 3, 1), "month"),
    ]
    assert found[0][:2] == (text.index("October"), text.index("October") + 16)


def test_find_dates_in_text_without_dates_is_empty() -> None:
    assert find_dates("Families crossed at Kilis on Tuesday morning.") == []


def test_record_date_comes_first() -> None:
    assert _published(
        record_date="2017-10-13",
        page_date="2018-01-01",
        header=["Global Research, March 5, 2016"],
        dated_lines=["Published: April 2, 2015"],
        past_text=["Families fled in 2019."],
    ) == Published("2017-10-13", "day", "record")


def test_record_date_keeps_its_precision() -> None:
    assert _published(record_date="March 2019") == Published("2019-03-01", "month", "record")
    assert _published(record_date="2017") == Published("2017-01-01", "year", "record")


def test_page_metadata_comes_after_the_record() -> None:
    assert _published(
        page_date="2018-01-01",
        header=["Global Research, March 5, 2016"],
        dated_lines=["Published: April 2, 2015"],
    ) == Published("2018-01-01", "day", "page metadata")


def test_unreadable_record_date_falls_back_to_page_metadata() -> None:
    assert _published(record_date="soon", page_date="2018-01-01").basis == "page metadata"


def test_header_date_line_comes_after_page_metadata() -> None:
    assert _published(
        header=["By Jane Doe", "Global Research, March 5, 2016"],
        dated_lines=["Published: April 2, 2015"],
        past_text=["Families fled in 2019."],
    ) == Published("2016-03-05", "day", "date line")


def test_published_furniture_line_comes_after_header() -> None:
    assert _published(
        dated_lines=["Families fled on May 1, 2014.", "Published: April 2, 2015"],
        past_text=["Families fled in 2019."],
    ) == Published("2015-04-02", "day", "date line")


def test_furniture_line_without_published_cue_is_not_a_date_line() -> None:
    assert _published(dated_lines=["Fighters entered the town on April 2, 2015"]).value is None


def test_past_years_give_a_not_before_bound() -> None:
    assert _published(
        past_text=["Families fled Afrin in 2018.", "Most of them had lived in camps since 2019."]
    ) == Published("2019-01-01", "unknown", "not before")


def test_caption_date_alone_gives_no_date() -> None:
    caption = "A displaced man is seen in Azaz on March 3, 2019. — OMAR KHALED/AFP via Getty Images"
    assert _published(header=(), dated_lines=[caption], past_text=[]) == Published(
        None, "unknown", None
    )


def test_nothing_known_gives_unknown() -> None:
    assert _published() == Published(None, "unknown", None)


def test_future_record_and_page_dates_are_ignored() -> None:
    result = _published(record_date="2030-01-01", page_date="2029-05-05", header=["May 2, 2024"])
    assert result == Published("2024-05-02", "day", "date line")


def test_up_to_two_days_ahead_is_allowed_three_is_not() -> None:
    assert _published(record_date="2024-06-03").value == "2024-06-03"
    assert _published(record_date="2024-06-04").value is None


def test_future_header_date_falls_through_to_published_line() -> None:
    result = _published(header=["October 13, 2030"], dated_lines=["Published: April 2, 2015"])
    assert result == Published("2015-04-02", "day", "date line")


def test_future_years_in_text_set_no_bound() -> None:
    assert _published(past_text=["The camp opened in 2019 and will close in 2031."]) == Published(
        "2019-01-01", "unknown", "not before"
    )


def test_years_before_1990_are_not_publication_dates() -> None:
    assert _published(record_date="1985-01-01", page_date="2018-01-01").basis == "page metadata"
    assert _published(past_text=["The siege ended in 1985."]).value is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Elections planned for 2030.",
        "Turkish officials said elections planned in 2030 would decide the border policy.",
        "Turkey will hold elections in 2030.",
        "Ankara plans to send a million refugees back by 2030.",
    ],
)
def test_future_cue_sets_no_bound_even_once_the_year_has_passed(sentence: str) -> None:
    # Read in 2035, the year 2030 is past, yet the sentence speaks of it as the future.
    assert _published(past_text=[sentence], today=date(2035, 1, 1)).value is None


def test_past_year_without_future_cue_sets_bound_when_read_later() -> None:
    result = _published(past_text=["Families fled in 2030."], today=date(2035, 1, 1))
    assert result == Published("2030-01-01", "unknown", "not before")


@pytest.mark.parametrize("text", ["2019-03", "03/2019", "3/2019"])
def test_numeric_month_forms_have_month_precision(text: str) -> None:
    assert parse_date(text) == (date(2019, 3, 1), "month")
