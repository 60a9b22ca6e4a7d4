"""Mentions that reporting clauses and quotes' clauses name, as character spans: the subject before a cue
(through appositives, relative clauses and parentheses: "Sen. Jack Reed (D-R.I.), said"), after it ("said Casey",
"according to the Casey Review", and "…, said the bureau's director, James Comey" after a clause), the subject of
the clause a participle or a woven-in quote hangs on ("Trump blasted her, calling her…"), of a relative "who" or of
a clause after a conjunction, and the kind of a mention (person, pronoun, source, group). They read a copy of the
body whose quotes are masked with :data:`QUOTE_MASK`; resolving a mention to a speaker (names, pronouns) is
:mod:`counterpoint.attribution`'s job.
"""

from __future__ import annotations

import re

from . import cues
from .speakers import PRONOUNS, TITLES, canonical_name, fold, is_name_token, is_person, words

_SKIP_BETWEEN = frozenset(
    words("""also has had have later then previously once again further recently earlier reportedly repeatedly would
    will did does do is was were are been being just now today yesterday has always often never not had
    subsequently separately likewise too even still could should might must can may shall""")
)
_CONNECTORS = frozenset({"and", "de", "van", "von", "der", "la", "le", "da", "di", "du", "bin", "al", "&"})
_RELATIVE = frozenset({"who", "which", "whose", "whom", "that", "where", "when"})
STOP_NP = frozenset(words("""of for at in on with from to who which that as after before during when by about
    about into over under than while if because"""))
DETERMINERS = frozenset(
    words("the a an another one some many several two three four five his her their its this that these those our my "
    "both all most")
)
_DOCUMENTS = frozenset(
    words("""report review study survey inquiry statement document letter paper analysis investigation audit findings
    poll research ruling judgment verdict complaint lawsuit filing memo email website article book post
    newspaper magazine campaign committee""")
)
TOKEN = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof|Jr|Sr)\.|[A-Z]\.(?=\s*[A-Z])|\w[\w’'\-]*\w|\w|[^\w\s]"
)
# stands in for every quoted character (newlines kept): words inside quotes are never cues or subjects
QUOTE_MASK = "\x01"


def tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(token, start, end) for the words, abbreviations ("Sen."), initials and punctuation of text[start:end]."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]


def is_word(tok: str) -> bool:
    """Whether a token is a word rather than punctuation."""
    return tok[0].isalnum()


def _name_run_back(toks: list[tuple[str, int, int]], i: int) -> int | None:
    """Start index of the run of name tokens ending at ``toks[i]``, or None."""
    j = i
    while j >= 0:
        w = toks[j][0]
        namelike = is_word(w) and (w[0].isupper() or fold(w) in TITLES and j < i) and fold(w) not in DETERMINERS
        joins_names = fold(w) in _CONNECTORS and 0 < j < i and toks[j - 1][0][0].isupper()  # "Donna and Jenny"
        if not (namelike or joins_names):
            break
        j -= 1
    j += 1
    while j <= i and (not is_name_token(toks[j][0]) and fold(toks[j][0]) not in TITLES
                      or fold(toks[j][0]) in _CONNECTORS):
        j += 1
    return j if j <= i else None


def coordinated(text: str, lo: int, cue_start: int) -> bool:
    """Whether the verb at ``cue_start`` is the second of two joined by "and"/"but" ("…and has boasted")."""
    toks = tokens(text, lo, cue_start)
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


def subject_before(text: str, lo: int, cue_start: int) -> tuple[int, int] | None:
    """The mention that is the subject of a cue starting at ``cue_start``, searching back no further than ``lo``."""
    toks = _without_parentheses(tokens(text, lo, cue_start))
    i = len(toks) - 1
    while i >= 0 and (fold(toks[i][0]) in _SKIP_BETWEEN or toks[i][0].endswith("ly") and toks[i][0].islower()):
        i -= 1
    for _ in range(4):  # appositives and relative clauses between subject and cue: "Alice Vinten, who ..., said"
        if i < 0 or toks[i][0] != ",":
            break
        k = i - 1
        while k >= 0 and toks[k][0] not in {",", ".", ";", ":", "(", ")", "—", "–", QUOTE_MASK}:
            k -= 1
        chunk = toks[k + 1 : i]
        if not chunk:
            return None
        first = fold(chunk[0][0])
        run = _name_run_back(toks, i - 1)
        if first in _RELATIVE or first in DETERMINERS and k >= 0 and toks[k][0] == ",":
            i = k  # skip the clause, look at what comes before it
            continue
        if run is not None and run == k + 1:
            return toks[run][1], toks[i - 1][2]
        if k >= 0 and toks[k][0] == ",":
            i = k  # a role between commas ("Brent Bozell III, founder of the Media Research Center, tells")
            continue
        return None
    if i < 0 or not is_word(toks[i][0]):
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
        if titled or before not in DETERMINERS and not toks[run - 1][0].endswith(("’s", "'s")):
            return toks[run][1], toks[i][2]
    # a noun phrase: back to a determiner within six words, or a bare plural at the clause start ("Insiders")
    j = i
    while j >= 0 and i - j < 6 and is_word(toks[j][0]):
        if fold(toks[j][0]) in DETERMINERS:
            return _trailing_name(text, toks[j][1], toks[i][2]) if j < i else None
        if fold(toks[j][0]) in STOP_NP | _RELATIVE:
            return None
        j -= 1
    if i - j <= 3 and (j < 0 or not is_word(toks[j][0])):
        k = j + 1
        while k <= i and fold(toks[k][0]) in {"and", "but", "so", "yet", "or", "then"}:
            k += 1
        if k <= i:
            return toks[k][1], toks[i][2]
    return None


def subject_after(text: str, cue_end: int, hi: int) -> tuple[int, int] | None:
    """The mention after a cue ("said Casey", "according to the Casey Review")."""
    toks = tokens(text, cue_end, hi)
    if not toks or not is_word(toks[0][0]):
        return None
    first = fold(toks[0][0])
    if first in PRONOUNS:
        return toks[0][1], toks[0][2]
    j = 0
    if first in DETERMINERS:
        j = 1
    elif not toks[0][0][0].isupper():
        # "said retired neurosurgeon Ben Carson": a lower-case role before the name
        for n, tok in enumerate(toks[:5]):
            if not is_word(tok[0]) or fold(tok[0]) in STOP_NP:
                break
            if tok[0][0].isupper():
                end = n
                while end + 1 < len(toks) and is_word(toks[end + 1][0]) and toks[end + 1][0][0].isupper():
                    end += 1
                if is_person(text[tok[1] : toks[end][2]]):
                    return tok[1], toks[end][2]
                break
    k = j
    while k < len(toks) and k - j < 6 and is_word(toks[k][0]) and fold(toks[k][0]) not in STOP_NP:
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
        while m < len(toks) and is_word(toks[m][0]) and (is_name_token(toks[m][0]) or toks[m][0].endswith(".")):
            m += 1
        if m > k + 1 and is_person(text[toks[k + 1][1] : toks[m - 1][2]]):
            return toks[k + 1][1], toks[m - 1][2]
    return _trailing_name(text, toks[0][1], toks[k - 1][2])


def _trailing_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A descriptive phrase that ends in a person's name ("the accompanying teacher Sabine Hollmann") is that
    person; anything else ("the Casey Review", "a senior officer") is kept whole."""
    toks = tokens(text, start, end)
    if len(toks) < 2 or not toks[-1][0][:1].isupper():
        return start, end
    j = len(toks) - 1
    while j > 0 and toks[j - 1][0][:1].isupper() and fold(toks[j - 1][0]) not in DETERMINERS:
        j -= 1
    if j == 0 or not is_person(text[toks[j][1] : end]):
        return start, end
    return toks[j][1], end


def kind(mention: str) -> str:
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
QUANTIFIERS = frozenset(words("many some few several most others both all about nearly almost more dozens hundreds"
                               " thousands"))
_TIME_WORDS = frozenset(words("""later ago earlier before after then morning afternoon evening night week weekend
    month year day days weeks months years time monday tuesday wednesday thursday friday saturday sunday"""))
# Words that end a subject noun phrase: auxiliaries and adverbs that come before the verb.
_NP_END = frozenset(words("""has have had is was were are will would can could did does do may might should must
    also then later once again reportedly repeatedly recently previously already never not just even still often
    who which that whose whom where when"""))


def clause_subject(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """The subject of the sentence starting at ``lo`` whose words run up to ``end`` (a quote's opening mark):
    a pronoun, a run of capitalised words, or a noun phrase opened by a determiner or quantifier
    ("Trump blasted the instructor, calling her a “horrible witness”" -> Trump). None when the sentence opens
    with something else, or the quote comes first. (Treating a capitalised opener never written capitalised
    mid-sentence, such as "Perhaps", as a lead clause cost 0.002 on train: left out.)"""
    toks = tokens(text, lo, end)
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
    if i >= len(toks) - 1 or not is_word(toks[i][0]):
        return None  # nothing but the subject itself before the quote: no verb, no attribution
    first = toks[i][0]
    if fold(first) in PRONOUNS:
        return toks[i][1], toks[i][2]
    if fold(first) in {"that", "this", "there", "these", "those", "it's", "it’s"}:
        return None  # "And that there were “power couples…”": a clause continuing the previous sentence
    if is_name_token(first) and fold(first) not in DETERMINERS | QUANTIFIERS:
        k = i
        while k + 1 < len(toks) and is_word(toks[k + 1][0]) and (
            toks[k + 1][0][0].isupper() or fold(toks[k + 1][0]) in _CONNECTORS and k + 2 < len(toks)
            and toks[k + 2][0][:1].isupper()
        ):
            k += 1
        if k + 1 >= len(toks):
            return None
        return _trailing_name(text, toks[i][1], toks[k][2])
    if fold(first) in DETERMINERS | QUANTIFIERS:
        k = i
        while (k + 1 < len(toks) and k - i < 7 and is_word(toks[k + 1][0])
               and fold(toks[k + 1][0]) not in _NP_END | STOP_NP | cues.WORDS
               and not (k > i and toks[k + 1][0].endswith("ed") and toks[k + 1][0].islower())):
            k += 1  # up to the verb: "about 200 protesters gathered" -> "about 200 protesters"
        if k == i and fold(first) in DETERMINERS - QUANTIFIERS:
            return None
        return _trailing_name(text, toks[i][1], toks[k][2])
    return None


_SUBORDINATORS = frozenset(words("and but when while because as after before since though although where whereas"))


def inner_subject(text: str, lo: int, end: int) -> tuple[int, int, int | None] | None:
    """The subject of the innermost clause before ``end`` when it is a relative "who" or a pronoun or name
    after a conjunction ("…and Sanders, who says it's “disastrous”" -> who; "…and he has long used that fact
    to bludgeon his rivals for not campaigning “the Iowa way”" -> he). Returns the mention span and, for
    "who", the start of the name it refers back to (else None)."""
    toks = tokens(text, lo, end)
    for k in range(len(toks) - 2, 0, -1):
        w = fold(toks[k][0])
        if toks[k][0] in {";", QUOTE_MASK} or toks[k][0] in {"—", "–"} and k < len(toks) - 1:
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
                if m + 1 < len(toks) and toks[m + 1][0][:1].islower() and fold(toks[m + 1][0]) not in STOP_NP \
                        and is_person(text[toks[k + 1][1] : toks[m][2]]):
                    return toks[k + 1][1], toks[m][2], None
    return None



def document_before(text: str, offset: int) -> tuple[str, int, int] | None:
    """The last "the report"-like phrase before ``offset``: what "it" refers to when no source spoke before."""
    pat = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s+(?:[\w-]+\s+){0,2}?(?:"
                     + "|".join(sorted(_DOCUMENTS)) + r")\b")
    last = None
    for m in pat.finditer(text, 0, offset):
        last = m
    return (canonical_name(last.group()), last.start(), last.end()) if last else None

