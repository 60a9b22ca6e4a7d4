"""What a figure measures: the currency before it, the scale, unit, percent, age or counted noun after it.

:class:`UnitReader` adds these readers to the token stream; each takes the token index just past the figure (or a
:class:`Quantity` being built) and says how far the expression runs and what its unit and kind are, so the grammar
in :mod:`counterpoint.number_grammar` decides only where a figure starts and how figures combine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import number_words as W
from .number_tokens import Token, TokenStream

# "about 300" is read as 270..330 and "nearly 20" as 18..20. Not fitted (the NewsQuant gold has no agreement
# labels); chosen so that "about 300" vs "312" agrees while "about 300" vs "400" conflicts.
APPROX = 0.10

_WEIGHT_CUES = {"weigh", "weighs", "weighed", "weighing", "weight", "heavier", "lighter", "lost", "gained",
                "dropping", "dropped", "lose", "gain", "pounds"}
_METRE_CONTEXT = {"long", "high", "tall", "wide", "deep", "away", "above", "below", "sprint", "race", "hurdles",
                  "freestyle", "dash", "relay", "swim", "run", "underground", "up", "down", "across", "square",
                  "metres", "from", "in", "at", "to", "and", "or"}
_AGE_SUFFIX = re.compile(r"^(year|month|week|day)s?-olds?$")


@dataclass
class Quantity:
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


class UnitReader(TokenStream):
    """Readers for what sits around a figure; they move a quantity's end and set its unit and kind."""

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

    def _scale(self, q: Quantity) -> str | None:
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

    def _compound(self, q: Quantity, tail: str) -> None:
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

    def _suffix(self, q: Quantity) -> bool:
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

    def _rate(self, q: Quantity) -> None:
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
        picked: Token | None = None
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
