from __future__ import annotations

import pytest

from gazetteer.query import QueryError, parse, validate


@pytest.mark.parametrize(
    ("text", "name", "kind", "qualifier", "direction"),
    [
        ("Idlib province", "Idlib", "admin1", None, None),
        ("Deir ez-Zor Governorate", "Deir ez-Zor", "admin1", None, None),
        ("the province of Idlib", "Idlib", "admin1", None, None),
        ("the city of Idlib", "Idlib", "populated_place", None, None),
        ("the town of Hit", "Hit", "populated_place", None, None),
        ("Hit, Anbar", "Hit", None, "Anbar", None),
        ("Syria's Idlib province", "Idlib", "admin1", "Syria", None),
        ("Syria\u2019s east", "Syria", None, None, "e"),
        ("eastern Syria", "Syria", None, None, "e"),
        ("north-eastern Syria", "Syria", None, None, "ne"),
        ("Bab al-Hawa crossing", "Bab al-Hawa", "crossing", None, None),
        ("Albukamal", "Albukamal", None, None, None),
    ],
)
def test_parse_reads_frames(
    text: str, name: str, kind: str | None, qualifier: str | None, direction: str | None
) -> None:
    query = parse(text)
    assert (query.name, query.kind, query.qualifier, query.direction) == (
        name,
        kind,
        qualifier,
        direction,
    )


@pytest.mark.parametrize("bad", ["", "   ", "a\x00b", "tab\x1bescape", "x" * 10_000, None, 42])
def test_validate_rejects_what_cannot_be_a_name(bad: object) -> None:
    with pytest.raises(QueryError):
        validate(bad)


def test_validate_collapses_whitespace() -> None:
    assert validate("  Deir \t ez-Zor\n") == "Deir ez-Zor"
