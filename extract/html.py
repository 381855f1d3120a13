"""Saved web pages to article text and metadata, with ``trafilatura`` (dates by ``htmldate``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import htmldate
import trafilatura
from lxml import html as lxml_html

__all__ = ["HtmlMeta", "Page", "html_meta", "html_to_text", "read_page"]

# Publication date from the page's metadata and address only (never a date in the text), the
# original date rather than the last update.
_DATE_PARAMS: Final[dict[str, Any]] = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%d",
}


@dataclass(slots=True, frozen=True)
class HtmlMeta:
    """What a page's markup says about the article (``None`` where it says nothing)."""

    title: str | None
    author: str | None
    publisher: str | None
    url: str | None
    published: str | None


@dataclass(slots=True, frozen=True)
class Page:
    """A page read once: the article's text (one paragraph per line), its photo captions and
    what the markup says."""

    text: str
    captions: list[str]
    meta: HtmlMeta


def read_page(page: str) -> Page:
    """Main text, captions and metadata of a saved page, from one ``trafilatura`` pass."""
    document = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if document is None or isinstance(document, dict):
        # No article text; the markup may still say who published it and when.
        found = trafilatura.extract_metadata(page) if page.strip() else None
        published = htmldate.find_date(page, **_DATE_PARAMS) if page.strip() else None
        if found is None:
            return Page("", [], HtmlMeta(None, None, None, None, published))
        return Page(
            "", [], HtmlMeta(found.title, found.author, found.sitename, found.url, published)
        )
    meta = HtmlMeta(document.title, document.author, document.sitename, document.url, document.date)
    return Page(document.text or "", _captions(page), meta)


def html_to_text(page: str) -> tuple[str, str | None, list[str]]:
    """The article's text (one paragraph per line), its headline and its photo captions."""
    read = read_page(page)
    return read.text, read.meta.title, read.captions


def html_meta(page: str) -> HtmlMeta:
    """Title, author, site name, URL and original publication date from the page's markup."""
    return read_page(page).meta


def _captions(page: str) -> list[str]:
    # trafilatura drops <figcaption>; captions are kept (marked later) because they name places.
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    for junk in tree.xpath("//script|//style|//noscript"):
        junk.drop_tree()
    found = []
    for node in tree.iter("figcaption"):
        if any(a.tag in ("aside", "footer", "nav", "header") for a in node.iterancestors()):
            continue  # a caption of another story's teaser
        text = " ".join(node.text_content().split())
        if text:
            found.append(text)
    return found
