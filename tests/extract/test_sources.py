"""Cited sources: known names normalised, people kept as written, captions skipped."""

from __future__ import annotations

import re

import pytest

from extract.sources import (
    _SPEECH_VERBS,
    Citation,
    SourceNames,
    _org_joins,
    _speech_verbs,
    cited_sources,
    source_names,
)

SOHR = "Syrian Observatory for Human Rights"


@pytest.fixture(scope="module")
def names() -> SourceNames:
    return source_names()


def _cited(text: str, names: SourceNames) -> list[tuple[str, str, str]]:
    return [(c.name, c.kind, text[c.start : c.end]) for c in cited_sources(text, names)]


@pytest.mark.parametrize(
    "spelling",
    [
        "SOHR",
        "Syrian Observatory",
        "the Syrian Observatory",
        "UK-based Syrian Observatory",
        "Syrian Observatory of Human Rights",
        "Syrian Opposition for Human Rights",
        SOHR,
        "syrian observatory for human rights",
    ],
)
def test_sohr_spellings_look_up_to_one_name(names: SourceNames, spelling: str) -> None:
    known = names.lookup(spelling)
    assert known is not None
    assert (known.name, known.kind) == (SOHR, "monitor")


def test_acronyms_match_only_as_written(names: SourceNames) -> None:
    assert names.lookup("sohr") is None
    assert names.lookup("ap") is None
    known = names.lookup("AP")
    assert known is not None
    assert known.name == "Associated Press"


def test_garbled_organisation_name_is_the_known_one(names: SourceNames) -> None:
    known = names.garbled("Syrian Obsrvatory for Human Right")
    assert known is not None
    assert known.name == SOHR
    assert names.garbled("Turkish Red Crescent Society") is None


def test_garbled_names_are_judged_once_and_answered_alike(names: SourceNames) -> None:
    first = names.garbled("Syrian Observatry for Human Rigths")
    again = names.garbled("for Human Rigths Syrian Observatry")  # the same words, another order
    assert first is not None and first.name == SOHR
    assert again is first
    assert names.garbled("Turkish Red Crescent Society") is None
    assert names.garbled("Turkish Red Crescent Society") is None


@pytest.mark.parametrize(
    "text",
    [
        "The SOHR said 40 fighters were killed near Deir ez-Zor on Sunday.",
        "The UK-based Syrian Observatory reported clashes near Tal Abyad.",
        "The Syrian Opposition for Human Rights said 200 families crossed into Turkey.",
        "According to the Syrian Opposition for Human Rights, 200 families crossed the border.",
    ],
)
def test_sohr_citations_normalise(names: SourceNames, text: str) -> None:
    found = cited_sources(text, names)
    assert [(c.name, c.kind) for c in found] == [(SOHR, "monitor")]
    assert text[found[0].start : found[0].end] == found[0].text


def test_person_after_title_is_cited(names: SourceNames) -> None:
    text = "Families are fleeing towards Azaz, according to security analyst Jane Smithers."
    assert _cited(text, names) == [("Jane Smithers", "person", "Jane Smithers")]


def test_person_with_rank_is_cited(names: SourceNames) -> None:
    text = "Lt. Col. Ahmed Hassan told reporters that 300 fighters had surrendered near Baghuz."
    assert _cited(text, names) == [("Ahmed Hassan", "person", "Ahmed Hassan")]


def test_surname_alone_takes_the_full_name_seen_earlier(names: SourceNames) -> None:
    text = (
        "Security analyst Jane Smithers said the crossing at Kilis would stay closed. "
        "Smithers added that families were sleeping in the fields near Azaz."
    )
    found = cited_sources(text, names)
    assert [(c.name, c.text) for c in found] == [
        ("Jane Smithers", "Jane Smithers"),
        ("Jane Smithers", "Smithers"),
    ]


def test_outlet_with_saying_verb_is_cited_by_canonical_name(names: SourceNames) -> None:
    text = "The Washington Post reported that fighters had crossed the border at Jarablus."
    assert _cited(text, names) == [
        ("The Washington Post", "outlet", "The Washington Post"),
    ]


def test_outlet_alias_normalises(names: SourceNames) -> None:
    text = "Families were turned back at the Habur crossing, the Washington Post reported."
    assert _cited(text, names) == [("The Washington Post", "outlet", "the Washington Post")]


def test_state_department_spokesman(names: SourceNames) -> None:
    text = "The State Department's spokesman said the crossing at Bab al-Hawa must stay open."
    assert _cited(text, names) == [("US State Department", "government", "State Department")]


def test_state_department_spokesman_with_name(names: SourceNames) -> None:
    text = (
        "The State Department's spokesman, John Kirbyson, said the crossing at Bab al-Hawa "
        "must stay open."
    )
    assert _cited(text, names) == [
        ("US State Department", "government", "State Department"),
        ("John Kirbyson", "person", "John Kirbyson"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A reporter for The Washington Post was among those waiting at the Habur crossing.",
        "Reuters photographers waited at the Oncupinar crossing for most of the day.",
        "Families watched the Guardian's live coverage on their phones in the camp at Atmeh.",
    ],
)
def test_outlet_without_saying_verb_is_not_cited(names: SourceNames, text: str) -> None:
    assert cited_sources(text, names) == []


def test_saying_verb_in_another_sentence_does_not_count(names: SourceNames) -> None:
    text = "Families fled Afrin, the SOHR said. A Reuters crew waited at the crossing."
    assert [c.name for c in cited_sources(text, names)] == [SOHR]


def test_caption_ranges_are_skipped(names: SourceNames) -> None:
    body = "Families waited at the crossing for two days, the SOHR said."
    caption = "A man is seen in Azaz, Reuters reported. — AFP via Getty Images"
    text = f"{body}\n\n{caption}"
    start = text.index(caption)
    assert [c.name for c in cited_sources(text, names)] == [SOHR, "Reuters"]
    found = cited_sources(text, names, skip=[(start, start + len(caption))])
    assert found == [Citation(SOHR, "monitor", "SOHR", body.index("SOHR"), body.index("SOHR") + 4)]


def test_citations_come_in_text_order(names: SourceNames) -> None:
    text = (
        "Reuters reported that the crossing had reopened. Later the SOHR said 30 families "
        "had returned to Tal Abyad, according to security analyst Jane Smithers."
    )
    found = cited_sources(text, names)
    assert [c.name for c in found] == ["Reuters", SOHR, "Jane Smithers"]
    assert [c.start for c in found] == sorted(c.start for c in found)


@pytest.mark.parametrize(
    ("url", "publisher"),
    [
        ("https://www.theguardian.com/world/x", "The Guardian"),
        ("theguardian.com", "The Guardian"),
        ("https://amp.theguardian.com/world/2019/mar/03/x", "The Guardian"),
        ("https://www.washingtonpost.com/world/", "The Washington Post"),
        ("https://notguardian.com/x", None),
        ("https://theguardian.com.example.net/x", None),
        ("https://example.org/news", None),
    ],
)
def test_by_domain(names: SourceNames, url: str, publisher: str | None) -> None:
    assert names.by_domain(url) == publisher


def test_mentions_prefers_longest_spelling(names: SourceNames) -> None:
    text = "Reporters from the Syrian Observatory for Human Rights and AP arrived."
    assert [(text[s:e], n) for s, e, n, _ in names.mentions(text)] == [
        (SOHR, SOHR),
        ("AP", "Associated Press"),
    ]


def test_joining_words_count_after_a_word_with_a_capital_in_it() -> None:
    text = "Observatory for Human Rights, hope of Peace, McX  of\nWar, A of B, iPhone on Sale"
    joins = [(start, text[start:end]) for start, end in _org_joins(text)]
    assert joins == [
        (text.index("for"), "for"),
        (text.index("of\nWar"), "of"),
        (text.index("on Sale"), "on"),
    ]


def test_speech_verbs_are_whole_words_after_a_space_in_order() -> None:
    text = (
        "Lavrov said, and Jones told reporters; Smith says_ nothing, Ali saidx, Omar stated.\n"
        "Then \u201cno\u201d warned Ahmed told\u2019 the Saids, and the Kurds claimed"
    )
    expected = [
        (m.start() + 1, m.end(), m.group(1))
        for m in re.finditer(rf" ({'|'.join(_SPEECH_VERBS)})(?!\w)", text)
    ]
    assert _speech_verbs(text) == expected
    assert [verb for _, _, verb in expected] == [
        "said",
        "told",
        "stated",
        "warned",
        "told",
        "claimed",
    ]
