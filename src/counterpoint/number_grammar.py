"""The number grammar: where a number expression starts and how figures, hedges and ranges combine.

:class:`Scanner` walks the token stream once, trying at each candidate token vague plurals ("dozens of"),
fractions, ordinals, then a range or a single quantity ([hedge] [currency] figure [scale] [unit] [rate]). It also
decides what is *not* a number here: the pronoun "one", scores ("2-1") and figures that are part of a name
("Article 50", "G7"). The conventions for each kind's value are in :mod:`counterpoint.numbers`.
"""

from __future__ import annotations

import re

from . import number_words as W
from .model import NumberMention
from .number_units import APPROX, Quantity, UnitReader

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
_PRONOUN_ONE_BEFORE = {"no", "the", "this", "that", "which", "each", "every", "any", "only", "another", "same",
                       "little", "big", "new", "old", "last", "right", "wrong", "no-one", "loved"}


class Scanner(UnitReader):
    """One pass over a body; :meth:`run` returns its non-overlapping mentions in text order."""

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

    def _join(self, q1: Quantity, q2: Quantity, opener: str | None, conn: str, i: int) -> bool:
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

    def _finish(self, q: Quantity) -> None:
        if q.kind == "count" and q.plain4 and q.low is None and q.high is None and self._is_year(q):
            self.emit(q.start, q.end, q.value, None, "year")
            return
        if q.kind == "count" and q.unit is None and float(q.value).is_integer() and 0 < q.value < 120 and \
                self._age_context(q):
            self.emit(q.start, q.end, q.value, "year-old", "age")
            return
        self.emit(q.start, q.end, q.value, q.unit, q.kind, q.low, q.high)

    def _is_year(self, q: Quantity) -> bool:
        k = self._tok_index(q.start)
        if self.low(k - 1) in _YEAR_CUES or self.low(k - 1) in W.MONTHS:
            return 1000 <= q.value <= 2199
        if self._plural_after(q):
            return False  # "2000 hires"
        return 1800 <= q.value <= 2100

    def _plural_after(self, q: Quantity) -> bool:
        nxt = self.tok(q.next)
        return bool(nxt is not None and nxt.kind == "word" and self.spaced(q.next - 1, q.next)
                    and nxt.text.islower() and W.looks_plural(nxt.text))

    def _age_context(self, q: Quantity) -> bool:
        k = self._tok_index(q.start)
        if self.low(k - 1) in ("aged", "age") or self.seq(k - 2, ("age", "of")):
            return True
        before, after, name = self.tok(k - 1), self.tok(k + 1), self.tok(k - 2)
        return bool(before and after and name and before.text == "," and after.text in (",", ")")
                    and name.kind == "word" and name.text[0].isupper() and name.low not in W.STOPWORDS
                    and name.low not in W.MONTHS)

    # --- one quantity: [hedge] [currency] figure [scale] [unit] [rate] --------------------------------------
    def _quantity(self, i: int, hedge: bool = True) -> Quantity | None:
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
                return Quantity(t.start, t.end, 0, j + 1, skip=True)
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
                    return Quantity(t.start, t.end, 0, j + n, skip=True)  # "the Kick Six"
                last = self.low(j + n - 1)
                word_scale = W.SCALES.get(last, 1.0)
                j += n
                if self.seq(j, ("and", "a", "half")):
                    value, j = value + 0.5, j + 3
        else:
            return None
        q = Quantity(start if mode else self.toks[i].start, self.toks[j - 1].end, sign * value, j,
                     currency=currency, plain4=plain4 and sign == 1.0 and not currency and mode is None,
                     scale=word_scale)
        if tail is None:
            tail = self._scale(q)
        if tail is not None:
            self._compound(q, tail)
        elif not self._suffix(q):
            if self._right_identifier(q):
                return Quantity(q.start, self.toks[q.next].end, 0, q.next + 1, skip=True)
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

    def _apply_hedge(self, q: Quantity, mode: str | None) -> None:
        v = q.value
        if mode == "low":
            q.low = v
        elif mode == "high":
            q.high = v
        elif mode == "near":
            q.low, q.high = v * (1 - APPROX), v
        elif mode == "about":
            q.low, q.high = sorted((v * (1 - APPROX), v * (1 + APPROX)))

    def _post_hedge(self, q: Quantity) -> None:
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

    def _right_identifier(self, q: Quantity) -> bool:
        nxt = self.tok(q.next)
        return bool(nxt and nxt.kind in ("word", "num") and self.glued(q.next - 1, q.next))
