"""Numeric claims: find every number expression in a body and say what it means.

:func:`find_numbers` returns :class:`~counterpoint.model.NumberMention` spans that never overlap, in text order.
``text[start:end]`` is the whole expression: a hedge that changes the claim ("nearly 20 years", "more than 300"),
a currency ("£4.5m"), the figure, its scale and its unit when the unit is a measure, a percent, a currency word or
an age ("81 percent", "363-page", "33-year-old"). A plain counted noun is *not* in the span but is the unit:
"two to three officers" spans "two to three", unit "officer".

Conventions (what each kind's ``value`` means):

- percent: 81 for "81%" (never 0.81); unit "percent" (or "percentage point").
- fraction: "a fifth" is 0.2, "two-thirds" 0.667, "one in five" 0.2; unit None. compare_values matches a fraction
  with a percent (0.2 ~ 20%).
- money: the amount in the currency's units ("£4.5m" 4_500_000, unit "GBP"); "19 cents" is 19 unit "cent".
- age: "33-year-old", "aged 33", "Sarah, 33," -> 33, unit "year-old" (or "month-old", ...).
- range: "two to three", "10-15", "between 5 and 7", "$3bn to $5bn": ``low``/``high`` hold the ends, ``value`` is
  ``low``, ``unit`` is the shared unit. A vague plural is a range too: "dozens" is 12..120, "hundreds" 100..1000,
  "tens of thousands" 10,000..100,000 (W..10W). "a dozen" is exactly 12.
- date: ``value`` is YYYYMMDD with 0 for an unknown part: "21 March 2023" 20230321, "March 2021" 20210300,
  "March 29" 329. year: "1999" is 1999 (a decade "1990s" is 1990).
- ordinal: "fourth victim" is 4, unit "victim".
- hedges set bounds on a non-range mention: "more than 300" low=300; "up to 400" high=400; "nearly 20" high=20,
  low=18; "about 300" low=270 high=330 (see APPROX).

Not numbers (excluded on purpose): month or weekday names alone ("February"); clock times ("3 p.m.", "17:22");
phone numbers; URLs and e-mail addresses; figures glued to letters ("COVID-19", "G7", "5G", "49ers", "ID.3");
figures that are part of a name, after a capitalised word or a label word ("Article 50", "Issue 2847", "S&P 500",
"Game 7", "iPhone 14"); sports scores and tallies ("2-1", "89-89"); the pronoun "one" ("no one", "this one") and the
partitive "one of the ..." (it names a member of a group, it does not count anything).

Where the work is done: :mod:`~counterpoint.number_tokens` tokenizes the body and claims dates and excluded
patterns first; :mod:`~counterpoint.number_grammar` finds where each expression starts and combines figures,
hedges and ranges; :mod:`~counterpoint.number_units` reads the currency, scale, unit or counted noun around a
figure; :mod:`~counterpoint.number_words` holds the lexicons. This module owns the public API and the comparison.
"""

from __future__ import annotations

import math

from .model import Article, NumberMention
from .number_grammar import Scanner
from .number_units import APPROX
from .number_words import VAGUE_PLURALS

__all__ = ["APPROX", "REL_TOL", "compare_values", "extract_numbers", "find_numbers"]

# Two unhedged figures closer than this (relative) agree: absorbs "$1.762bn" vs "$1.76bn" style truncation.
REL_TOL = 0.005


def find_numbers(text: str, article_id: str = "") -> list[NumberMention]:
    """Every number expression in ``text`` as non-overlapping mentions in text order."""
    return Scanner(text, article_id).run()


def extract_numbers(article: Article) -> list[NumberMention]:
    """:func:`find_numbers` over an article's body, with the article's id on every mention."""
    return find_numbers(article.text, article.id)


def compare_values(a: NumberMention, b: NumberMention) -> str | None:
    """``"agree"``, ``"conflict"``, or None when the two mentions do not measure the same thing.

    Comparable: two dates or years (fields both give must match: "March 2021" agrees with "21 March 2021" and
    with "2021"); two ordinals with the same unit; a fraction with a fraction or a percent (0.2 ~ 20%); otherwise
    two mentions with the same non-empty unit (a bare "13" is never compared: too many false conflicts).
    Each side is an interval (a range's ends, a hedge's bounds, or the value); they agree when the intervals
    meet, within REL_TOL, or when the coarser figure is the finer one rounded ("1.8bn" vs "1.762bn").
    """
    ka, kb = a.kind, b.kind
    if ka in ("date", "year") or kb in ("date", "year"):
        if ka not in ("date", "year") or kb not in ("date", "year"):
            return None
        return _compare_dates(a, b)
    if (ka == "ordinal") != (kb == "ordinal"):
        return None
    scale_a = scale_b = 1.0
    if ka == "fraction" or kb == "fraction":
        other = b if ka == "fraction" else a
        if other.kind == "fraction":
            pass
        elif other.kind == "percent" and other.unit == "percent":
            scale_a, scale_b = (100.0, 1.0) if ka == "fraction" else (1.0, 100.0)
        else:
            return None
    elif a.unit is None or a.unit != b.unit:
        return None
    lo_a, hi_a = _interval(a, scale_a)
    lo_b, hi_b = _interval(b, scale_b)
    tol = REL_TOL * max([abs(x) for x in (lo_a, hi_a, lo_b, hi_b) if math.isfinite(x)] + [1e-12])
    if lo_a <= hi_b + tol and lo_b <= hi_a + tol:
        return "agree"
    if lo_a == hi_a and lo_b == hi_b and (_rounds_to(lo_a, lo_b) or _rounds_to(lo_b, lo_a)):
        return "agree"
    return "conflict"


# A vague plural of a large scale ("thousands of", "millions of") is stored as W..10W, NewsQuant's convention,
# which the numbers benchmark scores. Compared, it reaches one order further: news copy says "millions" of an
# estimated 25 million deaths and "thousands" of 25,000 marchers, and calling those conflicts is a false alarm
# (found on the Zyte plague story: "plague has killed millions" against "an estimated 25 million"). Smaller plurals
# ("dozens", "hundreds") and compounds ("tens of thousands") keep their order: "hundreds" against 2,500 conflicts.
_LOOSE_PLURALS = frozenset(v for v in VAGUE_PLURALS.values() if v >= 1e3)  # thousands .. trillions
_LOOSE_REACH = 100.0


def _interval(m: NumberMention, scale: float) -> tuple[float, float]:
    lo = m.low if m.low is not None else (m.value if m.high is not None and m.kind == "range" else None)
    hi = m.high
    if m.kind == "range" and lo is not None and lo in _LOOSE_PLURALS and hi == lo * 10 and m.value == lo:
        hi = lo * _LOOSE_REACH
    if lo is None and hi is None:
        return m.value * scale, m.value * scale
    return (lo * scale if lo is not None else -math.inf), (hi * scale if hi is not None else math.inf)


def _sig_digits(x: float) -> int:
    digits = f"{abs(x):.10g}".replace(".", "").lstrip("0").rstrip("0")
    return len(digits.split("e")[0]) or 1


def _rounds_to(coarse: float, fine: float) -> bool:
    """True when ``fine`` rounded to ``coarse``'s significant digits is ``coarse`` (``coarse`` needs two or more:
    a lone trailing-zero figure like 300 could be exact, so 312 is a conflict with it)."""
    n = _sig_digits(coarse)
    if n < 2 or _sig_digits(fine) <= n or coarse == 0 or fine == 0:
        return False
    exp = math.floor(math.log10(abs(fine))) - n + 1
    return math.isclose(round(fine / 10**exp) * 10**exp, coarse, rel_tol=1e-9)


def _compare_dates(a: NumberMention, b: NumberMention) -> str:
    def fields(m: NumberMention) -> tuple[int, int, int]:
        v = int(m.value) * (10000 if m.kind == "year" else 1)
        return v // 10000, v // 100 % 100, v % 100

    fa, fb = fields(a), fields(b)
    for x, y in zip(fa, fb, strict=True):
        if x and y and x != y:
            return "conflict"
    return "agree"
