"""Byline (publisher, original source, author), language, and the de-duplication hash."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from extract.meta import Byline, byline, language, text_sha256
from extract.sources import SourceNames, source_names

ENGLISH = (
    "Hundreds of families left their villages north of Aleppo on Tuesday and walked towards the "
    "crossing with Turkey, where aid workers said they had registered more than four hundred "
    "people by nightfall."
)
FRENCH = (
    "Des centaines de familles ont quitté leurs villages au nord d'Alep mardi et ont marché vers "
    "le poste frontière avec la Turquie, où les travailleurs humanitaires ont enregistré plus de "
    "quatre cents personnes avant la tombée de la nuit."
)
ARABIC = (
    "غادرت مئات العائلات قراها شمال حلب يوم الثلاثاء وسارت نحو المعبر الحدودي مع تركيا حيث قال "
    "عمال الإغاثة إنهم سجلوا أكثر من أربعمئة شخص قبل حلول الليل."
)


@pytest.fixture(scope="module")
def names() -> SourceNames:
    return source_names()


def _byline(
    names: SourceNames,
    *,
    header: Iterable[str] = (),
    furniture: Iterable[str] = (),
    record_publisher: str | None = None,
    record_author: str | None = None,
    url: str | None = None,
) -> Byline:
    return byline(
        header=header,
        furniture=furniture,
        names=names,
        record_publisher=record_publisher,
        record_author=record_author,
        url=url,
    )


def test_author_and_publisher_from_bio(names: SourceNames) -> None:
    bio = "Jane Doe is a journalist for CBN News who has covered the war in Syria since 2012."
    assert _byline(names, furniture=[bio]) == Byline("CBN News", None, "Jane Doe")


def test_author_from_bio_without_outlet(names: SourceNames) -> None:
    bio = "Jane Doe is an award-winning freelance journalist based in Erbil."
    assert _byline(names, furniture=[bio]) == Byline(None, None, "Jane Doe")


def test_author_from_articles_by_line(names: SourceNames) -> None:
    assert _byline(names, furniture=["Articles by: Jane Doe"]).author == "Jane Doe"


def test_record_author_wins(names: SourceNames) -> None:
    bio = "Jane Doe is a journalist for CBN News."
    assert _byline(names, furniture=[bio], record_author="Omar Khaled").author == "Omar Khaled"


def test_publisher_from_header_and_original_source_from_furniture(names: SourceNames) -> None:
    result = _byline(
        names,
        header=["Global Research, October 13, 2017"],
        furniture=[
            "The original source of this article is Al-Masdar News",
            "Copyright © Jane Doe, Al-Masdar News, 2017",
        ],
    )
    assert (result.publisher, result.original_source) == ("Global Research", "Al-Masdar News")


def test_header_outweighs_one_furniture_mention(names: SourceNames) -> None:
    result = _byline(
        names,
        header=["Global Research, October 13, 2017"],
        furniture=["Watch CBN News for more on the story"],
    )
    assert result.publisher == "Global Research"


@pytest.mark.parametrize(
    ("line", "first"),
    [
        ("Photos: Reuters / Associated Press / Agence France-Presse", "Reuters"),
        ("Photos: Agence France-Presse / Associated Press / Reuters", "Agence France-Presse"),
    ],
)
def test_a_tie_goes_to_the_outlet_named_first(names: SourceNames, line: str, first: str) -> None:
    assert _byline(names, header=[], furniture=[line]).publisher == first


@pytest.mark.parametrize(
    "line",
    [
        "This article originally appeared on Al-Masdar News.",
        "To read the entire article from Al-Masdar News click here.",
    ],
)
def test_original_source_phrasings(names: SourceNames, line: str) -> None:
    assert _byline(names, furniture=[line]).original_source == "Al-Masdar News"


def test_unknown_original_source_is_kept_as_written(names: SourceNames) -> None:
    result = _byline(names, furniture=["The original source of this article is Levant Notes"])
    assert result.original_source == "Levant Notes"


@pytest.mark.parametrize(
    ("record_publisher", "expected"),
    [
        ("the guardian", "The Guardian"),
        ("Guardian", "The Guardian"),
        ("WaPo", "The Washington Post"),
        ("AMN", "Al-Masdar News"),
        ("Levant Notes", "Levant Notes"),
    ],
)
def test_record_publisher_is_normalised(
    names: SourceNames, record_publisher: str, expected: str
) -> None:
    assert _byline(names, record_publisher=record_publisher).publisher == expected


def test_record_publisher_wins_over_url_and_header(names: SourceNames) -> None:
    result = _byline(
        names,
        record_publisher="Guardian",
        url="https://www.washingtonpost.com/world/x",
        header=["Global Research, October 13, 2017"],
    )
    assert result.publisher == "The Guardian"


def test_publisher_from_url(names: SourceNames) -> None:
    result = _byline(names, url="https://www.theguardian.com/world/2019/mar/03/x")
    assert result.publisher == "The Guardian"


def test_nothing_known_gives_nothing(names: SourceNames) -> None:
    assert _byline(names) == Byline(None, None, None)


def test_language_english() -> None:
    assert language(ENGLISH) == "en"


def test_language_english_after_a_list_of_names() -> None:
    # The function words come only after the first kilobyte: all of the text is counted.
    names = "Damascus, Aleppo, Idlib, Raqqa, Homs, Hama, Deir Ezzor, Qamishli. " * 16
    assert language(names + ENGLISH) == "en"


def test_language_french() -> None:
    assert language(FRENCH) == "fr"


def test_language_arabic() -> None:
    assert language(ARABIC) == "ar"


def test_language_of_nothing_is_undetermined() -> None:
    assert language("") == "und"
    assert language("12345 !!!") == "und"


def test_sha256_ignores_white_space_differences() -> None:
    assert text_sha256("Families  fled\n\nAfrin. ") == text_sha256("Families fled Afrin.")
    assert text_sha256("\tFamilies fled\u00a0Afrin.") == text_sha256("Families fled Afrin.")


def test_sha256_differs_for_different_text() -> None:
    assert text_sha256("Families fled Afrin.") != text_sha256("Families fled Azaz.")
    assert text_sha256("Families fled Afrin.") != text_sha256("FamiliesfledAfrin.")


def test_sha256_is_hex_of_collapsed_text() -> None:
    digest = text_sha256("a  b\nc")
    assert digest == "0e9f64031fcb2bc708b531c2a20441580425d151a38503f38592a7dd36019d3b"
    assert len(digest) == 64
