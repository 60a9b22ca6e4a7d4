"""The web app and the HTML report in a real headless Chromium (Debian's, driven by Playwright).

Skipped when /usr/bin/chromium or Playwright is missing. Screenshots go to ``$COUNTERPOINT_ARTIFACTS`` or
``artifacts/`` under the repository root (gitignored); their paths are printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from test_web_pages import HOSTILE, build_hostile_db, hostile_articles
from webtest import PARAPHRASE, PARAPHRASE_TITLE

from counterpoint.comparison import compare
from counterpoint.corpus import Corpus
from counterpoint.examples import example_paths
from counterpoint.report.html import render_html
from counterpoint.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--no-proxy-server"]
ROOT = Path(__file__).resolve().parents[1]

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def artifacts_dir() -> Path:
    folder = Path(os.environ.get("COUNTERPOINT_ARTIFACTS") or ROOT / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page: Any, name: str) -> Path:
    """The whole page as ``name`` and what the window shows as ``<name>-view.png``."""
    path = artifacts_dir() / name
    page.screenshot(path=str(path), full_page=True)
    view = path.with_name(f"{path.stem}-view{path.suffix}")
    page.screenshot(path=str(view))
    print(f"screenshots: {path} {view}")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(db: Path) -> Iterator[str]:
    """The app over ``db`` served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """Everything a page did that content must never make it do: dialogs, page errors, CSP reports, requests
    for the payloads' targets."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.console.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def assert_clean(self) -> None:
        assert self.dialogs == [] and self.errors == []
        assert not [m for m in self.console if "Content Security Policy" in m or "Refused" in m], self.console
        assert not [u for u in self.requests if u.rstrip("/").endswith("/x") or u.startswith("javascript:")]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-browser") / "example.db"
    with Corpus.open(path) as corpus:
        corpus.ingest([str(p) for p in example_paths()])
    return path


def _story_id(db: Path) -> str:
    with Corpus.open(db, readonly=True) as corpus:
        [story] = corpus.stories()
    return story.id


# The fact whose sentences sit in the most columns, and that count.
_BEST_FACT = """() => {
  const columns = [...document.querySelectorAll('.column')];
  const facts = new Set([...document.querySelectorAll('.column .s[data-fact]')].map(e => e.dataset.fact));
  let best = null, most = 0;
  for (const f of facts) {
    const n = columns.filter(c => c.querySelector(`.s[data-fact="${f}"]`)).length;
    if (n > most) { best = f; most = n; }
  }
  return [best, most];
}"""
_ACTIVE_COLUMNS = """(fact) => [...document.querySelectorAll('.column')]
  .filter(c => c.querySelector(`.s.active[data-fact="${fact}"]`)).length"""


def _click_fact_and_count(page: Any) -> tuple[int, int]:
    fact, columns_with_fact = page.evaluate(_BEST_FACT)
    assert fact is not None and columns_with_fact >= 2
    page.locator(f'.column .s[data-fact="{fact}"]').first.click()
    return page.evaluate(_ACTIVE_COLUMNS, fact), columns_with_fact


def test_click_a_shared_fact_highlights_it_in_every_column(browser: Any, example_db: Path) -> None:
    story_id = _story_id(example_db)
    with live_server(example_db) as base:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        watch = Watch(page)
        page.goto(f"{base}/stories/{story_id}")
        assert page.locator(".column").count() >= 4
        active, expected = _click_fact_and_count(page)
        assert active == expected >= 2
        screenshot(page, "web-story.png")
        page.goto(f"{base}/")
        page.click(f'a[href="/stories/{story_id}"]')
        assert page.url.endswith(f"/stories/{story_id}")
        watch.assert_clean()
        page.close()


def test_paste_an_article_and_find_it_in_its_story(browser: Any, example_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    story_id = _story_id(db)
    with live_server(db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        watch = Watch(page)
        page.goto(f"{base}/add")
        page.fill('textarea[name="text"]', PARAPHRASE)
        page.fill('input[name="title"]', PARAPHRASE_TITLE)
        page.fill('input[name="outlet"]', "Valley Gazette")
        page.click('button[type="submit"]')
        assert "1 new" in page.inner_text(".added-counts")
        page.click("a.story-link")
        assert page.url.endswith(f"/stories/{story_id}")
        assert page.locator(".column h3", has_text="Valley Gazette").count() == 1
        assert PARAPHRASE_TITLE in page.inner_text("ul.members")
        screenshot(page, "web-story-after-paste.png")
        watch.assert_clean()
        page.close()


def _assert_inert(page: Any) -> None:
    assert page.evaluate("window.__pwned") is None
    text = page.inner_text("body")
    for payload in HOSTILE:
        assert payload in text  # shown as the literal characters, not as markup


def test_hostile_corpus_is_shown_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    db = build_hostile_db(tmp_path / "hostile.db")
    story_id = _story_id(db)
    with Corpus.open(db, readonly=True) as corpus:
        article_ids = list(corpus.story(story_id).article_ids)
    with live_server(db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        watch = Watch(page)
        page.goto(f"{base}/")
        assert page.evaluate("window.__pwned") is None
        assert HOSTILE[1] in page.inner_text("body")  # the title, as text
        page.goto(f"{base}/stories/{story_id}")
        _assert_inert(page)
        active, expected = _click_fact_and_count(page)  # the page's own script still works
        assert active == expected
        screenshot(page, "web-hostile-story.png")
        for aid in article_ids:
            page.goto(f"{base}/articles/{aid}")
            page.click("details.removed summary")
            _assert_inert(page)
            assert f"Subscribe {HOSTILE[1]}" in page.inner_text("details.removed")
            assert page.locator("details.removed img").count() == 0
        watch.assert_clean()
        page.close()


def test_html_report_of_a_hostile_story_is_inert_and_interactive(browser: Any, tmp_path: Path) -> None:
    report = tmp_path / "hostile-report.html"
    report.write_text(render_html(compare(hostile_articles())), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page)
    page.goto(report.as_uri())
    _assert_inert(page)
    active, expected = _click_fact_and_count(page)
    assert active == expected >= 2
    screenshot(page, "report-hostile.png")
    watch.assert_clean()
    page.close()
