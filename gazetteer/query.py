"""Read what a query says besides the name: feature kind, a qualifying place, a compass part.

"Idlib province" asks for the division, "the city of Idlib" for the city, "Hit, Anbar" for the
Hit in Anbar, "Syria's Idlib province" for an Idlib in Syria, "eastern Syria" and "Syria's east"
for a part of Syria.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gazetteer.patterns import DIRECTIONS, KIND_WORDS, LEAD_WORDS

__all__ = ["Query", "QueryError", "parse", "validate"]

MAX_QUERY_CHARS = 300

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<rest>.+)$")
_KIND_ALTERNATION = "|".join(sorted((re.escape(w) for w in KIND_WORDS), key=len, reverse=True))
_KIND_AFTER = re.compile(rf"^(?P<name>.+?)\s+(?P<kind>{_KIND_ALTERNATION})$", re.IGNORECASE)
_KIND_BEFORE = re.compile(rf"^(?P<kind>{_KIND_ALTERNATION})\s+of\s+(?P<name>.+)$", re.IGNORECASE)
_DIRECTION_ALTERNATION = "|".join(
    sorted((re.escape(w).replace(r"\ ", r"[\s-]?") for w in DIRECTIONS), key=len, reverse=True)
)
_DIRECTION_BEFORE = re.compile(
    rf"^(?P<dir>{_DIRECTION_ALTERNATION})\s+(?P<name>.+)$", re.IGNORECASE
)
_DIRECTION_ALONE = re.compile(rf"^(?P<dir>{_DIRECTION_ALTERNATION})$", re.IGNORECASE)


class QueryError(ValueError):
    """A query that cannot be looked up (empty, too long, control characters)."""


@dataclass(slots=True, frozen=True)
class Query:
    """A query taken apart: the name to look up and what the words around it say."""

    text: str
    name: str
    kind: str | None = None
    qualifier: str | None = None
    direction: str | None = None


def validate(text: object) -> str:
    """The query with whitespace collapsed; :class:`QueryError` if it cannot be a place name."""
    if not isinstance(text, str):
        raise QueryError(f"a place name must be text, not {type(text).__name__}")
    if _CONTROL.search(text):
        raise QueryError("a place name cannot contain control characters")
    cleaned = _SPACES.sub(" ", text).strip()
    if not cleaned:
        raise QueryError("a place name cannot be empty")
    if len(cleaned) > MAX_QUERY_CHARS:
        raise QueryError(
            f"a place name is at most {MAX_QUERY_CHARS} characters, this one has {len(cleaned):,}"
        )
    return cleaned


def _direction_code(word: str) -> str:
    return DIRECTIONS[_SPACES.sub(" ", word.lower().replace("-", " "))]


def _strip_lead(text: str) -> str:
    words = text.split(" ")
    while len(words) > 1 and words[0].lower() in LEAD_WORDS:
        words = words[1:]
    return " ".join(words)


def parse(text: str) -> Query:
    """Take a validated query apart.

    Examples
    --------
    >>> query = parse("the city of Idlib")
    >>> query.name, query.kind
    ('Idlib', 'populated_place')
    >>> parse("Syria's Idlib province").qualifier
    'Syria'
    >>> parse("north-eastern Syria").direction
    'ne'
    """
    name, kind, qualifier, direction = _strip_lead(text), None, None, None
    if "," in name:
        head, _, tail = name.partition(",")
        if head.strip() and tail.strip():
            name, qualifier = head.strip(), tail.strip()
    possessive = _POSSESSIVE.match(name)
    if possessive:
        owner, rest = possessive["owner"], possessive["rest"]
        alone = _DIRECTION_ALONE.match(rest)
        if alone:
            return Query(text, owner, direction=_direction_code(alone["dir"]))
        name, qualifier = rest, qualifier or owner
    before = _KIND_BEFORE.match(name)
    after = _KIND_AFTER.match(name)
    if before:
        name, kind = _strip_lead(before["name"]), KIND_WORDS[before["kind"].lower()]
    elif after:
        name, kind = after["name"], KIND_WORDS[after["kind"].lower()]
    ahead = _DIRECTION_BEFORE.match(name)
    if ahead:
        name, direction = ahead["name"], _direction_code(ahead["dir"])
    return Query(text, _strip_lead(name), kind, qualifier, direction)
