"""Word lists and spelling rules the name matcher reads as data.

Sources: the Arabic article and sun-letter lists follow standard romanisation practice (ALA-LC,
BGN/PCGN: the article *al-* assimilates before the sun letters t th d dh r z s sh s d t z l n);
the folding pairs are the spelling variations seen between GeoNames alternate names and English
news (Deir ez-Zor / Dayr az-Zawr / Deir al-Zour; Qamishli / Kamishli; Hasakah / Hassakeh).
"""

from __future__ import annotations

# Stand-alone Arabic articles as written in romanised names ("Deir ez-Zor", "Jisr ash-Shughur").
ARABIC_ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "ed",
        "adh",
        "ar",
        "er",
        "as",
        "es",
        "ash",
        "esh",
        "at",
        "et",
        "ath",
        "az",
        "ez",
        "an",
        "en",
        "l",
    }
)

# Sun letters (romanised, first letter) before which a glued article doubles the consonant:
# "Ezzor", "Arraqqa", "Assafira".
SUN_LETTERS = frozenset("tdrzsn")

# Ordered replacements applied to a lower-case ASCII name with spaces removed. Order matters:
# digraphs before single letters.
FOLDS: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("dh", "z"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("e", "a"),
    ("o", "u"),
    ("y", "i"),
    ("w", "u"),
    ("au", "u"),
    ("aa", "a"),
)

VOWELS = frozenset("aiu")

# Words that say what kind of feature a name is, and which side of the name they stand on.
# "Idlib province" / "the province of Idlib" -> admin1; "the town of Hit" -> populated place.
KIND_WORDS: dict[str, str] = {
    "governorate": "admin1",
    "governorates": "admin1",
    "province": "admin1",
    "provinces": "admin1",
    "region": "region",
    "district": "admin2",
    "muhafazah": "admin1",
    "muhafazat": "admin1",
    "city": "populated_place",
    "town": "populated_place",
    "village": "populated_place",
    "hamlet": "populated_place",
    "township": "populated_place",
    "crossing": "crossing",
    "border crossing": "crossing",
    "border gate": "crossing",
    "gate": "crossing",
    "country": "country",
}

# Words that place names write short ("St. Petersburg" is Saint Petersburg, "Ft. Worth" Fort
# Worth), expanded when a spelling is compared with a feature's main name.
ABBREVIATED_WORDS: dict[str, str] = {
    "st": "saint",
    "ste": "sainte",
    "mt": "mount",
    "ft": "fort",
    "pt": "point",
}

# Leading words that carry no meaning for the lookup ("the city of Idlib").
LEAD_WORDS = frozenset({"the", "of", "in", "near", "outside"})

# Compass words: "eastern Syria", "north-east Syria", "Syria's east".
DIRECTIONS: dict[str, str] = {
    "north": "n",
    "northern": "n",
    "south": "s",
    "southern": "s",
    "east": "e",
    "eastern": "e",
    "west": "w",
    "western": "w",
    "northeast": "ne",
    "northeastern": "ne",
    "north east": "ne",
    "north eastern": "ne",
    "northwest": "nw",
    "northwestern": "nw",
    "north west": "nw",
    "north western": "nw",
    "southeast": "se",
    "southeastern": "se",
    "south east": "se",
    "south eastern": "se",
    "southwest": "sw",
    "southwestern": "sw",
    "south west": "sw",
    "south western": "sw",
    "central": "c",
}

# Country codes of the theatre movemap is built for; names there are preferred when a spelling is
# shared with a place elsewhere. Callers can pass their own.
THEATRE = ("SY", "IQ", "TR", "JO", "LB", "IL", "PS", "IR", "SA", "KW")

# How many of the most frequent English words count as "common" (pyspellchecker's English
# frequency list, built from OpenSubtitles): "March" ranks ~2,900, "Buy" ~390, "Hit" ~310,
# "Paris" ~18,000.
COMMON_WORD_RANK = 6000

# A place whose name is a common English word still resolves on its own when it is this large
# (Nice, Van); smaller ones ("Hit", "March", "Buy") need place context.
COMMON_WORD_MIN_POPULATION = 300_000
