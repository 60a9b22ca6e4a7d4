"""Plain-text cleaning: take the site chrome out of pasted or scraped article text, and say what was taken.

Text copied from a news page, or produced by an HTML extractor, still carries the page around the article:
newsletter and donation prompts, "Downloading PDF. Please wait...", "Latest News", share/follow rows, issue
numbers, copyright footers, URL and timestamp lines, photo captions and credits, a date header, a "By NAME" byline
and the headline. :func:`clean_text` sorts every non-blank line of the input into exactly one of: the body (kept
verbatim), ``removed`` (with a short reason), ``captions``, or the title / byline / published / url fields (which
are also recorded in ``removed``). Nothing is lost. The removed prompts often name the outlet ("Make a donation
to Socialist Worker"); :func:`counterpoint.outlets.outlet_from_chrome` reads it from them.

Precision over recall: a false removal loses evidence, a missed prompt only adds a sentence nobody will align, so
every rule is anchored to the *whole line* (or the whole of a line's prefix for the date header) and capped in
length; an ordinary sentence that merely mentions a newsletter, starts "By the end of the year" or quotes
"Read more" is never touched.

Decisions
- The standfirst (the subtitle under the headline) stays in the body: it is the outlet's own framing of the
  story, which is exactly what counterpoint compares. So does every in-body subheading.
- A title is only taken from the header when the header also shows page furniture (a byline, a date header or a
  chrome line): a bare first line could be a subheading or standfirst, and taking it would make cleaning not
  idempotent (cleaning a clean body would remove its first line). Callers that know the title (HTML metadata,
  JSONL) pass ``title=`` and a matching header line is removed as the title.
- Captions, photo credits and image alt text go to ``captions`` only, not to ``removed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from .model import Removed

__all__ = ["Cleaned", "clean_text", "parse_date"]


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning: the body and everything that was taken out of it."""

    body: str
    removed: tuple[Removed, ...] = ()
    captions: tuple[str, ...] = ()
    title: str | None = None
    byline: str | None = None
    published: date | None = None
    # The page's address, when the header (the lines before the first paragraph) gives one on a line of its own.
    url: str | None = None


# --- Limits (calibrated on the two seed articles and the 181 pages of the Zyte/scrapinghub benchmark, run
# through trafilatura: no real paragraph there is shorter than 8 words and ends a sentence, no chrome prompt is
# longer than 12 words, no headline longer than 25 words) ------------------------------------------------------

# A kept line of at least this many words ending a sentence is a body paragraph: the header zone ends there.
PARAGRAPH_MIN_WORDS = 8
# Prompts ("Sign up for ...", "Make a donation ...") are short imperatives; a longer line is prose. 16 keeps
# "Sign up for our newsletter to get our best opinion writing every Friday" (13 words, bundled example); the
# extraction benchmark removes no gold text at 16 (bench/extraction.py).
PROMPT_MAX_WORDS = 16
# A headline is at most this long; a longer unterminated header line is a standfirst.
TITLE_MAX_WORDS = 25
# Image alt text is descriptive prose; shorter unterminated lines next to a caption are subheadings.
ALT_TEXT_MIN_WORDS = 8
# A short line repeated back to back ("Yes", "Buy Now") can be legitimate; a repeated paragraph is an artefact.
DUPLICATE_MIN_WORDS = 5

_WORD = re.compile(r"\w+")
_END_SENTENCE = re.compile(r"[.!?…]['\"’”)\]»]*$")
_SEPARATOR = re.compile(r"[\s|•·]*")

# --- Chrome phrases: each pattern must match a whole piece of a line (see _chrome_pieces) -------------------

_ICASE = re.I | re.U
_URL_PIECE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", _ICASE)
# A space between two word characters: prose. A tokenized URL has spaces only next to its punctuation.
_WORD_SPACE_WORD = re.compile(r"[^\W_]\s+[^\W_]")
_CHROME: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pdf notice", re.compile(r"Downloading PDF\.?\s*Please wait\s*(?:\.{1,3}|…)?", _ICASE)),
    ("issue number", re.compile(r"Issue\s+(?:No\.?\s*|#\s*)?\d{1,6}\b", _ICASE)),
    (
        "newsletter prompt",
        re.compile(
            r"(?:Sign[ -]?up|Subscribe|Register|Get|Receive|Join)\b[^.!?\n]{0,80}?"
            r"\b(?:newsletters?|e-?mails?|bulletins?|briefings?|digest|alerts?|updates?|inbox)\b"
            r"(?:\b[ap]\.m\.|[^.!?\n]){0,60}[.!]?",
            _ICASE,
        ),
    ),
    (
        "donation appeal",
        re.compile(
            r"(?:(?:Please )?[Mm]ake a (?:donation|contribution)|Please (?:consider )?(?:donate|donating|support(?:ing)? us)|"
            r"Donate(?: now| today| to [^.!?\n]{1,40})?|Help (?:fund|support|us)\b|Support (?:us|our|independent)\b|"
            r"Become a (?:member|supporter|patron|subscriber)\b|Subscribe (?:now|today|to)\b)[^.!?\n]{0,60}[.!]?",
            _ICASE,
        ),
    ),
    (
        "reader-funding appeal",
        re.compile(
            r"[^.!?\n]{1,60}?\b(?:is|are) (?:funded|supported|paid for) by (?:its |our )?readers[^.!?\n]{0,30}[.!]?"
            r"|[^.!?\n]{1,60}?\b(?:depends|relies) on (?:its |our )?readers(?: like you)?[.!]?",
            _ICASE,
        ),
    ),
    (
        "related links heading",
        re.compile(
            r"(?:Latest(?: News| Stories| Articles)?|Read (?:more|next|also)|Related(?: articles| stories| content"
            r"| posts| news| topics| links)?|More (?:on this story|from [^.!?\n]{1,40}|stories|news)|Most (?:read|"
            r"popular|viewed|shared)(?: in [^.!?\n]{1,40})?|Recommended(?: for you)?|You (?:may|might) also like"
            r"|See also|Trending(?: now)?|Top stories|Editor['’]s picks|Also read|Don['’]t miss)"
            r"(?:\s*:\s*[^\n]{1,160})?",
            _ICASE,
        ),
    ),
    (
        "share/follow line",
        re.compile(
            r"(?:(?:Share|Follow)(?: (?:this|on|via|us|me|the|article|story|page|@\w+)[^.!?\n]{0,60})?"
            r"|Click to (?:share|print|email)[^.!?\n]{0,40}|Copy link|Print(?: this)?(?: article| page)?"
            r"|(?:(?:Facebook|Twitter|X|WhatsApp|E-?mail|LinkedIn|Reddit|Pinterest|Telegram|Messenger|Tweet"
            r"|Instagram|TikTok|YouTube|Bluesky|Threads|Mastodon|Flipboard)\b[\s|,•·/]*)+)",
            _ICASE,
        ),
    ),
    ("url line", _URL_PIECE),
    # A footer's copyright notice: "©" anywhere at its start, or "Copyright" / "(c)" followed by a year. "(c)" alone
    # opens a legal clause and "Copyright law ..." a sentence; neither is touched.
    (
        "copyright line",
        re.compile(r"(?:Copyright\s*)?©[^\n]{1,120}|(?:Copyright|\(c\))\s*(?:\(c\)\s*)?\d{4}\b[^\n]{0,120}", _ICASE),
    ),
    (
        "advertisement",
        re.compile(r"(?:Skip |Story continues below |Continue reading below )?(?:advertisement|sponsored)", _ICASE),
    ),
)
# Lines that credit the reporting, at the foot of a story (Zyte/scrapinghub pages): "With Post wires", "Additional
# reporting by Joseph Hudak", Reuters' "Reporting by ...; Editing by ...", "Fox News' Jessica Napoli contributed to
# this report." They say who reported, not what happened (a byline does that above the story). Checked only on lines
# that open or end as they do: the patterns start with free text.
# The "by" credits name someone (a capital) and end without a full stop, unlike "Writing by hand, she said, keeps
# the mind sharp."; "With files from" names a source ("The Canadian Press"), unlike "With files from the archive".
_CREDIT_LINE = re.compile(
    r"(?:[\u2014\u2013-]\s*)?(?:(?i:With) (?:[\w.'\u2019]+\s+){0,3}(?i:wires?|wire services|wire reports)\.?"
    r"|(?i:With files from) (?:the )?[A-Z][^\n,.;]{1,60}\.?"
    r"|(?i:(?:Additional )?reporting|Editing|Writing|Compiled) by [A-Z][^\n]{0,299}[^.\n])"
    r"|[^\n]{1,300}\b(?i:contributed|contributes) (?i:to )?(?i:this|the) (?i:report|story|article)\.?",
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "this", "that", "which"})
_CREDIT_OPENERS = ("with ", "\u2014 with", "\u2013 with", "- with", "additional reporting", "reporting by",
                   "editing by", "writing by", "compiled by")
# A related story's headline with the site's tag after it, or the tag alone: "Plane passengers quarantined after
# BUBONIC PLAGUE outbreak [NEWS]" (Express), "[CNET]" (a source credit on Digg). A sentence ends with its stop.
_TAGGED_LINK = re.compile(r"(?:[^\n]{1,200}?[^.!?\s]\s*)?\[[A-Z][A-Z0-9]{1,11}\]")

# A prompt that names the reader's inbox or a newsletter is one even as a long sentence (up to 8 words over the
# limit): "Get the day's top headlines delivered to your inbox every morning by subscribing to our newsletter."
_INBOX = re.compile(r"\b(?:inbox|newsletters?)\b", _ICASE)
# Any chrome pattern at the start of a line, as one alternation: most lines are body text, and one failed match
# is cheaper than one per pattern. Each alternative keeps its own flags.
assert all(p.flags & ~re.UNICODE in (0, re.IGNORECASE) for _, p in _CHROME), "_CHROME_START scopes IGNORECASE only"
assert not any(re.search(r"\\[1-9]|\(\?P=", p.pattern) for _, p in _CHROME), "backreferences would shift"
_CHROME_START = re.compile(
    "|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for _, p in _CHROME)
)

# --- Header fields -----------------------------------------------------------------------------------------

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
         ("nov", "november"), ("dec", "december")]
    )
    for m in names
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE_FORMS = (
    r"(?P<iso>\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?",
    rf"{_WEEKDAY}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\s+(?P<y1>\d{{4}})",
    rf"{_WEEKDAY}(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})",
)
_DATE = "(?:" + "|".join(_DATE_FORMS) + ")"
_TIME = r"(?:\s*(?:,|at|·|-|–)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?"
_DATE_LABEL = r"(?:date|published|first published|posted|posted on|updated|last updated|modified)(?:\s+on)?"
# A date alone on a line, optionally labelled ("Published: 21 March 2023 10:00 GMT").
_DATE_LINE = re.compile(rf"(?:(?P<label>{_DATE_LABEL})\s*:?\s*)?{_DATE}{_TIME}\s*", _ICASE)
# A labelled ISO date glued to the first sentence ("date 2023-03-21 The London police ..."): the label is what
# makes it safe to cut a prefix off a body line.
_DATE_PREFIX = re.compile(rf"(?P<label>{_DATE_LABEL})\s*:?\s*{_DATE}{_TIME}\s+(?=\S)", _ICASE)
# A timestamp line of any other layout: dates, clock times, weekdays, time zones and stamp labels, nothing else
# ("PUBLISHED: THURSDAY, MAY 2, 2013, 1:32 PM", "May 2, 2013 | 5:03pm", "Updated 4/9/2007 6:04 PM", "8:44AM BST 16
# Sep 2013"), also as a tokenizer spaces them ("1: 32 PM", "05 / 02 / 2013": ECB+ files). Left in the body, the
# stamps of fourteen outlets on one ECB+ story were aligned as a "shared fact", and their publication times
# compared as conflicting numbers. Such a line is removed, but its date is not (yet) read as the publication date:
# with it, 220 instead of 116 ECB+ files are dated and the story time window separates more of the follow-ups ECB+
# labels as one story (B-cubed F1 through extraction, ECB+ all 0.854 -> 0.839 batch); late windows of 400 or 800
# days did not win it back (0.842 / 0.845) and cost BASIL (0.984 -> 0.977). Dating from stamps waits for a
# recalibration of the window (docs/benchmarks.md, stories notes).
_NUMERIC_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:\d{4}|\d{2})\b"
_ANY_DATE = re.compile(rf"{_DATE}|{_NUMERIC_DATE}", _ICASE)
_STAMP_PIECE = (
    rf"{_DATE}|{_NUMERIC_DATE}|\d{{1,2}}(?:\s*[:.]\s*\d{{2}}){{1,2}}(?:\s*[ap]\.?\s*m\b\.?)?|\d{{1,2}}\s*[ap]\.?\s*m\b\.?"
    r"|\(?(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?:\s*:\s*\d{2})?\)?"
    r"|(?:GMT|UTC|BST|CEST|CET|EEST|EET|AKDT|AKST|HKT|IST|JST|KST|SGT|AEST|AEDT|[ECMP][SD]?T|UK)\b"
    r"|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
    r"|(?:(?:originally|first|last)\s+)?(?:published|posted|updated|modified|edited|created)(?:\s+time)?\b"
    r"|story\b|date\b|on\b|at\b|hrs\b"
)
_STAMP_LINE = re.compile(rf"[\s,|()·:\-–—]*(?:(?:{_STAMP_PIECE})[\s,|()·:.\-–—]*)+", _ICASE)
# Checked first, as most lines are paragraphs far longer: the longest of the 162 stamps in ECB+ files has 73.
_STAMP_MAX_CHARS = 120

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|da|van|von|der|den|la|le|al|bin|ibn|du|del|di)\s+){0,2}[A-Z][\w'’.-]*){0,3}"
_BYLINE = re.compile(
    rf"(?:By|BY|Words by|Written by|Reporting by|Report by)\s+(?P<name>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
    r"(?:\s*[,|–—-]\s*[^.!?\n]{1,60})?"
)

# --- Captions ----------------------------------------------------------------------------------------------

_CREDIT_WORDS = r"(?:Picture|Pic|Photo|Photograph|Image|Illustration|Credit|Photo credit|Image credit|Video)s?"
_CAPTION_CREDIT = re.compile(
    rf"(?:.*\(\s*{_CREDIT_WORDS}\s*:[^()]{{1,120}}\)\s*"  # "... (Picture: Guy Smallman)"
    rf"|.*\s{_CREDIT_WORDS}:\s+[^.!?]{{2,100}}"  # Guardian style "... Photograph: Name/Agency"
    rf"|{_CREDIT_WORDS}\s*:\s*[^.!?]{{2,100}}"  # a credit alone on its line
    r"|(?:Photo|Picture|Image|Illustration)s? by\s+[A-Z][^.!?]{1,80}"
    r"|Image (?:source|caption),\s*[^\n]{1,200})",
    re.U,
)
# A credit alone on its line, with nothing else: the line above it is the caption it credits.
_CREDIT_ONLY = re.compile(rf"\(?\s*{_CREDIT_WORDS}\s*:[^()]{{1,120}}\)?", re.U)
# A caption above a credit line is one short descriptive line (the bundled example's is 10 words).
CAPTION_MAX_WORDS = 30
# Alt text describes a picture; it never argues. These cues plus the caption next to it make it safe to take.
_ALT_TEXT_CUE = re.compile(
    r"\b(?:shot|photo|photograph|picture|image|illustration|graphic|close-?up|still) of\b|\billustrat(?:ing|es)\b"
    r"|\b(?:pictured|seen) (?:here|above|below)\b",
    re.I,
)


def parse_date(text: str) -> date | None:
    """The first date written in one of the recognised forms (ISO, "21 March 2023", "March 21, 2023")."""
    m = re.search(_DATE, text, _ICASE)
    return _date_of(m) if m else None


def _date_of(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        if g.get("iso"):
            return date.fromisoformat(g["iso"])
        for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2")):
            if g.get(d):
                return date(int(g[y]), _MONTHS[g[mo].rstrip(".").lower()], int(g[d]))
    except (ValueError, KeyError):
        return None
    return None


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _terminated(text: str) -> bool:
    return bool(_END_SENTENCE.search(text))


def _chrome_pieces(line: str) -> list[Removed] | None:
    """Split a line wholly made of chrome ("Downloading PDF. Please wait... Issue 2847") into its pieces, or None
    when any part of it is not chrome."""
    if not _CHROME_START.match(line):
        return None
    pieces: list[Removed] = []
    pos = 0
    while pos < len(line):
        for reason, pattern in _CHROME:
            m = pattern.match(line, pos)
            if not m or m.end() == pos:
                continue
            end = m.end()
            after = _SEPARATOR.match(line, end)
            nxt = after.end() if after else end
            # a piece must end at a separator or the end of the line, never inside a word
            if end < len(line) and nxt == end:
                continue
            piece = m.group().strip()
            inbox = reason == "newsletter prompt" and _INBOX.search(piece) is not None
            if reason not in ("pdf notice", "issue number") and _words(piece) > PROMPT_MAX_WORDS + 8 * inbox:
                continue
            if (piece.endswith(".") and _words(piece) > 6
                    and reason not in ("pdf notice", "reader-funding appeal", "copyright line")
                    and not piece.endswith(("a.m.", "p.m."))
                    and not inbox):
                continue  # a long line ending with a full stop is a sentence, not a prompt
            pieces.append(Removed(piece, reason))
            pos = nxt
            break
        else:
            return None
    return pieces or None


def _is_credit(line: str) -> bool:
    head = line[:20].casefold()
    opens = head.startswith(_CREDIT_OPENERS) and not _BYLINE.fullmatch(line)  # "Reporting by X" alone: a byline
    # "He also contributed to the report." is a sentence about someone: a credit names who contributed
    ends = line.endswith(("report.", "report", "story.", "article.")) and line.split()[0].casefold() not in _PRONOUNS
    return (opens or ends) and bool(_CREDIT_LINE.fullmatch(line))


def _is_caption(line: str) -> bool:
    return bool(_CAPTION_CREDIT.fullmatch(line)) and _words(line) <= 60


def _is_paragraph(line: str) -> bool:
    return _terminated(line) and _words(line) >= PARAGRAPH_MIN_WORDS


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


@dataclass
class _Line:
    text: str  # stripped line
    kind: str = "body"  # body | removed | caption | title | byline
    reasons: tuple[Removed, ...] = ()


def clean_text(text: str, *, title: str | None = None, captions: Iterable[str] = ()) -> Cleaned:
    """Separate the article body of ``text`` from the page chrome around it.

    ``title``: the headline when the caller already knows it (from HTML metadata or a JSONL field); a header
    line equal to it is removed as the title. ``captions``: caption texts known from the page markup
    (``<figcaption>``); a line equal to one is a caption. Body lines are kept verbatim (only their leading and trailing
    whitespace is dropped). Every line is a paragraph (segmentation never lets a sentence cross a line either,
    and HTML extractors emit one paragraph per line); paragraphs are joined by a blank line.
    """
    lines = _split_lines(text)
    known_captions = {_key(c) for c in captions}
    published: date | None = None
    byline: str | None = None
    url: str | None = None
    in_header = True
    header_evidence = False
    for ln in lines:
        ln_published, ln_byline = _classify(ln, in_header)
        if ln.kind == "body" and not ln.reasons and _key(ln.text) in known_captions:
            ln.kind = "caption"
        if in_header and (ln.reasons or ln.kind == "caption"):
            header_evidence = True
            url = url or _header_url(ln)
        published = published or ln_published
        if ln_byline and byline is None:
            byline = ln_byline
        if in_header and ln.kind == "body" and _is_paragraph(ln.text):
            in_header = False
    _mark_alt_text(lines)
    found_title = _mark_title(lines, title, header_evidence)
    _mark_duplicates(lines)
    return replace(_assemble(lines, found_title, byline, published), url=url)


def _header_url(ln: _Line) -> str | None:
    """The http(s) address a header line removed as a URL line gives, without the spaces a tokenizer put in it."""
    for r in ln.reasons:
        if r.reason == "url line":
            address = "".join(r.text.split())
            if address[:4].lower() == "http":
                return address
    return None


def _split_lines(text: str) -> list[_Line]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [_Line(s) for s in (raw.strip() for raw in lines) if s]


def _classify(ln: _Line, in_header: bool) -> tuple[date | None, str | None]:
    """Set ``ln.kind`` from the line alone (and whether it is in the header); return (published, byline)."""
    s = ln.text
    m = _DATE_LINE.fullmatch(s)
    if m:
        ln.kind, ln.reasons = "removed", (Removed(s, "date header"),)
        return (None if _is_update(m) else _date_of(m)), None
    if len(s) <= _STAMP_MAX_CHARS and _STAMP_LINE.fullmatch(s) and _ANY_DATE.search(s):
        ln.kind, ln.reasons = "removed", (Removed(s, "timestamp line"),)
        return None, None
    if in_header:
        m = _DATE_PREFIX.match(s)
        if m:
            ln.reasons = (Removed(m.group().strip(), "date header"),)
            ln.text = s[m.end() :]
            return (None if _is_update(m) else _date_of(m)), None
    if s[:4].lower() == "http" and not _WORD_SPACE_WORD.search(s) and _URL_PIECE.fullmatch("".join(s.split())):
        # a URL alone on its line, also as a tokenizer leaves it ("http: / / articles. latimes. com / 2013 / ...",
        # the first line of every ECB+ file); "https://x.example is down" has a space between words: a sentence
        ln.kind, ln.reasons = "removed", (Removed(s, "url line"),)
        return None, None
    if _is_credit(s):
        ln.kind, ln.reasons = "removed", (Removed(s, "credit line"),)
        return None, None
    if s.endswith("]") and _TAGGED_LINK.fullmatch(s):
        ln.kind, ln.reasons = "removed", (Removed(s, "related link"),)
        return None, None
    m = _BYLINE.fullmatch(s)
    if m and _words(s) <= PROMPT_MAX_WORDS:
        ln.kind, ln.reasons = "byline", (Removed(s, "byline"),)
        return None, " ".join(s.split()[1:]) if s.startswith(("By ", "BY ")) else m.group("name")
    pieces = _chrome_pieces(s)
    if pieces:
        ln.kind, ln.reasons = "removed", tuple(pieces)
        return None, None
    if _is_caption(s):
        ln.kind = "caption"
    return None, None


def _is_update(m: re.Match[str]) -> bool:
    label = (m.group("label") or "").lower()
    return "updated" in label or "modified" in label


def _mark_alt_text(lines: list[_Line]) -> None:
    for i, ln in enumerate(lines):
        # a short unterminated line right above a credit alone on its line ("(Picture: Sam Quayle)") is its caption
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (ln.kind == "body" and nxt is not None and nxt.kind == "caption" and _CREDIT_ONLY.fullmatch(nxt.text)
                and not _terminated(ln.text) and _words(ln.text) <= CAPTION_MAX_WORDS):
            ln.kind = "caption"
            continue
        if ln.kind != "body" or _terminated(ln.text) or _words(ln.text) < ALT_TEXT_MIN_WORDS:
            continue
        if not _ALT_TEXT_CUE.search(ln.text):
            continue
        neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if any(n.kind == "caption" for n in neighbours):
            ln.kind = "caption"


def _mark_title(lines: list[_Line], known: str | None, header_evidence: bool) -> str | None:
    for ln in lines:
        if ln.kind == "body" and _is_paragraph(ln.text):
            return None  # the header zone is over
        if ln.kind != "body" or ln.reasons:
            continue
        if known and _same(ln.text, known):
            ln.kind, ln.reasons = "title", (Removed(ln.text, "title"),)
            return ln.text
        if header_evidence and not known and not _terminated(ln.text) and 2 <= _words(ln.text) <= TITLE_MAX_WORDS:
            ln.kind, ln.reasons = "title", (Removed(ln.text, "title"),)
            return ln.text
        if not known:
            return None  # only the first header line can be the headline
    return None


def _mark_duplicates(lines: list[_Line]) -> None:
    """Drop a line that repeats the kept line just before it (a paragraph scraped twice).

    Only adjacent repeats: on the Zyte/scrapinghub pages, lines repeated further apart (meal plans, product
    feature lists, interview questions) were in the gold article body 159 times out of 159.
    """
    prev: str | None = None
    for ln in lines:
        if ln.kind != "body":
            continue
        key = _key(ln.text)
        if key == prev and _words(ln.text) >= DUPLICATE_MIN_WORDS:
            ln.kind, ln.reasons = "removed", ln.reasons + (Removed(ln.text, "duplicate line"),)
            continue
        prev = key


def _assemble(lines: list[_Line], title: str | None, byline: str | None, published: date | None) -> Cleaned:
    removed: list[Removed] = []
    captions: list[str] = []
    paragraphs: list[str] = []
    for ln in lines:
        removed.extend(ln.reasons)
        if ln.kind == "caption":
            captions.append(ln.text)
        elif ln.kind == "body":
            paragraphs.append(ln.text)
    return Cleaned("\n\n".join(paragraphs), tuple(removed), tuple(captions), title, byline, published)
