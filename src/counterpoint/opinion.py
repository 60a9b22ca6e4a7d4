"""Reporting or opinion: label each sentence, with the reasons a reader can check.

A sentence is scored by a logistic model over two kinds of features, both computed on the sentence with its
attributed-quote characters blanked out (a quoted speaker's opinion is not the outlet's):

* interpretable cues (lexicon hits by category, obligation modals, first/second person, rhetorical questions,
  exclamations, evaluative frames such as "it's a good thing that", and reporting cues such as attribution verbs,
  figures and names), and
* a small bag of common words.

The weights were fitted on the CheckThat! 2023 subjectivity train split by ``python -m bench.opinion --train`` (see
docs/lexicon.md for provenance and licence). The reasons shown to users come only from the interpretable cues that
pushed the score towards opinion; a learned word list is named only when no cue fired, so an opinion label always
carries at least one reason.

Scorers are backends of kind ``"opinion"`` in :mod:`counterpoint.registry`: ``"lexical"`` (this model, the default),
``"semantic"`` (optional extra, :mod:`counterpoint.opinion_semantic`: sentence embeddings + these features) and
``"finetuned"`` (optional extra, :mod:`counterpoint.opinion_finetuned`: a small transformer each user trains).
Whatever the backend, :func:`verdict` turns its score into the label and the reasons shown to users.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import registry
from .errors import CompareError, InputError
from .loaded import Lexicon, attributed_ranges, default_lexicon
from .model import Article, Label, Quote
from .packaged import read_json_object
from .registry import register

REPORTING = "reporting"
OPINION = "opinion"
ATTRIBUTED_QUOTE = "attributed quote"
# Shown when the score says opinion but no single cue did: length and the absence of attribution, figures and
# names are what the model weighed.
UNATTRIBUTED = "unattributed assertion: no source, figures or names"
# A reporting sentence whose characters are at least half attributed quote is labelled "attributed quote".
_QUOTE_MAJORITY = 0.5

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_DIGIT = re.compile(r"\d")


def _words(*items: str) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(i).replace(r"\ ", r"\s+") for i in items), key=len, reverse=True))
    return re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w'-])", re.IGNORECASE)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- Opinion cues: (feature name, reason shown to users, pattern). The group that matched is quoted in the reason.
_OBLIGATION = _words("should", "shouldn't", "must", "mustn't", "ought to", "need to", "needs to", "shall", "has got to")
_SPECULATIVE = _words("might", "could", "may", "would")
_FIRST_PERSON = re.compile(r"(?<![\w'-])(?:I|I'm|I've|I'd|me|my|mine|myself|we|we're|we've|we'd|us|our|ours|"
                           r"ourselves|let's)(?![\w'-])|(?<![\w'-])(?:We|Us|Our|Me|My|Let's)(?![\w'-])")
_SECOND_PERSON = _words("you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'd")
_SWEEPING = _words("always", "never", "nobody", "no one", "everyone", "everybody", "nothing", "anyone who")
# "It's a good thing that", "it is imperative to", "it is not like": the outlet passing a verdict on a state of
# affairs. Past participles ("it is expected that", "it was reported that") and probability words are reporting.
_FRAME = re.compile(
    r"\b(?:it|this|that)(?:'s|\s+is|\s+was|\s+would\s+be|\s+will\s+be|\s+remains|\s+seems)\s+"
    r"(?:(?:not|so|very|also|just|quite|really|hardly|simply|all|only)\s+)*(?:(?:a|an)\s+)?"
    r"([a-z]+)(?:\s+(?:thing|idea|sign|shame|mistake|pity|scandal|disgrace))?\s+(?:that|to|how|when|if)\b",
    re.IGNORECASE,
)
_FRAME_NOT = _wordset(
    "likely unlikely possible expected thought said reported understood believed known unknown due set about able "
    "going used supposed estimated the one part based worth"
)
_CONNECTIVE = _words("moreover", "thus", "hence", "therefore", "yet", "nevertheless", "nonetheless", "after all",
                     "in short", "in other words", "rather", "instead", "but", "still", "besides", "furthermore")
_SUPERLATIVE = re.compile(r"\b(?:most|least)\s+[a-z]{4,}\b|\b[a-z]{3,}est\b", re.IGNORECASE)
_NOT_SUPERLATIVE = _wordset(
    "interest interests west request protest rest arrest forest honest suggest harvest latest contest modest "
    "manifest guest quest chest nest pest digest invest priest conquest earnest inquest test attest detest "
    "protest behest everest biggest largest smallest oldest youngest highest lowest longest shortest earliest "
    "latest newest fastest slowest nearest furthest farthest"
)

# Indirect speech: "..., a review has found." / "X said (that) ..." / "according to X, ...". The reported clause is
# the source's claim in the outlet's paraphrase; its words are masked like a quote's and measured as its own share.
_SAY = r"(?:said|says|found|finds|concluded|concludes|reported|reports|warned|claimed|claims|argued|argues|added|stated|revealed|suggested|told\s+[^,.;]{1,40}?\s+that|believes|insisted|acknowledged|admitted|announced)"
_REPORTED_BEFORE = re.compile(
    rf"^(?P<clause>.{{12,}}?),\s+(?:[^,;]{{1,60}}?\s+)?(?:has\s+|have\s+|had\s+)?{_SAY}(?:\s+(?:on|in|last|this)\s+[^,;]{{1,30}})?\W*$",
    re.IGNORECASE,
)
# the speaker may carry one appositive ("Kristine Garina, the president of ..., said"); a relative clause ("the
# report, which found ...") does not count, or the outlet's own main clause would be masked
_REPORTED_AFTER = re.compile(
    rf"^(?!.*?,\s*(?:which|who|whose)\b)[^,;]{{1,60}}?(?:,[^,;]{{1,90}},)?\s*(?<!which )(?<!who )(?<!that )\b{_SAY}\s+(?:that\s+)?(?P<clause>.{{12,}})$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"^according to [^,]{1,80},\s*(?P<clause>.+)$|^(?P<clause2>.{12,}?),?\s+according to [^,]{1,80}\W*$",
                        re.IGNORECASE)


def reported_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of an indirect-speech clause attributed to a source (at most one per sentence)."""
    stripped = text.rstrip()
    for pattern in (_REPORTED_BEFORE, _REPORTED_AFTER, _ACCORDING):
        m = pattern.match(stripped)
        if m:
            group = next(g for g in ("clause", "clause2") if g in m.re.groupindex and m.group(g) is not None)
            return [(m.start(group), m.end(group))]
    return []


# --- Reporting cues: pull towards reporting; never shown as opinion reasons.
_ATTRIBUTION = _words(
    "said", "says", "say", "told", "tells", "according to", "reported", "reports", "announced", "stated", "added",
    "explained", "noted", "found", "finds", "claimed", "claims", "argued", "argues", "warned", "insisted", "wrote",
    "writes", "tweeted", "testified", "confirmed", "concluded", "showed", "shows", "revealed", "described",
    "accused", "urged", "asked", "replied", "acknowledged", "admitted", "denied", "suggested", "estimated",
    "announced", "recalled", "pointed out", "called for",
)
_DATE = _words(
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december", "yesterday", "last week",
    "last month", "last year", "this week", "earlier this", "on tuesday",
)
_NUMBER_WORDS = _words(
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "dozens", "hundred",
    "hundreds", "thousand", "thousands", "million", "millions", "billion", "percent", "per cent",
)
_CAPITALISED = re.compile(r"(?<=[\s(\"'-])[A-Z][a-z]+")

# Count features are clipped here: a third hedge says little more than the second. 5-fold CV on CheckThat 2023
# train, clip 1 / 2 / 3 / none x C 0.3 / 1 / 3: every setting scored macro-F1 0.673-0.687, i.e. within noise; 2
# keeps one long sentence from dominating.
_CLIP = 2.0


@dataclass(frozen=True, slots=True)
class Cue:
    """An interpretable finding in a sentence: the feature it feeds, the reason text, and the word(s) that fired."""

    feature: str
    reason: str
    word: str = ""


@dataclass(frozen=True)
class OpinionModel:
    """Logistic weights over :func:`features`: ``P(opinion) = sigmoid(bias + Σ weight·value)``.

    A sentence is opinion when P ≥ ``threshold``. ``about`` records where the weights came from.
    """

    bias: float
    weights: Mapping[str, float]
    threshold: float = 0.5
    about: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"about": dict(self.about), "bias": round(self.bias, 4), "threshold": self.threshold,
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], *, source: str = "opinion model") -> OpinionModel:
        try:
            weights = {str(k): float(v) for k, v in dict(d["weights"]).items()}
            about = d.get("about") or {}
            return cls(float(d["bias"]), weights, float(d.get("threshold", 0.5)), dict(about))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"malformed opinion model: {exc!r}", source=source) from exc

    def score(self, feats: Mapping[str, float]) -> float:
        return probability(self.bias + sum(self.weights.get(f, 0.0) * x for f, x in feats.items()))


def probability(z: float) -> float:
    """The logistic function of every backend's score, ``z`` clipped to ±30 so ``exp`` cannot overflow."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_model(path: str | Path | None = None) -> OpinionModel:
    """Read model weights (the packaged ``data/opinion_model.json`` by default); :class:`InputError` if unusable."""
    doc, source = read_json_object(path, "opinion_model.json", "opinion model")
    return OpinionModel.from_dict(doc, source=source)


@cache
def default_model() -> OpinionModel:
    """The packaged model, read once (immutable package data)."""
    return load_model()


# Attributed direct quotes inside one sentence given without quote spans (training data, a pasted sentence): quote
# marks plus a reporting verb outside them, or a quote long enough not to be a scare quote.
_SENTENCE_QUOTE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")
_LONG_QUOTE_WORDS = 5  # shorter quotes with no reporting verb are usually scare quotes, the outlet's own words


def sentence_quote_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the attributed direct quotes in one sentence, found without the quotes stage.

    The pipeline passes the spans of :mod:`counterpoint.quotes` instead; training sets (CheckThat!) and the
    benchmark come as bare sentences, so the trainers and the benchmark use this finder alike."""
    out = []
    for m in _SENTENCE_QUOTE.finditer(text):
        rest = text[: m.start()] + " " + text[m.end() :]
        if len(m.group().split()) >= _LONG_QUOTE_WORDS or _ATTRIBUTION.search(rest):
            out.append((m.start(), m.end()))
    return out


def mask(text: str, quoted: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters of each ``(start, end)`` range replaced by spaces (offsets are kept)."""
    chars = list(text)
    for start, end in quoted:
        chars[max(0, start) : max(0, min(len(chars), end))] = " " * max(0, min(len(chars), end) - max(0, start))
    return "".join(chars)


def _phrase(m: re.Match[str]) -> str:
    return " ".join(m.group().split()).lower()


def _outlet_text(text: str, quoted: Sequence[tuple[int, int]]) -> tuple[str, str]:
    """``(text without attributed quotes, text without quotes and reported clause)``, folded, offsets kept."""
    unquoted = mask(text, quoted).translate(_FOLD)
    return unquoted, mask(unquoted, reported_ranges(unquoted))


def _cues(own: str, lex: Lexicon) -> list[Cue]:
    found = [Cue(f"lex:{cat}", lex.categories[cat].reason, own[s:e].lower()) for s, e, cat in lex.find(own)]
    for m in _FRAME.finditer(own):
        word = m.group(1).lower()
        if word not in _FRAME_NOT and not word.endswith("ed"):
            found.append(Cue("frame", "evaluative frame", _phrase(m)))
    for feature, reason, pattern in (
        ("obligation", "obligation modal", _OBLIGATION),
        ("speculative", "speculative modal", _SPECULATIVE),
        ("first_person", "first-person voice", _FIRST_PERSON),
        ("second_person", "addresses the reader", _SECOND_PERSON),
        ("sweeping", "sweeping generalisation", _SWEEPING),
        ("connective", "argumentative connective", _CONNECTIVE),
    ):
        found += [Cue(feature, reason, _phrase(m)) for m in pattern.finditer(own)]
    found += [Cue("superlative", "superlative", _phrase(m)) for m in _SUPERLATIVE.finditer(own)
              if m.group().lower() not in _NOT_SUPERLATIVE]
    if own.rstrip(" \"')]").endswith("?"):
        found.append(Cue("question", "rhetorical question"))
    if "!" in own:
        found.append(Cue("exclamation", "exclamation"))
    found += [Cue("attribution", "attribution", _phrase(m)) for m in _ATTRIBUTION.finditer(own)]
    return found


def cues(text: str, *, quoted: Sequence[tuple[int, int]] = (), lexicon: Lexicon | None = None) -> list[Cue]:
    """Every interpretable cue in the outlet's own words (outside ``quoted`` and any reported clause), in order."""
    return _cues(_outlet_text(text, quoted)[1], lexicon or default_lexicon())


def _solid(text: str) -> int:
    return sum(not c.isspace() for c in text)


def _features(text: str, unquoted: str, own: str, found: Sequence[Cue]) -> dict[str, float]:
    feats: dict[str, float] = {}
    for cue in found:
        feats[cue.feature] = min(_CLIP, feats.get(cue.feature, 0.0) + 1.0)
    total, after_quotes, after_reported = _solid(text), _solid(unquoted), _solid(own)
    if total and after_quotes < total:
        feats["quote_share"] = (total - after_quotes) / total
    if total and after_reported < after_quotes:
        feats["reported_share"] = (after_quotes - after_reported) / total
    if _DIGIT.search(own) or _NUMBER_WORDS.search(own):
        feats["figures"] = 1.0
    if _DATE.search(own):
        feats["date"] = 1.0
    names = len(_CAPITALISED.findall(own))
    if names:
        feats["names"] = min(_CLIP, names / 2.0)
    n_words = len(_WORD.findall(own))
    if n_words:
        # log scale, 1.0 at 49 words: a long sentence in the outlet's own voice is more often argument than report
        feats["length"] = math.log(1 + n_words) / math.log(50)
    return feats


def features(text: str, *, quoted: Sequence[tuple[int, int]] = (), lexicon: Lexicon | None = None) -> dict[str, float]:
    """The model's input: clipped cue counts plus reporting signals (quote and reported-speech share, figures,
    dates, names, length)."""
    unquoted, own = _outlet_text(text, quoted)
    return _features(text, unquoted, own, _cues(own, lexicon or default_lexicon()))


def _reasons(found: Sequence[Cue], contributions: Mapping[str, float]) -> list[str]:
    """Reason strings for the cues whose weighted value pushed towards opinion, grouped by reason, in cue order."""
    by_reason: dict[str, list[str]] = {}
    for cue in found:
        if contributions.get(cue.feature, 0.0) <= 0.0:
            continue
        words = by_reason.setdefault(cue.reason, [])
        if cue.word and cue.word not in words:
            words.append(cue.word)
    return [f"{reason}: " + ", ".join(f"'{w}'" for w in words) if words else reason for reason, words in by_reason.items()]


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the interpretable side sees in one sentence: its cues, the model features, and the outlet's own text
    (attributed quotes blanked, curly quotes folded, whitespace collapsed) that a semantic backend embeds."""

    cues: tuple[Cue, ...]
    features: Mapping[str, float]
    outlet_text: str


def analyse(text: str, *, quoted: Sequence[tuple[int, int]] = (), lexicon: Lexicon | None = None) -> Analysis:
    """Cues, features and outlet text of one sentence (``quoted`` as in :func:`label_sentence`)."""
    unquoted, own = _outlet_text(text, quoted)
    found = _cues(own, lexicon or default_lexicon())
    return Analysis(tuple(found), _features(text, unquoted, own, found), " ".join(unquoted.split()))


def verdict(
    analysis: Analysis, p: float, *, threshold: float, model: OpinionModel | None = None, fallback: str = UNATTRIBUTED
) -> tuple[str, tuple[str, ...]]:
    """``(label, reasons)`` for a sentence scored ``p`` by any backend.

    The reasons always come from the interpretable ``model`` (the packaged one by default): the cues whose weighted
    value pushes towards opinion. ``fallback`` is the reason of an opinion label when no cue did, so an opinion label
    is never reason-free.
    """
    if p < threshold:
        if analysis.features.get("quote_share", 0.0) >= _QUOTE_MAJORITY:
            return REPORTING, (ATTRIBUTED_QUOTE,)
        return REPORTING, ()
    mdl = model or default_model()
    contributions = {f: mdl.weights.get(f, 0.0) * x for f, x in analysis.features.items()}
    return OPINION, tuple(_reasons(analysis.cues, contributions) or [fallback])


def label_scored(
    texts: Sequence[str],
    quoted: Sequence[Sequence[tuple[int, int]]],
    scores: Callable[[list[Analysis]], Sequence[float]],
    *,
    threshold: float,
    fallback: str,
    model: OpinionModel | None = None,
    lexicon: Lexicon | None = None,
) -> list[tuple[str, tuple[str, ...], float]]:
    """The model backends' common path: analyse each sentence, let ``scores`` turn all the analyses into
    P(opinion) in one batch, and give each its :func:`verdict` (``fallback`` when no cue explains an opinion)."""
    if not texts:
        return []
    lex = lexicon or default_lexicon()
    analyses = [analyse(t, quoted=q, lexicon=lex) for t, q in zip(texts, quoted, strict=True)]
    probs = scores(analyses)
    return [(*verdict(a, p, threshold=threshold, model=model, fallback=fallback), p)
            for a, p in zip(analyses, probs, strict=True)]


@register("opinion", "lexical")
class LexicalOpinion:
    """The default backend: the interpretable logistic model alone (no dependency beyond the package)."""

    name = "lexical"

    def label_sentences(
        self,
        texts: Sequence[str],
        quoted: Sequence[Sequence[tuple[int, int]]],
        *,
        model: OpinionModel | None = None,
        lexicon: Lexicon | None = None,
    ) -> list[tuple[str, tuple[str, ...], float]]:
        """``(label, reasons, P(opinion))`` per sentence; ``quoted[i]`` are the quote ranges of ``texts[i]``."""
        mdl = model or default_model()
        lex = lexicon or default_lexicon()
        out = []
        for text, q in zip(texts, quoted, strict=True):
            a = analyse(text, quoted=q, lexicon=lex)
            p = mdl.score(a.features)
            out.append((*verdict(a, p, threshold=mdl.threshold, model=mdl), p))
        return out


def backend_names() -> list[str]:
    """Names accepted by ``backend=`` (``"lexical"`` always; ``"semantic"`` and ``"finetuned"`` need optional
    extras to run, ``"finetuned"`` also a model trained by ``counterpoint opinion-train``)."""
    return registry.available("opinion")


def make_scorer(backend: str = "lexical", *, model_path: str | Path | None = None) -> Any:
    """A ready opinion backend: loads its model once, so one scorer can label many articles.

    ``model_path`` is the backend's own model: the directory of a fine-tuned model, or a semantic weights JSON
    (the packaged weights / :func:`counterpoint.opinion_finetuned.default_model_dir` when None). The lexical
    backend takes its weights per call (``model=``), so a path for it is a :class:`CompareError`."""
    cls = registry.get("opinion", backend)
    if model_path is None:
        return cls()
    if backend == "lexical":
        raise CompareError("a model path applies to the semantic and finetuned opinion backends, not to lexical",
                           source=str(model_path))
    return cls(path=model_path)


def label_sentence(
    text: str,
    *,
    quoted: Sequence[tuple[int, int]] = (),
    model: OpinionModel | None = None,
    lexicon: Lexicon | None = None,
    backend: str = "lexical",
) -> tuple[str, tuple[str, ...], float]:
    """``(label, reasons, P(opinion))`` of one sentence.

    ``quoted`` are ``(start, end)`` character ranges of ``text`` inside attributed direct quotes: their words are
    the source's and do not count towards the outlet's opinion. An opinion label always has at least one reason; a
    reporting label has ``("attributed quote",)`` when the sentence is mostly an attributed quote, else none.

    ``backend`` picks the scorer (see :func:`backend_names`): ``"lexical"`` (default) is the interpretable model;
    ``"semantic"`` (optional extra, :mod:`counterpoint.opinion_semantic`) adds sentence embeddings. Whatever the
    backend, reasons come from the interpretable cues weighed by ``model``. An unknown name raises
    :class:`~counterpoint.errors.UnknownBackendError`; a missing optional package, :class:`CompareError`.
    """
    impl = registry.get("opinion", backend)()
    return impl.label_sentences([text], [quoted], model=model, lexicon=lexicon)[0]  # type: ignore[no-any-return]


def label_article(
    article: Article,
    quotes: Iterable[Quote],
    *,
    model: OpinionModel | None = None,
    backend: str = "lexical",
    scorer: Any = None,
) -> list[Label]:
    """One :class:`Label` per sentence of ``article``, in order; attributed quotes do not count as opinion.

    All sentences go to the backend in one batch (the neural backends encode them in one call). ``scorer`` is a
    backend from :func:`make_scorer` (it wins over ``backend``), to label many articles with one loaded model."""
    impl = scorer if scorer is not None else registry.get("opinion", backend)()
    ranges = attributed_ranges(quotes, article.id)
    texts, local = [], []
    for sent in article.sentences:
        texts.append(article.sentence_text(sent))
        local.append([(max(s, sent.start) - sent.start, min(e, sent.end) - sent.start)
                      for s, e in ranges if s < sent.end and sent.start < e])
    results = impl.label_sentences(texts, local, model=model)
    return [Label(sent.id, label, reasons, round(p, 4))
            for sent, (label, reasons, p) in zip(article.sentences, results, strict=True)]
