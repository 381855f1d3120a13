"""Raw article content to clean text: page furniture out, repeats out, captions marked.

The cleaned text is the headline (when there is one) and the article's paragraphs, separated by
blank lines. Every later finding (places, movements, evidence) is a character range of it. What
was removed is kept aside, because page furniture says who published the piece and when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract import patterns as pat
from extract.read import Article

if TYPE_CHECKING:
    from extract.html import Page

__all__ = ["Cleaned", "Paragraph", "clean", "clean_text"]

# A line this long, or one ending like a sentence, is running text rather than a heading or link.
_BODY_LENGTH = 150
_FURNITURE_LENGTH = 300
_WS = re.compile(r"[ \t\u00a0\u2009\u200a\u202f]+")
_REPEAT_KEY = re.compile(r"[\W_]+")


@dataclass(slots=True, frozen=True)
class Paragraph:
    """A paragraph of the cleaned text: ``start``/``end`` offsets and its ``role``
    (``title``, ``body`` or ``caption``)."""

    start: int
    end: int
    role: str


@dataclass(slots=True, frozen=True)
class Cleaned:
    """An article's clean text and what was taken out of it.

    ``header`` holds the furniture above the first paragraph (bylines, date lines, tags),
    ``furniture`` every other removed line; ``repeats`` counts paragraphs dropped as repeats.
    """

    text: str
    title: str | None
    paragraphs: tuple[Paragraph, ...]
    header: tuple[str, ...]
    furniture: tuple[str, ...]
    repeats: int

    def captions(self) -> list[tuple[int, int]]:
        """Character ranges of photo captions."""
        return [(p.start, p.end) for p in self.paragraphs if p.role == "caption"]

    def in_caption(self, start: int, end: int) -> bool:
        """Whether the range ``start``..``end`` lies in a caption."""
        return any(
            p.start <= start and end <= p.end for p in self.paragraphs if p.role == "caption"
        )


def _inline_markdown(line: str) -> tuple[str, bool]:
    """A line without Markdown syntax, and whether it was a heading."""
    heading = bool(pat.MD_HEADING.match(line))
    line = pat.MD_HEADING.sub("", line)
    line = pat.MD_QUOTE_OR_BULLET.sub("", line)
    line = pat.MD_IMAGE.sub("", line)
    line = pat.MD_LINK.sub(r"\1", line)
    line = pat.MD_EMPHASIS.sub(r"\2", line)
    return _WS.sub(" ", line).strip(), heading


def _is_furniture(line: str) -> bool:
    # Prompts and notices are short; a long paragraph is furniture only when it is a
    # disclaimer or a copyright notice (and searching all patterns in it is slow).
    pattern = pat.BOILERPLATE if len(line) <= _FURNITURE_LENGTH else pat.LONG_BOILERPLATE
    if pattern.search(line):
        return True
    if (
        len(line) <= pat.WEAK_BOILERPLATE_LENGTH
        and pat.WEAK_BOILERPLATE.search(line)
        and not pat.REPORTED_SPEECH.search(line)
    ):
        return True
    words = line.split()
    return len(words) >= 4 and len(pat.ICON_WORDS.findall(line)) * 3 >= len(words)


def _is_running_text(line: str) -> bool:
    return len(line) >= _BODY_LENGTH or (
        bool(pat.SENTENCE_END.search(line)) and len(line.split()) >= 6
    )


def _repeat_key(line: str) -> str:
    return _REPEAT_KEY.sub(" ", line.casefold()).strip()


def clean(article: Article, page: Page | None = None) -> Cleaned:
    """Clean an article of any kind; HTML goes through ``trafilatura`` first (``page``: the
    page already read, else it is read here)."""
    title = article.fields.get("title")
    if article.kind != "html":
        return clean_text(article.content, title=title)
    if page is None:
        from extract.html import read_page

        page = read_page(article.content)
    return clean_text(
        page.text, title=title or page.meta.title, markdown=False, captions=page.captions
    )


def clean_text(
    raw: str,
    *,
    title: str | None = None,
    markdown: bool = True,
    captions: list[str] | tuple[str, ...] = (),
) -> Cleaned:
    """Clean plain text (or Markdown): the steps, in order, are

    1. Markdown syntax dropped from each line (links keep their words);
    2. page furniture removed (navigation, share and subscribe prompts, paywall, cookie and
       copyright notices, disclaimers, tag lists, icon names, timestamps of media widgets);
    3. everything after an end-of-article line ("About the author", "Related articles") removed;
    4. above the first paragraph of running text, the headline kept and other lines set aside
       as the header; after the last one, trailing short lines (lists of other stories) removed;
    5. paragraphs seen before (a paywall repeat, the headline again) removed;
    6. captions kept, marked ``caption`` (``captions`` given apart, as from a page's
       ``<figcaption>``, are added at the end).
    """
    lines: list[tuple[str, bool]] = []
    for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line, heading = (
            _inline_markdown(raw_line) if markdown else (_WS.sub(" ", raw_line).strip(), False)
        )
        if line:
            lines.append((line, heading))

    furniture: list[str] = []
    kept: list[tuple[str, bool]] = []
    in_box = False
    for index, (line, heading) in enumerate(lines):
        if pat.END_OF_ARTICLE.match(line) and index > 0:
            furniture.extend(rest for rest, _ in lines[index:])
            break
        if pat.RELATED_BOX.match(line) and index > 0:
            in_box = True
        elif in_box and len(line) >= _BODY_LENGTH:
            in_box = False
        if in_box or _is_furniture(line):
            furniture.append(line)
        else:
            kept.append((line, heading))

    running = [
        i for i, (line, heading) in enumerate(kept) if not heading and _is_running_text(line)
    ]
    first = running[0] if running else 0
    last = running[-1] if running else len(kept) - 1
    header: list[str] = []
    top_captions: list[str] = []
    for line, heading in kept[:first]:
        if not heading and pat.CAPTION.search(line):
            top_captions.append(line)  # a caption stays in the text, marked; never a date line
            continue
        title_like = heading or (
            len(line) < 200 and not pat.CAPTION.search(line) and not _is_date_or_byline(line)
        )
        if title is None and title_like:
            title = line
            continue
        header.append(line)
    furniture.extend(line for line, _ in kept[last + 1 :] if not pat.CAPTION.search(line))
    tail_captions = [line for line, _ in kept[last + 1 :] if pat.CAPTION.search(line)]
    body = top_captions + [line for line, _ in kept[first : last + 1]] + tail_captions

    seen: set[str] = set()
    if title:
        title = _WS.sub(" ", title).strip()
        seen.add(_repeat_key(title))
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    repeats = 0

    def add(text: str, role: str) -> None:
        nonlocal offset
        if parts:
            offset += 2
        parts.append(text)
        paragraphs.append(Paragraph(offset, offset + len(text), role))
        offset += len(text)

    if title:
        add(title, "title")
    for line in body:
        key = _repeat_key(line)
        if key in seen and len(key) >= 20:
            repeats += 1
            continue
        seen.add(key)
        add(line, "caption" if pat.CAPTION.search(line) else "body")
    for line in captions:
        if _repeat_key(line) not in seen:
            seen.add(_repeat_key(line))
            add(_WS.sub(" ", line).strip(), "caption")
    return Cleaned(
        "\n\n".join(parts), title, tuple(paragraphs), tuple(header), tuple(furniture), repeats
    )


def _is_date_or_byline(line: str) -> bool:
    return bool(pat.BYLINE.match(line) or pat.FULL_DATE.search(line)) and len(line) < 80
