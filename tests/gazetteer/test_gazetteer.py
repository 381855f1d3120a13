from __future__ import annotations

import csv
import importlib.util
import json
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

from gazetteer import Context, Gazetteer, Place, fold, norm
from gazetteer.sources import km_between
from tests.conftest import SHARED

DATA = Path(__file__).parent / "data"

# How each seed article spells the places gold.json annotates (checked against the text below).
SEED_SPELLINGS = {
    "000_ad906a3ffef2f6a2.txt": {
        "albukamal": "Albukamal",
        "deir-ez-zor-gov": "Deir Ezzor Governorate",
        "syria": "Syria",
        "iraq": "Iraq",
        "uzbekistan": "Uzbekistan",
        "turkmenistan": "Turkmenistan",
        "tajikistan": "Tajikistan",
    },
    "001_345bc78c16ac40e3.txt": {
        "albukamal": "al-Bokamal",
        "deir-ez-zor-gov": "Deir ez-Zor",
        "baghouz": "Baghouz",
        "syria": "Syria",
        "iraq": "Iraq",
    },
    "002_369c91b1ae523375.txt": {
        "idlib-gov": "Idlib province",
        "turkey": "Turkey",
        "syria": "Syria",
        "iraq": "Iraq",
    },
    "003_51ddc3602f9ba737.txt": {
        "kirkuk": "Kirkuk",
        "diyala-gov": "Diyala",
        "jerusalem": "JERUSALEM",
        "iraq": "Iraq",
        "syria": "Syria",
    },
    "004_b32c45003a46329d.txt": {"russia": "Russia", "syria": "Syria", "iraq": "Iraq"},
}


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seed_cases() -> list[tuple[str, str, str]]:
    return [
        (doc, key, text)
        for doc, spellings in SEED_SPELLINGS.items()
        for key, text in spellings.items()
    ]


@pytest.mark.parametrize(("doc", "key", "text"), _seed_cases())
def test_every_seed_place_resolves_from_the_articles_spelling(
    gazetteer: Gazetteer, doc: str, key: str, text: str
) -> None:
    gold = json.loads((SHARED / "seeds" / "gold.json").read_text(encoding="utf-8"))
    article = (SHARED / "seeds" / doc).read_text(encoding="utf-8")
    assert text.lower() in article.lower(), f"{text!r} is not how {doc} writes it"
    assert key in gold["documents"][doc]["mentions"]
    place = gazetteer.resolve(text)
    assert _scorer().place_matches(place.as_dict(), gold["places"][key]), place


def test_news_spellings_resolve_to_the_right_feature(gazetteer: Gazetteer) -> None:
    rows = list(csv.DictReader((DATA / "news_spellings.csv").open(encoding="utf-8")))
    assert len(rows) >= 150
    wrong = []
    for row in rows:
        place = gazetteer.resolve(row["query"], Context(country=row["country_hint"] or None))
        if not _is_expected(place, row):
            wrong.append(f"{row['query']} -> {place.name} ({place.kind}, {place.admin1})")
    assert len(wrong) <= 0.05 * len(rows), wrong


def _is_expected(place: Place, row: dict[str, str]) -> bool:
    if place.lat is None or place.lon is None:
        return False
    if row["expected_kind"] == "country":
        return place.kind == "country" and place.country == row["country"]
    if row["expected_kind"] == "admin1":
        return place.kind == "admin1" and place.admin1 == row["admin1"]
    distance = km_between(place.lat, place.lon, float(row["lat"]), float(row["lon"]))
    return place.kind == "populated_place" and distance <= float(row["tolerance_km"])


def test_feature_kind_follows_the_words_around_the_name(gazetteer: Gazetteer) -> None:
    province = gazetteer.resolve("Idlib province")
    city = gazetteer.resolve("the city of Idlib")
    assert (province.kind, province.admin1) == ("admin1", "SY-ID")
    assert (city.kind, city.admin1) == ("populated_place", "SY-ID")
    assert province.precision_km is not None and city.precision_km is not None
    assert province.precision_km > city.precision_km


def test_bare_name_prefers_the_town_over_its_namesake_division(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Aleppo").kind == "populated_place"
    assert gazetteer.resolve("Diyala").kind == "admin1"  # no town of that name


def test_country_hint_and_nearby_places_decide_between_namesakes(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Tripoli", Context(country="LY")).country == "LY"
    assert gazetteer.resolve("Tripoli", Context(country="LB")).country == "LB"
    beirut = gazetteer.resolve("Beirut")
    assert beirut.lat is not None and beirut.lon is not None
    near_beirut = gazetteer.resolve("Tripoli", Context(near=((beirut.lat, beirut.lon),)))
    assert near_beirut.country == "LB"


def test_famous_place_beats_a_small_namesake_without_context(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("St. Petersburg").country == "RU"
    for state, code in (("Florida", "US-FL"), ("Arizona", "US-AZ"), ("Montana", "US-MT")):
        place = gazetteer.resolve(state)
        assert (place.kind, place.admin1) == ("admin1", code), place
    assert gazetteer.resolve("Washington").admin1 == "US-DC"  # the capital, not the state


def test_division_points_lie_in_the_middle_of_the_division(gazetteer: Gazetteer) -> None:
    for name, code in (
        ("Deir ez-Zor Governorate", "SY-DY"),
        ("Idlib province", "SY-ID"),
        ("Anbar", "IQ-AN"),
        ("Nineveh", "IQ-NI"),
        ("Diyala", "IQ-DI"),
    ):
        place = gazetteer.resolve(name)
        assert (place.kind, place.admin1) == ("admin1", code), place
        assert place.lat is not None and place.lon is not None
        nearest = gazetteer.reverse(place.lat, place.lon, radius_km=100)
        assert nearest is not None and nearest.feature.admin1 == code, (name, nearest)
    # Not at Honolulu, where most of Hawaii's towns are, nor in crowded eastern Texas.
    for name, lat, lon in (("Hawaii", 20.8, -156.3), ("Texas", 31.1, -99.3)):
        place = gazetteer.resolve(name)
        assert place.lat is not None and place.lon is not None
        assert km_between(place.lat, place.lon, lat, lon) < 161, place


def test_abbreviations_count_as_written(gazetteer: Gazetteer) -> None:
    states = (("Calif.", "US-CA"), ("La.", "US-LA"), ("N.J.", "US-NJ"), ("B.C.", "CA-BC"))
    for short, code in states:
        assert gazetteer.resolve(short).admin1 == code, short
    assert gazetteer.resolve("L.A.").geonameid == 5368361  # Los Angeles
    assert gazetteer.resolve("D.C.").admin1 == "US-DC"
    assert gazetteer.resolve("EU").kind == "region"  # the union, not the town of Eu
    assert gazetteer.resolve("Wash.").admin1 == "US-WA"
    assert gazetteer.resolve("Wash").lat is None  # an English word without the dot


def test_folded_spellings_match_only_where_transliterations_vary(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Cauvery").lat is None  # the river, not Chowari in Himachal
    assert gazetteer.resolve("Deir al-Zour").geonameid == 170794


def test_counties_districts_and_seas(gazetteer: Gazetteer) -> None:
    county = gazetteer.resolve("Orange County")
    assert (county.kind, county.admin1) == ("admin2", "US-CA")
    assert gazetteer.resolve("Kent").kind == "admin2"
    assert gazetteer.resolve("Sinjar").kind == "populated_place"
    district = gazetteer.resolve("Sinjar district")
    assert (district.kind, district.admin1) == ("admin2", "IQ-NI")
    assert gazetteer.resolve("the Mediterranean").kind == "region"


def test_common_english_words_need_place_context(gazetteer: Gazetteer) -> None:
    for word in ("March", "Buy", "Hit"):
        assert gazetteer.resolve(word).lat is None, word
        assert "common English word" in gazetteer.candidates(word)[0].reason
    for framed in ("the town of Hit", "Hit, Anbar", "Hit, Iraq"):
        hit = gazetteer.resolve(framed)
        assert (hit.country, hit.admin1) == ("IQ", "IQ-AN"), framed
    assert gazetteer.resolve("Hit", Context(country="IQ")).admin1 == "IQ-AN"


def test_candidates_are_ranked_with_scores_and_reasons(gazetteer: Gazetteer) -> None:
    found = gazetteer.candidates("Homs", limit=3)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert found[0].feature.country == "SY"
    assert all(0 <= c.score <= 1 and c.reason for c in found)
    assert "match" in found[0].reason and "\n" not in found[0].reason


def test_regions_crossings_and_compass_parts(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Central Asia").kind == "region"
    assert gazetteer.resolve("Bab al-Hawa crossing").kind == "crossing"
    assert gazetteer.resolve("Albukamal crossing").kind == "crossing"
    east = gazetteer.resolve("eastern Syria")
    west = gazetteer.resolve("western Syria")
    assert east.kind == west.kind == "region" and east.country == "SY"
    assert east.lon is not None and west.lon is not None and east.lon > west.lon
    assert gazetteer.resolve("Syria's east").name == east.name
    assert gazetteer.resolve("southern Turkey").country == "TR"
    assert gazetteer.resolve("Iraqi Kurdistan").admin1 == "IQ-KR"


def test_arabic_script_queries(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("دير الزور")
    assert place.geonameid == 170794


def test_misspelling_is_found_fuzzily(gazetteer: Gazetteer) -> None:
    found = gazetteer.candidates("Deir Ezzzour")
    assert found and found[0].feature.geonameid == 170794
    typo = gazetteer.candidates("Jarablous")
    assert typo and typo[0].feature.country == "SY"


def test_name_keys_and_fuzzy_matching_share_one_read_of_the_names(gazetteer: Gazetteer) -> None:
    exact, loose = gazetteer.name_keys()
    assert norm("Aleppo") in exact and fold(norm("Deir ez-Zor")) in loose
    assert fold(norm("Springfield")) not in loose  # a folded key only in the theatre
    found = gazetteer.candidates("Deir Ezzzour")
    assert found and found[0].feature.geonameid == 170794


def test_country_by_iso_code(gazetteer: Gazetteer) -> None:
    syria = gazetteer.country("sy")
    assert syria is not None and (syria.kind, syria.country) == ("country", "SY")
    assert gazetteer.country("SY") is syria
    assert gazetteer.country("XX") is None


def test_countries_are_read_through_their_index_not_a_scan(index_path: Path) -> None:
    # The first demonym of a run loads every country; a scan of all features took 35 ms.
    conn = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
    try:
        plan = " ".join(
            str(row[3])
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM features WHERE kind = 'country' "
                "ORDER BY population DESC, id"
            )
        )
    finally:
        conn.close()
    assert "SCAN features USING INDEX features_countries" in plan


def test_unknown_name_is_unresolved_not_invented(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Qwxzvbnplk")
    assert (place.lat, place.lon, place.score) == (None, None, 0.0)
    assert place.text == "Qwxzvbnplk"


def test_reverse_finds_the_nearest_town(gazetteer: Gazetteer) -> None:
    found = gazetteer.reverse(35.336, 40.141)
    assert found is not None and found.feature.geonameid == 170794
    assert gazetteer.reverse(0.0, -30.0) is None  # mid-Atlantic


def test_index_opens_fast_and_is_version_checked(index_path: Path, tmp_path: Path) -> None:
    from gazetteer import GazetteerIndexError

    with pytest.raises(GazetteerIndexError):
        Gazetteer.open(tmp_path / "missing.sqlite", build_missing=False)
    foreign = tmp_path / "foreign.sqlite"
    foreign.write_bytes(b"not a database at all" * 100)
    with pytest.raises(GazetteerIndexError):
        Gazetteer.open(foreign, build_missing=False)


def test_index_files_open_from_any_folder_name(tmp_path: Path) -> None:
    # Opened by URI: "#", "?" and "%" in a folder name must not cut the path short.
    from gazetteer import index

    folder = tmp_path / "places #2 (100% mine)?"
    folder.mkdir()
    path = folder / "index.sqlite"
    conn = index.create(path)
    index.finish(conn)
    conn.close()
    for immutable in (False, True):
        opened = index.connect(path, immutable=immutable)
        try:
            assert opened.execute("SELECT count(*) FROM features").fetchone() == (0,)
        finally:
            opened.close()
