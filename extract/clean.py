"""Raw article content to clean text: page furniture out, repeats out, captions marked.

The cleaned text is the headline (when there is one) and the article's paragraphs, separated by
blank lines. Every later finding (places, movements, evidence) is a character range of it. What
was removed is kept aside, because page furniture says who published the piece and when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from extract import patterns as pat
from extract.cued import case_oddity_in
from extract.read import Article

if TYPE_CHECKING:
    from extract.html import Page

__all__ = ["Cleaned", "Paragraph", "clean", "clean_text"]

# A line this long, or one ending like a sentence, is running text rather than a heading or link.
_BODY_LENGTH: Final = 150
_FURNITURE_LENGTH: Final = 300
_WS: Final = re.compile(r"[ \t\u00a0\u2009\u200a\u202f]+")
_ODD_SPACES: Final = "\t\u00a0\u2009\u200a\u202f"  # what _WS makes a space besides spaces
_REPEAT_KEY: Final = re.compile(r"[\W_]+")
# The letter _Seen counts: case folding makes it where lower-casing does and nowhere else (as
# it makes "ss" of ß), so paragraphs with equal repeat keys hold it as many times.
_ROUGH_LETTER: Final = "e"


@dataclass(slots=True, frozen=True)
class Paragraph:
    """A paragraph of the cleaned text: ``start``/``end`` offsets and its ``role``
    (``title``, ``body`` or ``caption``)."""

    start: int
    end: int
    role: str

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(self, start: int, end: int, role: str) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "role", role)


@dataclass(slots=True, frozen=True)
class Cleaned:
    """An article's clean text and what was taken out of it.

    ``header`` holds the furniture above the first paragraph (bylines, date lines, tags),
    ``furniture`` every other removed line; ``repeats`` counts paragraphs dropped as repeats;
    ``lowered`` is ``text.lower()``, joined from the lines' lower-cased forms made for the
    patterns' cues (lower-casing text beyond Latin-1 costs ~20 instructions a character).
    """

    text: str
    title: str | None
    paragraphs: tuple[Paragraph, ...]
    header: tuple[str, ...]
    furniture: tuple[str, ...]
    repeats: int
    lowered: str

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(
        self,
        text: str,
        title: str | None,
        paragraphs: tuple[Paragraph, ...],
        header: tuple[str, ...],
        furniture: tuple[str, ...],
        repeats: int,
        lowered: str,
    ) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "paragraphs", paragraphs)
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "furniture", furniture)
        object.__setattr__(self, "repeats", repeats)
        object.__setattr__(self, "lowered", lowered)

    def captions(self) -> list[tuple[int, int]]:
        """Character ranges of photo captions."""
        return [(p.start, p.end) for p in self.paragraphs if p.role == "caption"]

    def in_caption(self, start: int, end: int) -> bool:
        """Whether the range ``start``..``end`` lies in a caption."""
        return any(
            p.start <= start and end <= p.end for p in self.paragraphs if p.role == "caption"
        )


@dataclass(slots=True)
class _Line:
    """A line of the raw text, without Markdown syntax, and what is known of it."""

    text: str
    heading: bool
    lowered: str | None  # text.lower(), for the patterns' cues (None: see extract.cued)
    caption: bool = False

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(
        self, text: str, heading: bool, lowered: str | None, caption: bool = False
    ) -> None:
        self.text = text
        self.heading = heading
        self.lowered = lowered
        self.caption = caption


def _inline_markdown(line: str) -> tuple[str, bool]:
    """A line without Markdown syntax, and whether it was a heading."""
    heading = pat.MD_HEADING.match(line)
    if heading:
        line = line[heading.end() :]
    bullet = pat.MD_QUOTE_OR_BULLET.match(line)
    if bullet:
        line = line[bullet.end() :]
    if "](" in line:  # every image and link holds it
        line = pat.MD_IMAGE.sub("", line)
        line = pat.MD_LINK.sub(r"\1", line)
    if "*" in line or "__" in line:
        line = pat.MD_EMPHASIS.sub(r"\2", line)
    return _single_spaced(line), heading is not None


def _single_spaced(line: str) -> str:
    if "  " in line or any(map(line.__contains__, _ODD_SPACES)):
        line = _WS.sub(" ", line)
    return line.strip()


def _long_notice(line: _Line) -> re.Match[str] | None:
    """The first disclaimer or copyright notice in a long line (searched for once: see
    :func:`_notice_at_end` and :func:`_is_furniture`); ``None`` in a short one."""
    if len(line.text) <= _FURNITURE_LENGTH:
        return None
    return pat.LONG_BOILERPLATE.search(line.text, line.lowered)


def _is_furniture(line: _Line, notice: re.Match[str] | None) -> bool:
    """Whether ``line`` is page furniture (``notice``: what :func:`_long_notice` finds in it)."""
    # Prompts and notices are short; a long paragraph is furniture only when it is a
    # disclaimer or a copyright notice (and searching all patterns in it is slow).
    text, lowered = line.text, line.lowered
    if notice is not None:
        return True
    if len(text) <= _FURNITURE_LENGTH and pat.BOILERPLATE.search(text, lowered):
        return True
    if (
        len(text) <= pat.WEAK_BOILERPLATE_LENGTH
        and pat.WEAK_BOILERPLATE.search(text, lowered)
        and not pat.REPORTED_SPEECH.search(text)
    ):
        return True
    if lowered is not None and "icon" not in lowered:
        return False
    words = text.split()
    return len(words) >= 4 and len(pat.ICON_WORDS.findall(text)) * 3 >= len(words)


def _notice_at_end(text: str, notice: re.Match[str]) -> int | None:
    """Where the copyright or fair-use notice ``notice`` (the first in the long paragraph
    ``text``) run on after the paragraph's story starts: the sentence that holds it, or an
    earlier one from a "©" or "Copyright" on. ``None`` when it starts the paragraph (then the
    paragraph is the notice)."""
    start = notice.start()
    if start < _FURNITURE_LENGTH:
        return None
    mark = pat.COPYRIGHT_MARK.search(text, max(0, start - 200), start)
    if mark is not None:
        start = mark.start()
    sentence = max(text.rfind(end, 0, start) for end in (". ", "! ", "? ", "” ", '" '))
    start = sentence + 2 if sentence >= 0 else 0
    return start if start >= _BODY_LENGTH else None


def _is_running_text(line: str) -> bool:
    # The line is stripped: a sentence end can only be its last character.
    return len(line) >= _BODY_LENGTH or (
        bool(pat.SENTENCE_END.search(line, len(line) - 1)) and len(line.split()) >= 6
    )


def _repeat_key(line: str) -> str:
    return _REPEAT_KEY.sub(" ", line.casefold()).strip()


class _Seen:
    """The repeat keys of the paragraphs kept so far.

    A key is costly to make for a long paragraph, so paragraphs are first told apart by how
    many times they hold ``_ROUGH_LETTER`` (paragraphs with equal keys hold it as many times);
    a paragraph's key is made, once, only when another holds it as many times.
    """

    def __init__(self) -> None:
        # The first paragraph that holds the letter so many times, and the keys of all those
        # that do, once there are two.
        self._first: dict[int, str] = {}
        self._keys: dict[int, set[str]] = {}

    def add(self, line: str, lowered: str | None = None) -> str | None:
        """Keep ``line`` (``lowered``: ``line.lower()`` if made already); its repeat key if a
        paragraph with that key was kept before, else None."""
        rough = (lowered or line.lower()).count(_ROUGH_LETTER)
        keys = self._keys.get(rough)
        if keys is None:
            first = self._first.get(rough)
            if first is None:
                self._first[rough] = line
                return None
            keys = self._keys[rough] = {_repeat_key(first)}
        key = _repeat_key(line)
        seen = key in keys
        keys.add(key)
        return key if seen else None


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
    # Lower-cased lines let the patterns look for their cues (see extract.cued).
    fold = not case_oddity_in(raw)
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[_Line] = []
    for raw_line in raw.split("\n"):
        text, heading = (
            _inline_markdown(raw_line) if markdown else (_single_spaced(raw_line), False)
        )
        if text:
            lines.append(_Line(text, heading, text.lower() if fold else None))

    furniture: list[str] = []
    kept: list[_Line] = []
    in_box = False
    for index, line in enumerate(lines):
        if pat.END_OF_ARTICLE.match(line.text) and index > 0:
            furniture.extend(rest.text for rest in lines[index:])
            break
        if pat.RELATED_BOX.match(line.text) and index > 0:
            in_box = True
        elif in_box and len(line.text) >= _BODY_LENGTH:
            in_box = False
        notice = _long_notice(line)
        story_end = _notice_at_end(line.text, notice) if notice is not None else None
        if story_end is not None:
            # "... in May. © 2018 Some Network, Inc. All rights reserved.": the story stays
            furniture.append(line.text[story_end:])
            line.text = line.text[:story_end].rstrip()
            line.lowered = line.lowered and line.lowered[: len(line.text)]
            notice = _long_notice(line)
        if in_box or _is_furniture(line, notice):
            furniture.append(line.text)
        else:
            line.caption = pat.CAPTION.search(line.text, line.lowered) is not None
            kept.append(line)

    running = [i for i, line in enumerate(kept) if not line.heading and _is_running_text(line.text)]
    first = running[0] if running else 0
    last = running[-1] if running else len(kept) - 1
    header: list[str] = []
    top_captions: list[_Line] = []
    for line in kept[:first]:
        if not line.heading and line.caption:
            top_captions.append(line)  # a caption stays in the text, marked; never a date line
            continue
        title_like = line.heading or (
            len(line.text) < 200 and not line.caption and not _is_date_or_byline(line.text)
        )
        if title is None and title_like:
            title = line.text
            continue
        header.append(line.text)
    furniture.extend(line.text for line in kept[last + 1 :] if not line.caption)
    tail_captions = [line for line in kept[last + 1 :] if line.caption]
    body = top_captions + kept[first : last + 1] + tail_captions

    seen = _Seen()
    if title:
        title = _single_spaced(title)
        seen.add(title)
    parts: list[str] = []
    # Lower-casing goes letter by letter, and no letter's lower case depends on letters across
    # a line break, so the parts' lower-cased forms joined are the text's.
    lowered_parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    repeats = 0

    def add(text: str, role: str, lowered: str | None = None) -> None:
        nonlocal offset
        if parts:
            offset += 2
        parts.append(text)
        lowered_parts.append(text.lower() if lowered is None else lowered)
        paragraphs.append(Paragraph(offset, offset + len(text), role))
        offset += len(text)

    if title:
        add(title, "title")
    for line in body:
        key = seen.add(line.text, line.lowered)
        if key is not None and len(key) >= 20:
            repeats += 1
            continue
        add(line.text, "caption" if line.caption else "body", line.lowered)
    for caption in captions:
        if seen.add(caption) is None:
            add(_single_spaced(caption), "caption")
    return Cleaned(
        "\n\n".join(parts),
        title,
        tuple(paragraphs),
        tuple(header),
        tuple(furniture),
        repeats,
        "\n\n".join(lowered_parts),
    )


def _is_date_or_byline(line: str) -> bool:
    return len(line) < 80 and bool(pat.BYLINE.match(line) or pat.FULL_DATE.search(line))
