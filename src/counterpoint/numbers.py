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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import number_words as W
from .model import Article, NumberMention

# "about 300" is read as 270..330 and "nearly 20" as 18..20. Not fitted (the NewsQuant gold has no agreement
# labels); chosen so that "about 300" vs "312" agrees while "about 300" vs "400" conflicts.
APPROX = 0.10
# Two unhedged figures closer than this (relative) agree: absorbs "$1.762bn" vs "$1.76bn" style truncation.
REL_TOL = 0.005

_TOKEN = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)|(?P<dec>(?<![\w.])\.\d+)"
    r"|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)|(?P<sym>[^\s\w]|_)"
)
_MON = (
    r"\b(?P<mon>(?i:january|february|april|june|july|august|september|october|november|december)|March|May"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATES = [
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T[\d:.]+Z?)?\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON},?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"{_MON}\s+(?P<d>\d{{1,2}}){_ORD}(?:\s*[-–]\s*\d{{1,2}})?,?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"{_MON},?\s+(?:of\s+)?(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON}(?!\w)"),
    re.compile(rf"{_MON}\s+(?P<d>\d{{1,2}}){_ORD}(?:\s*[-–]\s*\d{{1,2}})?(?![\d,.]?\d)"),
]
_EXCLUDE = [
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*(?:[ap]\.m\.|[ap]m\b|[AP]M\b))?"),  # 17:22, 9:35 PM
    re.compile(r"\b\d{1,2}(?:\.\d{2})?\s*(?:[ap]\.m\.|[ap]m\b|[AP]M\b)"),  # 3 p.m., 10.45pm
    re.compile(r"\b\d{4}\s*(?:GMT|UTC|BST|EDT|EST|PDT|PST|CET|CEST)\b"),  # 0401 GMT
    re.compile(r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,4}(?![\w.,]?\d)"),
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\bhttps?://\S+|\bwww\.\S+"),
    re.compile(r"\b(?:9/11|24/7)\b"),
]

_LOWER_BOUND = [("more", "than"), ("over",), ("at", "least"), ("upwards", "of"), ("in", "excess", "of"),
                ("above",), ("north", "of"), ("no", "fewer", "than"), ("no", "less", "than"), ("exceeding",),
                ("+",)]
_UPPER_BOUND = [("less", "than"), ("fewer", "than"), ("under",), ("up", "to"), ("at", "most"),
                ("no", "more", "than"), ("below",), ("as", "many", "as"), ("as", "much", "as"), ("sub",)]
_NEAR = [("nearly",), ("almost",), ("just", "under"), ("close", "to"), ("not", "quite"), ("just", "shy", "of")]
_ABOUT = [("about",), ("around",), ("roughly",), ("approximately",), ("approx", "."), ("approx",), ("some",),
          ("an", "estimated"), ("estimated",), ("circa",), ("~",), ("≈",)]
_HEDGES = sorted([(h, "low") for h in _LOWER_BOUND] + [(h, "high") for h in _UPPER_BOUND]
                 + [(h, "near") for h in _NEAR] + [(h, "about") for h in _ABOUT], key=lambda x: -len(x[0]))
_HEDGE_FIRST = {h[0] for h, _ in _HEDGES}
# Tokens that can begin a number expression; the scanner skips every other token without trying the grammar.
_STARTERS = (set(W.SMALL) | set(W.TENS) | set(W.ORDINALS) | set(W.DENOMINATORS) | set(W.VAGUE_PLURALS)
             | set(W.CURRENCY_SYMBOLS) | set(W.CURRENCY_PREFIX_WORDS) | set(W.CURRENCY_CODES) | _HEDGE_FIRST
             | {"a", "between", "from", "minus", "-", "−", "+", "u"})
_YEAR_CUES = {"in", "since", "by", "from", "until", "till", "before", "after", "during", "between", "circa",
              "mid", "pre", "post", "early", "late", "spring", "summer", "autumn", "fall", "winter", "and", "to",
              "year", "season", "class", "vintage", "c"}
_WEIGHT_CUES = {"weigh", "weighs", "weighed", "weighing", "weight", "heavier", "lighter", "lost", "gained",
                "dropping", "dropped", "lose", "gain", "pounds"}
_METRE_CONTEXT = {"long", "high", "tall", "wide", "deep", "away", "above", "below", "sprint", "race", "hurdles",
                  "freestyle", "dash", "relay", "swim", "run", "underground", "up", "down", "across", "square",
                  "metres", "from", "in", "at", "to", "and", "or"}
_PRONOUN_ONE_BEFORE = {"no", "the", "this", "that", "which", "each", "every", "any", "only", "another", "same",
                       "little", "big", "new", "old", "last", "right", "wrong", "no-one", "loved"}
_AGE_SUFFIX = re.compile(r"^(year|month|week|day)s?-olds?$")


@dataclass
class _Tok:
    kind: str
    text: str
    start: int
    end: int
    blocked: bool = False

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass
class _Q:
    start: int
    end: int
    value: float
    next: int
    unit: str | None = None
    kind: str = "count"
    low: float | None = None
    high: float | None = None
    currency: str | None = None
    scale: float = 1.0
    plain4: bool = False
    noun: bool = False  # unit is a counted noun found after the span
    skip: bool = False  # consumed tokens that are not a number (a score, an identifier)


def find_numbers(text: str, article_id: str = "") -> list[NumberMention]:
    """Every number expression in ``text`` as non-overlapping mentions in text order."""
    return _Scanner(text, article_id).run()


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


def _interval(m: NumberMention, scale: float) -> tuple[float, float]:
    lo = m.low if m.low is not None else (m.value if m.high is not None and m.kind == "range" else None)
    hi = m.high
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


class _Scanner:
    def __init__(self, text: str, article_id: str) -> None:
        self.text = text
        self.aid = article_id
        self.out: list[NumberMention] = []
        claimed = bytearray(len(text))  # 1 where a date or an excluded pattern owns the character
        for rx in _EXCLUDE:
            for m in rx.finditer(text):
                claimed[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        for rx in _DATES:
            for m in rx.finditer(text):
                if not any(claimed[m.start() : m.end()]) and self._date(m):
                    claimed[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        self.toks: list[_Tok] = []
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup or "sym"
            self.toks.append(_Tok("num" if kind == "dec" else kind, m.group(), m.start(), m.end(),
                                  any(claimed[m.start() : m.end()])))

    # --- small token helpers -----------------------------------------------------------------------------
    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) and not self.toks[i].blocked else None

    def low(self, i: int) -> str:
        t = self.tok(i)
        return t.low if t else ""

    def glued(self, i: int, j: int) -> bool:
        a, b = self.tok(i), self.tok(j)
        return a is not None and b is not None and a.end == b.start

    def spaced(self, i: int, j: int) -> bool:
        """Tokens i and j are adjacent, separated by nothing or by plain spaces."""
        a, b = self.tok(i), self.tok(j)
        return a is not None and b is not None and self.text[a.end : b.start].strip(" \u00a0") == ""

    def seq(self, i: int, words: tuple[str, ...]) -> bool:
        return all(self.low(i + k) == w and (k == 0 or self.spaced(i + k - 1, i + k)) for k, w in enumerate(words))

    def emit(self, start: int, end: int, value: float, unit: str | None, kind: str,
             low: float | None = None, high: float | None = None) -> None:
        self.out.append(NumberMention(self.aid, start, end, float(value), unit, kind, low, high))

    # --- driver ------------------------------------------------------------------------------------------------
    def run(self) -> list[NumberMention]:
        i = 0
        while i < len(self.toks):
            t = self.tok(i)
            if t is None or t.kind != "num" and t.low not in _STARTERS and t.low.partition("-")[0] not in _STARTERS:
                i += 1
                continue
            nxt = self._vague(i) or self._fraction(i) or self._ordinal(i) or self._range_or_quantity(i)
            i = nxt if nxt and nxt > i else i + 1
        self.out.sort(key=lambda m: m.start)
        kept: list[NumberMention] = []
        for m in self.out:
            if m.end > m.start and (not kept or m.start >= kept[-1].end):
                kept.append(m)
        return kept

    def _date(self, m: re.Match[str]) -> bool:
        g = m.groupdict()
        y = int(g["y"]) if g.get("y") else 0
        mon = W.MONTHS[g["mon"].rstrip(".").lower()] if g.get("mon") else int(g.get("m") or 0)
        d = int(g["d"]) if g.get("d") else 0
        if not (1 <= mon <= 12) or d > 31 or (g.get("d") and d == 0) or (y and not 1000 <= y <= 2199):
            return False
        self.emit(m.start(), m.end(), y * 10000 + mon * 100 + d, None, "date")
        return True

    # --- vague plurals: "dozens of", "tens of thousands of dollars" -------------------------------------------
    def _vague(self, i: int) -> int | None:
        w = self.low(i)
        if w not in W.VAGUE_PLURALS or self.low(i + 1) != "of" or self.tok(i - 1) and self.tok(i - 1).kind == "num":  # type: ignore[union-attr]
            return None
        base, j = W.VAGUE_PLURALS[w], i + 1
        if self.low(j + 1) in W.VAGUE_PLURALS and self.low(j + 2) == "of" and W.VAGUE_PLURALS[self.low(j + 1)] >= 1000:
            base *= W.VAGUE_PLURALS[self.low(j + 1)]
            j += 2
        end = self.toks[j - 1].end
        cur, k = self._currency_word(j + 1)
        if cur:
            self.emit(self.toks[i].start, self.toks[k - 1].end, base, cur, "range", base, base * 10)
            return k
        unit, _ = self._noun_after(j + 1)
        self.emit(self.toks[i].start, end, base, unit, "range", base, base * 10)
        return j

    # --- fractions: "a fifth of", "two-thirds", "half the", "one in five", "1/2" ------------------------------
    def _fraction(self, i: int) -> int | None:
        t = self.tok(i)
        if t is None:
            return None
        det = {"the", "a", "an", "its", "their", "his", "her", "our", "those", "these", "all", "of", "them", "it"}
        w = t.low
        if t.kind == "word" and "-" in w:  # "two-thirds", "three-quarters"
            head, _, tail = w.partition("-")
            if tail in W.DENOMINATORS and (head in W.SMALL or head in ("a", "one")):
                top = 1 if head in ("a", "one") else W.SMALL[head]
                self.emit(t.start, t.end, top / W.DENOMINATORS[tail], None, "fraction")
                return i + 1
            return None
        if w == "half" and self.low(i + 1) in det and self.low(i - 1) not in {"the", "first", "second", "this",
                                                                              "that", "a", "and", "each", "next"}:
            self.emit(t.start, t.end, 0.5, None, "fraction")
            return i + 1
        num: int | None = 1 if w in ("a", "one") else W.SMALL.get(w) if t.kind == "word" else None
        if num is not None and self.spaced(i, i + 1) and self.low(i + 1) in W.DENOMINATORS and \
                self.low(i + 2) in det and not (w == "a" and self.low(i + 1) in ("second",)):
            self.emit(t.start, self.toks[i + 1].end, num / W.DENOMINATORS[self.low(i + 1)], None, "fraction")
            return i + 2
        # "one in five", "1 in 4", "one out of three"
        n1 = self._small_number(i)
        if n1 is not None:
            j = i + 1
            if self.seq(j, ("out", "of")):
                j += 2
            elif self.low(j) == "in":
                j += 1
            else:
                j = -1
            n2 = self._small_number(j) if j > 0 else None
            if n2 is not None and 0 < n1 < n2 <= 1000 and self.spaced(i, i + 1):
                self.emit(t.start, self.toks[j].end, n1 / n2, None, "fraction")
                return j + 1
        # "1/2", "1⁄32"
        if t.kind == "num" and self.low(i + 1) in ("/", "⁄") and self.glued(i, i + 1) and self.glued(i + 1, i + 2):
            b = self.tok(i + 2)
            if b and b.kind == "num" and t.text.isdigit() and b.text.isdigit() and self.low(i + 3) != "/":
                n1, n2 = int(t.text), int(b.text)
                if 0 < n1 < n2 <= 1000:
                    self.emit(t.start, b.end, n1 / n2, None, "fraction")
                return i + 3
        return None

    def _small_number(self, i: int) -> float | None:
        t = self.tok(i)
        if t is None:
            return None
        if t.kind == "num" and t.text.isdigit():
            return float(t.text)
        return float(W.SMALL[t.low]) if t.low in W.SMALL else None

    # --- ordinals: "fourth victim", "22nd amendment", "96th-minute" -------------------------------------------
    def _ordinal(self, i: int) -> int | None:
        t = self.tok(i)
        if t is None:
            return None
        if t.kind == "word" and t.low in W.ORDINALS:
            if self.low(i - 1) in ("at", "the") and self.low(i + 1) in ("of", ",", "."):
                return None
            unit, _ = self._noun_after(i + 1)
            if unit is None:
                return None
            self.emit(t.start, t.end, W.ORDINALS[t.low], unit, "ordinal")
            return i + 1
        suf = self.tok(i + 1)
        if t.kind == "num" and t.text.isdigit() and suf and self.glued(i, i + 1) and suf.low in ("st", "nd", "rd",
                                                                                                  "th"):
            if self._left_identifier(i):
                return i + 2
            if self.low(i + 2) == "-" and self.glued(i + 1, i + 2) and self.tok(i + 3) and self.glued(i + 2, i + 3):
                self.emit(t.start, self.toks[i + 3].end, int(t.text), W.singular(self.toks[i + 3].text), "ordinal")
                return i + 4
            unit, _ = self._noun_after(i + 2)
            self.emit(t.start, suf.end, int(t.text), unit, "ordinal")
            return i + 2
        return None

    # --- ranges and single quantities ---------------------------------------------------------------------------
    def _range_or_quantity(self, i: int) -> int | None:
        opener = self.low(i) if self.low(i) in ("between", "from") else None
        q1 = self._quantity(i + 1 if opener else i)
        if q1 is None:
            return None
        if q1.skip:
            return q1.next
        j = q1.next
        conn = self.low(j)
        ok = (conn == "and" and opener == "between") or (conn in ("to", "or") and opener != "between") or \
             (conn in ("-", "–", "—") and opener != "between")
        q2 = self._quantity(j + 1, hedge=False) if ok and self.tok(j + 1) else None
        if q2 is not None and not q2.skip and self._join(q1, q2, opener, conn, i):
            return q2.next
        if conn in ("-", "–") and q2 is not None and not q2.skip and self.glued(j - 1, j) and q1.unit is None \
                and q2.unit is None and q1.value >= q2.value and q1.kind == "count":
            return q2.next  # "2-1", "89-89": a score, not a range
        self._finish(q1)
        return q1.next

    def _join(self, q1: _Q, q2: _Q, opener: str | None, conn: str, i: int) -> bool:
        if q1.plain4 and q2.plain4 and 1000 <= q1.value <= 2100 and 1000 <= q2.value <= 2100 and \
                not self._plural_after(q2):
            return False  # "between 1600 and 1900": two years
        if q1.plain4 and 1000 <= q1.value <= 2100 and not q2.plain4 and q2.scale == 1.0:
            return False  # "20 mpg in 2008 to 29 mpg": a year, then a value
        if q1.unit is not None and q2.unit is not None and q1.unit != q2.unit and \
                not q2.unit.startswith(q1.unit + " per"):
            return False
        if q1.currency and q2.currency and q1.currency != q2.currency:
            return False
        if q1.unit is not None and q2.unit is None and not q1.noun:
            return False  # "fell 0.4 per cent to 13176"
        if q1.scale == 1.0 and q2.scale > 1.0 and q1.value * q2.scale <= q2.value:
            q1.value *= q2.scale  # "four to five thousand", "$10 to $15 billion"
        # "increased by $43.6bn to $419.2bn" is a change; "dropped by 1 to 1.5 degrees" is a range of the change:
        # without "from", only a jump of more than 2x reads as a new level.
        change = conn == "to" and any(self.low(k) in W.CHANGE_WORDS for k in range(max(0, i - 5), i)) and \
            (opener == "from" or abs(q2.value) > 2 * abs(q1.value))
        if change or q1.value >= q2.value:
            # "rose from 4.8 to 4.7 percent": two values, the first takes the second's unit
            if q1.unit is None and q2.unit is not None and not q2.noun:
                q1.unit, q1.kind = q2.unit, q2.kind
            if conn in ("-", "–", "—") and q1.unit is None:
                return False
            self._finish(q1)
            self._finish(q2)
            return True
        start = self.toks[i].start if opener else q1.start
        unit = q2.unit or q1.unit
        self.emit(start, q2.end, q1.value, unit, "range", q1.value, q2.value)
        return True

    def _finish(self, q: _Q) -> None:
        if q.kind == "count" and q.plain4 and q.low is None and q.high is None and self._is_year(q):
            self.emit(q.start, q.end, q.value, None, "year")
            return
        if q.kind == "count" and q.unit is None and float(q.value).is_integer() and 0 < q.value < 120 and \
                self._age_context(q):
            self.emit(q.start, q.end, q.value, "year-old", "age")
            return
        self.emit(q.start, q.end, q.value, q.unit, q.kind, q.low, q.high)

    def _is_year(self, q: _Q) -> bool:
        k = self._tok_index(q.start)
        if self.low(k - 1) in _YEAR_CUES or self.low(k - 1) in W.MONTHS:
            return 1000 <= q.value <= 2199
        if self._plural_after(q):
            return False  # "2000 hires"
        return 1800 <= q.value <= 2100

    def _plural_after(self, q: _Q) -> bool:
        nxt = self.tok(q.next)
        return bool(nxt is not None and nxt.kind == "word" and self.spaced(q.next - 1, q.next)
                    and nxt.text.islower() and W.looks_plural(nxt.text))

    def _age_context(self, q: _Q) -> bool:
        k = self._tok_index(q.start)
        if self.low(k - 1) in ("aged", "age") or self.seq(k - 2, ("age", "of")):
            return True
        before, after, name = self.tok(k - 1), self.tok(k + 1), self.tok(k - 2)
        return bool(before and after and name and before.text == "," and after.text in (",", ")")
                    and name.kind == "word" and name.text[0].isupper() and name.low not in W.STOPWORDS
                    and name.low not in W.MONTHS)

    def _tok_index(self, offset: int) -> int:
        lo, hi = 0, len(self.toks) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.toks[mid].start < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    # --- one quantity: [hedge] [currency] figure [scale] [unit] [rate] --------------------------------------
    def _quantity(self, i: int, hedge: bool = True) -> _Q | None:
        """``hedge`` is False for the second end of a range, which may follow a hyphen ("10-15")."""
        t0 = self.tok(i)
        if t0 is None:
            return None
        start, mode = t0.start, None
        if hedge:
            for words, kind in _HEDGES if t0.low in _HEDGE_FIRST else ():
                if self.seq(i, words) and (self.spaced(i + len(words) - 1, i + len(words)) or words == ("sub",)):
                    nxt = self.tok(i + len(words))
                    if words == ("sub",) and not (nxt and nxt.text == "-" and self.glued(i, i + 1)):
                        continue
                    mode, i = kind, i + len(words) + (1 if words == ("sub",) else 0)
                    break
        j, currency = self._currency_before(i)
        sign = 1.0
        t = self.tok(j)
        if t is None:
            return None
        first = j
        after = self.tok(j + 1)
        if t.text in ("-", "−", "+") and self.glued(j, j + 1) and after is not None and after.kind == "num" \
                and (currency or j == 0 or not self.glued(j - 1, j)):
            sign = -1.0 if t.text != "+" else 1.0
            j += 1
        elif t.low == "minus" and self.tok(j + 1) and (self.tok(j + 1).kind == "num" or self.low(j + 1) == "-"):  # type: ignore[union-attr]
            sign, j = -1.0, j + (2 if self.low(j + 1) == "-" else 1)
        t = self.tok(j)
        if t is None:
            return None
        tail: str | None = None  # the part after a hyphen inside one word token ("five-year", "billion-mile")
        plain4 = False
        word_scale = 1.0
        if t.kind == "num":
            if hedge and not currency and mode is None and self._left_identifier(first, j):
                return _Q(t.start, t.end, 0, j + 1, skip=True)
            value = float(t.text.replace(",", ""))
            plain4 = bool(re.fullmatch(r"\d{4}", t.text))
            j += 1
            if self.seq(j, ("and", "a", "half")):
                value, j = value + 0.5, j + 3
        elif t.kind == "word":
            phrase: list[str] = []
            for k in range(8):
                wt = self.tok(j + k)
                if wt is None or wt.kind != "word" or (k and not self.spaced(j + k - 1, j + k)):
                    break
                phrase.append(wt.low)
            parsed = W.words_value(phrase)
            if parsed is None and "-" in t.low:
                head, _, rest = t.low.partition("-")
                if "-" in rest and head in W.TENS:  # "twenty-five-year"
                    h2, _, rest = rest.partition("-")
                    head = f"{head}-{h2}"
                sub = W.words_value([head])
                if sub is not None and rest and rest not in W.DENOMINATORS and rest not in ("off", "time", "way",
                                                                                            "sided", "on", "and"):
                    value, tail = sub[0], rest
                    j += 1
                else:
                    return None
            elif parsed is None:
                return None
            else:
                value, n = parsed
                if value == 1 and n == 1 and not self._counting_one(j):
                    return None
                if hedge and mode is None and self._left_identifier(j):
                    return _Q(t.start, t.end, 0, j + n, skip=True)  # "the Kick Six"
                last = self.low(j + n - 1)
                word_scale = W.SCALES.get(last, 1.0)
                j += n
                if self.seq(j, ("and", "a", "half")):
                    value, j = value + 0.5, j + 3
        else:
            return None
        q = _Q(start if mode else self.toks[i].start, self.toks[j - 1].end, sign * value, j, currency=currency,
               plain4=plain4 and sign == 1.0 and not currency and mode is None, scale=word_scale)
        if tail is None:
            tail = self._scale(q)
        if tail is not None:
            self._compound(q, tail)
        elif not self._suffix(q):
            if self._right_identifier(q):
                return _Q(q.start, self.toks[q.next].end, 0, q.next + 1, skip=True)
            if self.low(q.next) == "-" and self.glued(q.next - 1, q.next):
                w = self.tok(q.next + 1)
                if w is not None and w.kind == "word" and self.glued(q.next, q.next + 1):
                    q.next += 2
                    self._compound(q, w.low)
        if currency and q.kind != "money":
            q.kind, q.unit = "money", currency
        self._rate(q)
        if q.kind == "count" and q.unit is None:
            q.unit, _ = self._noun_after(q.next)
            q.noun = q.unit is not None
        if q.plain4 and (q.scale != 1.0 or q.kind != "count"):
            q.plain4 = False
        self._post_hedge(q)
        self._apply_hedge(q, mode)
        return q

    def _apply_hedge(self, q: _Q, mode: str | None) -> None:
        v = q.value
        if mode == "low":
            q.low = v
        elif mode == "high":
            q.high = v
        elif mode == "near":
            q.low, q.high = v * (1 - APPROX), v
        elif mode == "about":
            q.low, q.high = sorted((v * (1 - APPROX), v * (1 + APPROX)))

    def _post_hedge(self, q: _Q) -> None:
        j = q.next
        if self.seq(j, ("or", "more")):
            q.low, q.end, q.next = q.value, self.toks[j + 1].end, j + 2
        elif self.seq(j, ("or", "so")):
            q.low, q.high, q.end, q.next = q.value * (1 - APPROX), q.value * (1 + APPROX), self.toks[j + 1].end, j + 2

    def _counting_one(self, j: int) -> bool:
        """"one" counts something only before a noun, and not in "no one", "this one", "one of the ..."."""
        nxt = self.tok(j + 1)
        if self.low(j - 1) in _PRONOUN_ONE_BEFORE or nxt is None or not self.spaced(j, j + 1):
            return False
        if nxt.low in ("to", "or") and self._small_number(j + 2) is not None:
            return True  # "one to two years"
        if self._unit_at(j + 1)[0] is not None or self._currency_word(j + 1)[0] is not None:
            return True  # "one per cent", "one dollar"
        return nxt.kind == "word" and nxt.low not in W.STOPWORDS and nxt.low not in ("another", "way")

    def _left_identifier(self, j: int, num: int | None = None) -> bool:
        """The figure starting at token j (its digits at token ``num``) is part of a name: glued to letters
        ("G7", "COVID-19") or after a label ("Article 50", "COVID -19")."""
        num = j if num is None else num
        prev = self.tok(j - 1)
        if prev is None:
            return False
        if self.glued(j - 1, j):
            if prev.kind == "word":
                return prev.text.upper() not in {k.upper() for k in W.CURRENCY_CODES} or prev.text.islower()
            before = self.tok(j - 2) if self.glued(j - 2, j - 1) else None
            if prev.text == "-" and before is not None:
                return before.kind in ("word", "num") and before.low not in {"sub", "minus", "mid", "pre", "post",
                                                                             "then", "now"}
            return prev.text in ("#", "№") or (prev.text == "." and before is not None and before.kind == "word")
        if prev.kind != "word" or not self.spaced(j - 1, j):
            return prev.text in ("#", "№")
        w = prev.low
        if w in W.LABELS:
            return not self._unit_follows(num)
        if prev.text[0].isupper() or any(c.isupper() for c in prev.text[1:]):
            if w.endswith(("'s", "’s", "s'", "s’")):
                return False  # "Casey's 363-page report": a possessive owns the figure, it does not name it
            if w in W.STOPWORDS or w in W.MONTHS or w in W.CURRENCY_WORDS or w.rstrip(".") in W.MONTHS:
                return False
            if w in _HEDGE_FIRST:
                return False
            return not self._unit_follows(num)
        return False

    def _unit_follows(self, j: int) -> bool:
        nxt = self.tok(j + 1)
        if nxt is None:
            return False
        return nxt.text in ("%", "€", "£", "$") or self._unit_at(j + 1)[0] is not None and nxt.low not in \
            ("a", "an") or nxt.low in W.SCALES or nxt.text in W.SHORT_SCALES

    def _right_identifier(self, q: _Q) -> bool:
        nxt = self.tok(q.next)
        return bool(nxt and nxt.kind in ("word", "num") and self.glued(q.next - 1, q.next))

    def _currency_before(self, i: int) -> tuple[int, str | None]:
        t = self.tok(i)
        if t is None:
            return i, None
        if t.text in W.CURRENCY_SYMBOLS:
            code = W.CURRENCY_SYMBOLS[t.text]
            nxt = self.tok(i + 1)
            if nxt and nxt.kind == "word" and self.glued(i, i + 1) and nxt.low in W.CURRENCY_PREFIX_WORDS and \
                    nxt.text.isupper() and t.text == "$":
                return i + 2, W.CURRENCY_PREFIX_WORDS[nxt.low]  # "$US113", "$A82"
            return i + 1, code
        if t.kind == "word" and t.text.isupper() and t.low in W.CURRENCY_PREFIX_WORDS and self.low(i + 1) == "$" \
                and self.spaced(i, i + 1):
            return i + 2, W.CURRENCY_PREFIX_WORDS[t.low]  # "US $58", "HK$5.4m"
        if self.seq(i, ("u", ".", "s", ".", "$")):
            return i + 5, "USD"
        if t.kind == "word" and t.text[0].isupper() and t.low in W.CURRENCY_CODES and self.tok(i + 1) and \
                self.toks[i + 1].kind == "num" and self.spaced(i, i + 1):
            return i + 1, W.CURRENCY_CODES[t.low]  # "USD10m", "RM23.50"
        return i, None

    def _scale(self, q: _Q) -> str | None:
        """Apply a scale word after the figure; return the tail of a hyphenated scale word ("billion-mile")."""
        j = q.next
        t = self.tok(j)
        if t is None or t.kind != "word":
            return None
        if self.glued(j - 1, j) and t.text in W.SHORT_SCALES:
            if t.text == "m" and not q.currency:
                after = self.tok(j + 1)
                if after is None or after.kind != "word" or not self.spaced(j, j + 1) or after.low in _METRE_CONTEXT:
                    return None
            if t.text == "b" and not q.currency:
                return None
            q.value *= W.SHORT_SCALES[t.text]
            q.scale, q.next, q.end = W.SHORT_SCALES[t.text], j + 1, t.end
            return None
        scale, k, tail = 1.0, j, None
        while self.tok(k) and self.spaced(k - 1, k):
            w = self.low(k)
            head, _, rest = w.partition("-")
            if head in W.SCALES or (head in ("bn", "mn", "tn", "mln") and k == j):
                scale *= W.SCALES.get(head) or W.SHORT_SCALES[head]
                k += 1
                if rest:
                    tail = rest
                    break
            else:
                break
        if k > j:
            q.value *= scale
            q.scale, q.next, q.end = scale, k, self.toks[k - 1].end
        return tail

    def _compound(self, q: _Q, tail: str) -> None:
        """"363-page", "five-year", "33-year-old", "2.4-litre": the word after the hyphen is the unit."""
        tail = tail.lower()
        if tail in W.STOPWORDS:
            return
        if _AGE_SUFFIX.match(tail):
            q.kind, q.unit = "age", tail.split("-")[0].rstrip("s") + "-old"
        elif tail in ("plus", "odd"):
            q.low, q.high = (q.value, None) if tail == "plus" else (q.value * (1 - APPROX), q.value * (1 + APPROX))
        elif W.unit_key(tail) in W.UNITS:
            q.unit = W.UNITS[W.unit_key(tail)]
            q.kind = W.MEASURE_KINDS.get(q.unit, "measure")
        elif tail in W.CURRENCY_WORDS:
            q.kind, q.unit = "money", W.CURRENCY_WORDS[tail]
        else:
            q.unit = W.singular(tail)
        q.end = self.toks[q.next - 1].end

    def _suffix(self, q: _Q) -> bool:
        """Age, unit, percent or currency after the figure; True when one was found."""
        j = q.next
        t = self.tok(j)
        if t is None or not self.spaced(j - 1, j):
            return False
        if t.low in ("-", "–") and self.glued(j - 1, j):
            w = self.tok(j + 1)
            if w and w.kind == "word" and self.glued(j, j + 1) and _AGE_SUFFIX.match(w.low):
                q.next = j + 2
                self._compound(q, w.low)
                return True
            return False
        if t.kind == "word" and _AGE_SUFFIX.match(t.low):
            q.next = j + 1
            self._compound(q, t.low)
            return True
        if t.low in ("year", "years", "month", "months") and self.low(j + 1) == "old" and self.spaced(j, j + 1):
            q.kind, q.unit, q.next, q.end = "age", t.low.rstrip("s") + "-old", j + 2, self.toks[j + 1].end
            return True
        cur, k = self._currency_word(j)
        if cur and not (cur == "GBP" and self._weight_context(j)) and \
                (q.currency is None or q.currency == cur or cur in ("cent", "pence")):
            q.kind, q.unit, q.next, q.end = "money", cur, k, self.toks[k - 1].end
            q.currency = q.currency or cur
            return True
        if t.text in ("€", "£", "$") and self.glued(j - 1, j):
            q.kind, q.unit, q.next, q.end = "money", W.CURRENCY_SYMBOLS[t.text], j + 1, t.end
            return True
        if t.text == "p" and self.glued(j - 1, j) and not q.currency:
            q.kind, q.unit, q.next, q.end = "money", "pence", j + 1, t.end
            return True
        unit, k = self._unit_at(j)
        if unit is not None:
            single = k == j + 1 and len(t.text) == 1 and t.text.isalpha()
            if single and not self.glued(j - 1, j) and t.text not in ("W", "V"):
                return False
            q.unit, q.kind, q.next, q.end = unit, W.MEASURE_KINDS.get(unit, "measure"), k, self.toks[k - 1].end
            if q.currency:
                q.kind = "money"
            return True
        if t.low in ("pound", "pounds") and self._weight_context(j):
            q.unit, q.kind, q.next, q.end = "pound-mass", "measure", j + 1, t.end
            return True
        return False

    def _weight_context(self, j: int) -> bool:
        return any(self.low(k) in _WEIGHT_CUES for k in range(max(0, j - 6), j)) or self.low(j + 1) == "of"

    def _currency_word(self, j: int) -> tuple[str | None, int]:
        """A currency named after a figure: "dollars", "Australian dollars", "New Zealand dollars", "JPY"."""
        t = self.tok(j)
        if t is None or t.kind != "word":
            return None, j
        adj = None
        if t.low in W.CURRENCY_ADJECTIVES:
            adj, k = W.CURRENCY_ADJECTIVES[t.low], j + 1
        elif self.seq(j, ("new", "zealand")) or self.seq(j, ("hong", "kong")):
            adj, k = ("NZD" if t.low == "new" else "HKD"), j + 2
        else:
            k = j
        w = self.low(k)
        if w in W.CURRENCY_WORDS and (k == j or self.spaced(k - 1, k)):
            code = W.CURRENCY_WORDS[w]
            if adj and w in ("dollar", "dollars", "crowns", "krone", "kroner", "yuan", "yen", "rupees", "francs",
                             "pesos"):
                code = adj
            elif adj:
                return None, j
            if self.low(k + 1) == "sterling":
                k += 1
            return code, k + 1
        if k == j and t.text.isupper() and t.low in W.CURRENCY_CODES and t.low not in ("rm", "rs"):
            return W.CURRENCY_CODES[t.low], j + 1
        return None, j

    def _unit_at(self, j: int) -> tuple[str | None, int]:
        t = self.tok(j)
        if t is None:
            return None, j
        nxt = self.tok(j + 1)
        if t.text in W.UNITS_CASED and not (nxt is not None and nxt.kind == "word" and self.glued(j, j + 1)) and \
                (t.text, self.low(j + 1)) != ("m", "2"):
            return W.UNITS_CASED[t.text], j + 1
        for n in range(W.MAX_UNIT_TOKENS, 0, -1):
            key = tuple(self.low(j + k) for k in range(n))
            if key in W.UNITS and all(self.tok(j + k) for k in range(n)) and \
                    all(self.spaced(j + k - 1, j + k) for k in range(1, n)):
                if n == 1 and len(key[0]) == 1 and key[0].isalpha():
                    continue  # single letters only through UNITS_CASED
                return W.UNITS[key], j + n
        return None, j

    def _rate(self, q: _Q) -> None:
        """"$3,500 a month", "barrels per day", "$52 a barrel": append the denominator to the unit."""
        j = q.next
        unit = q.unit
        if q.kind == "count" and unit is None:
            noun, k = self._noun_after(j)
            if noun is None or self.low(k) not in ("a", "an", "per", "each", "/"):
                return
            unit, j = noun, k
            in_span = False
        else:
            in_span = True
        if unit is None or self.low(j) not in ("a", "an", "per", "each", "/"):
            return
        for n in (2, 1):
            words = [self.low(j + 1 + k) for k in range(n)]
            if not all(self.tok(j + 1 + k) for k in range(n)):
                continue
            denom = W.singular(" ".join(words)) if n == 1 else " ".join(words)
            if denom in W.RATE_NOUNS or (n == 2 and W.unit_key(" ".join(words)) in W.UNITS):
                q.unit = f"{unit} per {W.UNITS.get(W.unit_key(denom), denom) if n == 2 else denom}"
                if in_span:
                    q.next, q.end = j + 1 + n, self.toks[j + n].end
                else:
                    q.noun = True
                return

    def _noun_after(self, j: int) -> tuple[str | None, int]:
        """The counted noun after a figure: "three more men" -> "man", "seven European countries" -> "country".
        Looks at most three words ahead, stepping over modifiers and over words followed by a plural."""
        picked: _Tok | None = None
        k = j
        for step in range(3):
            t = self.tok(k)
            if t is not None and t.low in W.MODIFIERS and t.kind == "word" and self.spaced(k - 1, k):
                picked = t
                k += 1
                continue
            if t is None or t.kind != "word" or not self.spaced(k - 1, k) or t.low in W.STOPWORDS or \
                    (t.low in W.CURRENCY_WORDS and t.low != "won") or t.low in W.SCALES:
                break
            picked = t
            k += 1
            if W.looks_plural(t.text):
                break
            later_plural = any(
                self._content_word(k + d - 1) and W.looks_plural(self.toks[k + d - 1].text)
                and all(self._content_word(k + e - 1) for e in range(1, d + 1))
                for d in (1, 2) if step + d < 3
            )
            proper_then_noun = step > 0 and t.text[0].isupper() and self._content_word(k)
            if not (t.low in W.MODIFIERS or later_plural or proper_then_noun):
                break
        if picked is None or picked.low in W.MODIFIERS:
            return None, j
        return W.singular(picked.text), k

    def _content_word(self, k: int) -> bool:
        t = self.tok(k)
        return bool(t and t.kind == "word" and self.spaced(k - 1, k) and t.low not in W.STOPWORDS)
