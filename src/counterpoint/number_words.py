"""Lexicons for :mod:`counterpoint.numbers`: number words, ordinals, fractions, scales, currencies and units.

Everything here is data plus two tiny parsers (:func:`words_value`, :func:`singular`). The tables are English
only; they were written against the two seed articles and the 590 NewsQuant sentences (see ``bench/numbers.py``)
and hold the forms news copy uses, not every unit in existence.
"""

from __future__ import annotations

import re

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Abbreviated scales glued to a figure ("£4.5m", "$1.2bn", "25k"); "m" is resolved against metres by the caller.
SHORT_SCALES = {
    "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9,
    "tn": 1e12, "trn": 1e12,
}
# "dozens of", "hundreds of": a vague plural W means W..10W (the NewsQuant convention, which also reads "tens
# of thousands" as 10,000..100,000); compare_values then never calls "dozens" and 40 a conflict.
VAGUE_PLURALS = {"tens": 10.0, "dozens": 12.0, "scores": 20.0, "hundreds": 100.0, "thousands": 1e3,
                 "millions": 1e6, "billions": 1e9, "trillions": 1e12}

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}
# Denominators of spoken fractions ("a fifth", "two-thirds", "one in five" uses the cardinals instead).
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}

# Currency symbols and codes written before a figure, and words written after it, mapped to ISO 4217.
# A bare "$" is read as USD: an Australian or Canadian outlet's "$" is mislabelled, but two outlets that both
# write "$" still compare with each other, which is what compare_values needs.
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₪": "ILS"}
CURRENCY_PREFIX_WORDS = {  # word immediately before "$" or glued to the figure
    "us": "USD", "u.s.": "USD", "a": "AUD", "au": "AUD", "aus": "AUD", "c": "CAD", "ca": "CAD", "can": "CAD",
    "hk": "HKD", "nz": "NZD", "s": "SGD", "r": "BRL",
}
CURRENCY_CODES = {
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "aud": "AUD",
    "cad": "CAD", "chf": "CHF", "inr": "INR", "hkd": "HKD", "nzd": "NZD", "sgd": "SGD", "rm": "MYR",
    "myr": "MYR", "rs": "INR", "zar": "ZAR", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "ils": "ILS", "krw": "KRW",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
    "shekel": "ILS", "shekels": "ILS", "ringgit": "MYR", "rand": "ZAR", "franc": "CHF", "francs": "CHF",
    "peso": "MXN", "pesos": "MXN", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "lira": "TRY", "won": "KRW", "krona": "SEK", "kronor": "SEK", "krone": "DKK", "kroner": "DKK",
    "crowns": "DKK", "cent": "cent", "cents": "cent", "pence": "pence", "penny": "pence", "sen": "sen",
}
# An adjective before "dollars"/"crowns" that changes which currency it is.
CURRENCY_ADJECTIVES = {
    "us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD", "singapore": "SGD",
    "singaporean": "SGD", "hong": "HKD", "zealand": "NZD", "danish": "DKK", "swedish": "SEK",
    "norwegian": "NOK", "chinese": "CNY", "japanese": "JPY", "indian": "INR", "swiss": "CHF", "mexican": "MXN",
}

# Measurement units: surface form (a tuple of tokens, lower-cased unless listed in UNITS_CASED) -> canonical.
_UNIT_LIST = {
    "percent": ["%", "percent", "per cent", "pc", "pct", "percentage"],
    "percentage point": ["percentage point", "percentage points", "percent point", "percent points", "ppt",
                         "ppts"],
    "basis point": ["basis point", "basis points", "bp", "bps"],
    "millimetre": ["mm", "millimetre", "millimetres", "millimeter", "millimeters"],
    "centimetre": ["cm", "centimetre", "centimetres", "centimeter", "centimeters"],
    "metre": ["metre", "metres", "meter", "meters"],
    "kilometre": ["km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"],
    "nanometre": ["nm", "nanometre", "nanometres", "nanometer", "nanometers"],
    "micrometre": ["μm", "µm", "micron", "microns", "micrometre", "micrometres", "micrometer", "micrometers"],
    "mile": ["mile", "miles", "mi"],
    "foot": ["ft", "foot", "feet"],
    "inch": ["inch", "inches", "″"],
    "yard": ["yard", "yards", "yd", "yds"],
    "square metre": ["sq m", "sqm", "m2", "m²", "square metre", "square metres", "square meter", "square meters"],
    "square foot": ["sq ft", "sqft", "square foot", "square feet", "ft2"],
    "square mile": ["square mile", "square miles", "sq mi"],
    "square kilometre": ["square kilometre", "square kilometres", "square kilometer", "square kilometers", "km2",
                         "km²", "sq km"],
    "acre": ["acre", "acres"],
    "hectare": ["hectare", "hectares", "ha"],
    "milligram": ["mg", "milligram", "milligrams"],
    "gram": ["gram", "grams", "gramme", "grammes"],
    "kilogram": ["kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"],
    "tonne": ["tonne", "tonnes", "metric ton", "metric tons"],
    "ton": ["ton", "tons"],
    "gigatonne": ["gigatonne", "gigatonnes", "gigaton", "gigatons", "gt"],
    "pound-mass": ["lb", "lbs"],
    "ounce": ["oz", "ounce", "ounces"],
    "litre": ["litre", "litres", "liter", "liters", "ltr"],
    "millilitre": ["ml", "millilitre", "millilitres", "milliliter", "milliliters"],
    "gallon": ["gallon", "gallons"],
    "cubic foot": ["cubic foot", "cubic feet"],
    "cubic metre": ["cubic metre", "cubic metres", "cubic meter", "cubic meters", "m3", "m³"],
    "mile per hour": ["mph", "m.p.h.", "miles per hour", "mile per hour", "miles an hour"],
    "kilometre per hour": ["km/h", "kmh", "kph", "km/hr", "kilometres per hour", "kilometers per hour",
                           "kilometres an hour", "kilometers an hour"],
    "metre per second": ["m/s", "metres per second", "meters per second"],
    "knot": ["knot", "knots", "kt", "kts"],
    "mile per gallon": ["mpg"],
    "watt": ["watt", "watts"],
    "kilowatt": ["kw", "kilowatt", "kilowatts"],
    "megawatt": ["mw", "megawatt", "megawatts"],
    "gigawatt": ["gw", "gigawatt", "gigawatts"],
    "kilowatt hour": ["kwh", "kilowatt hour", "kilowatt hours", "kilowatt-hour", "kilowatt-hours"],
    "megawatt hour": ["mwh", "megawatt hour", "megawatt hours"],
    "gigawatt hour": ["gwh", "gigawatt hour", "gigawatt hours"],
    "terawatt hour": ["twh", "terawatt hour", "terawatt hours"],
    "horsepower": ["hp", "horsepower", "ps"],
    "brake horsepower": ["bhp"],
    "pound-foot": ["lb-ft", "lb ft", "pound-feet", "pound-foot"],
    "milliampere hour": ["mah"],
    "volt": ["volt", "volts"],
    "kilovolt": ["kv", "kilovolt", "kilovolts"],
    "kilobyte": ["kb", "kilobyte", "kilobytes"],
    "megabyte": ["mb", "megabyte", "megabytes"],
    "gigabyte": ["gb", "gigabyte", "gigabytes"],
    "terabyte": ["tb", "terabyte", "terabytes"],
    "megabit per second": ["mbps", "mbit/s"],
    "gigabit per second": ["gbps", "gbit/s"],
    "hertz": ["hz", "hertz"],
    "kilohertz": ["khz", "kilohertz"],
    "megahertz": ["mhz", "megahertz"],
    "gigahertz": ["ghz", "gigahertz"],
    "gigapascal": ["gpa", "gigapascal", "gigapascals"],
    "megapascal": ["mpa", "megapascal", "megapascals"],
    "celsius": ["°c", "° c", "degrees celsius", "degree celsius", "degrees c", "celsius", "degc", "deg c",
                "degrees centigrade", "centigrade"],
    "fahrenheit": ["°f", "° f", "degrees fahrenheit", "degree fahrenheit", "degrees f", "fahrenheit", "degf",
                   "deg f"],
    "degree": ["degree", "degrees", "°", "deg"],
    "decibel": ["db", "decibel", "decibels"],
    "calorie": ["calorie", "calories", "kcal"],
    "part per million": ["ppm", "parts per million"],
    "part per billion": ["ppb", "parts per billion"],
    "second": ["second", "seconds", "sec", "secs"],
    "minute": ["minute", "minutes", "min", "mins"],
    "hour": ["hour", "hours", "hr", "hrs"],
    "day": ["day", "days"],
    "week": ["week", "weeks"],
    "month": ["month", "months"],
    "year": ["year", "years", "yr", "yrs"],
    "decade": ["decade", "decades"],
    "century": ["century", "centuries"],
}
# The same token shapes as number_tokens._TOKEN, so a table key lines up with the tokens of the text.
TOKEN_SHAPES = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[^\W\d_]+(?:[-'’][^\W\d_]+)*|[^\s\w]|_")


def unit_key(text: str) -> tuple[str, ...]:
    return tuple(TOKEN_SHAPES.findall(text))


UNITS: dict[tuple[str, ...], str] = {}
for _canon, _forms in _UNIT_LIST.items():
    for _form in _forms:
        UNITS[unit_key(_form)] = _canon
# Case matters for these: "W" watt vs "w"; "C"/"F" only after a figure; "L"/"l" litre; "g" gram; "m" metre is
# decided by the caller against "m" million; "V" volt. They are only read when glued to the figure ("45g") or,
# for W/V, directly after it.
UNITS_CASED = {"W": "watt", "V": "volt", "C": "celsius", "F": "fahrenheit", "L": "litre", "l": "litre",
               "g": "gram", "t": "tonne", "m": "metre", "A": "ampere", "Nm": "newton metre"}
MAX_UNIT_TOKENS = max(len(k) for k in UNITS)
MEASURE_KINDS = {"percent": "percent", "percentage point": "percent"}

# Rate denominators: "$3,500 a month", "barrels per day", "$52 a barrel".
RATE_NOUNS = {
    "second", "minute", "hour", "day", "night", "week", "month", "quarter", "year", "annum", "barrel", "share",
    "gallon", "litre", "liter", "ounce", "kilo", "kilogram", "gram", "tonne", "ton", "head", "person", "game",
    "mile", "kilometre", "square foot", "square metre", "sq m", "sq ft", "pound", "unit", "century",
}

# Words that sit between a figure and its noun without being the noun ("three more men", "14 new homes").
MODIFIERS = {
    "more", "other", "new", "additional", "extra", "further", "different", "separate", "straight", "consecutive",
    "previous", "top", "full", "young", "old", "older", "local", "major", "small", "large", "big", "senior",
    "junior", "former", "current", "remaining", "total", "whole", "entire", "individual", "distinct", "key",
    "main", "successive", "open", "public", "private", "people's",
}

# Function words: never a unit noun, never an identifier label before a figure ("In 1999", "About 70%").
_STOPWORD_TEXT = """
a an the this that these those its it it's their his her our my your we they he she i you them him us me and or
but nor so yet of in on at to for with from by via per into onto over under above below about around roughly
approximately some nearly almost just only even still also more less fewer than least most up down out off as
if then than when while after before during until till since within without between among against across
through throughout toward towards upon each every all both any no not none another other such which who whom
whose what where why how there here were was is are be been being am have has had having do does did will would
shall should can could may might must said says say told tell reported according estimated estimate nearly
roughly approx circa c about top last next first final another once twice again almost around beyond
monday tuesday wednesday thursday friday saturday sunday aged age ages than whereas though although because
including include includes included like unlike plus minus times ago later earlier away back now today
yesterday tomorrow tonight year-on-year percent per cent
"""
STOPWORDS = set(_STOPWORD_TEXT.split())

# Labels that make the following figure part of a name, not a quantity ("Article 50", "Issue 2847", "Game 7").
# Any other capitalised word that is not a STOPWORD does the same; these lower-case ones are listed explicitly.
LABELS = {
    "no", "no.", "nos", "number", "issue", "article", "section", "chapter", "page", "pages", "part", "clause",
    "rule", "act", "room", "line", "step", "level", "category", "grade", "stage", "phase", "tier", "type",
    "version", "season", "episode", "round", "game", "route", "flight", "bus", "platform", "gate", "unit", "row",
    "volume", "vol", "figure", "table", "item", "model", "series", "covid", "group", "division", "league",
    "district", "ward", "zone", "block", "floor", "lane", "road", "street", "avenue", "highway", "interstate",
    "channel", "studio", "apartment", "suite", "box", "code", "id", "ref", "case", "exhibit", "appendix",
    "paragraph", "generation", "class", "gen", "term",
}

# Verbs of change: "rose from 4.8 to 4.7 percent" is two values, not the range 4.7..4.8.
CHANGE_WORDS = {
    "rose", "rise", "rises", "rising", "risen", "fell", "fall", "falls", "falling", "fallen", "increase",
    "increased", "increases", "increasing", "decrease", "decreased", "decreases", "decreasing", "drop", "dropped",
    "drops", "dropping", "climb", "climbed", "climbs", "climbing", "jump", "jumped", "jumps", "grew", "grow",
    "grows", "growing", "cut", "cuts", "raise", "raised", "raises", "lower", "lowered", "lowers", "slid",
    "slide", "declined", "decline", "declines", "shrank", "shrunk",
    "swelled", "boosted", "boost", "reduced", "reduce", "changed", "revised", "lifted", "upgraded",
    "downgraded", "slow", "slowed", "inched", "surged", "soared", "plunged", "plummeted", "tumbled", "doubled",
    "hiked", "slashed", "narrowed", "widened", "eased", "edged", "gained", "lost", "up", "down",
    "improved", "extended", "expanded", "upped", "trimmed", "lifting", "cutting", "raising",
}

IRREGULAR_PLURALS = {
    "men": "man", "women": "woman", "people": "people", "persons": "people", "person": "people",
    "children": "child", "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "police": "police",
    "staff": "staff", "viruses": "virus", "bonuses": "bonus", "buses": "bus", "campuses": "campus",
    "series": "series", "species": "species", "news": "news", "data": "data", "media": "media",
    "criteria": "criterion", "phenomena": "phenomenon", "lives": "life", "wives": "wife", "knives": "knife",
    "leaves": "leaf", "halves": "half", "thieves": "thief", "wolves": "wolf", "calves": "calf",
    "analyses": "analysis", "crises": "crisis", "theses": "thesis", "indices": "index", "statuses": "status",
}


def singular(word: str) -> str:
    """The singular of an English noun by a small rule; good enough to make "officers" and "officer" one unit."""
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    if "-" in w:  # "first-team players" -> singularise the last part only
        head, _, tail = w.rpartition("-")
        return f"{head}-{singular(tail)}"
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith(("sses", "ches", "shes", "xes", "zzes")):
        return w[:-2]
    if len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s")):
        return w[:-1]
    return w


def looks_plural(word: str) -> bool:
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return w not in ("person",)
    return len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


def words_value(words: list[str]) -> tuple[float, int] | None:
    """Value of the longest number-word phrase at the start of ``words`` (lower-cased tokens) and how many
    tokens it used: ``["one", "hundred", "and", "twenty", "men"]`` -> ``(120, 4)``; ``["a", "dozen"]`` -> 12.
    "a" counts only before a scale ("a hundred", "a million"); "and" only inside the phrase."""
    total = 0.0
    current = 0.0
    used = 0
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        parts = w.split("-") if "-" in w else [w]
        if len(parts) == 2 and parts[0] in TENS and parts[1] in SMALL and 0 < SMALL[parts[1]] < 10:
            current += TENS[parts[0]] + SMALL[parts[1]]
        elif w in SMALL:
            if seen and current % 100 != 0 and current % 10 != 0:
                break  # "two three" is two numbers
            current += SMALL[w]
        elif w in TENS:
            if seen and current % 100 != 0:
                break
            current += TENS[w]
        elif w == "dozen":
            if not seen:
                break  # "a baker's dozen"; "a dozen" is handled with "a" below
            current = (current or 1) * 12
        elif w in SCALES:
            if not seen:
                return None  # a bare "hundred" or "thousand" is not a figure in news copy
            if SCALES[w] == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * SCALES[w]
                current = 0
        elif w == "a" and not seen and i + 1 < len(words) and (words[i + 1] in SCALES or words[i + 1] == "dozen"):
            current = 1
            i += 1
            used = i
            seen = True
            continue
        elif w == "and" and seen and i + 1 < len(words) and (words[i + 1] in SMALL or words[i + 1] in TENS
                                                             or words[i + 1].split("-")[0] in TENS):
            i += 1
            continue
        else:
            break
        seen = True
        i += 1
        used = i
    if not seen:
        return None
    return total + current, used
