"""Who said each quote: reporting cues, their subjects, clause subjects, pronouns and continuation.

Every reporting cue outside quotes ("X said", "said X", "according to X", "X told the PA news agency", "she
went on", participles such as "adding") becomes a *speaker event* with the mention it names: the subject before
the verb (through appositives, relative clauses and parentheses: "Sen. Jack Reed (D-R.I.), said"), after it
("said Casey", and "…, said the bureau's director, James Comey" after a clause), the subject of the clause a
participle hangs on ("Trump blasted her, calling her…"), or of the first of two joined verbs ("…and has
boasted"). A cue word used as a noun ("Clinton's remarks", "the claims") is not a cue. Pronouns (he/she/it/
they) resolve to the most recent event or sentence subject of a compatible kind: he/she to a person whose
title (Sir, Baroness...) does not say otherwise, it to a non-person source (a report, a review).

A quote takes, in order of preference (``Attribution.rule`` in brackets):

1. a cue right after it (“…,” Casey said / “…,” said the report) ["cue"];
2. a cue right before it (Casey said, “…” / told reporters: “…”), possibly ending the previous sentence ["cue"];
3. ``Name: “…”`` or the subject of a clause ending in a colon ["colon"];
4. the nearest cue in its own sentence(s), before the quote if there is one (Rowley said he accepts the
   “diagnosis”) ["cue"];
5. for a quote that opens its sentence and does not end it, the subject of *any* verb right after it (“…,”
   Trump answered / “…!” some protesters hollered / “…,” exhorted actress Jamie Lee Curtis) ["verb-after"];
6. the subject of the clause the quote sits in (Trump took a risk, telling the crowd, “…” / …and Sanders, who
   says it's “disastrous” -> the mention "who", the speaker Sanders) ["subject"]; not for headlines;
7. the speaker of the previous quote, when this one has no cue and follows it in the same paragraph or opens
   the next one (partial quotes: only from the same or the adjacent sentence) ["continues"].

Rules 5 and 6 and the full cue lexicon raised strict speaker accuracy on PolNeAR train from 0.776 to 0.895
(bench/quotes.py; dev 0.746 -> 0.866), mostly on partial quotes woven into a sentence whose subject is the
speaker but whose verb is not a speech verb ("referred to immigrants as “criminals”").

Non-person sources stay as written ("the report", "Insiders", "about 200 protesters"). Several people named
together are one speaker ("The sisters of Port’s fourth victim, Jack Taylor, Donna and Jenny, said" -> "Donna
and Jenny": the names next to the cue, because that is what readers and other outlets repeat). Person names are
resolved per article to their longest full form by :class:`counterpoint.speakers.NameIndex`.

The cue lexicon is :mod:`counterpoint.cues`; the finders of the mention a cue or a clause names (subject before or
after a cue, clause subjects, relative "who") are :mod:`counterpoint.mentions`. This module turns them into events,
resolves names and pronouns, and applies the rules above.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from . import cues, mentions

# The cue lexicon lived here before it moved to cues.py: still importable from attribution.
from .cues import MULTIWORD_CUES, PARTICIPLES, STRONG_CUES, WEAK_CUES, inflect
from .speakers import PRONOUNS, TITLES, NameIndex, canonical_name, fold, is_name_token, is_person

__all__ = [
    "MULTIWORD_CUES", "PARTICIPLES", "STRONG_CUES", "UNATTRIBUTED", "WEAK_CUES", "Attribution", "Event", "Marked",
    "attribute", "inflect", "paragraphs",
]


class Marked(Protocol):
    """A quote's marks: ``open`` is the index of the opening mark, ``close`` of the closing one (or the end of
    the paragraph for an unclosed piece)."""

    @property
    def open(self) -> int: ...

    @property
    def close(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said one quote: the canonical ``speaker``, the mention it was read from (``start``..``end``), the cue
    word, and the ``rule`` that decided it (see the module doc; None when nothing did)."""

    speaker: str | None = None
    start: int | None = None
    end: int | None = None
    cue: str | None = None
    rule: str | None = None


UNATTRIBUTED = Attribution()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of ``text`` as (start, end) offsets: the paragraphs of an extracted body."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]



@dataclass(frozen=True, slots=True)
class Event:
    """A reporting clause: ``mention`` (``start``..``end``) said something; ``speaker`` is its resolved name."""

    cue: str
    cue_start: int
    cue_end: int
    mention: str
    start: int
    end: int
    speaker: str | None
    kind: str  # "person" | "pronoun" | "source" | "group"



@dataclass(frozen=True, slots=True)
class _Subject:
    """A person named as the subject of a sentence ("Retired postman Dennis Pryke, 67, was trapped..."): a
    possible antecedent for a later "he said" even though that person has not spoken before."""

    speaker: str
    start: int
    end: int


_SUBJECT_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'\-]*(?:[ \t]+(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*|de|van|von|der|bin|al))*")


class _Attributor:
    """Finds speaker events over a masked copy of the body and resolves pronouns in text order."""

    def __init__(self, text: str, spans: Sequence[Marked], sentences: list[tuple[int, int]]) -> None:
        chars = list(text)
        for s in spans:
            for i in range(s.open, min(s.close + 1, len(text))):
                if chars[i] != "\n":
                    chars[i] = mentions.QUOTE_MASK
        self.text = text
        self.masked = "".join(chars)
        self.sentences = sorted(sentences)
        self._starts = [s for s, _ in self.sentences]
        self.names = NameIndex.from_text(text)
        self.learned_gender: dict[str, str] = {}
        self.subjects = [subj for lo, hi in self.sentences if (subj := self._person_subject(lo, hi)) is not None]
        self.events = self._events()

    def sentence_of(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self._starts, offset) - 1
        if k >= 0 and self.sentences[k][0] <= offset < self.sentences[k][1]:
            return self.sentences[k]
        return offset, offset

    def _person_subject(self, lo: int, hi: int) -> _Subject | None:
        """The first person named in the first eight words of a sentence, unless a preposition governs it."""
        head_end = lo
        for n, m in enumerate(mentions.TOKEN.finditer(self.masked, lo, hi)):
            head_end = m.end()
            if n >= 8:
                break
        for m in _SUBJECT_RUN.finditer(self.masked, lo, head_end):
            toks = m.group().split()
            while toks and not is_name_token(toks[0]) and fold(toks[0]) not in TITLES:
                toks = toks[1:]
            if not toks:
                continue
            mention = " ".join(toks)
            prev = self.masked[lo : m.start()].split()[-1:] or [""]
            if fold(prev[0]) in mentions.STOP_NP or not is_person(mention):
                continue
            speaker = self.names.resolve(mention)
            if len(speaker.split()) < 2 and len(toks) < 2:
                continue  # a lone capitalised word ("Shocking pictures…") is not evidence of a person
            start = m.start() + m.group().index(toks[0])
            return _Subject(speaker, start, m.end())
        return None

    def sentence_subject(self, lo: int, hi: int) -> tuple[str, int, int] | None:
        """Speaker of a clause such as "Ruth Callander put it simply:" — its subject person or pronoun."""
        toks = mentions.tokens(self.masked, lo, hi)
        if toks and fold(toks[0][0]) in PRONOUNS:
            speaker = self._resolve(toks[0][0], "pronoun", self.events, toks[0][1])
            return (speaker, toks[0][1], toks[0][2]) if speaker else None
        subj = self._person_subject(lo, hi)
        return (subj.speaker, subj.start, subj.end) if subj else None

    def trailing_clause(self, qs: Marked) -> tuple[str, int, int] | None:
        """Rule 5: “…,” Trump answered / “…!” some protesters hollered / “…,” exhorted actress Jamie Lee Curtis:
        the subject of any verb in the clause that follows a quote not closed by a full stop."""
        inner = self.text[qs.open + 1 : qs.close].rstrip()
        own = self.sentence_of(qs.open)
        if own[0] == own[1] or self.masked[own[0] : qs.open].strip():
            return None  # only a quote that opens its sentence: after a woven-in fragment comes its object
        lo, hi = self.sentence_of(min(qs.close + 1, len(self.text) - 1))
        if lo == hi or hi <= qs.close + 1:
            return None
        start = qs.close + 1
        rest = self.masked[start:hi]
        if mentions.QUOTE_MASK in rest.split(".")[0][:3] or "\n" in rest[:3]:
            return None
        head = rest.lstrip(" \t\u00a0,")
        if inner.endswith((".", "…")) and not head[:1].islower():
            return None
        toks = mentions.tokens(self.masked, start, hi)
        while toks and toks[0][0] in {",", "—", "–"}:
            toks = toks[1:]
        if len(toks) < 2 or not mentions.is_word(toks[0][0]):
            return None
        first = fold(toks[0][0])
        if toks[0][0][:1].islower() and first not in PRONOUNS and first not in mentions.DETERMINERS:
            if not toks[0][0].endswith(("ed", "s")):
                return None
            span = mentions.subject_after(self.masked, toks[0][2], hi)  # “…,” exhorted Clinton's introducer
        else:
            span = mentions.clause_subject(self.masked, toks[0][1], hi)
            if span is not None and span[0] != toks[0][1]:
                return None  # the subject must open the clause
        if span is None:
            return None
        mention = self.text[span[0] : span[1]]
        kind = mentions.kind(mention)
        if kind == "group" and fold(mention.split()[0]) not in mentions.DETERMINERS | mentions.QUANTIFIERS:
            return None
        speaker = self._resolve(mention, kind, [e for e in self.events if e.cue_start < span[0]], span[0])
        return (speaker or canonical_name(mention)), span[0], span[1]

    def clause_subject(self, qs: Marked) -> tuple[str, int, int] | None:
        """Rule 6: the subject of the clause a quote sits in, when no cue attributes it."""
        lo, hi = self.sentence_of(qs.open)
        if lo == hi or not self.masked[lo : qs.open].strip():
            return None
        line_end = self.text.find("\n", qs.open)
        line = self.text[qs.open : line_end if line_end >= 0 else len(self.text)].rstrip()
        if not line.endswith((".", "!", "?", "…", ":", ";", "”", "’", '"', "'", ")", "»")):
            return None  # a headline or caption ("Male cop used ‘revenge porn’ against female colleague")
        inner = mentions.inner_subject(self.masked, lo, qs.open)
        if inner is not None and inner[2] is not None:  # "who": the mention is "who", the speaker its antecedent
            name = self.text[inner[2] : inner[0]].rstrip(" ,")
            return self.names.resolve(name), inner[0], inner[1]
        span = inner[:2] if inner is not None else mentions.clause_subject(self.masked, lo, qs.open)
        if span is None:
            return None
        mention = self.text[span[0] : span[1]]
        kind = mentions.kind(mention)
        speaker = self._resolve(mention, kind, [e for e in self.events if e.cue_start < span[0]], span[0])
        return (speaker or canonical_name(mention)), span[0], span[1]

    def _events(self) -> list[Event]:
        events: list[Event] = []
        for m in cues.PATTERN.finditer(self.masked):
            cue = m.group().lower()
            s_lo, s_hi = self.sentence_of(m.start())
            if s_lo == s_hi:
                s_lo, s_hi = max(0, m.start() - 200), min(len(self.text), m.end() + 200)
            gap_before = self.masked[s_lo : m.start()].rstrip(" ,")
            after_quote = gap_before.endswith(mentions.QUOTE_MASK) or not gap_before.strip()
            prev_word = gap_before.rsplit(None, 1)[-1] if gap_before.strip() else ""
            possessive = prev_word.endswith(("’s", "'s", "s’", "s'"))
            if " " not in cue and (fold(prev_word) in mentions.DETERMINERS or possessive):
                continue  # a noun, not a verb: "the claims", "Clinton's remarks", "his tweets"
            span = None
            if cue == "according to":
                span = mentions.subject_after(self.masked, m.end(), s_hi)
            elif cue in cues.PARTICIPLES:
                same = [e for e in events if s_lo <= e.cue_start < m.start()]
                if same:
                    prev = same[-1]
                    events.append(Event(cue, m.start(), m.end(), prev.mention, prev.start, prev.end, prev.speaker,
                                        prev.kind))
                    continue
                # "Trump blasted the instructor, calling her…": the subject of the clause the participle hangs on
                span = mentions.clause_subject(self.masked, s_lo, m.start())
                if span is None:
                    span = mentions.subject_before(self.masked, s_lo, m.start())
            else:
                if after_quote:
                    span = mentions.subject_after(self.masked, m.end(), s_hi)
                if span is None and mentions.coordinated(self.masked, s_lo, m.start()):
                    # "Trump has made his wealth a centerpiece and has boasted of…": the first verb's subject
                    span = mentions.clause_subject(self.masked, s_lo, m.start())
                if span is None:
                    span = mentions.subject_before(self.masked, s_lo, m.start())
                lead = self.masked[s_lo : m.start()].rstrip()
                if span is None and cue not in cues.WEAK and (not lead or lead.endswith(",")):
                    # inverted after a clause: "…from the same mosque, said the bureau's director, James Comey"
                    # (not "…, said that it was": a complement clause, not a subject)
                    span = mentions.subject_after(self.masked, m.end(), s_hi)
                    head = self.masked[span[0] : span[1]].split()[0] if span is not None else ""
                    if fold(head) in {*PRONOUNS, "that"} or head[:1].isupper() and not is_name_token(head):
                        span = None  # "…, said Thursday that…": a day, not a speaker
            if span is None:
                continue
            mention = self.text[span[0] : span[1]]
            kind = mentions.kind(mention)
            if cue in cues.WEAK and kind == "group":
                continue
            speaker = self._resolve(mention, kind, events, span[0])
            events.append(Event(cue, m.start(), m.end(), mention, span[0], span[1], speaker, kind))
        return events

    def _gender(self, name: str) -> str | None:
        return self.names.gender(name) or self.learned_gender.get(name)

    def _resolve(self, mention: str, kind: str, before: list[Event], pos: int) -> str | None:
        if kind == "person":
            return self.names.resolve(mention)
        if kind != "pronoun":
            return canonical_name(mention)
        p = PRONOUNS[fold(mention)]
        # antecedents: earlier speakers, and people named as the subject of an earlier sentence
        cands: list[tuple[int, str, str]] = [
            (e.cue_start, e.speaker, _antecedent_kind(e)) for e in before if e.speaker is not None
        ]
        cands += [(s.start, s.speaker, "person") for s in self.subjects if s.start < pos]
        for _, speaker, ckind in sorted(cands, key=lambda c: -c[0]):
            if p in {"m", "f"}:
                g = self._gender(speaker)
                if ckind == "person" and (g is None or g == p):
                    self.learned_gender.setdefault(speaker, p)
                    return speaker
            elif p == "thing":
                if ckind == "source":
                    return speaker
            elif p == "plural":
                if ckind == "group" or " and " in speaker:
                    return speaker
            else:
                return speaker
        return None


def _antecedent_kind(e: Event) -> str:
    if e.kind == "pronoun":
        return "person" if e.speaker is not None and is_person(e.speaker) else "source"
    return e.kind



def attribute(
    text: str, spans: Sequence[Marked], *, partial: Sequence[bool], sentences: list[tuple[int, int]]
) -> list[Attribution]:
    """The attribution of each quote in ``spans`` (top-level quotes in text order; ``partial`` flags the ones
    woven into the writer's sentence), given the body's sentence offsets."""
    att = _Attributor(text, spans, sentences)
    paras = paragraphs(text)
    para_starts = [ps for ps, _ in paras]

    def para_of(offset: int) -> int:
        k = bisect.bisect_right(para_starts, offset) - 1
        return k if k >= 0 and offset < paras[k][1] else -1

    out: list[Attribution] = []
    prev: tuple[Attribution, int, tuple[int, int]] | None = None
    for qs, is_partial in zip(spans, partial, strict=True):
        # the frame: the sentence(s) holding the quote, from its opening mark to its closing mark
        first_sent = att.sentence_of(qs.open)
        last_sent = att.sentence_of(min(qs.close, len(text) - 1))
        frame_lo = first_sent[0] if first_sent[0] != first_sent[1] else qs.open
        frame_hi = max(last_sent[1], qs.close + 1)
        event, speaker = _choose(att, qs, frame_lo, frame_hi)
        para = para_of(qs.open)
        sent = att.sentence_of(qs.open)
        if event is None and speaker is None:
            rule = "verb-after"
            subj = att.trailing_clause(qs)
            if subj is None:
                rule, subj = "subject", att.clause_subject(qs)
            if subj is not None:
                a = Attribution(subj[0], subj[1], subj[2], None, rule)
                out.append(a)
                prev = (a, para, sent)
                continue
        if event is None and speaker is None and prev is not None and prev[0].start is not None:
            pa, ppara, psent = prev
            headline = qs.open == paras[para][0] and not re.search(r"[.!?…:,]\W*$", text[qs.open : paras[para][1]])
            near = not headline and (para == ppara or (para == ppara + 1 and qs.open == paras[para][0]))
            if is_partial:
                near = para == ppara and (sent == psent or _adjacent(att.sentences, psent, sent))
            if near:
                out.append(Attribution(pa.speaker, pa.start, pa.end, pa.cue, "continues"))
                prev = (out[-1], para, sent)
                continue
        if event is not None:
            a = Attribution(event.speaker, event.start, event.end, event.cue, "cue")
        elif speaker is not None:
            a = Attribution(speaker[0], speaker[1], speaker[2], None, "colon")
        else:
            a = UNATTRIBUTED
        out.append(a)
        if a.start is not None or not is_partial:
            prev = (a, para, sent)
    return out

def _adjacent(sentences: list[tuple[int, int]], a: tuple[int, int], b: tuple[int, int]) -> bool:
    try:
        return abs(sentences.index(a) - sentences.index(b)) <= 1
    except ValueError:
        return False


def _choose(att: _Attributor, qs: Marked, lo: int, hi: int) -> tuple[Event | None, tuple[str, int, int] | None]:
    """The event that attributes quote ``qs`` (rules 1-4 of the module doc), or a ``Name:`` speaker."""
    masked = att.masked
    evs = att.events
    # 1. right after, in the same sentence: “…,” Casey said. A quote closed by a full stop and followed by a
    #    capital ("…reform.” He added…") ends its sentence; the next clause is not its attribution.
    inner = att.text[qs.open + 1 : qs.close].rstrip()
    after = att.text[qs.close + 1 : qs.close + 40].lstrip(" \t\u00a0,")
    ends_sentence = inner.endswith((".", "…")) and after[:1].isupper()
    for e in evs if not ends_sentence else ():
        first = min(e.start, e.cue_start)
        if qs.close < first and first - qs.close < 80 and re.fullmatch(r"[ \t\u00a0,;:—–\-]*",
                                                                        masked[qs.close + 1 : first]):
            return _with_it(att, e, qs), None
    # 2. right before: the clause ends with a colon or comma (or nothing) before the opening mark
    for e in reversed(evs):
        if e.cue_end <= qs.open and qs.open - e.cue_end < 120 and max(e.end, e.cue_end) <= qs.open:
            gap = masked[max(e.end, e.cue_end) : qs.open]
            if re.fullmatch(r"\s*(?:that\s*)?|[^.!?\x01]{0,60}[:,]\s*|\s*[:,]\s*", gap):
                return _with_it(att, e, qs), None
            break
    # 3. Name: “...” / Chief Fire Officer Ruth Callander put it simply: “...” (the subject of a clause ending in
    #    a colon)
    intro = lo
    if not masked[lo : qs.open].strip() and re.search(r":\s*$", masked[max(0, lo - 400) : lo]):
        intro = att.sentence_of(len(masked[:lo].rstrip()) - 1)[0]  # "...released the following statement:" ¶ “…”
    if intro < qs.open and re.search(r":\s*$", masked[intro : qs.open]):
        m = re.search(r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s*:\s*$", masked[intro : qs.open])
        if m and is_person(m.group(1)):
            s, e2 = intro + m.start(1), intro + m.end(1)
            return None, (att.names.resolve(m.group(1)), s, e2)
        clause = max(intro, masked.rfind(",", intro, qs.open) + 1)  # the clause that ends in the colon
        subj = att.sentence_subject(clause, qs.open) or att.sentence_subject(intro, qs.open)
        if subj is not None:
            return None, subj
    # 4. the nearest cue in the quote's own sentence(s)
    inside = [e for e in evs if lo <= e.cue_start < hi]
    strong = [e for e in inside if e.cue not in cues.WEAK]
    inside = strong or inside  # "Rowley said the report showed “…”": the speaker is the one who said
    if inside:
        # the clause that opens on a cue governs the quotes after it ("After Scalia said … “less advanced
        # schools,” Trump said: …"): the nearest cue before the quote, else the nearest after
        before = [e for e in inside if e.cue_end <= qs.open]
        if before:
            return _with_it(att, before[-1], qs), None
        best = min(inside, key=lambda e: min(abs(e.cue_start - qs.close), abs(e.cue_end - qs.open)))
        return _with_it(att, best, qs), None
    return None, None


def _with_it(att: _Attributor, e: Event, qs: Marked) -> Event:
    """An "it says" event that found no earlier source takes the last document named before the quote."""
    if e.speaker is not None or fold(e.mention) != "it":
        return e
    doc = mentions.document_before(att.text, qs.open)
    if doc is None:
        return e
    return Event(e.cue, e.cue_start, e.cue_end, e.mention, e.start, e.end, doc[0], e.kind)



