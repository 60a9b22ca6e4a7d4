"""The corpus API: idempotent ingest, exact and near duplicates, stories, failures, readers, cached compare."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from servers import LocalServer, local_server_fixture  # noqa: F401

from counterpoint.corpus import Corpus, iter_inputs, url_list_target
from counterpoint.errors import StoreError
from counterpoint.fetch import FetchOptions
from counterpoint.model import Failure, RawDocument

PEOPLE = ["Ana Ruiz", "Tom Okafor", "Lena Berg", "Raj Patel", "Mia Chen", "Omar Haddad", "Eva Novak", "Ken Sato"]
PLACES = ["Riverside", "Port Alden", "Northfield", "Kestrel Bay", "Millbrook", "Ashford", "Lakemoor", "Oakridge"]
NOUNS = ["budget", "bridge", "hospital", "school", "harbour", "factory", "railway", "reservoir", "stadium", "court"]
VERBS = ["approved", "rejected", "delayed", "expanded", "criticised", "funded", "inspected", "closed"]


def make_text(seed: int, paragraphs: int = 6) -> str:
    """A made-up news article, distinct for each seed (several paragraphs of varied sentences)."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sents = []
        for _ in range(3):
            sents.append(
                f"{rng.choice(PEOPLE)} said the {rng.choice(NOUNS)} in {rng.choice(PLACES)} was "
                f"{rng.choice(VERBS)} after {rng.randint(2, 9999)} residents signed a petition on "
                f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, citing {rng.choice(NOUNS)} costs of "
                f"{rng.randint(1, 900)} million."
            )
        out.append(" ".join(sents))
    return "\n\n".join(out)


def write_files(folder: Path, texts: dict[str, str]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


def snapshot(corpus: Corpus) -> tuple[dict[str, int], list[Any]]:
    counts = corpus.counts()
    counts.pop("ingest_log")
    return counts, [s.to_dict() for s in corpus.stories()]


def test_ingesting_twice_changes_nothing(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {f"{i}.txt": make_text(i) for i in range(6)})
    with Corpus.open(tmp_path / "c.db") as corpus:
        first = corpus.ingest(inputs)
        before = snapshot(corpus)
        again = corpus.ingest(inputs)
        assert snapshot(corpus) == before
        assert corpus.problems() == []
    assert (first.new, first.failed) == (6, 0)
    assert (again.new, again.duplicate, again.known) == (0, 0, 6)
    with Corpus.open(tmp_path / "c.db") as reopened:
        reopened.ingest(inputs)
        assert snapshot(reopened) == before


def test_the_same_text_from_two_inputs_is_one_article_with_two_sources(tmp_path: Path) -> None:
    text = make_text(1)
    [a] = write_files(tmp_path / "x", {"a.txt": text})
    jsonl = tmp_path / "wire.jsonl"
    jsonl.write_text(json.dumps({"id": "w1", "text": text, "outlet": "Wire"}) + "\n", encoding="utf-8")
    with Corpus.open(tmp_path / "c.db") as corpus:
        report = corpus.ingest([a, str(jsonl)])
        [article] = list(corpus.articles())
        assert {s.source for s in corpus.sources(article.id)} == {a, f"{jsonl}#w1"}
    assert (report.new, report.duplicate) == (1, 1)


def test_json_files_are_ingested_as_records_with_their_sources(tmp_path: Path) -> None:
    text = make_text(1)
    one, many = tmp_path / "one.json", tmp_path / "many.json"
    one.write_text(json.dumps({"text": text, "outlet": "Wire"}), encoding="utf-8")
    many.write_text(json.dumps([{"text": make_text(2)}, {"id": "k", "text": text}, {"title": "none"}]), encoding="utf-8")
    with Corpus.open(tmp_path / "c.db") as corpus:
        report = corpus.ingest([str(one), str(many)])
        assert {s.source for a in corpus.articles() for s in corpus.sources(a.id)} == {
            str(one), f"{many}#1", f"{many}#k"
        }
    assert (report.new, report.duplicate, report.failed) == (2, 1, 1)


def test_a_near_copy_is_linked_put_in_the_same_story_and_counted_once(tmp_path: Path) -> None:
    base = make_text(3, paragraphs=8)
    paras = base.split("\n\n")
    copy = "\n\n".join(["Council decisions spark petition wave", *paras[:5], *paras[6:],
                        "Copyright The Example Post. All rights reserved."])
    inputs = write_files(tmp_path / "in", {"base.txt": base, "copy.txt": copy, "other.txt": make_text(4)})
    with Corpus.open(tmp_path / "c.db") as corpus:
        report = corpus.ingest(inputs)
        ids = {Path(s.source).name: s.article_id for s in corpus.store.log_entries()}
        [link] = corpus.duplicates(ids["copy.txt"])
        assert {link.a, link.b} == {ids["base.txt"], ids["copy.txt"]} and link.kind == "near"
        assert corpus.story_of(ids["copy.txt"]) == corpus.story_of(ids["base.txt"])
        groups = corpus.evidence_groups([ids["other.txt"], ids["base.txt"], ids["copy.txt"]])
    assert groups == [{ids["other.txt"]}, {ids["base.txt"], ids["copy.txt"]}]
    assert (report.new, report.near_duplicates) == (3, 1)


def test_failures_are_reported_and_remembered(tmp_path: Path) -> None:
    [good] = write_files(tmp_path / "in", {"good.txt": make_text(5)})
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    missing = str(tmp_path / "missing.txt")
    seen: list[object] = []
    with Corpus.open(tmp_path / "c.db") as corpus:
        report = corpus.ingest([good, str(empty), missing], progress=seen.append)
        remembered = {f.source for f in corpus.failures()}
    assert (report.new, report.failed) == (1, 2)
    assert {f.source for f in report.failures} == remembered == {str(empty), missing}
    assert len(seen) == 3 and sum(isinstance(s, Failure) for s in seen) == 2


@pytest.mark.parametrize("call", ["article", "story"])
def test_unknown_ids_raise_store_error(tmp_path: Path, call: str) -> None:
    with Corpus.open(tmp_path / "c.db") as corpus, pytest.raises(StoreError, match="no "):
        getattr(corpus, call)("nope")


def test_readers_work_beside_a_writer(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {f"{i}.txt": make_text(i) for i in range(3)})
    with Corpus.open(tmp_path / "c.db") as writer:
        writer.ingest(inputs[:2])
        with Corpus.open(tmp_path / "c.db", readonly=True) as reader:
            assert len(list(reader.articles())) == 2
            writer.ingest(inputs[2:])
            assert len(list(reader.articles())) == 3
            some = next(reader.articles())
            with pytest.raises(StoreError, match="read-only"):
                reader.add_article(some)


def test_reopening_keeps_detecting_copies_and_rebuilds_the_same_stories(tmp_path: Path) -> None:
    texts = {f"{i}.txt": make_text(i % 5 + 10 * (i // 5)) for i in range(10)}
    inputs = write_files(tmp_path / "in", texts)
    with Corpus.open(tmp_path / "one.db") as one:
        one.ingest(inputs)
        expected = [s.to_dict() for s in one.stories()]
    with Corpus.open(tmp_path / "two.db") as two:
        two.ingest(inputs[:4])
    with Corpus.open(tmp_path / "two.db") as two:
        two.store.conn.execute("DELETE FROM state WHERE key = 'stories'")  # force a replay of the first four
        two.ingest(inputs[4:])
        assert [s.to_dict() for s in two.stories()] == expected
        assert two.replay_mismatches == 0
        copy = "Breaking\n\n" + texts["0.txt"]
        result = two.add_article(_extract(copy, "copy.txt"))
        assert [m.article_id for m in result.near_duplicates] == [two.store.log_entries()[0].article_id]


def _event_text(event: int, seed: int) -> str:
    """An article about one of several made-up events: each event has its own words, each article its own mix."""
    rng = random.Random(seed)

    def word(j: int) -> str:
        n, out = event * 50 + j, ""
        while True:
            n, r = divmod(n, 20)
            out += "bcdfghjklmnpqrstvwz"[r % 19] + "aeiou"[r % 5]
            if n == 0:
                return "ke" + out

    sents = [" ".join(word(rng.randrange(30)) for _ in range(9)).capitalize() + "." for _ in range(18)]
    return "\n\n".join(" ".join(sents[i : i + 3]) for i in range(0, 18, 3))


@pytest.mark.parametrize("replay", [False, True])
def test_closed_stories_leave_the_saved_index_and_reopening_decides_the_same(tmp_path: Path, replay: bool) -> None:
    """The corpus's story index keeps no article ids and closes idle stories (a window of 10 adds here), and a
    reopened corpus, from its checkpoint or by replaying the database, files later articles the same way."""
    from counterpoint.story_params import StoryParams

    params = StoryParams(idle_articles=10)
    # 4 events in turn, then 4 new ones: the first four go idle and close
    texts = {f"{i}.txt": _event_text(i % 4 + 4 * (i // 16), i) for i in range(28)}
    inputs = write_files(tmp_path / "in", texts)
    with Corpus.open(tmp_path / "one.db", story_params=params) as one:
        one.ingest(inputs)
        expected = [s.to_dict() for s in one.stories()]
        saved = json.dumps(one.store.get_state("stories"))
        founders = {s.id[3:] for s in one.stories()}
        assert [a.id for a in one.articles() if a.id not in founders and a.id in saved] == []
        assert one._story_index().live < len(expected)
    with Corpus.open(tmp_path / "two.db", story_params=params) as two:
        two.ingest(inputs[:15])
    with Corpus.open(tmp_path / "two.db", story_params=params) as two:
        if replay:
            two.store.conn.execute("DELETE FROM state WHERE key = 'stories'")
        two.ingest(inputs[15:])
        assert [s.to_dict() for s in two.stories()] == expected
        assert two.replay_mismatches == 0 and two.problems() == []


def _extract(text: str, source: str) -> Any:
    from counterpoint.extract import extract_article

    return extract_article(RawDocument(source, text, "text"))


def test_workers_give_the_same_corpus_as_one_process(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {f"{i}.txt": make_text(i) for i in range(8)})
    results = []
    for workers, name in ((1, "a.db"), (2, "b.db")):
        with Corpus.open(tmp_path / name) as corpus:
            corpus.ingest(inputs, workers=workers)
            results.append(snapshot(corpus))
    assert results[0] == results[1]


def test_compare_story_uses_one_article_per_evidence_group_and_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    class Result:
        def __init__(self, ids: list[str]) -> None:
            self.ids = ids

        def to_dict(self) -> dict[str, Any]:
            return {"articles": self.ids}

    def fake_compare(articles: list[Any], *, backend: str = "lexical", **_: Any) -> Result:
        calls.append([a.id for a in articles])
        return Result([a.id for a in articles])

    import counterpoint.comparison

    monkeypatch.setattr(counterpoint.comparison, "compare", fake_compare)
    base = make_text(7)
    inputs = write_files(tmp_path / "in", {"base.txt": base, "copy.txt": "Headline\n\n" + base + "\n\nMore soon."})
    with Corpus.open(tmp_path / "c.db") as corpus:
        corpus.ingest(inputs)
        [story] = corpus.stories()
        first = corpus.compare_story(story.id)
        assert corpus.compare_story(story.id) == first
        assert corpus.compare_story(story.id, refresh=True) == first
    assert calls == [[story.article_ids[0]]] * 2
    # a comparison stored by another engine version (before an upgrade that changed results) is recomputed
    monkeypatch.setattr(counterpoint.comparison, "ENGINE_VERSION", "0.0.0/schema-1.0/engine-1")
    with Corpus.open(tmp_path / "c.db") as corpus:
        assert corpus.compare_story(story.id) == first
    assert calls == [[story.article_ids[0]]] * 3


def test_iter_inputs_reads_url_lists_warcs_and_feeds_in_a_directory(tmp_path: Path, local_server: LocalServer) -> None:
    page = local_server.page("/p", b"<html><body><article><p>" + make_text(8).encode() + b"</p></article></body></html>")
    folder = tmp_path / "in"
    write_files(folder, {"a.txt": make_text(9), "list.urls": f"# pages\n\n{page}\nftp://x.example/y\n"})
    from test_warc import record, write

    write(folder / "crawl.warc", [record(1)], gz=False)
    out = list(iter_inputs([str(folder)], FetchOptions(allow_private=True)))
    kinds = [(type(o).__name__, o.source) for o in out]
    assert kinds == [
        ("RawDocument", str(folder / "a.txt")),
        ("RawDocument", f"{folder / 'crawl.warc'}#1"),
        ("RawDocument", page),
        ("Failure", f"{folder / 'list.urls'}#4"),
    ]


@pytest.mark.parametrize(
    ("given", "target"), [("urls:list.txt", "list.txt"), ("a.urls", "a.urls"), ("a.txt", None)]
)
def test_url_list_target(given: str, target: str | None) -> None:
    assert url_list_target(given) == target


@pytest.mark.parametrize(("commit_every", "workers"), [(1, 1), (4, 1), (4, 2)])
def test_progress_hears_of_an_article_only_once_it_is_committed(
    tmp_path: Path, commit_every: int, workers: int
) -> None:
    inputs = write_files(tmp_path / "in", {f"{i}.txt": make_text(500 + i) for i in range(9)})
    db = tmp_path / "c.db"
    visible: list[bool] = []

    def progress(result: Any) -> None:
        with Corpus.open(db, readonly=True) as reader:  # sees committed rows only
            visible.append(result.article_id in set(reader.store.article_ids()))

    with Corpus.open(db) as corpus:
        report = corpus.ingest(inputs, progress=progress, commit_every=commit_every, commit_seconds=3600,
                               workers=workers)
        grouped = snapshot(corpus)
    assert report.new == 9 and visible == [True] * 9
    with Corpus.open(tmp_path / "one.db") as corpus:
        corpus.ingest(inputs, commit_every=1)
        assert snapshot(corpus) == grouped  # grouping commits changes nothing stored


@pytest.mark.parametrize("workers", [1, 2])
def test_a_slow_input_gets_each_article_committed_before_the_next_is_read(tmp_path: Path, workers: int) -> None:
    import time
    from functools import partial

    from counterpoint import prepare as prepare_module

    texts = [make_text(700 + i) for i in range(3)]
    docs = [RawDocument(f"u{i}", t, kind="text") for i, t in enumerate(texts)]
    committed: list[int] = []

    def slow_input() -> Any:
        for doc in docs:
            time.sleep(prepare_module._STALL_SECONDS * 2)  # a fetch
            yield doc

    with Corpus.open(tmp_path / "c.db") as corpus:
        stage = partial(prepare_module.process, **corpus.dedup_params)
        with corpus.store.group(units=100, seconds=3600):
            for item in prepare_module.ordered_map(stage, slow_input(), workers, idle=lambda: committed.append(
                    corpus.store.commit_group())):
                corpus.add_prepared(item)  # type: ignore[arg-type]
        assert corpus.counts()["articles"] == 3
    assert sum(committed) >= 2  # at least the first two were committed while the next fetch ran


def test_find_stories_filters_and_pages_without_loading_articles(tmp_path: Path) -> None:
    """The listing the web app serves, from the Python API: words, outlet, date range, newest first, in pages."""
    from datetime import date

    from counterpoint.story_listing import StoryFilter

    titles = ["Harbour fire in Aston", "Budget vote in Brill", "Bridge closure in Cley"]
    records = [
        {"id": f"e{event}-{k}", "text": _event_text(event, seed=10 * event + k), "title": titles[event],
         "outlet": ["The Gazette", "Daily Post"][k % 2] if event < 2 else "Cley Courier",
         "published": f"2024-03-0{event + 1}"}
        for event in range(3) for k in range(2)
    ]
    feed = tmp_path / "news.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Corpus.open(tmp_path / "c.db") as corpus:
        corpus.ingest([str(feed)], workers=1)
        found, total = corpus.find_stories()
        assert total == 3 and [s.title for s in found] == titles[::-1]  # newest first
        assert all(s.articles == 2 for s in found)
        (harbour,), n = corpus.find_stories(StoryFilter(q="HARBOUR aston"))
        assert n == 1 and harbour.title == titles[0] and set(harbour.outlets) == {"The Gazette", "Daily Post"}
        gazette = corpus.find_stories(StoryFilter(outlet="gazette"))[0]
        assert {s.title for s in gazette} == set(titles[:2])
        assert corpus.story_ids(StoryFilter(outlet="gazette", limit=1)) == {s.id for s in gazette}  # no paging
        dated, n = corpus.find_stories(StoryFilter(since=date(2024, 3, 2), until=date(2024, 3, 2)))
        assert n == 1 and dated[0].title == titles[1]
        page, n = corpus.find_stories(StoryFilter(limit=2, offset=2))
        assert n == 3 and [s.title for s in page] == titles[:1]
        assert corpus.find_stories(StoryFilter(q="nowhere"))[1] == 0
        assert corpus.outlets() == ["Cley Courier", "Daily Post", "The Gazette"]
        assert corpus.totals() == {"articles": 6, "stories": 3}


def test_a_story_takes_the_first_title_among_its_articles(tmp_path: Path) -> None:
    """model.story_title's rule, as articles arrive: an untitled first article titles the story with its first
    sentence until an article with a title joins; later titles change nothing."""
    from counterpoint.model import story_title

    records = [
        {"id": "a", "text": _event_text(0, 1)},
        {"id": "b", "text": _event_text(0, 2), "title": "  Harbour fire in Aston  "},
        {"id": "c", "text": _event_text(0, 3), "title": "A later headline"},
        {"id": "d", "text": _event_text(1, 4)},
        {"id": "e", "text": _event_text(1, 5), "title": "   "},
    ]
    feed = tmp_path / "news.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Corpus.open(tmp_path / "c.db") as corpus:
        corpus.ingest([str(feed)], workers=1)
        stories = corpus.stories()
        assert sorted(len(s.article_ids) for s in stories) == [2, 3]
        by_size = {len(s.article_ids): s for s in stories}
        assert by_size[3].title == "Harbour fire in Aston"
        untitled = by_size[2]
        first = corpus.article(untitled.article_ids[0])
        assert untitled.title == first.sentence_text(first.sentences[0])  # a blank title is no title
        for s in stories:
            assert s.title == story_title(corpus.article(i) for i in s.article_ids)
