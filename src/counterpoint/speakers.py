"""Who said it: speaker names, their variants, and whether two mentions are the same person.

A news article names a speaker in many ways: "Baroness Louise Casey", "Louise Casey", "Baroness Casey", "Casey".
:func:`canonical_name` strips honorifics and job titles from one mention; :class:`NameIndex` maps every variant
in one article to its longest full form ("Louise Casey"); :func:`same_person` compares names across articles
(surname match plus compatible first names), which is how the quote aligner decides whether outlets agree on who
spoke.

Sources that are not people ("the report", "the review", "Insiders") are kept as written, with a leading
determiner lower-cased, and compared by equality: a report is a speaker in news style ("the report said").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


def words(text: str) -> list[str]:
    """A word list written as one string (keeps long lexicons readable)."""
    return text.split()


# Words stripped from the front of a person mention. Everything up to the rightmost title word goes, so
# "Metropolitan Police Commissioner Sir Mark Rowley" -> "Mark Rowley". Lower-cased, without trailing dots.
TITLES = frozenset(
    words("""
    sir dame lord lady baroness baron earl duke duchess king queen prince princess sheikh
    mr mrs ms miss mx dr doctor prof professor rev reverend father rabbi imam bishop archbishop cardinal pope
    president vice prime minister chancellor secretary senator sen rep representative congressman congresswoman
    governor gov mayor judge justice attorney general commissioner chief constable inspector superintendent
    detective sergeant sgt officer colonel col lt lieutenant captain capt admiral commander major
    chairman chairwoman chair ceo director spokesman spokeswoman spokesperson speaker leader deputy assistant
    former acting interim then new late candidate nominee
    """)
)

MALE_TITLES = frozenset({"sir", "lord", "mr", "king", "prince", "baron", "earl", "duke", "father", "congressman",
                         "chairman", "spokesman"})
FEMALE_TITLES = frozenset({"dame", "lady", "baroness", "mrs", "ms", "miss", "queen", "princess", "duchess",
                           "congresswoman", "chairwoman", "spokeswoman"})

# Capitalised words that open a sentence or clause but are never part of a name.
NOT_NAME = frozenset(
    words("""
    a an the this that these those his her their its our my your and but or so yet also however meanwhile then
    in on at after before when while as if asked speaking writing earlier later last yesterday today tonight
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december it he she they we i you there here according
    """)
) - {"may"}  # "May" is also a surname (Theresa May); a month that opens a clause is rare before a cue verb

# Words that make a capitalised phrase an organisation or a document rather than a person.
ORG_WORDS = frozenset(
    words("""
    police met force party ministry department office government council committee commission review report
    inquiry university agency news times post press service services court parliament congress senate house
    church union association institute foundation campaign team group company bank fund board authority
    command unit trust bureau fbi cia bbc pa reuters ap afp nhs un eu nato
    """)
)

PRONOUNS = {"he": "m", "she": "f", "they": "plural", "it": "thing", "we": "plural", "i": "self"}

DETERMINERS = frozenset(
    words("the a an another one some many several two three four five his her their its this that these those our my "
    "both all most")
)

# Nicknames that are not prefixes of the full name (prefixes such as Chris/Christopher are matched anyway).
NICKNAMES = {
    "bill": "william", "will": "william", "bob": "robert", "bobby": "robert", "dick": "richard", "rick": "richard",
    "jim": "james", "jimmy": "james", "jack": "john", "johnny": "john", "ted": "edward", "ned": "edward",
    "tony": "anthony", "liz": "elizabeth", "beth": "elizabeth", "betty": "elizabeth", "kate": "katherine",
    "katie": "katherine", "peggy": "margaret", "maggie": "margaret", "meg": "margaret", "hank": "henry",
    "harry": "henry", "chuck": "charles", "charlie": "charles", "sandy": "alexandra", "sasha": "alexander",
}

_TOKEN = re.compile(r"[^\W\d_][\w’'\-.]*|\d[\w\-.]*")
_POSSESSIVE = re.compile(r"[’']s?$")


def fold(s: str) -> str:
    """Case- and accent-insensitive form used for comparing name tokens."""
    if s.isascii():
        return s.casefold().strip(".")
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip(".")


def _tokens(mention: str) -> list[str]:
    return _TOKEN.findall(mention)


def is_name_token(token: str) -> bool:
    """A capitalised word that could be part of a name (not a function word that opens a sentence)."""
    return token[:1].isupper() and fold(token) not in NOT_NAME


def strip_titles(tokens: list[str]) -> tuple[list[str], str | None]:
    """Drop everything up to the rightmost title word (never the last token: "Larry King" keeps "King").

    Returns the remaining tokens and the gender the titles imply ("m", "f" or None).
    """
    cut = 0
    gender = None
    for i, tok in enumerate(tokens[:-1]):
        f = fold(tok)
        if f in TITLES:
            cut = i + 1
        if f in MALE_TITLES:
            gender = "m"
        elif f in FEMALE_TITLES:
            gender = "f"
    return tokens[cut:], gender


def is_person(mention: str) -> bool:
    """Whether a mention names a person (or people) rather than a document, an organisation or a pronoun."""
    toks = _tokens(mention)
    if not toks or fold(toks[0]) in DETERMINERS or fold(toks[0]) in PRONOUNS:
        return False
    rest, _ = strip_titles(toks)
    names = [t for t in rest if fold(t) not in {"and", "de", "van", "von", "der", "la", "le", "da", "di", "du",
                                                "bin", "al"}]
    if not names or any(not t[:1].isupper() for t in names):
        return False
    return not any(fold(t) in ORG_WORDS for t in names)


def canonical_name(mention: str) -> str:
    """The mention without honorifics, job titles or a possessive; non-person sources lower-case a determiner.

    >>> canonical_name("Metropolitan Police Commissioner Sir Mark Rowley")
    'Mark Rowley'
    >>> canonical_name("Baroness Casey")
    'Casey'
    >>> canonical_name("The report")
    'the report'
    """
    text = " ".join(mention.split()).strip(" ,;:.\u2014\u2013-")
    toks = _tokens(text)
    if not toks:
        return text
    first = fold(toks[0])
    if first in PRONOUNS:
        return first
    if first in DETERMINERS or not is_person(text):
        if first in DETERMINERS:
            text = toks[0].lower() + text[len(toks[0]) :]
        return _POSSESSIVE.sub("", text)
    rest, _ = strip_titles(toks)
    rest[-1] = _POSSESSIVE.sub("", rest[-1])
    return " ".join(t for t in rest if t)


def gender_of(mention: str) -> str | None:
    """"m" / "f" when a title in the mention says so (Sir, Baroness, Mr, Mrs...), else None."""
    return strip_titles(_tokens(mention))[1]


def _first_names_compatible(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:  # an initial
        return fa[0] == fb[0]
    fa, fb = NICKNAMES.get(fa, fa), NICKNAMES.get(fb, fb)
    short, long_ = sorted((fa, fb), key=len)
    return fa == fb or (len(short) >= 3 and long_.startswith(short))


def same_person(a: str, b: str) -> bool:
    """Whether two speaker mentions (any variant, possibly from different articles) name the same speaker.

    People: same surname (last token, case- and accent-insensitive) and compatible first names when both give
    one ("Louise Casey" = "Casey" = "L. Casey"; "Louise Casey" != "Jenny Casey"). Other sources: same words.
    """
    ca, cb = canonical_name(a), canonical_name(b)
    if not ca or not cb:
        return False
    if not (is_person(ca) and is_person(cb)):
        return fold(ca) == fold(cb)
    ta, tb = _tokens(ca), _tokens(cb)
    if "and" in {fold(t) for t in ta + tb}:  # joint speakers ("Donna and Jenny") compare as written
        return fold(ca) == fold(cb)
    if fold(ta[-1]) != fold(tb[-1]):
        return False
    if len(ta) > 1 and len(tb) > 1:
        return _first_names_compatible(ta[0], tb[0])
    return True


# Up to six capitalised words on one line; a dot only after an initial or a short honorific, so that
# "said Casey. Rowley said" is two runs, not a person called "Casey Rowley".
_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME_RUN = re.compile(
    rf"(?:(?:[{_UPPER}]\.|(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof)\.|[{_UPPER}][\w’'\-]*)[ \t]+){{0,5}}"
    rf"[{_UPPER}][\w’'\-]*"
)


@dataclass
class NameIndex:
    """Full forms of the people named in one article, so that "Casey" resolves to "Louise Casey".

    Built from every run of capitalised words in the body (not only from speakers), because an outlet often
    introduces someone in passing ("The review by Baroness Louise Casey") and later quotes the surname alone.
    """

    full_forms: Counter[str]
    genders: dict[str, str]
    first_seen: dict[str, int]

    @classmethod
    def from_text(cls, text: str, extra: Iterable[str] = ()) -> NameIndex:
        forms: Counter[str] = Counter()
        genders: dict[str, str] = {}
        first_seen: dict[str, int] = {}
        runs = [m.group() for m in _NAME_RUN.finditer(text)] + list(extra)
        for order, run in enumerate(runs):
            toks = _tokens(run)
            while toks and not is_name_token(toks[0]) and fold(toks[0]) not in TITLES:
                toks = toks[1:]
            if not toks:
                continue
            mention = " ".join(toks)
            if not is_person(mention):
                continue
            name = canonical_name(mention)
            if len(_tokens(name)) >= 2 and "and" not in name.split():
                forms[name] += 1
                first_seen.setdefault(name, order)
            g = gender_of(mention)
            if g:
                genders[fold(name.split()[-1])] = g
        return cls(forms, genders, first_seen)

    def resolve(self, mention: str) -> str:
        """The longest full form in the article naming the same person as ``mention``; else its canonical form.

        When several full forms share the surname ("Hillary Clinton", "Bill Clinton") and the mention gives no
        first name, the one named most often wins, then the one named first (news introduces a speaker by full
        name before using the surname, and a translated title such as "Enlightener Casey" comes later).
        """
        name = canonical_name(mention)
        if not is_person(name):
            return name
        toks = _tokens(name)
        if not toks:
            return name
        by_surname = [f for f in self.full_forms if fold(f.rsplit(" ", 1)[-1]) == fold(toks[-1])]
        candidates = [f for f in by_surname if same_person(f, name) and len(f) >= len(name)]
        if not candidates:
            return name
        return max(candidates, key=lambda f: (self.full_forms[f], -self.first_seen[f]))

    def gender(self, name: str) -> str | None:
        toks = _tokens(name)
        return self.genders.get(fold(toks[-1])) if toks else None
