"""Stories found automatically: same event together, same kind of event apart, window, ids, state, ECB+ slice."""

from __future__ import annotations

import json
import pickle
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint import story_features as sf
from counterpoint.errors import StoreError
from counterpoint.model import Article, article_id
from counterpoint.stories import StoryIndex, cluster
from counterpoint.story_features import StoryFeatures, features, names, numbers
from counterpoint.story_metrics import bcubed
from counterpoint.story_params import StoryParams
from counterpoint.story_vectors import article_vectors

D0 = date(2024, 3, 4)


def art(text: str, *, title: str | None = None, published: date | None = D0, source: str = "t") -> Article:
    return Article(id=article_id(text), source=source, text=text, title=title, published=published, language="en")


QUAKE_CHILE = [
    art(
        "A magnitude 7.1 earthquake struck northern Chile on Monday, killing at least 12 people in Antofagasta. "
        "Chile's emergency office ONEMI said 340 homes were destroyed. President Gabriel Boric flew to Antofagasta.",
        title="Magnitude 7.1 quake kills 12 in northern Chile",
    ),
    art(
        "At least 12 people died after a 7.1-magnitude earthquake hit the Antofagasta region of Chile on Monday, "
        "officials said. The ONEMI agency counted 340 destroyed homes, and Boric visited the city.",
        title="Chile earthquake: 12 dead in Antofagasta",
        published=D0 + timedelta(days=1),
    ),
]
QUAKE_JAPAN = [
    art(
        "A magnitude 6.4 earthquake struck central Japan on Thursday, injuring 57 people in Kanazawa. "
        "The Japan Meteorological Agency said no tsunami was expected. Prime Minister Fumio Kishida met officials.",
        title="6.4 quake injures 57 in central Japan",
        published=D0 + timedelta(days=3),
    ),
    art(
        "An earthquake of magnitude 6.4 hit Ishikawa prefecture in Japan on Thursday and 57 people were hurt in "
        "Kanazawa, the Japan Meteorological Agency reported. Kishida said rescuers were at work.",
        title="Kanazawa earthquake injures 57",
        published=D0 + timedelta(days=3),
    ),
]
# Unrelated coverage, so that document frequencies look like a news stream and not like two articles.
OTHER = [
    art("The central bank held interest rates at 5.25 percent on Wednesday, Governor Andrew Bailey said in London.",
        title="Rates held"),
    art("Manchester United beat Liverpool 2-1 at Old Trafford on Sunday, with Bruno Fernandes scoring twice.",
        title="United win"),
    art("Apple unveiled a new iPhone in Cupertino on Tuesday, priced at 999 dollars, Tim Cook told the audience.",
        title="New iPhone"),
]
ONE_EVENT = [
    art(
        "Police in Lyon arrested the former mayor Jean Dupont on Tuesday over the embezzlement of 2.3 million euros "
        "from the city's housing fund, prosecutors said.",
        title="Former Lyon mayor Jean Dupont arrested",
    ),
    art(
        "Jean Dupont, who ran Lyon until 2020, was detained by police on Tuesday. Prosecutors accuse him of "
        "diverting 2.3 million euros meant for Lyon housing.",
        title="Ex-mayor detained in embezzlement inquiry",
    ),
    art(
        "Prosecutors say the ex-mayor of Lyon, Jean Dupont, took 2.3 million euros from a housing fund; officers "
        "took Dupont into custody on Tuesday morning.",
        title="Dupont in custody",
        published=D0 + timedelta(days=2),
    ),
]


def groups(stories: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(m) for m in stories.values()}


def test_two_earthquakes_are_two_stories() -> None:
    found = groups(cluster(QUAKE_CHILE + QUAKE_JAPAN + OTHER))
    assert frozenset(a.id for a in QUAKE_CHILE) in found
    assert frozenset(a.id for a in QUAKE_JAPAN) in found


def test_three_reports_of_one_event_are_one_story() -> None:
    found = groups(cluster(ONE_EVENT + QUAKE_CHILE + OTHER))
    assert frozenset(a.id for a in ONE_EVENT) in found


@pytest.mark.parametrize(
    ("gap_days", "same_story"),
    [(0, True), (7, True), (8, False), (60, False)],
)
def test_time_window(gap_days: int, same_story: bool) -> None:
    first, second = ONE_EVENT[0], ONE_EVENT[1].with_changes(published=D0 + timedelta(days=gap_days))
    index = StoryIndex(StoryParams(window_days=7, late_window_days=7))  # late joins off
    for a in OTHER:
        index.add(a.id, features(a))
    s1 = index.add(first.id, features(first))
    s2 = index.add(second.id, features(second))
    assert (s1 == s2) is same_story


# The same topic, another event: shares Lyon, prosecutors, the city's funds with ONE_EVENT, not the man or the sum
RELATED = art(
    "Prosecutors in Lyon charged the city's former housing director, Paul Girard, on Friday with fraud involving "
    "0.4 million euros.",
    title="Lyon housing director charged",
)


@pytest.mark.parametrize(
    ("text", "gap_days", "same_story"),
    [
        (ONE_EVENT[1].text, 30, True),  # a follow-up weeks later: a strong score
        (ONE_EVENT[1].text, 60, True),
        (ONE_EVENT[1].text, 61, False),  # past the late window: never
        (RELATED.text, 7, True),  # within the window the plain threshold applies
        (RELATED.text, 8, False),  # past it, the same topic is not enough
        (RELATED.text, 30, False),
    ],
)
def test_a_late_follow_up_joins_only_on_a_strong_score(text: str, gap_days: int, same_story: bool) -> None:
    params = StoryParams(window_days=7, late_window_days=60, late_threshold=0.4)
    index = StoryIndex(params)
    for a in OTHER:
        index.add(a.id, features(a))
    sid = index.add(ONE_EVENT[0].id, features(ONE_EVENT[0]))
    later = art(text, published=D0 + timedelta(days=gap_days))
    score = index.score(features(later), sid)
    # the premise: the follow-up scores above the late threshold, the related event between the two thresholds
    assert score >= params.late_threshold if text == ONE_EVENT[1].text else (
        params.threshold <= score < params.late_threshold
    )
    assert (index.add(later.id, features(later)) == sid) is same_story


ARREST_ASPEN = [
    art("Actor Charlie Sheen was arrested in Aspen, Colorado, on Christmas Day after a domestic dispute with his wife "
        "Brooke Mueller, police said. Sheen was released on 8,500 dollars bail.",
        title="Charlie Sheen arrested in Aspen"),
    art("Police in Aspen arrested Charlie Sheen on Friday on charges of assault and menacing after his wife, Brooke "
        "Mueller, called 911. The actor posted bail of 8,500 dollars.", title="Sheen held after Aspen dispute",
        published=D0 + timedelta(days=1)),
]
ARREST_PLAZA = [
    art("Charlie Sheen was arrested in New York on Tuesday after police found him in a hotel room at the Plaza with a "
        "woman and cocaine, officers said. The actor was taken to hospital.",
        title="Charlie Sheen arrested at the Plaza"),
    art("The actor Charlie Sheen was detained by New York police on Tuesday after a disturbance at the Plaza Hotel, "
        "where 7,000 dollars of damage was reported.", title="Sheen detained in New York"),
]


@pytest.mark.parametrize("gap_days", [20, 40])
def test_two_arrests_of_one_actor_weeks_apart_are_two_stories(gap_days: int) -> None:
    index = StoryIndex()  # the shipped parameters, late joins on
    for a in OTHER + QUAKE_CHILE + QUAKE_JAPAN + ONE_EVENT:
        index.add(a.id, features(a))
    aspen = {index.add(a.id, features(a)) for a in ARREST_ASPEN}
    assert len(aspen) == 1
    later = [a.with_changes(published=D0 + timedelta(days=gap_days)) for a in ARREST_PLAZA]
    # the actor, "arrested", "police": enough for the plain threshold, not for a late join
    scores = [index.score(features(a), next(iter(aspen))) for a in later]
    assert all(index.params.threshold <= s < index.params.late_threshold for s in scores)
    plaza = {index.add(a.id, features(a)) for a in later}
    assert len(plaza) == 1 and plaza.isdisjoint(aspen)


def test_saved_parameters_without_late_joins_keep_them_off() -> None:
    old = {k: v for k, v in StoryParams(window_days=5).to_dict().items() if not k.startswith("late_")}
    loaded = StoryParams.from_dict(old)
    assert loaded.late_window_days == loaded.window_days == 5 and loaded.reach_days == 5
    assert StoryParams.from_dict(StoryParams().to_dict()) == StoryParams()


@pytest.mark.parametrize("candidates", [1, 15])
def test_the_best_candidates_out_of_the_window_give_way_to_the_next(candidates: int) -> None:
    """A probe shares every key with an old story (most candidate hits) that is out of its window: the index
    must look past it (the whole ranking) to the in-window story of the same event."""
    old = [ONE_EVENT[0], ONE_EVENT[1]]
    recent = ONE_EVENT[2].with_changes(published=D0 + timedelta(days=30))
    probe = art(ONE_EVENT[0].text + " Dupont denies it.", published=D0 + timedelta(days=31))
    index = StoryIndex(StoryParams(candidates=candidates, window_days=7, late_window_days=7))
    for a in OTHER + old:
        index.add(a.id, features(a))
    assert index.story_of(old[1].id) == index.story_of(old[0].id)
    recent_story = index.add(recent.id, features(recent))
    assert recent_story == "st-" + recent.id  # out of the old story's window: a story of its own
    assert index.add(probe.id, features(probe)) == recent_story


def test_vectors_computed_elsewhere_give_the_same_decisions() -> None:
    """The corpus hands the index article vectors computed in worker processes instead of features."""
    stream = OTHER + ONE_EVENT + QUAKE_CHILE + QUAKE_JAPAN
    from_features, from_vectors = StoryIndex(), StoryIndex()
    for a in stream:
        f = features(a)
        vectors = pickle.loads(pickle.dumps(article_vectors(f)))  # as they come back from a worker
        assert from_vectors.assign(a.id, vectors) == from_features.assign(a.id, f)
        assert from_vectors.add(a.id, vectors) == from_features.add(a.id, f)
    assert from_vectors.stories() == from_features.stories()
    assert from_vectors.to_state() == from_features.to_state()
    assert len(from_features.stories()) < len(stream)  # some articles joined others: decisions were made


def test_undated_article_joins_on_content_alone() -> None:
    index = StoryIndex()
    for a in OTHER + ONE_EVENT[:2]:
        index.add(a.id, features(a))
    undated = ONE_EVENT[2].with_changes(published=None)
    assert index.add(undated.id, features(undated)) == index.story_of(ONE_EVENT[0].id)


def test_ids_are_deterministic_and_named_for_first_member() -> None:
    arts = OTHER + ONE_EVENT + QUAKE_CHILE + QUAKE_JAPAN
    runs = [cluster(arts), cluster(list(reversed(arts)))]
    assert runs[0] == runs[1]  # batch order is date then id, whatever the input order
    for sid, members in runs[0].items():
        assert sid == "st-" + members[0]


def test_add_is_idempotent_and_assign_has_no_side_effect() -> None:
    index = StoryIndex()
    for a in OTHER + ONE_EVENT[:2]:
        index.add(a.id, features(a))
    before = json.dumps(index.to_state(), sort_keys=True)
    third = ONE_EVENT[2]
    preview = index.assign(third.id, features(third))
    assert json.dumps(index.to_state(), sort_keys=True) == before
    assert preview == index.add(third.id, features(third)) == index.story_of(ONE_EVENT[0].id)
    assert index.add(third.id, features(third)) == preview
    assert len(index) == len(OTHER) + 3


def test_state_round_trip_makes_the_same_decisions() -> None:
    arts = OTHER + ONE_EVENT[:2] + QUAKE_CHILE[:1]
    index = StoryIndex(StoryParams(threshold=0.25))
    for a in arts:
        index.add(a.id, features(a))
    state = json.loads(json.dumps(index.to_state()))
    again = StoryIndex.from_state(state)
    assert again.params == index.params
    assert again.stories() == index.stories()
    assert again.to_state() == index.to_state()
    for a in (ONE_EVENT[2], QUAKE_CHILE[1], *QUAKE_JAPAN):
        assert again.add(a.id, features(a)) == index.add(a.id, features(a))
    assert again.to_state() == index.to_state()


@pytest.mark.parametrize("idf_refresh", [0.0, 0.05, 1.0])
def test_state_round_trip_keeps_the_idf_snapshot(idf_refresh: float) -> None:
    # idf_refresh=1.0 refreshes at 1, 2, 4, 8 documents: saved after 7, the snapshot has counts pending
    params = StoryParams(idf_refresh=idf_refresh)
    first = OTHER + ONE_EVENT[:2] + QUAKE_CHILE[:1] + QUAKE_JAPAN[:1]
    index = StoryIndex(params)
    for a in first:
        index.add(a.id, features(a))
    state = json.loads(json.dumps(index.to_state()))
    assert bool(state["snapshot"]["df_since"]) is (idf_refresh == 1.0)
    again = StoryIndex.from_state(state)
    for a in (ONE_EVENT[2], QUAKE_CHILE[1], QUAKE_JAPAN[1]):
        assert again.score(features(a), index.story_of(first[-1].id) or "") == index.score(
            features(a), index.story_of(first[-1].id) or ""
        )
        assert again.add(a.id, features(a)) == index.add(a.id, features(a))
    assert again.to_state() == index.to_state()


def test_cached_norms_follow_story_changes() -> None:
    """Scores from an index whose story norms are cached equal those of a reload, which has none."""
    index = StoryIndex(StoryParams(idf_refresh=1.0))
    for a in OTHER + ONE_EVENT[:1]:
        index.add(a.id, features(a))
    sid = index.story_of(ONE_EVENT[0].id) or ""
    probe = features(ONE_EVENT[2])
    before = index.score(probe, sid)  # caches the story's norms
    index.add(ONE_EVENT[1].id, features(ONE_EVENT[1]))  # the story changes
    assert index.story_of(ONE_EVENT[1].id) == sid
    after = index.score(probe, sid)
    assert after != before
    assert after == StoryIndex.from_state(index.to_state()).score(probe, sid)


@pytest.mark.parametrize("version", [1, 2])
def test_older_states_still_load(version: int) -> None:
    index = StoryIndex()
    for a in OTHER + ONE_EVENT[:2]:
        index.add(a.id, features(a))
    newer = {"clock", "newest_day", "closed", "created"} | ({"snapshot"} if version == 1 else set())
    old = {k: v for k, v in index.to_state().items() if k not in newer} | {"version": version}
    old["stories"] = [{k: v for k, v in s.items() if k not in ("size", "touched")} for s in old["stories"]]
    again = StoryIndex.from_state(old)
    assert len(again) == len(index)
    assert again.stories() == index.stories()
    third = ONE_EVENT[2]
    assert again.add(third.id, features(third)) == index.story_of(ONE_EVENT[0].id)


def test_state_of_another_version_is_refused() -> None:
    with pytest.raises(StoreError):
        StoryIndex.from_state({"version": 99})


def test_features_are_picklable_and_json_round_trip() -> None:
    f = features(QUAKE_CHILE[0])
    assert pickle.loads(pickle.dumps(f)) == f
    assert StoryFeatures.from_dict(json.loads(json.dumps(f.to_dict()))) == f
    assert f.published == D0.isoformat() and f.language == "en"
    assert "earthquake" in dict(f.words) and "the" not in dict(f.words)
    assert ("chile", 1) in f.title or "chile" in f.title


@pytest.mark.parametrize(
    ("text", "must", "must_not"),
    [
        ("Lindsay Lohan has left the Betty Ford Center. Lohan is now in Malibu.",
         {"lindsay lohan", "betty ford center", "lohan", "malibu"}, {"the"}),
        ("Another day in Hollywood. He said Tara Reid's stay was short.", {"hollywood", "tara reid"}, {"another"}),
        ("Lindsay Lohan Leaves Betty Ford, Checks Into Malibu Rehab\nShe left on Monday, June 13.",
         set(), {"checks into malibu rehab", "june", "monday"}),
    ],
)
def test_names(text: str, must: set[str], must_not: set[str]) -> None:
    found = set(names(text))
    assert must <= found
    assert not (must_not & found)


@pytest.mark.parametrize(
    ("text", "values", "years"),
    [
        ("a magnitude 7.1 quake on June 13, 2013", {"7.1", "13", "date:06-13"}, {2013}),
        ("an eight-year, $200 million offer, 1,200 fans", {"200000000", "1200"}, set()),
        ("on 5th of May 1999", {"5", "date:05-05"}, {1999}),
    ],
)
def test_numbers(text: str, values: set[str], years: set[int]) -> None:
    found, found_years = numbers(text)
    assert values <= set(found)
    assert found_years == years


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ({"s1": ["a", "b"], "s2": ["c"]}, (1.0, 1.0, 1.0)),
        ({"s1": ["a", "b", "c"]}, (5 / 9, 1.0, 2 * (5 / 9) / (5 / 9 + 1))),
        ({"s1": ["a"], "s2": ["b"], "s3": ["c"]}, (1.0, 2 / 3, 0.8)),
    ],
)
def test_bcubed(found: dict[str, list[str]], expected: tuple[float, float, float]) -> None:
    assert bcubed(found, {"a": "x", "b": "x", "c": "y"}) == pytest.approx(expected)


def load_ecb_topics(root: Path, topics: set[int]) -> dict[Article, str]:
    """ECB+ files of some topics as Articles (URL and headline lines of ECB+ files set aside) → gold story."""
    out: dict[Article, str] = {}
    for line in (root / "labels.csv").read_text(encoding="utf-8").splitlines()[1:]:
        name, topic, story = line.split(",")
        if int(topic) not in topics:
            continue
        lines = [ln for ln in (root / "docs" / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
        title = None
        if lines[0].startswith("http"):
            title, lines = lines[1], lines[2:]
        out[art("\n".join(lines), title=title, published=None, source=name)] = story
    return out


def test_ecbplus_slice_b_cubed_above_floor(shared_dir: Path) -> None:
    root = shared_dir / "data" / "stories" / "ecbplus"
    if not root.is_dir():
        pytest.skip("ECB+ is not in ../shared")
    # Six events: two celebrity rehab stays (topic 1), two prison escapes (3), two workplace shootings (22).
    data = load_ecb_topics(root, {1, 3, 22})
    p, r, f1 = bcubed(cluster(data), {a.id: g for a, g in data.items()})
    assert f1 >= 0.80, (p, r, f1)


# --- bounded memory: closed stories, untracked members, capped posting lists ---------------------------------


def _word(i: int, j: int) -> str:
    """A made-up word of letters only, distinct for each (i, j)."""
    n, out = i * 8 + j, ""
    while True:
        n, r = divmod(n, 26)
        out += "bcdfghjklmnpqrstvwxzaeiouy"[r]
        if n == 0:
            return "zor" + out


def _stream(n: int, *, start: int = 0) -> list[Article]:
    """Undated articles sharing only the word "pothole", each with its own words (so each starts a story)."""
    return [art(" ".join(["pothole", *(_word(i, j) for j in range(8))]) + ".", published=None, source=f"s{i}")
            for i in range(start, start + n)]


def test_an_idle_story_closes_and_a_later_report_starts_a_new_one() -> None:
    params = StoryParams(idle_articles=10)  # swept every add
    index = StoryIndex(params)
    first = ONE_EVENT[0].with_changes(published=None)
    sid = index.add(first.id, features(first))
    for a in _stream(9):
        index.add(a.id, features(a))
    assert sid in index._stories  # touched 9 adds ago: still open
    second = ONE_EVENT[1].with_changes(published=None)
    assert index.assign(second.id, features(second)) == sid
    for a in _stream(1, start=9):
        index.add(a.id, features(a))
    assert sid not in index._stories and index.live == 10
    assert not any(sid in posting for posting in index._postings.values())
    assert index.add(second.id, features(second)) == "st-" + second.id
    assert index.stories()[sid] == [first.id] and index.story_of(first.id) == sid  # tracked members stay listed
    assert list(index.stories())[0] == sid  # in order of creation


@pytest.mark.parametrize(("late_window", "newest_gap", "closed"), [(7, 14, False), (7, 15, True), (30, 37, False),
                                                                   (30, 38, True)])
def test_a_dated_story_closes_once_the_stream_is_past_its_window(late_window: int, newest_gap: int,
                                                                 closed: bool) -> None:
    # its reach is the late window when that is longer than the window
    params = StoryParams(window_days=7, late_window_days=late_window, late_days=7, idle_articles=_SWEEP_EVERY_ADD)
    index = StoryIndex(params)
    sid = index.add(ONE_EVENT[0].id, features(ONE_EVENT[0]))
    later = OTHER[0].with_changes(published=D0 + timedelta(days=newest_gap))
    index.add(later.id, features(later))
    assert (sid not in index._stories) is closed
    late_report = ONE_EVENT[1]  # dated D0: would have joined
    assert (index.add(late_report.id, features(late_report)) == sid) is not closed


_SWEEP_EVERY_ADD = 10  # idle_articles // 10 == 1: closing is checked after every add


def test_untracked_members_give_the_same_decisions_and_a_state_without_article_ids() -> None:
    arts = OTHER + ONE_EVENT + QUAKE_CHILE + QUAKE_JAPAN + _stream(12)
    params = StoryParams(idle_articles=_SWEEP_EVERY_ADD)
    tracked, untracked = StoryIndex(params), StoryIndex(params, track_members=False)
    for a in arts:
        assert tracked.add(a.id, features(a)) == untracked.add(a.id, features(a))
    state = json.loads(json.dumps(untracked.to_state()))
    dumped, founders = json.dumps(state), {sid[3:] for sid in tracked.stories()}
    assert [a.id for a in arts if a.id not in founders and a.id in dumped] == []  # only story ids name articles
    assert [s["size"] for s in state["stories"]] == [len(tracked.stories()[s["id"]]) for s in state["stories"]]
    assert untracked.stories() == {sid: [] for sid in untracked._stories} and len(untracked) == len(arts)
    again = StoryIndex.from_state(state)
    dropped = StoryIndex.from_state(json.loads(json.dumps(tracked.to_state())), track_members=False)
    assert again.to_state() == dropped.to_state() == untracked.to_state()
    probe = ONE_EVENT[2].with_changes(id="probe")
    assert again.add("probe", features(probe)) == tracked.add("probe", features(probe))


def test_state_round_trip_keeps_closed_stories() -> None:
    index = StoryIndex(StoryParams(idle_articles=_SWEEP_EVERY_ADD))
    for a in ONE_EVENT[:2] + _stream(12):
        index.add(a.id, features(a))
    assert index._closed
    again = StoryIndex.from_state(json.loads(json.dumps(index.to_state())))
    assert again.stories() == index.stories() and again.to_state() == index.to_state()
    a = ONE_EVENT[2]
    assert again.add(a.id, features(a)) == index.add(a.id, features(a))


def test_posting_lists_keep_the_most_recent_stories_only() -> None:
    index = StoryIndex(StoryParams(max_postings=2))
    for a in _stream(5):
        index.add(a.id, features(a))
    assert max(map(len, index._postings.values())) == 2
    assert list(index._postings["w:pothole"]) == ["st-" + a.id for a in _stream(5)[-2:]]


# --- the cheaper feature helpers find what the plain patterns found ------------------------------------------

# The patterns as first written; story_features rewrites them to run faster and must match them exactly.
PLAIN_NUMBER = r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\s?\.\s?(\d+))?(?:\s*(million|billion|thousand))?"
PLAIN_SENT_BOUNDARY = r"(?:^|[.!?]['\"”’)]*\s+|\n\s*|[:;]\s+[\"“]?|[\"“]\s*)"
_MONTH_NAMES = "|".join(sorted(sf._MONTHS, key=len, reverse=True))
PLAIN_MONTH_DAY = (
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b"
)

_TEXT_PIECES = st.sampled_from([
    "Tara", "Reid", "Mr.", "The", "of", "von", "NASA", "U.S.", "O’Neil’s", "rock'n'roll", "June", "jun", "Sept.",
    "SEPT", "May", "st", "t", "5", "5th", "13", "2013", "1,200", "7.1", "3 . 5", "$200", "million", "Billion", "of", "the",
    " ", "  ", "\t", "\n", "\n\n", ". ", "! ", "?", ":", ";", ",", '"', "“", "”", "’", "'", ")", "-", "—", "_",
    "é", "É", "İ", "ı", "ſ", "\u212a", "٣", "Ⅻ", "ǅ", "\u00a0",
])
_TEXTS = st.lists(_TEXT_PIECES, max_size=40).map("".join)
_FUZZ = settings(max_examples=300, deadline=None, derandomize=True)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str, ...]]]:
    return [(m.span(), tuple((g or "").lower() for g in m.groups())) for m in pattern.finditer(text)]


@_FUZZ
@given(_TEXTS)
def test_rewritten_patterns_match_the_plain_ones(text: str) -> None:
    assert _found(sf._NUMBER, text) == _found(re.compile(PLAIN_NUMBER, re.IGNORECASE), text)
    assert sf._sentence_starts(text) == {m.end() for m in re.finditer(PLAIN_SENT_BOUNDARY, text)}
    plain_dates = _found(re.compile(PLAIN_MONTH_DAY, re.IGNORECASE), text)
    assert _found(sf._MONTH_DAY, text) == plain_dates
    if not any(c in text for c in sf._CASE_MAPPING_DIFFERS):
        assert _found(sf._MONTH_DAY_LOWER, text.lower()) == plain_dates


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Sept. 5 and SEPTEMBER 6th", {"date:09-05", "date:09-06"}),
        ("the 3rd of May, jun 12", {"date:05-03", "date:06-12"}),
        # "ſ" matches "s" only under re.IGNORECASE: the lower-case shortcut is not taken, the suffix still matches
        ("5ſt May", {"date:05-05"}),
        ("İstanbul, June 2", {"date:06-02"}),
        # month names matched only through re.IGNORECASE's folding are no month (they raised KeyError in a worker)
        ("ſept 5, Aprıl 3 and APRİL 4, then May 6", {"date:05-06"}),
    ],
)
def test_month_day_dates(text: str, dates: set[str]) -> None:
    found, _ = numbers(text)
    assert {k for k in found if k.startswith("date:")} == dates


@_FUZZ
@given(_TEXTS)
def test_scan_is_one_findall_and_the_headline_lines(text: str) -> None:
    headlines = [m.span() for m in re.finditer(r"[^\n]+", text) if sf._is_headline(sf._WORD.findall(m.group()))]
    assert sf._scan(text) == (sf._WORD.findall(text), headlines)


@pytest.mark.parametrize(
    ("spans", "end", "expected"),
    [([], 5, [(0, 5)]), ([(0, 3)], 5, [(3, 5)]), ([(2, 3), (4, 5)], 5, [(0, 2), (3, 4)]), ([(0, 5)], 5, [])],
)
def test_between(spans: list[tuple[int, int]], end: int, expected: list[tuple[int, int]]) -> None:
    assert sf._between(spans, end) == expected


def test_tokens_do_not_depend_on_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Earthquakes struck; the earthquake's toll rose as cities counted the dead. Earthquake!"
    expected = ["earthquake", "struck", "earthquake", "toll", "rose", "city", "counted", "dead", "earthquake"]
    assert sf.tokens(text) == expected
    monkeypatch.setattr(sf, "_CONTENT", {})
    monkeypatch.setattr(sf, "_CONTENT_MAX", 3)  # cleared on almost every call
    assert [sf.tokens(text) for _ in range(3)] == [expected] * 3
    assert len(sf._CONTENT) <= 3 + len(set(sf._WORD.findall(text)))  # bounded: the limit plus one text


# Pinned from the plain implementation (one findall per use, the plain patterns, no memos).
GOLDEN_ARTICLE = Article(
    id="golden", source="t", title="Lindsay Lohan Leaves Betty Ford, Checks Into Malibu Rehab",
    text="LOS ANGELES (AP) — Lindsay Lohan has left the Betty Ford Center. She left on Monday, June 13, 2013.\n"
         "“Another day,” said Tara Reid’s lawyer, adding: “The White House was not told.” Reid paid $200 million.\n"
         "In Malibu, 1,200 fans waited till Sept. 5th; 7.1 percent of them came on the 3rd of May.\n"
         "Another Day In Paradise For The Stars Of Hollywood",
    published=date(2013, 6, 14), language="en",
)
GOLDEN_FEATURES = {
    "words": {"adding": 1, "angele": 1, "ap": 1, "betty": 2, "came": 1, "center": 1, "check": 1, "fan": 1, "ford": 2,
              "hollywood": 1, "house": 1, "june": 1, "lawyer": 1, "leave": 1, "left": 2, "lindsay": 2, "lohan": 2,
              "malibu": 2, "million": 1, "monday": 1, "paid": 1, "paradise": 1, "rd": 1, "rehab": 1, "reid": 2,
              "sept": 1, "star": 1, "tara": 1, "th": 1, "till": 1, "waited": 1, "white": 1},
    "names": {"malibu": 1, "tara reid": 1, "white house": 1},
    "numbers": {"1200": 1, "13": 1, "200000000": 1, "3": 1, "5": 1, "7.1": 1, "date:05-03": 1, "date:06-13": 1,
                "date:09-05": 1},
    "years": [2013], "published": "2013-06-14", "language": "en",
    "title": ["lindsay", "lohan", "leave", "betty", "ford", "check", "malibu", "rehab"],
}


def test_features_golden() -> None:
    f = features(GOLDEN_ARTICLE)
    assert f.to_dict() == GOLDEN_FEATURES
    assert list(f.words) == sorted(f.words) and list(f.names) == sorted(f.names)
