"""clean_text: page furniture out, repeats out, captions marked, offsets exact."""

from __future__ import annotations

import sys

import pytest

from extract import clean
from extract.clean import Cleaned, Paragraph, clean_text

HEADLINE = "Families flee shelling towards the Turkish border"
FIRST = (
    "Hundreds of families left their villages north of Aleppo on Tuesday, walking towards the "
    "crossing at Bab al-Salama as shelling intensified, local volunteers told reporters."
)
SECOND = (
    "Aid workers at the crossing said they had registered more than four hundred people by "
    "nightfall, most of them women and children from the eastern countryside."
)
THIRD = (
    "According to [Al-Masdar News](#), the fighters withdrew from two villages overnight after "
    "talks brokered by tribal elders from Manbij."
)
THIRD_CLEAN = (
    "According to Al-Masdar News, the fighters withdrew from two villages overnight after "
    "talks brokered by tribal elders from Manbij."
)
FOURTH = (
    "A volunteer from Kilis said the Turkish side had opened a second gate on Wednesday so "
    "that the wounded could be taken to hospital in Gaziantep."
)
CAPTION = (
    "A displaced man waits beside his tent, as families are seen in Azaz on March 3, 2019. "
    "— OMAR KHALED/AFP via Getty Images"
)
PAYWALL = "You have reached your free article limit. Subscribe now for unlimited access."

FURNITURE = [
    "Skip to content",
    "Menu",
    "Home",
    "Share this article",
    "Share on Facebook",
    "Subscribe to our weekly newsletter for updates from the region",
    PAYWALL,
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "Copyright 2019 Frontier Dispatch. All rights reserved.",
    "Disclaimer: the views expressed in this piece are the author's own.",
    "Advertisement",
]
ICON_JUNK = "icon bookmark-bicon cameraicon shareicon printicon"
BIO = "Jane Doe is a journalist for CBN News who has covered the war in Syria since 2012."
RELATED = ["Fighters regroup outside Manbij", "Aid convoy reaches Idlib after delays"]

RAW = f"""Skip to content
Menu
Home
# {HEADLINE}
By Jane Doe
Global Research, October 13, 2017
Share this article
{HEADLINE}

{FIRST}

Share on Facebook
Subscribe to our weekly newsletter for updates from the region
{ICON_JUNK}
00:45
1:02:33

{SECOND}

{PAYWALL}
Advertisement

{SECOND}

{CAPTION}

{THIRD}

**{FOURTH}**

We use cookies to improve your experience. By continuing you accept our cookie policy.
Copyright 2019 Frontier Dispatch. All rights reserved.
Disclaimer: the views expressed in this piece are the author's own.

About the author
{BIO}
She lives in Gaziantep.

Related articles
- [{RELATED[0]}](/news/manbij)
- [{RELATED[1]}](/news/idlib)
"""


@pytest.fixture(scope="module")
def cleaned() -> Cleaned:
    return clean_text(RAW)


def _paragraph_texts(result: Cleaned) -> list[str]:
    return [result.text[p.start : p.end] for p in result.paragraphs]


def test_article_is_headline_then_paragraphs_in_order(cleaned: Cleaned) -> None:
    assert _paragraph_texts(cleaned) == [HEADLINE, FIRST, SECOND, CAPTION, THIRD_CLEAN, FOURTH]
    assert [p.role for p in cleaned.paragraphs] == [
        "title",
        "body",
        "body",
        "caption",
        "body",
        "body",
    ]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_line_is_removed_and_kept_aside(cleaned: Cleaned, line: str) -> None:
    assert line not in cleaned.text
    assert line in cleaned.furniture


def test_author_bio_after_about_the_author_is_removed(cleaned: Cleaned) -> None:
    assert "About the author" not in cleaned.text
    assert "CBN News" not in cleaned.text
    assert "She lives in Gaziantep" not in cleaned.text
    assert BIO in cleaned.furniture


def test_related_articles_list_is_removed(cleaned: Cleaned) -> None:
    assert "Related articles" not in cleaned.text
    for story in RELATED:
        assert story not in cleaned.text
        assert story in cleaned.furniture


def test_icon_font_line_is_removed(cleaned: Cleaned) -> None:
    assert "icon" not in cleaned.text
    assert ICON_JUNK in cleaned.furniture


def test_media_timestamps_are_removed(cleaned: Cleaned) -> None:
    assert "00:45" not in cleaned.text
    assert "1:02:33" not in cleaned.text


def test_paragraph_repeated_after_paywall_prompt_appears_once(cleaned: Cleaned) -> None:
    assert cleaned.text.count(SECOND) == 1
    assert cleaned.repeats == 1


def test_headline_repeated_as_first_paragraph_appears_once(cleaned: Cleaned) -> None:
    assert cleaned.title == HEADLINE
    assert cleaned.text.startswith(HEADLINE + "\n\n" + FIRST)
    assert cleaned.text.count(HEADLINE) == 1


def test_headline_repeated_as_running_text_is_counted_as_repeat() -> None:
    headline = "Hundreds of families fled Afrin as Turkish-backed fighters advanced on the town."
    result = clean_text(f"{headline}\n\n{FIRST}", title=headline)
    assert result.text == f"{headline}\n\n{FIRST}"
    assert result.repeats == 1
    assert [p.role for p in result.paragraphs] == ["title", "body"]


def test_headline_repeat_matches_regardless_of_case_and_punctuation() -> None:
    headline = "Families flee shelling towards the Turkish border"
    result = clean_text(
        f"FAMILIES FLEE SHELLING - TOWARDS THE TURKISH BORDER!\n{FIRST}", title=headline
    )
    assert result.text == f"{headline}\n\n{FIRST}"


def test_markdown_link_keeps_its_words(cleaned: Cleaned) -> None:
    assert "Al-Masdar News" in cleaned.text
    assert "[" not in cleaned.text
    assert "](#)" not in cleaned.text


def test_markdown_emphasis_and_images_are_dropped() -> None:
    result = clean_text(f"![Tents at Atmeh](tents.jpg)\n\n**{FIRST}**\n\n*{SECOND}*")
    assert result.text == f"{FIRST}\n\n{SECOND}"
    assert "tents.jpg" not in result.text


def test_markdown_heading_gives_the_title() -> None:
    result = clean_text(f"## Crossing at Oncupinar reopens\n\n{FIRST}")
    assert result.title == "Crossing at Oncupinar reopens"
    assert result.paragraphs[0] == Paragraph(0, len("Crossing at Oncupinar reopens"), "title")
    assert "#" not in result.text


def test_given_title_wins_over_first_heading() -> None:
    result = clean_text(f"# Some other heading\n\n{FIRST}", title="Families reach Kilis")
    assert result.title == "Families reach Kilis"
    assert result.text.startswith("Families reach Kilis\n\n")
    assert "Some other heading" not in result.text


def test_plain_text_mode_keeps_brackets() -> None:
    result = clean_text(f"{FIRST} See [Annex](#) for the full list.", markdown=False)
    assert "[Annex](#)" in result.text


def test_photo_caption_is_kept_and_marked(cleaned: Cleaned) -> None:
    start = cleaned.text.index(CAPTION)
    end = start + len(CAPTION)
    assert cleaned.captions() == [(start, end)]
    assert cleaned.in_caption(start, end)
    azaz = cleaned.text.index("Azaz")
    assert cleaned.in_caption(azaz, azaz + len("Azaz"))


def test_body_ranges_are_not_in_caption(cleaned: Cleaned) -> None:
    aleppo = cleaned.text.index("Aleppo")
    assert not cleaned.in_caption(aleppo, aleppo + len("Aleppo"))
    start = cleaned.text.index(CAPTION)
    # A range that runs from the caption into the next paragraph is not inside the caption.
    assert not cleaned.in_caption(start, start + len(CAPTION) + 5)
    assert not cleaned.in_caption(start - 5, start + 5)


def test_captions_given_apart_are_added_at_the_end_as_captions() -> None:
    extra = "Tents   at the Atmeh camp,  near the border. "
    result = clean_text(FIRST, markdown=False, captions=[extra, FIRST])
    assert _paragraph_texts(result) == [FIRST, "Tents at the Atmeh camp, near the border."]
    assert [p.role for p in result.paragraphs] == ["body", "caption"]
    assert result.captions() == [(len(FIRST) + 2, len(result.text))]


def test_every_paragraph_offset_matches_its_text(cleaned: Cleaned) -> None:
    texts = _paragraph_texts(cleaned)
    assert cleaned.text == "\n\n".join(texts)
    for paragraph, following in zip(cleaned.paragraphs, cleaned.paragraphs[1:], strict=False):
        assert cleaned.text[paragraph.end : following.start] == "\n\n"
    assert cleaned.paragraphs[0].start == 0
    assert cleaned.paragraphs[-1].end == len(cleaned.text)


def test_offsets_hold_with_white_space_and_windows_line_ends() -> None:
    raw = f"# Crossing   reopens\r\n\r\n  {FIRST}  \r\n\t{SECOND}\u00a0\r\n"
    result = clean_text(raw)
    assert _paragraph_texts(result) == ["Crossing reopens", FIRST, SECOND]
    for p in result.paragraphs:
        assert result.text[p.start : p.end].strip() == result.text[p.start : p.end]


def test_header_lines_go_to_header_not_text(cleaned: Cleaned) -> None:
    assert "By Jane Doe" in cleaned.header
    assert "Global Research, October 13, 2017" in cleaned.header
    assert "Jane Doe" not in cleaned.text
    assert "Global Research" not in cleaned.text
    assert "October 13, 2017" not in cleaned.text


def test_no_running_text_leaves_no_caption_or_repeat() -> None:
    result = clean_text("Menu\nHome\nShare")
    assert result.text == ""
    assert result.paragraphs == ()
    assert result.repeats == 0
    assert set(result.furniture) == {"Menu", "Home", "Share"}


def test_a_notice_run_on_after_the_story_goes_and_the_story_stays() -> None:
    story = " ".join(["Some 300 families returned to the town on Monday, officials said."] * 8)
    cleaned = clean_text(f"{story} © 2019 Example Media Ltd. All rights reserved.\n")
    assert cleaned.text == story
    assert cleaned.furniture == ("© 2019 Example Media Ltd. All rights reserved.",)
    notice = (
        "This site contains copyrighted material the use of which has not always been "
        "authorised by the owner; we make it available under the fair use rule. " * 3
    )
    whole = clean_text(f"{story}\n\n{notice.strip()}\n")
    assert whole.text == story and len(whole.furniture) == 1


def test_a_story_left_short_by_a_notice_is_judged_as_a_short_line() -> None:
    # The paragraph is long, the story before its notice short: the patterns of short lines
    # apply to the story.
    notice = (
        "© 2019 Example Media Ltd, its owners, partners and licensors in every country of the "
        "world, all rights reserved."
    )
    prompt = "Register now for free to read every story from our reporters on the ground. " * 3
    furniture = clean_text(f"{prompt}{notice}\n").furniture
    assert furniture == (notice, prompt.strip())
    story = "Some 300 families returned to the town on Monday after the fighting, officials said. "
    kept = clean_text(f"{story * 3}{notice}\n")
    assert kept.text == (story * 3).strip() and kept.furniture == (notice,)


def test_the_rough_letter_is_as_frequent_lower_cased_as_case_folded() -> None:
    letter = clean._ROUGH_LETTER
    assert all(
        chr(c).lower().count(letter) == chr(c).casefold().count(letter)
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF
    )


def test_repeats_are_found_among_paragraphs_that_hold_the_letter_as_often() -> None:
    seen = clean._Seen()
    # None of these holds an "e": all are told apart by their keys alone.
    assert seen.add("Aleppo, Syria", "aleppo, syria") is None
    assert seen.add("Idlib, Syria") is None
    assert seen.add("ALEPPO SYRIA") == "aleppo syria"
    assert seen.add("Idlib -- Syria!") == "idlib syria"
    assert seen.add("Manbij") is None
    assert seen.add("Straße") is None
    assert seen.add("STRASSE") == "strasse"


@pytest.mark.parametrize(
    "raw",
    [
        # Greek capital sigma lower-cases by its place in the word (σ inside, ς at the end).
        "ΟΔΟΣ ΑΘΗΝΩΝ\n\nΟ ΣΤΡΑΤΟΣ ΕΦΥΓΕ ΑΠΟ ΤΗΝ ΠΟΛΗ ΧΘΕΣ, ΕΙΠΑΝ ΑΞΙΩΜΑΤΙΚΟΙ ΣΤΟ ΚΑΣΤΡΟ.\nΣ",
        # Letters a case-ignoring pattern takes for ASCII ones (the lines are not lower-cased).
        "İSTANBUL — Göç İdaresi said 4,000 people crossed from Syria into Turkey.\nKELVIN K",
        "Straße and STRASSE: 300 families returned to Manbij on Monday, officials said.",
        # A notice cut from the end of a paragraph; a caption; a title given apart.
        "Families fled Idlib toward the Turkish border, aid groups said. © 2019 Example Media\n"
        "Displaced families are seen near Atmeh. (Photo: AFP)\n"
        "Some 300 families returned to the town on Monday after the fighting, officials said.",
    ],
)
def test_lowered_text_is_the_clean_text_lower_cased(raw: str) -> None:
    for title in (None, "ΣΥΡΙΑ: ΟΙ ΠΡΟΣΦΥΓΕΣ"):
        cleaned = clean_text(raw, title=title, captions=["ΟΔΟΣ İdlib ΑΣ"])
        assert cleaned.text and len(cleaned.lowered) == len(cleaned.text.lower())
        # Compiled, str.lower() writes every capital sigma as σ: mypyc lower-cases letter by
        # letter, without Python's rule for a word's last sigma (ς). No pattern holds Greek.
        assert _one_sigma(cleaned.lowered) == _one_sigma(cleaned.text.lower())


def _one_sigma(text: str) -> str:
    return text.replace("ς", "σ")
