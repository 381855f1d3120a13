"""Word lists and patterns of news pages, kept apart from the code that applies them.

Every pattern was written for this project from the page furniture of news sites in general (what
a reader sees around an article); none is copied from another extractor.
"""

from __future__ import annotations

import re
from typing import Final

from extract.cued import Cued

# -- page furniture ------------------------------------------------------------------------------

# A line matching one of these is page furniture, removed from the text (kept for metadata).
BOILERPLATE: Final = Cued(
    re.compile(
        r"""
        ^(skip\ to\ (main\ )?content|main\ menu|menu|home|search|close|share|tweet|email|print|
          share\ (this|on|via)\b.*|comments?|reply|advertisement|advert|sponsored(\ content)?|
          or|and|loading\.*|top\ stories|most\ (read|popular|viewed)|trending(\ now)?|
          related(\ (topics|articles|stories|posts|coverage|content|news))?|
          recommended(\ for\ you)?|you\ (may|might)\ also\ like.*|more\ from\b.*|read\ more\b.*|
          see\ also\b.*|
          podcasts?|videos?|watch(\ now)?|listen(\ now)?|follow\ us\b.*|newsletter|
          \d{1,2}:\d{2}(:\d{2})?|back\ to\ top|next\ article|previous\ article)\s*[:.!]?$
        | ^(region|theme|topics?|tags?|filed\ under|categories|category|in-depth\ report|
            keywords|section)\s*:
        | ^articles\ by\s*:
        | \bregister\ (now|for\ free)\b
        | \bfree\ (article|trial|articles)\b | \barticle\ limit\b | \bunlimited\ access\b
        | \bcontinue\ reading\b | \bkeep\ reading\b | \blearn\ more\.?$
        | \$\s?\d[\d.,]*\s*(/\s*)?(monthly|annually|a\ month|per\ month|a\ year|per\ year|/month)
        | \bterms\ (and|&|of)\ (conditions|service|use)\b | \bprivacy\ policy\b
        | \bwe\ use\ cookies\b | \bcookie\ (policy|settings|consent)\b | \baccept\ (all\ )?cookies\b
        | ^(\*\*)?disclaimer\b | ^copyright\b | ©|\ball\ rights\ reserved\b | \bfair\ use\b
        | \bfor\ media\ inquiries\b | \bbecome\ a\ (member|patron|supporter)\b
        | \bsupport\ (our|independent)\ (journalism|work|reporting)\b
        | ^comment\ on\b | \bon\ our\ facebook\ page\b | \bjoin\ \S+(\ \S+)?\ for\b
        | \bdownload\ (our|the)\ app\b | \bget\ the\ app\b
        | \boriginal\ source\ of\ this\ article\b
        | \bthis\ (article|story)\ (was\ )?(originally|first)\ (appeared|published)\b
        | ^(originally|first)\ published\b | ^republished\ (from|with)\b
        | ^about\ the\ author$ | ^(share|like)\ this\ article$
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
    # The first words of the alternatives not held to the start of the line.
    cues=(
        "register",
        "free",
        "article limit",
        "unlimited access",
        "continue reading",
        "keep reading",
        "learn more",
        "$",
        "terms",
        "privacy policy",
        "we use cookies",
        "cookie",
        "accept",
        "©",
        "all rights reserved",
        "fair use",
        "for media inquiries",
        "become a",
        "support",
        "on our facebook page",
        "join",
        "download",
        "get the app",
        "original source",
        "this article",
        "this story",
    ),
    reach=0,
)

# Single words that mark furniture only in a short line that reports nobody's words
# ("Already a subscriber? Log in"), never in a sentence of the story ("asked to donate blood").
WEAK_BOILERPLATE: Final = Cued(
    re.compile(
        r"\b(subscribe|subscriber|subscription|sign\ (up|in)|log\ ?in|copyright|donate|"
        r"click\ here|cookies)\b",
        re.IGNORECASE | re.VERBOSE,
    ),
    cues=("subscri", "sign", "log", "copyright", "donate", "click here", "cookies"),
    reach=0,
)
WEAK_BOILERPLATE_LENGTH: Final = 100
REPORTED_SPEECH: Final = re.compile(r"\b(said|says|told|according)\b", re.IGNORECASE)

# Long paragraphs that are still furniture: disclaimers and copyright notices.
LONG_BOILERPLATE: Final = Cued(
    re.compile(
        r"^(\*\*)?disclaimer\b|\bcopyrighted material\b|\bfair use\b|\ball rights reserved\b|"
        r"\bwe use cookies\b",
        re.IGNORECASE,
    ),
    cues=("copyrighted material", "fair use", "all rights reserved", "we use cookies"),
    reach=0,
)

# Where a copyright notice begins ("© 2018", "Copyright 2018", "(c) 2018").
COPYRIGHT_MARK: Final = re.compile(r"©|\bcopyright\b|\(c\)\s*\d{4}", re.IGNORECASE)

# Icon-font names pasted into the text ("icon bookmark-bicon cameraicon ..."): widget chrome.
ICON_WORDS: Final = re.compile(r"icon", re.IGNORECASE)

# Lines that end the article: what follows them is a biography or lists of other stories.
END_OF_ARTICLE: Final = re.compile(
    r"^(about\ the\ (author|writer)s?|comments?)\s*:?$", re.IGNORECASE | re.VERBOSE
)
# Lines that open a box of links to other stories: it ends at the next paragraph of the story.
RELATED_BOX: Final = re.compile(
    r"^(related(\ (topics|articles|stories|posts|coverage))?|more\ (stories|articles)\ "
    r"(from|by|like\ this)|you\ (may|might)\ also\ like|recommended(\ for\ you)?|"
    r"most\ (read|popular)|read\ (more|also))\s*:?$",
    re.IGNORECASE | re.VERBOSE,
)

# Photo captions: kept in the text but marked, so they never date an article or carry movements.
CAPTION: Final = Cued(
    re.compile(
        r"""
        \b(is|are|was|were)\ (seen|pictured|shown)\b | \bpictured\b
        | \b(photo|image|picture|video)\s*(credit|courtesy|source|by|:)
        | \b(featured|file|cover|header)\ (image|photo|picture)\b | \bphoto\ courtesy\b
        | \bgetty\ images\b | /afp\b | \bafp\ via\b | \bafp\ photo\b | \b(reuters|ap|epa)\s*/
        | \bap\ photo\b | \(photo:
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
    cues=("seen", "shown", "pictur", "photo", "image", "video", "afp", "/"),
    reach=9,  # "featured image", "Reuters /"
)

# Markdown inline syntax in pasted or exported text.
MD_IMAGE: Final = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK: Final = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS: Final = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
MD_HEADING: Final = re.compile(r"^\s{0,3}(#{1,6})\s+")
MD_QUOTE_OR_BULLET: Final = re.compile(r"^\s{0,3}(>\s?|[-*+]\s+)")

# A paragraph of running text ends like a sentence (or quote); headings and link lists do not.
SENTENCE_END: Final = re.compile(r"[.!?…:;\"'\u201d\u2019)\]]\s*$")

# -- metadata ------------------------------------------------------------------------------------

BYLINE: Final = re.compile(
    r"^(?i:by)\s+(?P<name>[A-Z][\w.'\u2019-]+(?:\s+(?:[A-Z][\w.'\u2019-]+|al-[A-Z][\w'\u2019-]+|"
    r"and\s+[A-Z][\w.'\u2019-]+)){0,4})\s*(?:[,|\u2013\u2014-].*)?$"
)
# "The original source of this article is X", "To read the entire article from X click here".
ORIGINAL_SOURCE: Final = re.compile(
    r"(original\ source\ of\ this\ article\ is|originally\ (appeared|published)\ (in|on|at|by)|"
    r"first\ (appeared|published)\ (in|on|at|by)|republished\ (from|with\ permission\ from)|"
    r"read\ the\ (entire|full|original)\ (article|story)\ (from|at|on))\s+(?P<name>.+)",
    re.IGNORECASE | re.VERBOSE,
)
AUTHOR_BIO: Final = re.compile(
    r"^(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2})\s+is\s+an?\s+(?:[\w-]+\s+){0,4}?"
    r"(journalist|reporter|correspondent|writer|editor|analyst|contributor)\b"
    r"(?:\s+(?:for|at|with)\s+(?P<outlet>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4}))?"
)

MONTHS: Final = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Full dates as news pages write them: "October 13, 2017", "3 Jun, 2016", "2017-10-13".
FULL_DATE: Final = Cued(
    re.compile(
        rf"""
        \b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?
        (?:
          (?P<md>(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)
        | (?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?,?\s+(?:19|20)\d\d)
        | (?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)
        | (?P<my>(?:{MONTHS})\.?,?\s+(?:19|20)\d\d)
        )\b
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
    cues=("19", "20"),
    reach=31,  # "Wednesday, September. 30th, 2015"
    folded=False,
)
# A year the text treats as past ("in 2019", "since 2011", "by 2013"), for a not-before bound.
PAST_YEAR: Final = Cued(
    re.compile(
        r"\b(?:in|since|from|during|of|by|early|late|mid-?)\s+(?P<year>(?:19|20)\d\d)\b"
        r"(?!\s*(?:election|elections|target|deadline|plan|goal)s?\b)",
        re.IGNORECASE,
    ),
    cues=("19", "20"),
    reach=8,  # "during 2015"
    folded=False,
)
FUTURE_CUE: Final = re.compile(
    r"\b(will|would|plans?|planned|scheduled|expected|by the end of|until|aims?|target)\b",
    re.IGNORECASE,
)

# Common English function words: their share of a text tells English from other languages.
ENGLISH_FUNCTION_WORDS: Final = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "as",
        "by",
        "it",
        "at",
        "from",
        "his",
        "her",
        "are",
        "were",
        "be",
        "has",
        "have",
        "had",
        "this",
        "which",
        "or",
        "an",
        "their",
        "they",
        "not",
        "but",
        "said",
        "who",
        "been",
        "its",
        "also",
        "after",
        "more",
        "than",
        "would",
        "will",
        "there",
        "about",
        "into",
        "over",
    ]
)

# -- cited sources -------------------------------------------------------------------------------

# Verbs of saying that attribute a claim to whoever stands next to them.
SAY_VERBS: Final = (
    r"said|says|say|reported|reports|report|claimed|claims|claim|confirmed|confirms|"
    r"announced|announces|stated|states|told|tells|revealed|reveals|warned|warns|added|"
    r"noted|estimated|estimates|according|cited|quoted|documented|documents|"
    r"alleged|alleges|insisted|insists|explained|explains|wrote|writes|tweeted|"
    r"has\s+confirmed|have\s+confirmed|has\s+reported|have\s+reported|has\s+said"
)
# Person titles that introduce a named speaker, and the words that may qualify them.
TITLE_QUALIFIERS: Final = (
    "security",
    "military",
    "political",
    "regional",
    "terrorism",
    "senior",
    "independent",
)
TITLE_WORDS: Final[tuple[str, ...]] = (
    "analyst",
    "expert",
    "researcher",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "commander",
    "minister",
    "president",
    "prime minister",
    "ambassador",
    "envoy",
    "coordinator",
    "director",
    "general",
    "colonel",
    "col.",
    "gen.",
    "lt.",
    "maj.",
    "capt.",
    "sgt.",
    "brig.",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "sheikh",
    "governor",
    "mayor",
    "head",
    "chief",
    "deputy head",
    "deputy",
    "secretary",
    "leader",
    "activist",
    "journalist",
    "correspondent",
    "reporter",
    "resident",
    "witness",
    "source",
)
PERSON_TITLES: Final[str] = (
    r"(?:(?:" + "|".join(TITLE_QUALIFIERS) + r")\s+)?"
    r"(?:" + "|".join(word.replace(".", r"\.") for word in TITLE_WORDS) + ")"
)

MONTH_NAMES: Final[tuple[str, ...]] = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
WEEKDAYS: Final[tuple[str, ...]] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# Month names as news abbreviates them ("Oct. 13").
MONTH_ABBREVIATIONS: Final[tuple[str, ...]] = (
    *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
)

# Capitalised words that follow "in", "from", "to" without being places ("in March", "to Reuters").
NOT_PLACE_WORDS: Final = frozenset(
    [
        *MONTH_ABBREVIATIONS,
        "centre",
        "center",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "rail",
        "transit",
        "commonwealth",
        *MONTH_NAMES,
        *WEEKDAYS,
        "god",
        "allah",
        "islam",
        "christmas",
        "ramadan",
        "eid",
        "parliament",
        "congress",
        "court",
        "government",
        "army",
        "police",
        "president",
        "minister",
        "english",
        "arabic",
        "kurdish",
        "turkish",
        "persian",
        "french",
    ]
)

# Capitalised words after a place name that make it part of an organisation's name
# ("Washington Post", "Baghdad University").
ORGANISATION_WORDS: Final = frozenset(
    [
        "Post",
        "Times",
        "News",
        "Agency",
        "University",
        "Group",
        "Project",
        "Department",
        "Ministry",
        "Army",
        "Forces",
        "Council",
        "Committee",
        "Observatory",
        "Government",
        "Party",
        "Front",
        "Brigade",
        "Brigades",
        "Corps",
        "Airways",
        "Airlines",
        "Bank",
        "Company",
        "Club",
        "Institute",
        "Center",
        "Centre",
        "Foundation",
        "Association",
        "Union",
        "League",
        "Church",
        "Hospital",
        "School",
        "College",
        "Journal",
        "Herald",
        "Tribune",
        "Review",
        "Daily",
        "Weekly",
        "Press",
        "Radio",
        "TV",
        "Television",
        "Channel",
        "Network",
        "Monitor",
        "Mission",
        "Command",
        "Police",
        "Guard",
        "Navy",
        "Coalition",
        "Movement",
        "Initiative",
        "Fund",
        "Program",
        "Programme",
        "Office",
        "Court",
        "Parliament",
        "Assembly",
        "Cabinet",
        "Embassy",
        "Consulate",
        "Observer",
        "Gazette",
        "Telegraph",
        "Express",
        "Mail",
        "Star",
        "Sun",
        "Globe",
        "Chronicle",
        "Post-Gazette",
        "Today",
    ]
)
