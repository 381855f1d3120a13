"""The movement reader, field by field, on sentences written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract import movement_words as mw
from extract.movements import Movement, MovementReader, read_size, sentences
from extract.places import PlaceFinder
from gazetteer import Gazetteer

PUBLISHED = date(2017, 10, 13)  # a Friday


@pytest.fixture(scope="module")
def finder(index_path: Path, tmp_path_factory: pytest.TempPathFactory) -> PlaceFinder:
    user = tmp_path_factory.mktemp("user") / "none.sqlite"
    return PlaceFinder(Gazetteer.open(index_path, user, build_missing=False))


@pytest.fixture(scope="module")
def reader() -> MovementReader:
    return MovementReader()


def read(
    finder: PlaceFinder,
    reader: MovementReader,
    text: str,
    published: date | None = PUBLISHED,
    citations: list[tuple[int, int, str]] | None = None,
) -> list[Movement]:
    regions = []
    offset = 0
    for k, paragraph in enumerate(text.split("\n\n")):
        regions.append((offset, offset + len(paragraph), k == 0 and text.count("\n\n") > 0))
        offset += len(paragraph) + 2
    return reader.read(text, regions, finder.places(text), published, citations or [])


def names(refs: tuple[object, ...]) -> list[str]:
    return [ref.place["name"] for ref in refs]  # type: ignore[attr-defined]


def countries(refs: tuple[object, ...]) -> set[str]:
    return {ref.place["country"] for ref in refs}  # type: ignore[attr-defined]


# -- size ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "low", "high"),
    [
        ("more than 1,000 fighters", 1000, None),
        ("the 1,000+ fighters", 1000, None),
        ("approximately 1,000 terrorists", 1000, 1000),
        ("25-30,000 foreign mercenaries", 25000, 30000),
        ("up to 30,000 foreigners", None, 30000),
        ("tens of fighters", 10, 99),
        ("dozens of families", 24, 99),
        ("several dozen former fighters", 24, 99),
        ("hundreds of militants", 100, 999),
        ("thousands of civilians", 1000, 9999),
        ("tens of thousands of displaced people", 10000, 99999),
        ("four Saudi Arabian extremists", 4, 4),
        ("an excess of 40,000 foreign fighters", 40000, None),
        ("at least 250 families", 250, None),
        ("some 2.5 million refugees", 2500000, 2500000),
    ],
)
def test_sizes_in_digits_words_bounds_and_vague_quantities(
    words: str, low: int | None, high: int | None
) -> None:
    size = read_size(words)
    assert size is not None
    assert (size.low, size.high) == (low, high)


def test_no_size_where_no_number_is_given() -> None:
    assert read_size("foreign fighters") is None


# -- sentences -----------------------------------------------------------------------------


def test_sentences_do_not_end_at_abbreviations() -> None:
    text = "U.S. troops left Gen. Smith's base at 6 a.m. on Monday. They drove to Erbil."
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "U.S. troops left Gen. Smith's base at 6 a.m. on Monday.",
        "They drove to Erbil.",
    ]


# -- places: origin, via, destination -------------------------------------------------------


def test_origin_via_and_destination_from_prepositions(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (m,) = read(finder, reader, "About forty fighters crossed from Iraq into Syria via Albukamal.")
    assert countries(m.origin) == {"IQ"}
    assert countries(m.destination) == {"SY"}
    assert names(m.via) and m.via[0].place["country"] == "SY"
    assert m.actor == "About forty fighters"
    assert m.size is not None and (m.size.low, m.size.high) == (40, 40)


def test_a_country_passed_through_is_the_origin_when_none_is_named(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (m,) = read(finder, reader, "Hundreds of ISIS militants entered Syria via Iraq.")
    assert countries(m.origin) == {"IQ"} and not m.via
    assert m.group == "Islamic State"


def test_the_object_of_a_verb_takes_the_verb_s_role(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (fled,) = read(finder, reader, "Thousands of families fled Raqqa towards Tabqa.")
    assert names(fled.origin) and fled.origin[0].place["country"] == "SY"
    assert "Raqqa" in fled.origin[0].place["name"]
    assert fled.destination and "Tabqa" in fled.destination[0].place["name"]


def test_near_after_a_direction_word_keeps_its_role(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (m,) = read(finder, reader, "Some 300 families returned to Raqqa from camps near Ain Issa.")
    assert "Raqqa" in names(m.destination)[0] and len(m.destination) == 1
    assert "Ayn" in names(m.origin)[0]
    (arrived,) = read(finder, reader, "About 60 families arrived in camps near Erbil.")
    assert names(arrived.destination) == ["Erbil"]


def test_people_taken_somewhere_move_but_taking_alone_is_no_movement(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (m,) = read(finder, reader, "Smugglers took dozens of people from Idlib into Turkey.")
    assert m.actor == "dozens of people"
    assert names(m.origin) == ["Idlib"] and countries(m.destination) == {"TR"}
    assert read(finder, reader, "The gunmen took hundreds of civilians hostage in Mosul.") == []
    assert read(finder, reader, "The army took control of Raqqa from the militants.") == []


def test_a_dateline_is_no_part_of_the_movers_or_the_time(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (m,) = read(finder, reader, "ANKARA, June 10, 2019 - Some 200 families returned to Azaz.")
    assert m.actor == "Some 200 families"
    assert m.size is not None and m.size.low == 200
    assert m.when.precision == "unknown"


def test_others_counted_are_movers(finder: PlaceFinder, reader: MovementReader) -> None:
    (m,) = read(finder, reader, "Officials said about 900 others plan to return to Azaz.")
    assert m.actor == "about 900 others" and m.status == "planned"


def test_a_month_named_for_a_plan_is_the_next_one(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    written = date(2017, 12, 12)
    (plan,) = read(finder, reader, "About 900 refugees plan to return to Azaz in January.", written)
    assert (plan.when.start, plan.when.end) == (date(2018, 1, 1), date(2018, 1, 31))
    (done,) = read(finder, reader, "About 900 refugees returned to Azaz in January.", written)
    assert (done.when.start, done.when.end) == (date(2017, 1, 1), date(2017, 1, 31))


def test_a_frame_with_a_possessive_names_the_province(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (m,) = read(
        finder, reader, "Hundreds of foreign fighters are massing in Syria's Idlib province."
    )
    assert m.status == "ongoing"
    assert {ref.place["kind"] for ref in m.destination} >= {"admin1"}


def test_a_vague_origin_stays_text(finder: PlaceFinder, reader: MovementReader) -> None:
    (m,) = read(
        finder, reader, "Some 40,000 foreign fighters have gone to Syria from over 100 countries."
    )
    assert not m.origin and m.origin_text == "over 100 countries"
    assert countries(m.destination) == {"SY"}


# -- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Dozens of fighters crossed into Turkey from Idlib.", "completed"),
        ("Dozens of fighters are streaming into Turkey from Idlib.", "ongoing"),
        ("Dozens of fighters plan to cross into Turkey from Idlib.", "planned"),
        ("The militants are trying to leave Mosul for Syria.", "planned"),
        ("Dozens of fighters have not entered Turkey, officials said.", "negated"),
        ("Residents refused to leave Afrin for Azaz.", "negated"),
        ("If the army entered Daraa, thousands of families would flee to Jordan.", "hypothetical"),
        ("Should they return home, the fighters could return to Iraq.", "hypothetical"),
    ],
)
def test_status_from_the_clause(
    finder: PlaceFinder, reader: MovementReader, sentence: str, status: str
) -> None:
    found = read(finder, reader, sentence)
    assert found, sentence
    assert found[-1].status == status


# -- what is not a movement --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 500 Islamic State fighters had been killed in Syria over the past two weeks.",
        "Two motorcyclists were killed in an explosion in the northern city of Kirkuk.",
        "ISIS also targeted militiamen in a separate attack in the city of Diyala.",
        "The army entered the battle for Raqqa with fresh troops.",
        "Soldiers returned fire near Tal Afar.",
        "The talks entered a new phase in Geneva.",
        "A car bomb in Azaz left 12 dead and dozens wounded.",
        "The regime forces advance north of Aleppo city under heavy shelling.",
        "An aid convoy entered Douma on Tuesday.",
        "Like rats fleeing a sinking ship.",
        "A displaced man was killed in Afrin.",
        "Shelling hit areas where the YPG fighters are deployed in Afrin.",
    ],
)
def test_no_movement_is_read_from(
    finder: PlaceFinder, reader: MovementReader, sentence: str
) -> None:
    assert read(finder, reader, sentence) == [], sentence


# -- actor ----------------------------------------------------------------------------------------


def test_the_mover_of_a_noun_and_of_a_sending_verb(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (influx,) = read(
        finder, reader, "Officials warned of an influx of foreign mercenaries to Syria."
    )
    assert influx.actor == "foreign mercenaries"
    (sent,) = read(finder, reader, "Moscow sent 500 military police to Aleppo on Monday.")
    assert sent.actor.startswith("500") and sent.size is not None and sent.size.low == 500


def test_a_misspelt_mover_is_still_people(finder: PlaceFinder, reader: MovementReader) -> None:
    (m,) = read(finder, reader, "Buses carrying tens of fighers entered al-Bokamal.")
    assert m.size is not None and (m.size.low, m.size.high) == (10, 99)


def test_the_subject_after_an_opening_clause(finder: PlaceFinder, reader: MovementReader) -> None:
    (m,) = read(
        finder, reader, "Days after entering Deir ez-Zor, the regime forces shelled Mayadin."
    )
    assert m.actor == "the regime forces"
    assert m.group == "Syrian Arab Army"


# -- date and sources -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("Fighters entered Syria on Thursday.", date(2017, 10, 12), date(2017, 10, 12), "day"),
        ("Fighters entered Syria yesterday.", date(2017, 10, 12), date(2017, 10, 12), "day"),
        ("Fighters entered Syria today.", date(2017, 10, 13), date(2017, 10, 13), "day"),
        (
            "Fighters entered Syria in early September.",
            date(2017, 9, 1),
            date(2017, 9, 10),
            "month",
        ),
        (
            "Fighters entered Syria in the last eight months.",
            date(2017, 2, 15),
            date(2017, 10, 13),
            "range",
        ),
        ("Fighters entered Syria.", date(2017, 10, 13), date(2017, 10, 13), "unknown"),
    ],
)
def test_dates_resolved_against_the_publication_date(
    finder: PlaceFinder,
    reader: MovementReader,
    sentence: str,
    start: date,
    end: date,
    precision: str,
) -> None:
    (m,) = read(finder, reader, sentence)
    assert (m.when.start, m.when.end, m.when.precision) == (start, end, precision)
    assert m.when.basis == ("reported" if precision == "unknown" else "text")


@pytest.mark.parametrize(
    "expression",
    [
        "on Tuesday",
        "today",
        "this morning",
        "tonight",
        "on the day",
        "yesterday",
        "last night",
        "over the past two weeks",
        "in recent days",
        "last month",
        "in early March 2017",
        "mid-June",
        "since 2015",
    ],
)
def test_every_time_expression_holds_a_cue(expression: str) -> None:
    assert mw.WHEN.search(f"Fighters entered Syria {expression}.")
    assert any(cue in expression.lower() for cue in mw.WHEN_CUES)


def test_group_named_in_any_case(finder: PlaceFinder, reader: MovementReader) -> None:
    (m,) = read(finder, reader, "This week 200 isis fighters entered Raqqa.")
    assert m.group == "Islamic State"
    (m,) = read(finder, reader, "This week 200 fighters entered Raqqa.")
    assert m.group is None  # "IS" is not in "This"


def test_sources_of_the_sentence_else_of_the_document(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    text = (
        "SOHR said 200 fighters entered Raqqa. Later, 50 families fled Mosul to Erbil. "
        "Reuters saw the camps."
    )
    reuters = text.index("Reuters")
    cited = [(0, 4, "Syrian Observatory for Human Rights"), (reuters, reuters + 7, "Reuters")]
    first, second = read(finder, reader, text, citations=cited)
    assert first.cited_sources == ("Syrian Observatory for Human Rights",)
    assert second.cited_sources == ("Syrian Observatory for Human Rights", "Reuters")


# -- one movement told twice ---------------------------------------------------------------------


def test_headline_and_body_are_one_movement(finder: PlaceFinder, reader: MovementReader) -> None:
    text = (
        "Militia members enter Syria via Iraq\n\n"
        "More militia members entered eastern Syria from Iraq. Buses carrying tens of fighters "
        "entered al-Bokamal in the province of Deir ez-Zor, the monitor said."
    )
    (m,) = read(finder, reader, text)
    assert len(m.evidence) == 3
    assert countries(m.origin) == {"IQ"}
    assert m.destination[0].place["kind"] == "populated_place"  # the most precise first
    assert m.size is not None and m.size.low == 10


def test_a_headline_without_destination_joins_the_body_that_names_one(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    text = (
        "Refugees go back from Turkey\n\n"
        "More than 2,000 Syrian refugees crossed from Turkey into Jarabulus last month. "
        "Some 40 fighters left Turkey on Monday."
    )
    refugees, fighters = read(finder, reader, text)
    assert len(refugees.evidence) == 2
    assert countries(refugees.destination) == {"SY"}
    assert fighters.destination == () and len(fighters.evidence) == 1


def test_different_groups_of_movers_stay_apart(finder: PlaceFinder, reader: MovementReader) -> None:
    text = (
        "Several dozen fighters made it across the frontier to Turkey. "
        "Four Saudi extremists arrived in Gaziantep in early September."
    )
    assert len(read(finder, reader, text)) == 2


# -- language rules: movers and triggers beyond a verb with a subject ---------------------------


def test_a_pronoun_mover_is_the_nearest_movers_named_before(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    text = "Hundreds of Yazidi families waited in Duhok for a year. In May they returned to Sinjar."
    moves = read(finder, reader, text)
    (m,) = [m for m in moves if m.why.get("trigger") == "returned"]
    assert m.actor == "Hundreds of Yazidi families"
    assert m.size is not None and m.size.low == 100
    assert "they" in m.why["actor"]


def test_a_landing_by_forces_is_a_movement(finder: PlaceFinder, reader: MovementReader) -> None:
    (m,) = read(finder, reader, "A night landing by American commandos near Raqqa killed two.")
    assert m.actor == "American commandos"
    assert m.status == "completed"


@pytest.mark.parametrize(
    "sentence",
    [
        "A roadside bomb struck a Turkish military convoy near Idlib, killing two soldiers.",
        "Warplanes targeted a column of regime troops east of Palmyra.",
    ],
)
def test_a_convoy_struck_in_transit_is_an_ongoing_movement(
    finder: PlaceFinder, reader: MovementReader, sentence: str
) -> None:
    (m,) = read(finder, reader, sentence)
    assert m.status == "ongoing"
    assert m.why["trigger"].lower() in ("convoy", "column")


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Witnesses reported the exit of 300 gunmen from the old city of Homs.", "300 gunmen"),
        ("The arrival of thousands of displaced people strained the camps in Azaz.", "people"),
        ("Monitors reported the flight of civilians from Tal Abyad.", "civilians"),
        ("The SDF brought 400 fighters to Hajin on Sunday.", "400 fighters"),
        ("The exit of dozens of them from Daraya took all day.", "them"),
    ],
)
def test_the_movers_after_a_noun_or_a_bringing_verb(
    finder: PlaceFinder, reader: MovementReader, sentence: str, actor: str
) -> None:
    found = read(finder, reader, sentence)
    assert found, sentence
    assert found[0].actor.endswith(actor) or actor in found[0].why["actor"]


def test_their_movements_are_a_movement_but_a_movement_named_so_is_not(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    assert read(finder, reader, "Drones followed their movements across the border into Syria.")
    assert read(finder, reader, "The Islamic Movement of Uzbekistan claimed the attack.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 2,000 people displace from Ain Tarma towards Douma.",
        "Shelling forced 5,000 families to displace from their villages near Hama.",
        "Some 3,000 civilians were displaced in the fighting near Afrin.",
        "The displacement operation of Darayya ended on Friday.",
        "Turkish troops pulled out of Afrin overnight.",
        "Russia sent reinforcements to Palmyra.",
    ],
)
def test_displacement_withdrawal_and_reinforcement_phrasing(
    finder: PlaceFinder, reader: MovementReader, sentence: str
) -> None:
    assert read(finder, reader, sentence), sentence


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The army stopped the column from passing towards Manbij.", "negated"),
        ("Government troops failed to reach the battle fronts near Hama.", "negated"),
    ],
)
def test_prevented_movements_are_negated(
    finder: PlaceFinder, reader: MovementReader, sentence: str, status: str
) -> None:
    found = read(finder, reader, sentence)
    assert found, sentence
    assert found[0].status == status


def test_the_subject_after_a_long_opening_clause(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    (m,) = read(
        finder,
        reader,
        "After breaching the walls and entering the old market of Aleppo… the rebel units dug in.",
    )
    assert m.actor == "the rebel units"


@pytest.mark.parametrize(
    "sentence",
    [
        "The death toll reached more than 300 in Douma.",
        "The number of wounded people rose to reach 120 in Idlib.",
        "Two fighters were killed in an infiltration by Kurdish units in rural Aleppo.",
        "An air strike hit the convoy of martyrs in Idlib.",
        "A fuel convoy was struck near Deir ez-Zor.",
        "The truce came into force in Daraa at noon.",
        "The hospital in Kafr Nabl went out of service after the raids.",
        "The talks brought the rebels together in Astana.",
        "Local leaders reached out to the displaced in Raqqa.",
        "Since they entered the talks, the factions have kept to the truce in Idlib.",
        "The flight of warplanes over Idlib continued.",
        "Some 3,000 displaced families live in the camps near Atmeh.",
        "They called Camp Return and drove home through Azaz.",
    ],
)
def test_no_movement_is_read_from_figurative_or_non_movement_phrasing(
    finder: PlaceFinder, reader: MovementReader, sentence: str
) -> None:
    assert read(finder, reader, sentence) == [], sentence


def test_a_hypothetical_with_no_one_and_nowhere_named_is_dropped(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    assert read(finder, reader, "Should they come back, the courts will try them.") == []
    (m,) = read(finder, reader, "If they return to Mosul, the courts will try them.")
    assert m.status == "hypothetical"


def test_a_trigger_holding_a_letter_that_lower_cases_to_two_is_read(
    finder: PlaceFinder, reader: MovementReader
) -> None:
    # "İ".lower() is two characters: the trigger is read as the form the scan matched (this
    # stopped the article with a KeyError).
    found = read(finder, reader, "Hundreds of families are RETURNİNG to Idlib from Turkey.")
    assert [m.why["trigger"] for m in found] == ["RETURNİNG"]
    assert names(found[0].destination) == ["Idlib"]
