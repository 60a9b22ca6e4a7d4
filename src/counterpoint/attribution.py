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
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .speakers import PRONOUNS, TITLES, NameIndex, canonical_name, fold, is_name_token, is_person, words


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


# --- cues -----------------------------------------------------------------------------------------------------

def inflect(base: str) -> list[str]:
    """The base form of a regular English verb and its -s, -ed and -ing forms ("quote" -> quotes, quoted,
    quoting; "reply" -> replies, replied, replying). Irregular and doubling verbs are listed in full instead."""
    if base.endswith("e"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2:-1] not in set("aeiou"):
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("s", "sh", "ch", "x")):
        return [base, base + "es", base + "ed", base + "ing"]
    return [base, base + "s", base + "ed", base + "ing"]


# Reporting cues. "Weak" ones are also common nouns or non-speech verbs ("the claims", "found"); they count only
# with a subject that names a speaker (a name, a pronoun, or a document such as "the report"). Lists drawn from
# the seed pair, the marrowby_flood example corpus and the misses on the PolNeAR train split (bench/quotes.py);
# every verb in all its forms (before: a hand-picked subset, so "asks" and "riffed" were missed): train speaker
# accuracy 0.776 -> 0.796 on its own.
_STRONG_BASES = words("""
add warn insist state explain ask urge note argue claim allege suggest declare announce acknowledge reply
respond recall conclude stress emphasise emphasize caution complain concede confirm observe predict remark testify
boast maintain contend tweet assert continue counter muse exclaim shout yell scream whisper mutter proclaim chant
lament grumble retort interject reiterate repeat affirm quote recount riff gush marvel rail scoff sneer chide
scold tout crow plead beg implore wonder speculate reason opine insist caution vent rant vow pledge
""")
_STRONG_IRREGULAR = words("""
said says say saying told tells tell telling wrote writes write writing written spoke speaks speaking
quip quips quipped quipping admit admits admitted admitting retort
""")
# Verbs that are also common nouns ("a failed state", "the counter", "his tweets"): their base and -s forms are
# weak cues, the -ed and -ing forms strong.
_NOUNISH = frozenset(words("""state note claim counter quote tweet remark muse reason caution repeat vent rant vow
    pledge marvel rail crow plead wonder retort"""))
STRONG_CUES = sorted(
    {f for b in _STRONG_BASES for f in (inflect(b)[2:] if b in _NOUNISH else inflect(b))} | set(_STRONG_IRREGULAR)
)
WEAK_CUES = sorted(
    {f for b in words("""report call describe believe promise demand joke post reveal accuse brand label
        criticize criticise attack blast slam mock dub praise thank welcome echo insult deride dismiss deny
        predict describe characterize characterise refer title""") for f in inflect(b)}
    | set(words("thinks thought think thinking finds found find finding shows showed show showing"))
    | {f for b in _NOUNISH for f in inflect(b)[:2]}
)
# "went on" alone is mostly narrative ("he went on to murder three more men"): a cue only when it ends the
# clause ("…,” she went on.) or goes on to a speech verb.
_WENT_ON = r"(?:went|goes|go) on(?=\s*[.,;:]|\s+to\s+(?:say|add|tell|write|call|note|argue|explain|describe|warn|ask))"
MULTIWORD_CUES = ["according to", "pointed out", "points out", "called for", "calls for", "made clear",
                  "makes clear"]
PARTICIPLES = frozenset(w for w in STRONG_CUES + WEAK_CUES if w.endswith("ing"))

_CUE = re.compile(
    r"\b(?:" + _WENT_ON + "|" + "|".join(sorted((re.escape(c) for c in MULTIWORD_CUES), key=len, reverse=True))
    + r"|[Aa]ccording to|"
    + "|".join(sorted(set(STRONG_CUES + WEAK_CUES) | {"Said", "Says"}, key=len, reverse=True))
    + r")\b"
)
# capitalised, only the inverted "Said Dorothy Poynter, who grew up with Ali, “…”" ("Asked whether…" opens a
# participle clause, not a cue)
_CUE_WORDS = frozenset(STRONG_CUES + WEAK_CUES)
_WEAK = frozenset(WEAK_CUES) | {"called for", "calls for", "made clear", "makes clear"}

_SKIP_BETWEEN = frozenset(
    words("""also has had have later then previously once again further recently earlier reportedly repeatedly would
    will did does do is was were are been being just now today yesterday has always often never not had
    subsequently separately likewise too even still could should might must can may shall""")
)
_CONNECTORS = frozenset({"and", "de", "van", "von", "der", "la", "le", "da", "di", "du", "bin", "al", "&"})
_RELATIVE = frozenset({"who", "which", "whose", "whom", "that", "where", "when"})
_STOP_NP = frozenset(words("""of for at in on with from to who which that as after before during when by about
    about into over under than while if because"""))
_DETERMINERS = frozenset(
    words("the a an another one some many several two three four five his her their its this that these those our my "
    "both all most")
)
_DOCUMENTS = frozenset(
    words("""report review study survey inquiry statement document letter paper analysis investigation audit findings
    poll research ruling judgment verdict complaint lawsuit filing memo email website article book post
    newspaper magazine campaign committee""")
)
_TOKEN = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof|Jr|Sr)\.|[A-Z]\.(?=\s*[A-Z])|\w[\w’'\-]*\w|\w|[^\w\s]"
)
_QUOTE_MASK = "\x01"


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


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _is_word(tok: str) -> bool:
    return tok[0].isalnum()


def _name_run_back(toks: list[tuple[str, int, int]], i: int) -> int | None:
    """Start index of the run of name tokens ending at ``toks[i]``, or None."""
    j = i
    while j >= 0:
        w = toks[j][0]
        namelike = _is_word(w) and (w[0].isupper() or fold(w) in TITLES and j < i) and fold(w) not in _DETERMINERS
        joins_names = fold(w) in _CONNECTORS and 0 < j < i and toks[j - 1][0][0].isupper()  # "Donna and Jenny"
        if not (namelike or joins_names):
            break
        j -= 1
    j += 1
    while j <= i and (not is_name_token(toks[j][0]) and fold(toks[j][0]) not in TITLES
                      or fold(toks[j][0]) in _CONNECTORS):
        j += 1
    return j if j <= i else None


def _coordinated(text: str, lo: int, cue_start: int) -> bool:
    """Whether the verb at ``cue_start`` is the second of two joined by "and"/"but" ("…and has boasted")."""
    toks = _tokens(text, lo, cue_start)
    i = len(toks) - 1
    while i >= 0 and (fold(toks[i][0]) in _SKIP_BETWEEN or toks[i][0].endswith("ly") and toks[i][0].islower()):
        i -= 1
    return i > 0 and fold(toks[i][0]) in {"and", "but"}


def _without_parentheses(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Tokens outside (…): "Sen. Jack Reed (D-R.I.), said" reads as "Sen. Jack Reed, said"."""
    out: list[tuple[str, int, int]] = []
    depth = 0
    for tok in toks:
        if tok[0] == "(":
            depth += 1
        elif tok[0] == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(tok)
    return out if not depth else toks


def _subject_before(text: str, lo: int, cue_start: int) -> tuple[int, int] | None:
    """The mention that is the subject of a cue starting at ``cue_start``, searching back no further than ``lo``."""
    toks = _without_parentheses(_tokens(text, lo, cue_start))
    i = len(toks) - 1
    while i >= 0 and (fold(toks[i][0]) in _SKIP_BETWEEN or toks[i][0].endswith("ly") and toks[i][0].islower()):
        i -= 1
    for _ in range(4):  # appositives and relative clauses between subject and cue: "Alice Vinten, who ..., said"
        if i < 0 or toks[i][0] != ",":
            break
        k = i - 1
        while k >= 0 and toks[k][0] not in {",", ".", ";", ":", "(", ")", "—", "–", _QUOTE_MASK}:
            k -= 1
        chunk = toks[k + 1 : i]
        if not chunk:
            return None
        first = fold(chunk[0][0])
        run = _name_run_back(toks, i - 1)
        if first in _RELATIVE or first in _DETERMINERS and k >= 0 and toks[k][0] == ",":
            i = k  # skip the clause, look at what comes before it
            continue
        if run is not None and run == k + 1:
            return toks[run][1], toks[i - 1][2]
        if k >= 0 and toks[k][0] == ",":
            i = k  # a role between commas ("Brent Bozell III, founder of the Media Research Center, tells")
            continue
        return None
    if i < 0 or not _is_word(toks[i][0]):
        return None
    if fold(toks[i][0]) in PRONOUNS:
        return toks[i][1], toks[i][2]
    run = _name_run_back(toks, i)
    if run is not None:
        before = fold(toks[run - 1][0]) if run > 0 else ""
        titled = any(fold(t[0]) in TITLES for t in toks[run:i])
        if run >= 2 and fold(toks[run - 1][0]) in {"of", "at", "from", "for"} and not is_person(
            text[toks[run][1] : toks[i][2]]
        ):
            earlier = _name_run_back(toks, run - 2)
            if earlier is not None and is_person(text[toks[earlier][1] : toks[run - 2][2]]):
                return toks[earlier][1], toks[run - 2][2]
        # "the Casey Review" is a thing; "the then new Met commissioner Rowley" is a person
        if titled or before not in _DETERMINERS and not toks[run - 1][0].endswith(("’s", "'s")):
            return toks[run][1], toks[i][2]
    # a noun phrase: back to a determiner within six words, or a bare plural at the clause start ("Insiders")
    j = i
    while j >= 0 and i - j < 6 and _is_word(toks[j][0]):
        if fold(toks[j][0]) in _DETERMINERS:
            return _trailing_name(text, toks[j][1], toks[i][2]) if j < i else None
        if fold(toks[j][0]) in _STOP_NP | _RELATIVE:
            return None
        j -= 1
    if i - j <= 3 and (j < 0 or not _is_word(toks[j][0])):
        k = j + 1
        while k <= i and fold(toks[k][0]) in {"and", "but", "so", "yet", "or", "then"}:
            k += 1
        if k <= i:
            return toks[k][1], toks[i][2]
    return None


def _subject_after(text: str, cue_end: int, hi: int) -> tuple[int, int] | None:
    """The mention after a cue ("said Casey", "according to the Casey Review")."""
    toks = _tokens(text, cue_end, hi)
    if not toks or not _is_word(toks[0][0]):
        return None
    first = fold(toks[0][0])
    if first in PRONOUNS:
        return toks[0][1], toks[0][2]
    j = 0
    if first in _DETERMINERS:
        j = 1
    elif not toks[0][0][0].isupper():
        # "said retired neurosurgeon Ben Carson": a lower-case role before the name
        for n, tok in enumerate(toks[:5]):
            if not _is_word(tok[0]) or fold(tok[0]) in _STOP_NP:
                break
            if tok[0][0].isupper():
                end = n
                while end + 1 < len(toks) and _is_word(toks[end + 1][0]) and toks[end + 1][0][0].isupper():
                    end += 1
                if is_person(text[tok[1] : toks[end][2]]):
                    return tok[1], toks[end][2]
                break
    k = j
    while k < len(toks) and k - j < 6 and _is_word(toks[k][0]) and fold(toks[k][0]) not in _STOP_NP:
        w = toks[k][0]
        if j == 0 and not (w[0].isupper() or fold(w) in _CONNECTORS and k > 0):
            break
        k += 1
    if k == j:
        return None
    while k > 0 and fold(toks[k - 1][0]) in _CONNECTORS:
        k -= 1
    if j == 1 and k + 1 < len(toks) and toks[k][0] == ",":
        # "said the bureau's director, James Comey": the name in apposition is the speaker
        m = k + 1
        while m < len(toks) and _is_word(toks[m][0]) and (is_name_token(toks[m][0]) or toks[m][0].endswith(".")):
            m += 1
        if m > k + 1 and is_person(text[toks[k + 1][1] : toks[m - 1][2]]):
            return toks[k + 1][1], toks[m - 1][2]
    return _trailing_name(text, toks[0][1], toks[k - 1][2])


def _trailing_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A descriptive phrase that ends in a person's name ("the accompanying teacher Sabine Hollmann") is that
    person; anything else ("the Casey Review", "a senior officer") is kept whole."""
    toks = _tokens(text, start, end)
    if len(toks) < 2 or not toks[-1][0][:1].isupper():
        return start, end
    j = len(toks) - 1
    while j > 0 and toks[j - 1][0][:1].isupper() and fold(toks[j - 1][0]) not in _DETERMINERS:
        j -= 1
    if j == 0 or not is_person(text[toks[j][1] : end]):
        return start, end
    return toks[j][1], end


def _kind(mention: str) -> str:
    low = fold(mention)
    if low in PRONOUNS:
        return "pronoun"
    if is_person(mention):
        return "person"
    return "source" if any(w in _DOCUMENTS for w in low.split()) else "group"


# Words that open a sentence before its subject: conjunctions and sentence adverbs are skipped; a preposition or
# subordinator opens an adverbial clause that runs to the first comma ("When Trump announced his candidacy in
# June 2015, he infamously referred to Mexican immigrants as “criminals”").
_LEAD_SKIP = frozenset(words("""but and so yet still meanwhile also then now instead however indeed later earlier
    today yesterday again even nonetheless nevertheless moreover separately similarly finally ultimately"""))
_LEAD_CLAUSE = frozenset(words("""in on at after before during when while as since under with without for from by
    despite although though if because like unlike outside inside through throughout following amid among over
    last this asked speaking once until upon within against beyond given according"""))
_QUANTIFIERS = frozenset(words("many some few several most others both all about nearly almost more dozens hundreds"
                               " thousands"))
_TIME_WORDS = frozenset(words("""later ago earlier before after then morning afternoon evening night week weekend
    month year day days weeks months years time monday tuesday wednesday thursday friday saturday sunday"""))
# Words that end a subject noun phrase: auxiliaries and adverbs that come before the verb.
_NP_END = frozenset(words("""has have had is was were are will would can could did does do may might should must
    also then later once again reportedly repeatedly recently previously already never not just even still often
    who which that whose whom where when"""))


def _clause_subject(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """The subject of the sentence starting at ``lo`` whose words run up to ``end`` (a quote's opening mark):
    a pronoun, a run of capitalised words, or a noun phrase opened by a determiner or quantifier
    ("Trump blasted the instructor, calling her a “horrible witness”" -> Trump). None when the sentence opens
    with something else, or the quote comes first. (Treating a capitalised opener never written capitalised
    mid-sentence, such as "Perhaps", as a lead clause cost 0.002 on train: left out.)"""
    toks = _tokens(text, lo, end)
    i = 0
    while i < len(toks) and (fold(toks[i][0]) in _LEAD_SKIP or toks[i][0] in {",", "—", "–", "-", "("}):
        i += 1
    comma = next((k for k in range(i, min(len(toks), i + 5)) if toks[k][0] == ","), None)
    if comma is not None and comma > i and fold(toks[comma - 1][0]) in _TIME_WORDS:
        i = comma + 1  # "Hours later, she issued a statement…"
    if i < len(toks) and toks[i][0].isupper() and len(toks[i][0]) > 2:
        dash = next((k for k in range(i + 1, min(len(toks), i + 12)) if toks[k][0] in {"—", "–", "-"}), None)
        if dash is not None:
            i = dash + 1  # a dateline: "PHILADELPHIA, July 25 (UPI) — The Democratic National Committee…"
    opener = i < len(toks) and fold(toks[i][0]) in _LEAD_CLAUSE
    if opener:
        comma = next((k for k in range(i + 1, min(len(toks), i + 30)) if toks[k][0] == ","), None)
        if comma is None:
            return None
        i = comma + 1
        while i < len(toks) and fold(toks[i][0]) in _LEAD_SKIP:
            i += 1
    if i >= len(toks) - 1 or not _is_word(toks[i][0]):
        return None  # nothing but the subject itself before the quote: no verb, no attribution
    first = toks[i][0]
    if fold(first) in PRONOUNS:
        return toks[i][1], toks[i][2]
    if fold(first) in {"that", "this", "there", "these", "those", "it's", "it’s"}:
        return None  # "And that there were “power couples…”": a clause continuing the previous sentence
    if is_name_token(first) and fold(first) not in _DETERMINERS | _QUANTIFIERS:
        k = i
        while k + 1 < len(toks) and _is_word(toks[k + 1][0]) and (
            toks[k + 1][0][0].isupper() or fold(toks[k + 1][0]) in _CONNECTORS and k + 2 < len(toks)
            and toks[k + 2][0][:1].isupper()
        ):
            k += 1
        if k + 1 >= len(toks):
            return None
        return _trailing_name(text, toks[i][1], toks[k][2])
    if fold(first) in _DETERMINERS | _QUANTIFIERS:
        k = i
        while (k + 1 < len(toks) and k - i < 7 and _is_word(toks[k + 1][0])
               and fold(toks[k + 1][0]) not in _NP_END | _STOP_NP | _CUE_WORDS
               and not (k > i and toks[k + 1][0].endswith("ed") and toks[k + 1][0].islower())):
            k += 1  # up to the verb: "about 200 protesters gathered" -> "about 200 protesters"
        if k == i and fold(first) in _DETERMINERS - _QUANTIFIERS:
            return None
        return _trailing_name(text, toks[i][1], toks[k][2])
    return None


_SUBORDINATORS = frozenset(words("and but when while because as after before since though although where whereas"))


def _inner_subject(text: str, lo: int, end: int) -> tuple[int, int, int | None] | None:
    """The subject of the innermost clause before ``end`` when it is a relative "who" or a pronoun or name
    after a conjunction ("…and Sanders, who says it's “disastrous”" -> who; "…and he has long used that fact
    to bludgeon his rivals for not campaigning “the Iowa way”" -> he). Returns the mention span and, for
    "who", the start of the name it refers back to (else None)."""
    toks = _tokens(text, lo, end)
    for k in range(len(toks) - 2, 0, -1):
        w = fold(toks[k][0])
        if toks[k][0] in {";", _QUOTE_MASK} or toks[k][0] in {"—", "–"} and k < len(toks) - 1:
            return None
        if w == "who":
            j = k - 1 if toks[k - 1][0] != "," else k - 2
            run = _name_run_back(toks, j) if j >= 0 else None
            if run is None or not is_person(text[toks[run][1] : toks[j][2]]):
                return None
            return toks[k][1], toks[k][2], toks[run][1]
        if w in _SUBORDINATORS and k + 2 < len(toks):
            nxt = toks[k + 1][0]
            if fold(nxt) in {"he", "she", "they", "we", "i"} and toks[k + 2][0][:1].islower():
                return toks[k + 1][1], toks[k + 1][2], None
            if is_name_token(nxt) and fold(toks[k - 1][0]) != "between":
                m = k + 1
                while m + 1 < len(toks) and is_name_token(toks[m + 1][0]):
                    m += 1
                if m + 1 < len(toks) and toks[m + 1][0][:1].islower() and fold(toks[m + 1][0]) not in _STOP_NP \
                        and is_person(text[toks[k + 1][1] : toks[m][2]]):
                    return toks[k + 1][1], toks[m][2], None
    return None


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
                    chars[i] = _QUOTE_MASK
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
        for n, m in enumerate(_TOKEN.finditer(self.masked, lo, hi)):
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
            if fold(prev[0]) in _STOP_NP or not is_person(mention):
                continue
            speaker = self.names.resolve(mention)
            if len(speaker.split()) < 2 and len(toks) < 2:
                continue  # a lone capitalised word ("Shocking pictures…") is not evidence of a person
            start = m.start() + m.group().index(toks[0])
            return _Subject(speaker, start, m.end())
        return None

    def sentence_subject(self, lo: int, hi: int) -> tuple[str, int, int] | None:
        """Speaker of a clause such as "Ruth Callander put it simply:" — its subject person or pronoun."""
        toks = _tokens(self.masked, lo, hi)
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
        if _QUOTE_MASK in rest.split(".")[0][:3] or "\n" in rest[:3]:
            return None
        head = rest.lstrip(" \t\u00a0,")
        if inner.endswith((".", "…")) and not head[:1].islower():
            return None
        toks = _tokens(self.masked, start, hi)
        while toks and toks[0][0] in {",", "—", "–"}:
            toks = toks[1:]
        if len(toks) < 2 or not _is_word(toks[0][0]):
            return None
        if toks[0][0][:1].islower() and fold(toks[0][0]) not in PRONOUNS and fold(toks[0][0]) not in _DETERMINERS:
            if not toks[0][0].endswith(("ed", "s")):
                return None
            span = _subject_after(self.masked, toks[0][2], hi)  # “…,” exhorted Clinton's introducer
        else:
            span = _clause_subject(self.masked, toks[0][1], hi)
            if span is not None and span[0] != toks[0][1]:
                return None  # the subject must open the clause
        if span is None:
            return None
        mention = self.text[span[0] : span[1]]
        kind = _kind(mention)
        if kind == "group" and fold(mention.split()[0]) not in _DETERMINERS | _QUANTIFIERS:
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
        inner = _inner_subject(self.masked, lo, qs.open)
        if inner is not None and inner[2] is not None:  # "who": the mention is "who", the speaker its antecedent
            name = self.text[inner[2] : inner[0]].rstrip(" ,")
            return self.names.resolve(name), inner[0], inner[1]
        span = inner[:2] if inner is not None else _clause_subject(self.masked, lo, qs.open)
        if span is None:
            return None
        mention = self.text[span[0] : span[1]]
        kind = _kind(mention)
        speaker = self._resolve(mention, kind, [e for e in self.events if e.cue_start < span[0]], span[0])
        return (speaker or canonical_name(mention)), span[0], span[1]

    def _events(self) -> list[Event]:
        events: list[Event] = []
        for m in _CUE.finditer(self.masked):
            cue = m.group().lower()
            s_lo, s_hi = self.sentence_of(m.start())
            if s_lo == s_hi:
                s_lo, s_hi = max(0, m.start() - 200), min(len(self.text), m.end() + 200)
            gap_before = self.masked[s_lo : m.start()].rstrip(" ,")
            after_quote = gap_before.endswith(_QUOTE_MASK) or not gap_before.strip()
            prev_word = gap_before.rsplit(None, 1)[-1] if gap_before.strip() else ""
            if " " not in cue and (fold(prev_word) in _DETERMINERS or prev_word.endswith(("’s", "'s", "s’", "s'"))):
                continue  # a noun, not a verb: "the claims", "Clinton's remarks", "his tweets"
            span = None
            if cue == "according to":
                span = _subject_after(self.masked, m.end(), s_hi)
            elif cue in PARTICIPLES:
                same = [e for e in events if s_lo <= e.cue_start < m.start()]
                if same:
                    prev = same[-1]
                    events.append(Event(cue, m.start(), m.end(), prev.mention, prev.start, prev.end, prev.speaker,
                                        prev.kind))
                    continue
                # "Trump blasted the instructor, calling her…": the subject of the clause the participle hangs on
                span = _clause_subject(self.masked, s_lo, m.start())
                if span is None:
                    span = _subject_before(self.masked, s_lo, m.start())
            else:
                if after_quote:
                    span = _subject_after(self.masked, m.end(), s_hi)
                if span is None and _coordinated(self.masked, s_lo, m.start()):
                    # "Trump has made his wealth a centerpiece and has boasted of…": the first verb's subject
                    span = _clause_subject(self.masked, s_lo, m.start())
                if span is None:
                    span = _subject_before(self.masked, s_lo, m.start())
                lead = self.masked[s_lo : m.start()].rstrip()
                if span is None and cue not in _WEAK and (not lead or lead.endswith(",")):
                    # inverted after a clause: "…from the same mosque, said the bureau's director, James Comey"
                    # (not "…, said that it was": a complement clause, not a subject)
                    span = _subject_after(self.masked, m.end(), s_hi)
                    head = self.masked[span[0] : span[1]].split()[0] if span is not None else ""
                    if fold(head) in {*PRONOUNS, "that"} or head[:1].isupper() and not is_name_token(head):
                        span = None  # "…, said Thursday that…": a day, not a speaker
            if span is None:
                continue
            mention = self.text[span[0] : span[1]]
            kind = _kind(mention)
            if cue in _WEAK and kind == "group":
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


def _document_before(text: str, offset: int) -> tuple[str, int, int] | None:
    """The last "the report"-like phrase before ``offset``: what "it" refers to when no source spoke before."""
    pat = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s+(?:[\w-]+\s+){0,2}?(?:"
                     + "|".join(sorted(_DOCUMENTS)) + r")\b")
    last = None
    for m in pat.finditer(text, 0, offset):
        last = m
    return (canonical_name(last.group()), last.start(), last.end()) if last else None



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
    strong = [e for e in inside if e.cue not in _WEAK]
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
    doc = _document_before(att.text, qs.open)
    if doc is None:
        return e
    return Event(e.cue, e.cue_start, e.cue_end, e.mention, e.start, e.end, doc[0], e.kind)


