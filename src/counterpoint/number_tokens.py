"""The token stream :mod:`counterpoint.numbers` reads figures from, with dates and non-numbers claimed first.

Before any grammar runs, the exclusion patterns (clock times, phone numbers, URLs, "9/11") and the date patterns
claim their characters: a date becomes a ``date`` mention at once, and every token that touches a claimed
character is *blocked*, so the number grammar never sees it. :class:`TokenStream` holds the tokens and the small
adjacency helpers the grammar is written in (``tok``, ``low``, ``glued``, ``spaced``, ``seq``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import number_words as W
from .model import NumberMention

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


@dataclass
class Token:
    kind: str
    text: str
    start: int
    end: int
    blocked: bool = False

    @property
    def low(self) -> str:
        return self.text.lower()


class TokenStream:
    """The tokens of one body and the mentions found so far (dates first)."""

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
        self.toks: list[Token] = []
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup or "sym"
            self.toks.append(Token("num" if kind == "dec" else kind, m.group(), m.start(), m.end(),
                                   any(claimed[m.start() : m.end()])))

    # --- small token helpers -----------------------------------------------------------------------------
    def tok(self, i: int) -> Token | None:
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

    def _date(self, m: re.Match[str]) -> bool:
        g = m.groupdict()
        y = int(g["y"]) if g.get("y") else 0
        mon = W.MONTHS[g["mon"].rstrip(".").lower()] if g.get("mon") else int(g.get("m") or 0)
        d = int(g["d"]) if g.get("d") else 0
        if not (1 <= mon <= 12) or d > 31 or (g.get("d") and d == 0) or (y and not 1000 <= y <= 2199):
            return False
        self.emit(m.start(), m.end(), y * 10000 + mon * 100 + d, None, "date")
        return True

    def _tok_index(self, offset: int) -> int:
        lo, hi = 0, len(self.toks) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.toks[mid].start < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo
