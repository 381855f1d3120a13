"""Words and patterns for reading movements, kept apart from the logic in ``movements.py``.

English usage in news reporting; each list says what it is for. Verb forms are written out
rather than stemmed, so that "left" (went away) can be told from "left" (the side) by the rules
that use it.
"""

from __future__ import annotations

import re
from typing import Final

from extract import patterns as pat

# Trigger words: form -> (lemma, where a place right after it goes). The object role says what
# a bare place after the word is: "entered Albukamal" (destination), "fled Aleppo" (origin),
# "crossed the Euphrates" (via).
_VERBS: Final[dict[str, tuple[str, str]]] = {
    "enter": ("destination", "enter enters entered entering"),
    "infiltrate": ("destination", "infiltrate infiltrates infiltrated infiltrating"),
    "reach": ("destination", "reach reaches reached reaching"),
    "cross": ("via", "cross crosses crossed crossing"),
    "arrive": ("destination", "arrive arrives arrived arriving"),
    "return": ("destination", "return returns returned returning"),
    "flee": ("origin", "flee flees fled fleeing"),
    "escape": ("origin", "escape escapes escaped escaping"),
    "leave": ("origin", "leave leaves left leaving"),
    "withdraw": ("origin", "withdraw withdraws withdrew withdrawn withdrawing"),
    "depart": ("origin", "depart departs departed departing"),
    "exit": ("origin", "exited exiting"),
    "retreat": ("origin", "retreat retreats retreated retreating"),
    "evacuate": ("origin", "evacuate evacuates evacuated evacuating"),
    "deploy": ("destination", "deploy deploys deployed deploying redeploy redeployed"),
    "send": ("destination", "send sends sent sending dispatch dispatches dispatched dispatching"),
    "bring": ("destination", "bring brings brought bringing"),
    "transfer": (
        "destination",
        "transfer transfers transferred transferring relocate relocates relocated relocating "
        "resettle resettles resettled resettling bused bussed",
    ),
    "smuggle": ("destination", "smuggle smuggles smuggled smuggling"),
    "take": ("destination", "take takes took taken taking ferry ferries ferried ferrying"),
    "deport": ("destination", "deport deports deported deporting"),
    "sneak": ("destination", "sneak sneaks sneaked snuck sneaking"),
    "stream": (
        "destination",
        "stream streams streamed streaming pour pours poured pouring flood floods flooded "
        "flooding flock flocks flocked flocking flow flows flowed flowing",
    ),
    "mass": ("destination", "massed massing amass amassed amassing"),
    "move": ("destination", "move moves moved moving"),
    "head": ("destination", "head heads headed heading"),
    "go": ("destination", "go goes went gone"),
    "come": ("origin", "come comes came coming"),
    "travel": ("destination", "travel travels travelled traveled travelling traveling"),
    "advance": ("destination", "advance advances advanced advancing"),
    "march": ("destination", "march marches marched marching"),
    "pass": ("via", "pass passes passed passing"),
    "migrate": ("destination", "migrate migrates migrated migrating"),
    "displace": ("origin", "displace displaces displaced displacing"),
    "rush": ("destination", "rush rushes rushed rushing"),
    "land": ("destination", "landed airlifted"),
}
# Nouns that report a movement: "the influx of foreign fighters", "the exodus of fighters".
_NOUNS: Final[dict[str, tuple[str, str]]] = {
    "exodus": ("origin", "exodus"),
    "exit": ("origin", "exit exits"),
    "depart": ("origin", "departure departures"),
    "flee": ("origin", "flight"),
    "enter": ("destination", "entry incursion incursions"),
    "land": ("destination", "landing landings airdrop airdrops air-drop airlift"),
    "movement": ("via", "movement movements"),
    "convoy": ("via", "convoy convoys column columns"),
    "influx": ("destination", "influx influxes"),
    "arrive": ("destination", "arrival arrivals"),
    "withdraw": ("origin", "withdrawal withdrawals"),
    "deploy": ("destination", "deployment deployments"),
    "reinforce": ("destination", "reinforcements"),
    "evacuate": ("origin", "evacuation evacuations"),
    "infiltrate": ("destination", "infiltration"),
    "displace": ("origin", "displacement"),
    "return": ("destination", "repatriation"),
    "deport": ("destination", "deportation deportations"),
    "migrate": ("destination", "migration"),
}
# Phrases: "made it across", "making their way to".
_PHRASES: Final[dict[str, tuple[str, list[str]]]] = {
    "cross": (
        "destination",
        [f"{verb} it across" for verb in ("made", "make", "makes", "making", "got")],
    ),
    "withdraw": (
        "origin",
        [f"{verb} out" for verb in ("pull", "pulls", "pulled", "pulling")],
    ),
    "make way": (
        "destination",
        [
            f"{verb} {whose} way"
            for verb in ("make", "makes", "made", "making")
            for whose in ("their", "its", "his", "her", "our")
        ]
        + [f"on {whose} way" for whose in ("their", "its", "his", "her", "our")]
        + ["en route"],
    ),
}

TRIGGERS: Final[dict[str, tuple[str, str, str]]] = {}
"""Trigger form (lower case, a word or a phrase) -> (lemma, part of speech ``verb``/``noun``,
the role of a place right after it)."""
for _lemma, (_role, _forms) in _VERBS.items():
    for _form in _forms.split():
        TRIGGERS[_form] = (_lemma, "verb", _role)
for _lemma, (_role, _forms) in _NOUNS.items():
    for _form in _forms.split():
        TRIGGERS[_form] = (_lemma, "noun", _role)
for _lemma, (_role, _phrases) in _PHRASES.items():
    for _form in _phrases:
        TRIGGERS[_form] = (_lemma, "verb", _role)

# Lemmas that need a direction word after them to be a movement ("moved to", "headed towards",
# "streamed into"), because on their own they mean something else ("the move", "heads of").
NEEDS_DIRECTION: Final = frozenset(
    {"stream", "move", "head", "go", "come", "travel", "advance", "march", "sneak", "rush"}
    | {"pass", "migrate"}
)
# The direction words that make those lemmas a movement ("advance into", not "advance in").
MOTION_DIRECTIONS: Final = frozenset(
    [
        *("into", "to", "towards", "toward", "from", "via", "through", "across", "out of"),
        *("away from", "for", "inside", "onto"),
    ]
)
# Lemmas that are a movement only with a direction word even as participles ("displaced from";
# "a displaced man" is not one), and those that, passive with "in", say where people are
# ("the YPG are deployed in Afrin").
STATE_WITH_IN: Final = frozenset({"deploy", "mass"})
# Lemmas strong enough to report a movement with no place named ("civilians fled").
PLACELESS: Final = frozenset(
    {"enter", "infiltrate", "cross", "arrive", "return", "flee", "escape", "withdraw"}
    | {"retreat", "evacuate", "deploy", "send", "transfer", "smuggle", "displace"}
    | {"exodus", "influx", "reach", "exit", "depart", "bring", "land", "movement", "convoy"}
    | {"deport"}
)
# What makes "displacement" an event rather than a condition: "the displacement operation of
# Serghaya", "a new displacement wave", "the displacement of 300 families".
DISPLACEMENT_EVENT: Final = re.compile(
    r"\s+(?:operations?|waves?|movements?|batch(?:es)?|convoys?|process|journey|of)\b", re.I
)
# Small words a Title Case headline leaves in lower case ("Refugees Flee to Turkey").
TITLE_SMALL_WORDS: Final = frozenset(
    {"to", "and", "of", "in", "the", "a", "an", "from", "into", "for", "at", "on", "with", "by"}
)
# Noun forms that report a movement only with their movers after "of" ("the exit of 1,200
# fighters", "the flight of civilians"), because alone they name a thing ("the northern exit",
# "the flight of drones", "an entry point").
MOVER_OF_REQUIRED: Final = frozenset(
    {"exit", "exits", "departure", "departures", "flight", "entry"}
)
# Nouns of motion whose mover may follow "by" as well as "of": "a landing by U.S. forces".
MOVER_BY: Final = frozenset({"land", "withdraw", "deploy", "enter"})
# "infiltration" with no way in or out named is an attack ("killed in an infiltration by"):
# the noun needs one of these words in its clause.
INFILTRATION_WAY: Final = re.compile(
    r"\b(?:into|from|towards?|across|through|via|inside|behind)\b", re.IGNORECASE
)
# A convoy or column counts as people moving when it is struck in transit ("the convoy was hit",
# "an air strike targeted a military column"): words of attack around it.
CONVOY_STRUCK: Final = re.compile(
    r"\b(?:hit|hits|struck|strikes?|air\s?strikes?|airstrikes?|target(?:s|ed|ing)?|attack(?:s|ed|ing)?"
    r"|ambush(?:es|ed|ing)?|bomb(?:s|ed|ing)?|shell(?:s|ed|ing)?|fire[sd]?\s+(?:at|on)|explosion|blast"
    r"|roadside|booby-trapped|IED)\b",
    re.IGNORECASE,
)
# "convoy of martyrs", "a column of smoke": not people travelling.
CONVOY_FIGURATIVE: Final = re.compile(
    r"\s+of\s+(?:the\s+)?(?:martyrs|casualties|victims|dead|smoke|fire|flames|dust|cars|trucks)\b",
    re.IGNORECASE,
)
# Words that make a "mover" goods, not people: "aid convoy", "humanitarian trucks".
GOODS: Final = re.compile(
    r"\b(?:aid|humanitarian|relief|trucks?|lorries|supplies|cargo|goods|fuel|oil|tankers?|weapons"
    r"|arms|ammunition|food|foodstuffs?|medicines?|wheat|flour|equipment)\b",
    re.I,
)

# Verbs whose mover is usually their object: "sent 500 troops to", "smuggled fighters into".
MOVER_AFTER: Final = frozenset(
    {"send", "deploy", "transfer", "smuggle", "evacuate", "bring", "deport", "take"}
)
# Of those, the ones that are no movement without people after them ("bring to 31 the number",
# "took control").
MOVER_AFTER_ONLY: Final = frozenset({"bring", "take"})
# Of those, the ones that are no movement without a way named after them either: "took dozens
# of people from Idlib into Turkey" is one, "took hundreds of civilians hostage" is not.
MOVER_AND_WAY: Final = frozenset({"take"})
# Direction words that only say where about the place before them lies ("from camps near Ain
# Issa"): after another direction word they keep its role.
LOCATING_WORDS: Final = frozenset({"near", "outside", "around"})

# Words after a trigger that make it figurative: "entered the battle", "returned fire".
FIGURATIVE_OBJECTS: Final = frozenset(
    [
        "battle",
        "war",
        "fray",
        "fight",
        "fighting",
        "conflict",
        "talks",
        "negotiations",
        "negotiation",
        "phase",
        "stage",
        "era",
        "period",
        "agreement",
        "deal",
        "deals",
        "truce",
        "ceasefire",
        "race",
        "market",
        "markets",
        "politics",
        "fire",
        "power",
        "office",
        "service",
        "normal",
        "normalcy",
        "normality",
        "spotlight",
        "debate",
        "competition",
        "picture",
        "scene",
        "mind",
        "minds",
        "record",
        "history",
        "line",
        "lines",
        "threshold",
        "mark",
        "milestone",
        "consensus",
        "conclusion",
        "decision",
        "verdict",
        "plea",
        "contract",
        "partnership",
        "alliance",
        "coalition",
        "round",
        "season",
        "game",
        "match",
        "final",
        "tournament",
        "year",
        "month",
        "week",
        "decade",
        "century",
        "life",
        "lives",
        "age",
        "retirement",
        "force",
        "effect",
        "custody",
        "understanding",
        "settlement",
        "solution",
        "compromise",
        "accord",
        "stalemate",
        "peak",
        "level",
        "levels",
        "end",
        "terms",
        "table",
        "negotiating",
        "calm",
        "light",
        "existence",
        "play",
        "question",
        "account",
        "attention",
        "mode",
    ]
)
# Words after a figurative object that make it a place after all: "reach the battle fronts".
PLACE_AFTER_OBJECT: Final = frozenset(
    {"front", "fronts", "field", "fields", "zone", "zones", "area", "areas", "lines", "positions"}
)
# Particles between a trigger and a figurative object: "went out of service", "came into force",
# "returned to normal"; and the objects that are figurative after them ("gone to the conflict"
# is a journey, "entered the conflict" is not).
FIGURATIVE_PARTICLES: Final = frozenset(
    {"into", "to", "out", "of", "back", "in", "toward", "towards"}
)
FIGURATIVE_AFTER_PARTICLE: Final = frozenset(
    [
        *("service", "force", "effect", "power", "office", "normal", "normalcy", "normality"),
        *("end", "terms", "light", "existence", "play", "question", "account", "attention"),
        *("calm", "table", "negotiating", "talks", "negotiations", "agreement", "deal", "deals"),
        *("understanding", "settlement", "solution", "compromise", "custody", "mind", "minds"),
        *("history", "spotlight", "picture", "life", "retirement", "politics", "record"),
        *("period", "phase", "stage", "era", "age", "recession", "crisis", "chaos", "disarray"),
    ]
)
# "brings people together", "reach out for help", "bring him up": phrasal verbs, not journeys.
PHRASAL_FIGURATIVE: Final = re.compile(
    r"\s+(?:[\w'’]+\s+){0,3}?(?:together|up|about|forward|out\s+(?:for|to)\b)", re.IGNORECASE
)
PHRASAL_LEMMAS: Final = frozenset({"bring", "reach"})
# "reaches about 1,150", "rose to reach more than 1,200": a number reaching a count.
REACH_NUMBER: Final = re.compile(
    r"\s+(?:to\s+)?(?:about|around|nearly|almost|more\s+than|over|at\s+least|some|up\s+to"
    r"|approximately|roughly|close\s+to)?\s*\d",
    re.IGNORECASE,
)
# "left 12 dead", "leaves scores wounded": a result, not a departure.
CASUALTY_RESULT: Final = re.compile(
    r"^\s+(?:(?:at\s+least\s+|more\s+than\s+|over\s+|about\s+|some\s+|nearly\s+|a\s+)?"
    r"[\w,.-]+(?:\s+[\w-]+){0,3}?\s+)?(?:dead|killed|wounded|injured|casualties|victims|homeless|"
    r"damage|destruction)\b|^\s+(?:over|behind)\b",
    re.IGNORECASE,
)
# "crossing" and "return" used as nouns for a thing, not a movement: "the last crossing".
NOUN_USE_WORDS: Final[tuple[str, ...]] = (
    "the", "a", "an", "border", "last", "main", "key", "only", "official", "another", "this",
    "that", "its", "whose",
)  # fmt: skip
NOUN_USE_BEFORE: Final = re.compile(r"\b(?:" + "|".join(NOUN_USE_WORDS) + r")\s+$", re.IGNORECASE)

# Prepositions and what a place after them is to a movement.
DIRECTION_WORDS: Final[dict[str, str]] = {
    "into": "destination",
    "to": "destination",
    "towards": "destination",
    "toward": "destination",
    "for": "destination",
    "at": "destination",
    "inside": "destination",
    "onto": "destination",
    "on": "destination",
    "near": "destination",
    "outside": "destination",
    "around": "destination",
    "in": "in",  # refines the place before it, else a destination
    "from": "origin",
    "out of": "origin",
    "away from": "origin",
    "via": "via",
    "through": "via",
    "across": "via",
    "past": "via",
    "over": "via",
    "by way of": "via",
    "between": "none",
    "of": "in",
    "against": "none",
    "by": "none",
    "with": "none",
    "after": "none",
    "before": "none",
}
DIRECTION: Final = re.compile(
    r"\b(?:"
    + "|".join(sorted((re.escape(w) for w in DIRECTION_WORDS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# Words after which the places belong to something else than the movement.
CLAUSE_BREAK: Final = re.compile(
    r"[;:]|,\s+(?:which|where|who|whose|while|but|as|and|after|before|when|because|since)\b"
    r"|\b(?:according\s+to|said|says|claimed|claims|reported|reports|told|added)\b"
    r"|\s[–—-]\s|\(",
    re.IGNORECASE,
)

# People who move: the head of an actor phrase.
PEOPLE: Final = frozenset(
    [
        "others",  # "about 1,000 others plan to return"
        "fighter",
        "fighters",
        "militant",
        "militants",
        "terrorist",
        "terrorists",
        "jihadist",
        "jihadists",
        "extremist",
        "extremists",
        "mercenary",
        "mercenaries",
        "insurgent",
        "insurgents",
        "rebel",
        "rebels",
        "soldier",
        "soldiers",
        "troop",
        "troops",
        "force",
        "forces",
        "militia",
        "militias",
        "militiaman",
        "militiamen",
        "member",
        "members",
        "recruit",
        "recruits",
        "combatant",
        "combatants",
        "refugee",
        "refugees",
        "civilian",
        "civilians",
        "family",
        "families",
        "people",
        "person",
        "persons",
        "resident",
        "residents",
        "migrant",
        "migrants",
        "displaced",
        "idps",
        "idp",
        "women",
        "children",
        "men",
        "woman",
        "child",
        "man",
        "smugglers",
        "smuggler",
        "infiltrators",
        "volunteers",
        "volunteer",
        "reinforcements",
        "units",
        "unit",
        "gunmen",
        "commandos",
        "commando",
        "paratroopers",
        "gunman",
        "operatives",
        "operative",
        "commanders",
        "commander",
        "officers",
        "officer",
        "personnel",
        "contingent",
        "contingents",
        "battalion",
        "battalions",
        "brigade",
        "brigades",
        "regiment",
        "detachment",
        "elements",
        "cells",
        "cell",
        "foreigners",
        "foreigner",
        "nationals",
        "citizens",
        "returnees",
        "returnee",
        "inhabitants",
        "villagers",
        "tribesmen",
        "paramilitaries",
        "paramilitary",
        "guards",
        "guardsmen",
        "marines",
        "abductees",
        "hostages",
        "detainees",
        "prisoners",
        "captives",
        "evacuees",
        "police",
        "policemen",
        "delegation",
        "delegations",
        "convoy",
        "convoys",
        "column",
        "columns",
        "helicopters",
        "batch",
        "batches",
        "groups",
        "jihadis",
        "demonstrators",
        "protesters",
        "protestors",
        "crowds",
        "students",
        "workers",
        "pilgrims",
        "shepherds",
        "defectors",
        "deserters",
        "observers",
        "monitors",
        "inspectors",
        "crews",
        "journalists",
        "patients",
        "wounded",
        "injured",
        "syrians",
        "iraqis",
        "kurds",
        "yazidis",
        "turkmen",
        "palestinians",
        "afghans",
        "chechens",
        "uighurs",
        "uyghurs",
    ]
)
# Subject pronouns that stand for movers named earlier ("after they returned"), and the object
# pronouns after a noun or a sending verb ("the exit of thousands of them").
PRONOUNS: Final = frozenset({"they", "he", "she", "we", "them", "him"})
# Words an actor phrase does not cross when read leftwards from its head.
ACTOR_STOP: Final = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "said",
        "says",
        "say",
        "claimed",
        "claims",
        "reported",
        "reports",
        "told",
        "according",
        "for",
        "against",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "into",
        "after",
        "before",
        "while",
        "as",
        "when",
        "where",
        "because",
        "since",
        "if",
        "has",
        "have",
        "had",
        "are",
        "is",
        "were",
        "was",
        "been",
        "be",
        "being",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "do",
        "does",
        "did",
        "not",
        "also",
        "already",
        "now",
        "then",
        "there",
        "here",
        "this",
        "these",
        "those",
        "it",
        "its",
        "and",
        "or",
        "but",
        "said.",
        "report",
    ]
)

# How many people vague quantities mean (the contract's examples: "tens" is 10..99).
VAGUE_SIZES: Final[dict[str, tuple[int, int | None]]] = {
    "a few": (2, 9),
    "few": (2, 9),
    "several": (3, 9),
    "a handful of": (3, 9),
    "handful": (3, 9),
    "a dozen": (12, 12),
    "dozen": (12, 12),
    "dozens": (24, 99),
    "several dozen": (24, 99),
    "a few dozen": (24, 99),
    "tens": (10, 99),
    "scores": (40, 99),
    "hundreds": (100, 999),
    "several hundred": (200, 999),
    "a few hundred": (200, 999),
    "thousands": (1000, 9999),
    "several thousand": (2000, 9999),
    "a few thousand": (2000, 9999),
    "tens of thousands": (10000, 99999),
    "hundreds of thousands": (100000, 999999),
    "millions": (1000000, None),
}
# Any of them in lower-cased words, longest first ("tens of thousands" before "tens").
VAGUE_SIZE: Final = re.compile(
    r"\b("
    + "|".join(re.escape(v) for v in sorted(VAGUE_SIZES, key=len, reverse=True))
    + r")\b(?:\s+of)?"
)
NUMBER_WORDS: Final[dict[str, int]] = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
MULTIPLIERS: Final[dict[str, int]] = {"hundred": 100, "thousand": 1000, "million": 1000000}
AT_LEAST: Final = re.compile(
    r"\b(?:more\s+than|over|at\s+least|in\s+excess\s+of|an\s+excess\s+of|upwards\s+of|"
    r"no\s+fewer\s+than|no\s+less\s+than)\s*$",
    re.IGNORECASE,
)
AT_MOST: Final = re.compile(
    r"\b(?:up\s+to|fewer\s+than|less\s+than|under|at\s+most|no\s+more\s+than)\s*$", re.IGNORECASE
)
ABOUT: Final = re.compile(
    r"\b(?:about|approximately|around|some|nearly|roughly|almost|an\s+estimated|estimated|"
    r"close\s+to)\s*$",
    re.IGNORECASE,
)

# Status cues, read in the words before a trigger.
NEGATION: Final = re.compile(
    r"\b(?:not|n't|never|no\s+longer|failed\s+to|fail\s+to|unable\s+to|refused?\s+to|refusing\s+to|"
    r"prevent(?:s|ed|ing)?\s+\w+\s+from|den(?:y|ies|ied)|no\s+truth|without)\b|n't\b",
    re.IGNORECASE,
)
# "prevented the column from passing", "stop them from entering": the movers stand between.
PREVENTED: Final = re.compile(
    r"\b(?:prevent|stop|block|bar|keep|hold)(?:s|ed|ped|ing|ping)?\s+(?:[\w'’-]+\s+){0,6}?from\s+$",
    re.IGNORECASE,
)
HYPOTHETICAL: Final = re.compile(
    r"(?:^|\b)(?:if|should|would|could|might|may|unless|in\s+case|whether|threat(?:en|ens|ened)\s+to|"
    r"fears?\s+that|feared\s+that|possible|possibility|potential(?:ly)?|risk)\b",
    re.IGNORECASE,
)
PLANNED: Final = re.compile(
    r"\b(?:plans?\s+to|planning\s+to|planned\s+to|intends?\s+to|intending\s+to|intended\s+to|"
    r"prepar(?:e|es|ed|ing)\s+to|about\s+to|will|set\s+to|expected\s+to|aims?\s+to|"
    r"aiming\s+to|trying\s+to|tries\s+to|tried\s+to|seeking\s+to|seeks?\s+to|wants?\s+to|"
    r"wanted\s+to|attempt(?:s|ed|ing)?\s+to|going\s+to|ready\s+to|poised\s+to|due\s+to|"
    r"scheduled\s+to)\s*$",
    re.IGNORECASE,
)
ONGOING: Final = re.compile(
    r"\b(?:are|is|were|was|been|be|keep|keeps|kept|continue|continues|continued|still)\s+"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
CONTINUING: Final = re.compile(r"\b(?:continu\w*|ongoing|still|keep\w*)\b", re.IGNORECASE)

# Abbreviations that end with a full stop inside a sentence.
ABBREVIATIONS: Final = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "brig",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "st",
        "mt",
        "ft",
        "pt",
        "jr",
        "sr",
        "prof",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        *pat.MONTH_ABBREVIATIONS,
        "no",
        "approx",
    ]
)

# When a movement happened, relative to the publication date.
TIME_UNITS: Final = {
    "day": 1,
    "days": 1,
    "week": 7,
    "weeks": 7,
    "month": 30,
    "months": 30,
    "year": 365,
    "years": 365,
}
WHEN: Final = re.compile(
    r"\b(?:"
    rf"(?P<weekday>(?:(?:on|last|this|late|early)\s+)?(?:{'|'.join(pat.WEEKDAYS)}))"
    r"|(?P<today>today|this\s+morning|this\s+afternoon|this\s+evening|tonight|on\s+the\s+day)"
    r"|(?P<yesterday>yesterday|last\s+night)"
    r"|(?P<span>(?:in|over|during|within|for)\s+(?:the\s+)?(?:last|past|previous|recent)\s+"
    r"(?P<count>\w+\s+)?(?P<unit>days?|weeks?|months?|years?))"
    r"|(?P<recent>in\s+recent\s+(?P<runit>days|weeks|months|years))"
    r"|(?P<lastunit>last\s+(?P<lunit>week|month|year))"
    r"|(?P<month>(?:in\s+)?(?P<part>early|mid|late|the\s+beginning\s+of|the\s+end\s+of)?[\s-]*"
    rf"(?-i:(?P<mname>{'|'.join(m.title() for m in pat.MONTH_NAMES)}))"
    r"(?:\s+(?P<myear>(?:19|20)\d\d))?)"
    r"|(?P<since>since\s+(?P<syear>(?:19|20)\d\d))"
    r")\b",
    re.IGNORECASE,
)
# Words every match of WHEN holds, in lower case: a sentence with none of them has no time
# expression ("day" is in the weekdays, "today", "yesterday" and "days").
WHEN_CUES: Final = (
    *("day", "morning", "afternoon", "evening", "night", "last", "past", "previous", "recent"),
    *("since", *pat.MONTH_NAMES),
)
