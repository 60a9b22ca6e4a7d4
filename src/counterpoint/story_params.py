"""The tuning of story clustering: :class:`StoryParams`, each value with how it was calibrated and on which data.

:class:`~counterpoint.stories.StoryIndex` takes one; the figures the sweeps below refer to are in
``docs/benchmarks.md`` (``.venv/bin/python -m bench.stories``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class StoryParams:
    """Tuning of :class:`~counterpoint.stories.StoryIndex`. Defaults calibrated on ECB+ odd topics (1, 3, ...,
    29), checked on even topics and BASIL; figures in ``docs/benchmarks.md`` (``.venv/bin/python -m
    bench.stories``)."""

    # Minimum score for an article to join a story, with the share of the score given to names and to numbers
    # (words get the rest). Swept on ECB+ odd topics (325 articles, 26 events, undated, Articles built directly;
    # `python -m bench.stories --sweep --ingest direct`),
    # B-cubed F1 batch / incremental, number_weight 0.1:
    #   year_conflict 1.0 (off): name_weight 0.35, threshold 0.20 0.851/0.861, 0.25 0.857/0.869, 0.30 0.846/0.861
    #   year_conflict 0.7:       threshold 0.17 0.879/0.839, 0.20 0.886/0.895, 0.22 0.891/0.890 (name_weight 0.4)
    #   year_conflict 0.6:       threshold 0.17 0.901/0.883, 0.20 0.901/0.900, 0.22 0.880/0.900 (name_weight 0.4)
    #   year_conflict 0.8:       threshold 0.17 0.859/0.839, 0.20 0.872/0.861, 0.22 0.876/0.895 (name_weight 0.4)
    # name_weight 0.35 vs 0.5 moved F1 by under 0.01 everywhere; number_weight 0.0–0.2 likewise. Chosen: 0.20.
    threshold: float = 0.20
    name_weight: float = 0.40
    number_weight: float = 0.10
    # Score multiplier when the article and the story both mention years and share none (2008 vs 2013 elections
    # in one country, two Internet Explorer zero-days five years apart); 1.0 turns it off. Swept above: 0.6.
    year_conflict: float = 0.6
    # An article joins only stories with a dated member within this many days of its date. A week covers a news
    # cycle's follow-ups; BASIL triplets are published within 3 days of each other.
    window_days: int = 7
    # Later follow-ups (a trial weeks after a crime, the report on a crash): past window_days, and up to
    # late_window_days, an article still joins a dated story, but only on a score of at least late_threshold; so
    # in those weeks another event on the same topic needs much more in common to be mistaken for it. Equal
    # windows turn it off. Chosen by a rule set before the sweep: the ECB+ odd topics' mean of batch and
    # incremental F1 must rise, and neither the even topics nor BASIL may fall. Swept through counterpoint.extract
    # with `python -m bench.stories --late-window-days D --late-threshold T`; B-cubed F1 batch / incremental,
    # ECB+ odd ; even ; BASIL (off: 0.859/0.852 ; 0.858/0.862 ; 0.984/0.984):
    #   30 days, 0.30: 0.859/0.852 ; 0.862/0.866 ; 0.977/0.977   0.35: same ECB+ ; 0.984/0.977
    #            0.40: 0.859/0.852 ; 0.859/0.863 ; 0.984/0.984   (the odd topics' follow-ups come later)
    #   60 days, 0.25: 0.867/0.868 ; 0.862/0.866 ; 0.962/0.954   0.30: same ECB+ ; 0.969/0.969
    #            0.35: 0.867/0.866 ; 0.862/0.866 ; 0.984/0.977   0.40: 0.866/0.866 ; 0.859/0.863 ; 0.984/0.984
    #            0.50: 0.861/0.852 ; 0.859/0.863 ; 0.984/0.984
    #   90 days, 0.40: as 60 days
    # Lower thresholds join different BASIL events (its triplets are days apart). Widening the plain window
    # instead lifts ECB+ but costs BASIL more (60 days: 0.867/0.868 ; 0.862/0.868 ; 0.954/0.954). Chosen: 60
    # days and 0.40, the best odd-topic mean within the rule (the smaller of two equal windows); ECB+ all topics
    # went from 0.849/0.848 to 0.854/0.857. tests/test_stories.py holds two arrests of one actor 20 and 40 days
    # apart (scores 0.29-0.36) as two stories.
    late_window_days: int = 60
    late_threshold: float = 0.40
    # Terms kept in each story's centroid (words / names / numbers). Bounds memory and scoring cost per story.
    centroid_terms: int = 150
    centroid_names: int = 60
    centroid_numbers: int = 40
    # Per article: how many of its highest-weighted words, names and numbers it is found by (candidate lookup)
    # and posted under. Names and numbers were all used before; capping them (long bench.scale articles have
    # 30-60 of each) left ECB+ and BASIL F1 unchanged and agreed with the uncapped decisions at B-cubed 0.984.
    query_terms: int = 25
    query_names: int = 15
    query_numbers: int = 10
    # Stories kept per posting list, most recently active: a term found in more stories than this is not rare
    # enough to find candidates by, and the list's memory is bounded.
    max_postings: int = 50
    # Stories scored in full per article, the ones sharing the most IDF mass of query terms.
    # Candidate lookup (query_*, max_postings, candidates) swept with `python -m bench.stories` and, for cost and
    # stability, on the first 5,000 bench.scale articles (undated, long, mixed: about 1,300 stories), against the
    # former 25 words / every name and number / 200 postings / 30 candidates: ECB+ and BASIL F1 unchanged (all
    # batch 0.849, BASIL 0.984) for candidates 10-30 and max_postings 50-200; agreement with the former
    # decisions (B-cubed F1 of one clustering against the other) candidates 10: 0.949, 15: 0.988; max_postings
    # 50: 0.989; 50 and 10 together: 0.953. add() CPU on the first 10,000 (same code, alternating runs, load
    # about 2): 2.8 ms with the former values, 1.9 ms with these.
    candidates: int = 15
    # A story that no article has joined in this many adds is closed and leaves memory (a later article on the
    # same event starts a new story). This bounds the live stories, hence memory and the posting lists, whatever
    # the corpus size: a live story costs about 28 KB with its share of the posting lists and document
    # frequencies (bench.scale articles, long and mixed), so at most about 280 MB; on bench.scale 1,700-2,000
    # stories are live at once after 30k-100k articles, dated or not. 10,000 adds is two days of a
    # 5,000-articles-a-day crawl without a follow-up; ECB+ (661) and BASIL (210) are smaller than the window, so
    # their figures cannot move with it.
    idle_articles: int = 10_000
    # A dated story is also closed once the newest date seen is this many days past the end of its window (its
    # last date + late_window_days, or window_days where that is longer): only an article that arrives that late
    # in date order would still have joined it.
    # ECB+ and BASIL figures are the same with and without this rule.
    late_days: int = 7
    # Share by which the count of documents must grow before the IDF snapshot used in scores is taken again (at
    # least one document); 0 takes it after every document (exact, slow). Batch mode counts everything first, so
    # only incremental adds depend on it. Swept with `python -m bench.stories --idf-refresh R --no-write --scale`,
    # B-cubed F1 incremental (ECB+ odd / even / all, BASIL; ECB+ all over 5 shuffled orders, mean):
    #   through counterpoint.extract: 0.0  0.852/0.862/0.847, 0.984; 0.854
    #                                 0.05 0.851/0.862/0.847, 0.984; 0.855
    #                                 0.1  0.852/0.862/0.848, 0.984; 0.855
    #                                 0.2  0.851/0.862/0.848, 0.984; 0.855
    #   Articles built directly:      0.0 and 0.05 and 0.1: 0.900/0.879/0.878, 0.984 (0.05, 0.1: odd 0.898)
    #                                 0.2  0.898/0.861/0.878, 0.984
    # add() on the 1,000 bench.scale articles: 0.05 about 1.25 ms, 0.1 about 1.1 ms (old per-candidate IDF: 5.7).
    # Chosen: 0.1, the largest step with no loss anywhere.
    idf_refresh: float = 0.1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def reach_days(self) -> int:
        """How far (days) from a dated story's dates an article can still join it, at any score."""
        return max(self.window_days, self.late_window_days)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> StoryParams:
        """Parameters saved by :meth:`to_dict`. Saved before late joins existed, they keep them off (a late window
        equal to the window), so a reopened corpus decides as it did when it was written."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in d.items() if k in known}
        window = values.get("window_days", cls.__dataclass_fields__["window_days"].default)
        values.setdefault("late_window_days", window)
        return cls(**values)
