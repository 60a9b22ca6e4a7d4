"""People and organisations each outlet names, with name variants merged across the story.

The default finder needs no model: capitalised name sequences, honorifics and organisation head words decide the
kind; a lone surname ("Casey") or short form ("the Met") joins the full name it abbreviates. Variants are merged
across articles (``Baroness Louise Casey`` = ``Louise Casey`` = ``Casey``), so the who-is-mentioned-by-whom matrix
compares like with like. Places, events ("Black Death", "World Cup"), words in capitals ("SCORES QUARANTINED") and
other capitalised words are left out on purpose: a false "person" in the matrix would suggest an omission that is
not one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Article, Entity, Span

HONORIFICS = {
    "sir", "dame", "lord", "lady", "baroness", "baron", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof",
    "prof.", "professor", "president", "commissioner", "minister", "chancellor", "secretary", "senator", "judge",
    "justice", "mayor", "governor", "chief", "inspector", "sergeant", "officer", "detective", "superintendent",
    "constable", "captain", "general", "colonel", "lt.", "col.", "king", "queen", "prince", "princess", "rev",
    "reverend", "bishop", "pope", "councillor", "deputy", "assistant", "home", "prime", "foreign", "health",
}
ORG_HEADS = {
    "police", "service", "services", "ministry", "department", "council", "agency", "command", "party", "inquiry",
    "commission", "committee", "court", "university", "hospital", "office", "force", "union", "association",
    "group", "company", "co", "corp", "llc", "llp", "inc", "ltd", "plc", "news", "government", "parliament", "army",
    "navy", "bank",
    "authority", "board", "trust", "foundation", "institute", "times", "post", "worker", "review", "corporation",
    "federation", "organisation", "organization", "network", "club", "school", "college", "church", "assembly",
    "congress", "senate", "cabinet", "tribunal", "brigade", "fire", "ambulance", "railway", "railways", "airlines",
    "press", "media", "bureau", "centre", "center", "fund", "guard", "guards", "unit", "squad", "forces",
    # newspapers, so that "San Francisco Chronicle" is an organisation before its opener makes it a place
    "chronicle", "herald", "journal", "tribune", "gazette", "telegraph", "examiner", "inquirer", "courier",
    # facilities, named like bodies in news copy
    "clinic", "prison", "jail", "airport", "museum", "stadium",
}
# Capitalised words that open sentences or headlines but are never names on their own.
NOT_NAMES = {
    "the", "a", "an", "and", "but", "or", "if", "in", "on", "at", "of", "for", "to", "by", "as", "it", "its", "this",
    "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "there",
    "here", "what", "when", "where", "why", "how", "who", "which", "after", "before", "since", "while", "although",
    "asked", "during", "last", "next", "one", "two", "three", "some", "many", "most", "all", "no", "not", "yes", "so", "then",
    "now", "also", "even", "still", "yet", "just", "only", "despite", "with", "without", "from", "into", "over",
    "under", "about", "up", "down", "out", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "insiders", "officers", "relatives", "police", "female", "male", "armed", "former",
    # interjections and imperatives that open a tweet or a line ("Hey Twitter", "Remember New Jersey")
    "hey", "hi", "hello", "oh", "dear", "enter", "remember", "meet",
}
_TOKEN = r"(?:[A-Z][\w’'.-]*[\w]|[A-Z]{2,}|[A-Z]\.)"
_NAME_SEQ = re.compile(rf"{_TOKEN}(?:[ \t]+(?:(?:of|for|and|the|de|van|von|al)[ \t]+)?{_TOKEN})*")
# Words that make a capitalised sequence a place ("Newport Beach", "Palm Springs", "New York", "Southern
# California", "San Diego"), which is left out like any place; an organisation head word is checked first, so
# "New York Police Department" stays an organisation.
PLACE_HEADS = {
    "beach", "city", "county", "valley", "island", "islands", "springs", "heights", "hills", "bay", "coast", "river",
    "mountains", "province", "district", "region", "township", "peninsula", "desert", "gulf", "plateau", "sea",
    "ocean", "lake", "lakes", "canyon", "basin", "strait", "forest", "harbour", "harbor", "kingdom", "territory",
    "prefecture", "borough", "village",
}
PLACE_OPENERS = {
    "new", "san", "santa", "los", "las", "saint", "st.", "fort", "port", "mount", "mt.", "north", "south", "east",
    "west", "northern", "southern", "eastern", "western", "upper", "lower", "greater", "inner", "outer", "central",
}
# Words that make a capitalised sequence an event, a disease or a contest ("Black Death", "Cold War", "Davis Cup"):
# left out like places, since none of them is a person.
EVENT_HEADS = {
    "war", "wars", "death", "plague", "flu", "fever", "virus", "pandemic", "epidemic", "outbreak", "cup", "games",
    "olympics", "championship", "championships", "festival", "awards", "treaty", "summit",
}
# Upper-case words that are not organisations.
NOT_ACRONYMS = {
    "ID", "TV", "UK", "US", "USA", "OK", "AM", "PM", "PDF", "CEO", "MP", "MPS", "GP", "DNA", "CCTV", "I",
    # time zones, after a clock time ("10:30 AM EST")
    "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "GMT", "BST", "UTC", "IST", "CET", "CEST", "AEST", "ET",
    "PT",
    # diseases, and sports positions and statistics ("Browns DL Sheldon Richardson", "2 TFL, 1 INT")
    "HIV", "AIDS", "SARS", "MERS", "COVID", "TB", "QB", "RB", "WR", "TE", "OL", "DL", "LB", "CB", "DB", "DE", "DT",
    "OT", "OG", "FB", "KR", "PR", "TFL", "INT", "TD", "TDS", "YDS", "FG", "QH", "PD", "FF",
}
_POSSESSIVE = re.compile(r"[’']s?$")
_INITIAL = re.compile(r"[A-Z]\.")
_ROMAN = re.compile(r"[IVX]+")  # "Henry VIII", "John Smith III": an ordinal, not an acronym


@dataclass(frozen=True, slots=True)
class Mention:
    article: str
    start: int
    end: int
    surface: str
    kind: str
    core: tuple[str, ...]  # name words without honorifics, for matching


def find_mentions(article: Article) -> list[Mention]:
    text = article.text
    out: list[Mention] = []
    for m in _NAME_SEQ.finditer(text):
        for start, words in _split_and(_split_titles(m.start(), m.group().split(" "))):
            # drop leading words that are not names (sentence openers such as "The", "But", "Asked")
            while words and words[0].lower().strip(".") in NOT_NAMES:
                start += len(words[0]) + 1
                words = words[1:]
            if not words:
                continue
            surface = _POSSESSIVE.sub("", " ".join(words))
            if _shouted(surface.split(), text):
                continue
            kind = _kind(surface.split())
            # a person's name without titles; an organisation's whole ("World Health Organization", "Home Office")
            core = tuple(w for w in surface.split() if kind == "organisation" or w.lower().strip(".") not in HONORIFICS)
            if kind is None or not core:
                continue
            out.append(Mention(article.id, start, start + len(surface), surface, kind, core))
    return out


def _split_and(parts: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """"Couzens and Carrick" are two people; "Parliamentary and Diplomatic Protection Command" is one body."""
    out: list[tuple[int, list[str]]] = []
    for start, words in parts:
        if "and" not in words or _is_org(words):
            out.append((start, words))
            continue
        cur: list[str] = []
        cur_start = pos = start
        for w in words:
            if w == "and":
                if cur:
                    out.append((cur_start, cur))
                cur, cur_start = [], pos + len(w) + 1
            else:
                cur.append(w)
            pos += len(w) + 1
        if cur:
            out.append((cur_start, cur))
    return out


def _split_titles(start: int, words: list[str]) -> list[tuple[int, list[str]]]:
    """Split "Metropolitan Police Commissioner Sir Mark Rowley" into the organisation and the titled person."""
    parts: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    cur_start = start
    pos = start
    for k, w in enumerate(words):
        lw = w.lower().strip(".")
        # not before a body's own words: "World Health Organization" is one name ("Health" titles a secretary)
        after_title = words[k - 1].lower().strip(".") in HONORIFICS
        if cur and lw in HONORIFICS and not after_title and not _body_words(words[k + 1 :]):
            parts.append((cur_start, cur))
            cur, cur_start = [], pos
        cur.append(w)
        pos += len(w) + 1
    if cur:
        parts.append((cur_start, cur))
    return parts


def _body_words(rest: list[str]) -> bool:
    """Whether the words after a title word are all organisation head words ("Organization"): no person follows."""
    return bool(rest) and all(w.lower().strip("’'s") in ORG_HEADS for w in rest)


def _is_org(words: list[str]) -> bool:
    # an organisation head word after the first ("Met Police"); an acronym alone, or last after plain words
    # ("CDC", "Chinese CDC"; "Jim Lehrer of PBS" names a person)
    return any(w.lower().strip("’'s") in ORG_HEADS for w in words[1:]) or (
        _acronym(words[-1]) and (len(words) == 1 or not any(w.islower() for w in words))
    )


def _acronym(word: str) -> bool:
    """"CDC", "N.F.L."; not "US", "D.C." (two letters with stops: places, mostly), "III" (an ordinal)."""
    letters = word.replace(".", "")
    return (word.isupper() and len(letters) >= (3 if "." in word else 2) and letters not in NOT_ACRONYMS
            and not _ROMAN.fullmatch(word))


def _shouted(words: list[str], text: str) -> bool:
    """Capitals that are not a name: a line or lede in capitals ("SCORES QUARANTINED", The Sun's "A HUNTER who
    ..."): several words in capitals, one of them longer than most acronyms, or a last word in capitals that the
    article also writes in lower case ("HUNTER" and "hunter", "Wylie AGAIN")."""
    if len(words) > 1 and all(w.isupper() for w in words):
        return any(len(w) > 3 for w in words)
    last = words[-1]
    return last.isupper() and len(last) > 2 and re.search(rf"\b{re.escape(last.lower())}\b", text) is not None


def _kind(words: list[str]) -> str | None:
    lowered = [w.lower().strip(".") for w in words]
    if _is_org(words) or (len(words) > 1 and lowered[-1] in ORG_HEADS):
        return "organisation"
    has_title = lowered[0] in HONORIFICS
    core = [w for w, lw in zip(words, lowered, strict=True) if lw not in HONORIFICS]
    if not core or any(lw in NOT_NAMES for lw in lowered) or (len(words) == 1 and _INITIAL.fullmatch(words[0])):
        return None  # ... and an initial alone ("Y." of "Y. pestis")
    if all(w in NOT_ACRONYMS for w in words):
        return None  # "AM EST"
    if not has_title and len(core) >= 2 and (
        lowered[0] in PLACE_OPENERS or lowered[-1] in PLACE_HEADS or lowered[-1] in EVENT_HEADS
    ):
        return None
    if any(_POSSESSIVE.search(w) for w in words[:-1]):
        return None  # "Malibu's Cliffside": a possessive inside a name makes it a thing of a place, not a person
    if has_title or 2 <= len(core) <= 4:
        return "person"
    return "single"  # a lone capitalised word: kept only if it resolves to a known name


def _resolves(single: str, full: tuple[str, ...], kind: str) -> bool:
    s = single.lower()
    if kind == "person":
        return s == full[-1].lower()
    initials = "".join(w[0] for w in full if w[0].isupper()).lower()
    # a short form ("Met" for "Metropolitan Police"); long single words ("Parliament") are names of their own
    return s == initials or (3 <= len(s) <= 5 and full[0].lower().startswith(s))


def canonical(words: tuple[str, ...]) -> str:
    return " ".join(words)


def find_entities(articles: Sequence[Article], *, extra: Sequence[Mention] = ()) -> list[Entity]:
    """Entities of a story, merged across articles, ordered by how many outlets name them."""
    mentions = [m for a in articles for m in find_mentions(a)] + list(extra)
    full = [m for m in mentions if m.kind != "single"]
    # cluster full names: a person by surname and compatible first name; an organisation by its core words
    clusters: list[dict] = []
    for m in sorted(full, key=lambda m: -len(m.core)):
        for c in clusters:
            if c["kind"] == m.kind and _same(c["core"], m.core, m.kind):
                c["mentions"].append(m)
                break
        else:
            clusters.append({"kind": m.kind, "core": m.core, "mentions": [m]})
    for m in mentions:
        if m.kind != "single":
            continue
        hits = [c for c in clusters if _resolves(m.core[0], c["core"], c["kind"])]
        # a surname beats an organisation's short form; a name already used in the same article beats one that
        # is not; then the most-mentioned. Two equally good people called Casey leave the mention unresolved.
        hits = [c for c in hits if c["kind"] == "person"] or hits
        local = [c for c in hits if any(x.article == m.article for x in c["mentions"])]
        hits = local or hits
        hits.sort(key=lambda c: -len(c["mentions"]))
        if len(hits) == 1 or (hits and len(hits[0]["mentions"]) > len(hits[1]["mentions"])):
            hits[0]["mentions"].append(m)
    texts = {a.id: a.text for a in articles}
    clusters = [c for c in clusters if not (c["kind"] == "person" and _mostly_placed(c["mentions"], texts))]
    entities = []
    for c in clusters:
        spans = sorted({Span(m.article, m.start, m.end) for m in c["mentions"]}, key=lambda s: (s.article, s.start))
        entities.append((c, spans))
    entities.sort(key=lambda cs: (-len({s.article for s in cs[1]}), -len(cs[1]), canonical(cs[0]["core"])))
    return [Entity(f"e{n + 1}", canonical(c["core"]), c["kind"], tuple(spans)) for n, (c, spans) in
            enumerate(entities)]


# "in Newport Beach", "at Morningside Recovery", "near Rancho Mirage": a capitalised pair after a preposition of
# place is a place more often than a person; "at Mark Heller's request" is not (the possessive).
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside)\s+(?:the\s+)?$", re.I)


def _mostly_placed(mentions: list[Mention], texts: dict[str, str]) -> bool:
    """Whether most full mentions of a would-be person stand where places stand (places are left out: see above)."""
    full = [m for m in mentions if m.kind != "single"]
    placed = 0
    for m in full:
        text = texts.get(m.article, "")
        possessive = text[m.end : m.end + 2] in ("'s", "’s")
        placed += bool(_PLACE_BEFORE.search(text, max(0, m.start - 12), m.start)) and not possessive
    return placed * 2 > len(full)


def _same(a: tuple[str, ...], b: tuple[str, ...], kind: str) -> bool:
    if kind == "organisation":
        la, lb = [w.lower() for w in a], [w.lower() for w in b]
        if la == lb or (len(lb) >= 2 and " ".join(lb) in " ".join(la)):
            return True
        # "Met Police" = "Metropolitan Police": same length, each word a prefix of the other's
        return len(la) == len(lb) and all(x.startswith(y) or y.startswith(x) for x, y in zip(la, lb, strict=True))
    if a[-1].lower() != b[-1].lower():
        return False
    # first names must agree when both are given ("Louise Casey" vs "Baroness Casey" agree; "Ann Casey" does not)
    return len(a) == 1 or len(b) == 1 or a[0].lower() == b[0].lower()


def matrix(entities: Sequence[Entity], articles: Sequence[Article]) -> dict[str, dict[str, int]]:
    """Entity name -> article id -> number of mentions (0 when the article leaves the entity out)."""
    out: dict[str, dict[str, int]] = {}
    for e in entities:
        counts: dict[str, int] = defaultdict(int)
        for s in e.mentions:
            counts[s.article] += 1
        out[e.name] = {a.id: counts.get(a.id, 0) for a in articles}
    return out
