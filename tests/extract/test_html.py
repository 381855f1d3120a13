"""Saved web pages: article text without page chrome, headline, captions, and markup metadata."""

from __future__ import annotations

import pytest

from extract.clean import clean_text
from extract.html import HtmlMeta, html_meta, html_to_text

HEADLINE = "Families cross at Bab al-Salama"
PARAGRAPHS = [
    "Hundreds of families left their villages north of Aleppo on Monday, walking towards the "
    "crossing at Bab al-Salama as shelling intensified behind them.",
    "Aid workers at the crossing said they had registered more than four hundred people by "
    "nightfall, most of them women and children from the eastern countryside.",
    "A volunteer from Kilis said the Turkish side had opened a second gate on Tuesday morning so "
    "that the sick could be taken to hospital in Gaziantep.",
]
CAPTION = "Tents at a camp near Azaz on March 3, 2019. Photo: Jane Doe"

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{HEADLINE} | Frontier Dispatch</title>
<meta property="og:site_name" content="Frontier Dispatch">
<meta property="og:title" content="{HEADLINE}">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2019-03-04T09:15:00+00:00">
<link rel="canonical" href="https://frontier-dispatch.example/2019/03/families-cross">
</head>
<body>
<nav><ul>
<li><a href="/">Home</a></li>
<li><a href="/world">World news desk</a></li>
<li><a href="/subscribe">Subscribe today</a></li>
</ul></nav>
<main><article>
<h1>{HEADLINE}</h1>
<p>{PARAGRAPHS[0]}</p>
<figure><img src="camp.jpg" alt="tents"><figcaption>Tents at a camp near Azaz on
March 3, 2019.   Photo: Jane Doe</figcaption></figure>
<p>{PARAGRAPHS[1]}</p>
<p>{PARAGRAPHS[2]}</p>
</article></main>
<footer>
<p>Contact the newsroom. Frontier Dispatch is an independent publication on the region.</p>
<p>All content on this page belongs to its publisher.</p>
</footer>
</body>
</html>
"""

HOSTILE = f"""<html><head><title>Crossing reopens</title></head><body><article>
<h1>Crossing reopens</h1>
<p>{PARAGRAPHS[0]}</p>
<script>alert(1)</script>
<p>{PARAGRAPHS[1]} <img src=x onerror=alert(1)></p>
<p>{PARAGRAPHS[2]}</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def saved_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("pages") / "families-cross.html"
    path.write_text(PAGE, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def test_text_is_headline_and_paragraphs_without_chrome(saved_page: str) -> None:
    text, _, _ = html_to_text(saved_page)
    assert text.split("\n") == [HEADLINE, *PARAGRAPHS]
    for chrome in ("World news desk", "Subscribe today", "Contact the newsroom", "belongs to"):
        assert chrome not in text


def test_title(saved_page: str) -> None:
    _, title, _ = html_to_text(saved_page)
    assert title == HEADLINE


def test_caption_is_returned_apart_with_white_space_collapsed(saved_page: str) -> None:
    text, _, captions = html_to_text(saved_page)
    assert captions == [CAPTION]
    assert "Tents at a camp" not in text


def test_cleaned_page_marks_the_caption(saved_page: str) -> None:
    text, title, captions = html_to_text(saved_page)
    cleaned = clean_text(text, title=title, markdown=False, captions=captions)
    assert cleaned.text == "\n\n".join([HEADLINE, *PARAGRAPHS, CAPTION])
    assert [p.role for p in cleaned.paragraphs] == ["title", "body", "body", "body", "caption"]
    azaz = cleaned.text.index("Azaz")
    assert cleaned.in_caption(azaz, azaz + 4)


def test_meta_gives_date_site_name_author_title_and_url(saved_page: str) -> None:
    assert html_meta(saved_page) == HtmlMeta(
        title=HEADLINE,
        author="Jane Doe",
        publisher="Frontier Dispatch",
        url="https://frontier-dispatch.example/2019/03/families-cross",
        published="2019-03-04",
    )


def test_script_and_event_handlers_never_reach_the_text() -> None:
    text, title, captions = html_to_text(HOSTILE)
    assert "<script" not in text
    assert "onerror" not in text
    assert "alert(1)" not in text
    assert "<img" not in text
    assert text.split("\n") == ["Crossing reopens", *PARAGRAPHS]
    assert title == "Crossing reopens"
    assert captions == []


@pytest.mark.parametrize("page", ["", "<html></html>"])
def test_empty_page_gives_no_text(page: str) -> None:
    assert html_to_text(page) == ("", None, [])


def test_meta_of_bare_page_is_empty() -> None:
    assert html_meta("<html></html>") == HtmlMeta(None, None, None, None, None)
