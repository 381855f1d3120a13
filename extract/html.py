"""Saved web pages to article text and metadata, with ``trafilatura`` and ``htmldate``."""

from __future__ import annotations

from dataclasses import dataclass

import htmldate
import trafilatura
from lxml import html as lxml_html

__all__ = ["HtmlMeta", "html_meta", "html_to_text"]


@dataclass(slots=True, frozen=True)
class HtmlMeta:
    """What a page's markup says about the article (``None`` where it says nothing)."""

    title: str | None
    author: str | None
    publisher: str | None
    url: str | None
    published: str | None


def html_to_text(page: str) -> tuple[str, str | None, list[str]]:
    """The article's text (one paragraph per line), its headline and its photo captions."""
    document = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    if document is None or isinstance(document, dict):
        return "", None, []
    return document.text or "", document.title, _captions(page)


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


def html_meta(page: str) -> HtmlMeta:
    """Title, author, site name, URL and original publication date from the page's markup."""
    meta = trafilatura.extract_metadata(page)
    published = htmldate.find_date(
        page, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"
    )
    if meta is None:
        return HtmlMeta(None, None, None, None, published)
    return HtmlMeta(meta.title, meta.author, meta.sitename, meta.url, published)
