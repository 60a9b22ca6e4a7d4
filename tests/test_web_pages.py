"""The HTML pages of the web app: what they show, the add form (CSRF, uploads, URLs) and hostile content."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webtest import BASE_URL, PARAPHRASE, PARAPHRASE_TITLE

from counterpoint.corpus import Corpus
from counterpoint.examples import example_paths
from counterpoint.model import Removed
from counterpoint.web import create_app
from counterpoint.web.adding import MAX_URLS
from counterpoint.web.pages import body_paragraphs
from counterpoint.web.security import CSP, CSRF_COOKIE
from helpers import make_article

# Payloads that would run script if any of them reached the page unescaped.
HOSTILE = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '<a href="javascript:window.__pwned=3">x</a>',
)
# Two outlets' wordings of one story (aligned sentence by sentence, yet not near copies of each other), with
# the payloads inside sentences.
_HOSTILE_WORDINGS = (
    ("The Hollin council approved the new flood barrier on Monday after a long debate {0}.",
     "Engineers said the flood barrier would cost 4 million pounds and take two years to build {1}.",
     "Residents of the valley welcomed the council decision at a packed meeting in the town hall {2}."),
    ("On Monday, after hours of debate, the Hollin council voted to approve a new flood barrier {0}.",
     "According to engineers, the flood barrier will take two years to build and cost 4 million pounds {1}.",
     "At a crowded town hall meeting, valley residents said they welcomed the council decision {2}."),
)


def hostile_articles() -> list:
    """One story from two outlets; payloads in the text, title, outlet, byline, captions and removed blocks."""
    return [
        make_article(
            " ".join(s.format(*HOSTILE) for s in wording), outlet=f"Evil Outlet {n} {HOSTILE[0]}",
            source=f"hostile-{n}.txt", title=f"Barrier approved {HOSTILE[1]}", byline=f"Mallory {HOSTILE[2]}",
            captions=(f"Caption {HOSTILE[0]}",), removed=(Removed(f"Subscribe {HOSTILE[1]}", "newsletter prompt"),),
        )
        for n, wording in enumerate(_HOSTILE_WORDINGS)
    ]


def build_hostile_db(path: Path) -> Path:
    with Corpus.open(path) as corpus:
        for article in hostile_articles():
            corpus.add_article(article)
    return path


@pytest.fixture()
def writable(example_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    shutil.copy(example_db, tmp_path / "copy.db")
    with TestClient(create_app(tmp_path / "copy.db"), base_url=BASE_URL, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_hostile_db(tmp_path_factory.mktemp("web-hostile") / "hostile.db")
    with TestClient(create_app(db), base_url=BASE_URL) as c:
        yield c


@pytest.fixture(scope="module")
def story(client: TestClient) -> dict:
    [found] = client.get("/api/stories").json()["stories"]
    return dict(found)


class _Inline(HTMLParser):
    """Collects what a strict CSP would block or what could run: inline scripts, style elements and
    attributes, event-handler attributes and javascript: URLs, from the parsed markup (not from text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k for k, _v in attrs}
        if (tag == "script" and "src" not in names) or tag == "style":
            self.found.append(f"<{tag}>")
        for key, value in attrs:
            if key == "style" or key.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {key}={value!r}>")


def _inline_script_or_style(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    return parser.found


def test_stories_page_lists_and_searches(client: TestClient, story: dict) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert f'href="/stories/{story["id"]}"' in page.text and "Marrowby flood" in page.text
    assert client.get("/", params={"q": "Stennick"}).text.count('data-story="') == 1
    nothing = client.get("/", params={"q": "zebra"}).text
    assert 'data-story="' not in nothing and "No story matches." in nothing
    bad = client.get("/", params={"since": "last week"}).text
    assert "is not a date" in bad and 'data-story="' in bad  # the bad filter is reported and ignored


def test_story_page_shows_the_comparison(client: TestClient, story: dict) -> None:
    page = client.get(f"/stories/{story['id']}")
    assert page.status_code == 200
    html = page.text
    comparison = client.get(f"/api/stories/{story['id']}/comparison").json()
    assert html.count('<article class="column"') == len(comparison["articles"])
    for aid in story["article_ids"]:
        assert f'href="/articles/{aid}"' in html
    for must in ('<script src="/static/counterpoint.js"></script>', 'href="/static/counterpoint.css"',
                 'data-fact="', 'id="facts"', 'id="quotes"', "shared facts", 'class="coverage"'):
        assert must in html, must
    assert f"{len(story['article_ids'])} articles" in html
    assert _inline_script_or_style(html) == []
    assert page.headers["content-security-policy"] == CSP


def test_article_page_shows_what_was_stripped(client: TestClient, story: dict) -> None:
    aid = story["article_ids"][0]
    data = client.get(f"/api/articles/{aid}").json()
    html = client.get(f"/articles/{aid}").text
    assert html.count('data-sid="') == len(data["sentences"])
    assert '<details class="removed">' in html and f"What we stripped and why ({len(data['removed'])})" in html
    for caption in data["captions"]:
        assert caption.replace("'", "&#39;") in html
    assert f'href="/stories/{story["id"]}"' in html and "Sources" in html and "Near copies" in html
    assert _inline_script_or_style(html) == []


def test_article_page_lists_removed_blocks(client: TestClient, story: dict) -> None:
    rows = [client.get(f"/api/articles/{aid}").json() for aid in story["article_ids"]]
    data = max(rows, key=lambda r: len(r["removed"]))
    assert data["removed"], "the example has articles with chrome removed"
    html = client.get(f"/articles/{data['id']}").text
    details = html.split('<details class="removed">', 1)[1].split("</details>", 1)[0]
    assert details.count("<tr>") == len(data["removed"]) + 1  # header row + one per block
    assert data["removed"][0]["reason"] in details


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.\n\nThree.", [["One.", "Two."], ["Three."]]),
        ("Only one sentence here.", [["Only one sentence here."]]),
    ],
)
def test_body_paragraphs(text: str, expected: list[list[str]]) -> None:
    paras = body_paragraphs(make_article(text))
    assert [[t for _sid, t in p] for p in paras] == expected


def _token(c: TestClient) -> str:
    page = c.get("/add")
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match and c.cookies.get(CSRF_COOKIE) == match.group(1)
    return match.group(1)


def test_add_paste_joins_the_story(writable: TestClient, story: dict) -> None:
    response = writable.post("/add", data={"csrf": _token(writable), "text": PARAPHRASE, "title": PARAPHRASE_TITLE,
                                           "outlet": "Valley Gazette"})
    assert response.status_code == 200, response.text
    html = response.text
    assert "1 new" in html and f'href="/stories/{story["id"]}"' in html and PARAPHRASE_TITLE in html
    assert PARAPHRASE_TITLE in writable.get(f"/stories/{story['id']}").text


@pytest.mark.parametrize(
    ("data", "cookie", "headers"),
    [
        ({"text": PARAPHRASE}, True, {}),  # no token in the form
        ({"text": PARAPHRASE, "csrf": "forged"}, True, {}),  # wrong token
        ({"text": PARAPHRASE, "csrf": "TOKEN"}, False, {}),  # token without its cookie
        ({"text": PARAPHRASE, "csrf": "TOKEN"}, True, {"origin": "http://evil.example"}),
        ({"text": PARAPHRASE, "csrf": "TOKEN"}, True, {"sec-fetch-site": "cross-site"}),
    ],
)
def test_add_refuses_forged_forms(writable: TestClient, data: dict, cookie: bool, headers: dict) -> None:
    token = _token(writable)
    if not cookie:
        writable.cookies.clear()
    form = {k: (token if v == "TOKEN" else v) for k, v in data.items()}
    response = writable.post("/add", data=form, headers=headers)
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    assert writable.get("/api/stories").json()["stories"][0]["articles"] == len(example_paths())


def test_add_uploads(writable: TestClient) -> None:
    jsonl = "\n".join([json.dumps({"id": "g1", "text": PARAPHRASE, "outlet": "Gazette JSONL", "title": "From JSONL"}),
                       "{broken"]).encode()
    other = PARAPHRASE.replace("Nobody died.", "No deaths were reported by the hospital.")
    uploads = [
        ("files", ("valley.jsonl", jsonl, "application/json")),
        ("files", ("other.txt.gz", gzip.compress(("Gzip copy\n\n" + other).encode()), "application/gzip")),
        ("files", ("notes.pdf", b"%PDF-1.4", "application/pdf")),
    ]
    response = writable.post("/add", data={"csrf": _token(writable)}, files=uploads)
    assert response.status_code == 200, response.text
    rows = re.findall(r'<tr class="status-(\w+)">\s*<td>([^<]+)</td>', response.text)
    assert rows == [("new", "upload:valley.jsonl#g1"), ("failed", "upload:valley.jsonl#2"),
                    ("new", "upload:other.txt.gz"), ("failed", "upload:notes.pdf")]
    assert "unsupported file type" in response.text and "invalid JSON" in response.text


def test_add_urls_are_checked_and_capped(writable: TestClient) -> None:
    token = _token(writable)
    response = writable.post("/add", data={"csrf": token, "urls": "http://127.0.0.1:1/a\n# note\nftp://example.org/x\n"})
    assert response.status_code == 200
    assert "loopback" in response.text and "not an http(s) URL" in response.text and "2 failed" in response.text
    many = "\n".join(f"https://example.org/{n}" for n in range(MAX_URLS + 1))
    too_many = writable.post("/add", data={"csrf": token, "urls": many})
    assert too_many.status_code == 413 and f"at most {MAX_URLS}" in too_many.text


def test_add_with_nothing_says_so(writable: TestClient) -> None:
    response = writable.post("/add", data={"csrf": _token(writable), "text": "  "})
    assert response.status_code == 422 and "nothing to add" in response.text


def test_html_errors_are_pages_with_headers(client: TestClient) -> None:
    response = client.get("/stories/st-nope")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "no story st-nope" in response.text and response.headers["x-content-type-options"] == "nosniff"


def test_hostile_content_is_escaped_everywhere(hostile: TestClient) -> None:
    [found] = hostile.get("/api/stories").json()["stories"]
    assert len(found["article_ids"]) == 2
    pages = [hostile.get("/").text, hostile.get(f"/stories/{found['id']}").text]
    pages += [hostile.get(f"/articles/{aid}").text for aid in found["article_ids"]]
    for html in pages:
        for payload in HOSTILE:
            assert payload not in html
        assert _inline_script_or_style(html) == []
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    story_html, article_html = pages[1], pages[2]
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in story_html
    assert "&lt;a href=&#34;javascript:window.__pwned=3&#34;&gt;x&lt;/a&gt;" in article_html
    assert "Subscribe &lt;img" in article_html  # removed blocks and captions are content too


@pytest.mark.parametrize(
    "name", ["_story.html.j2", *sorted(f"web/{p.name}" for p in (files("counterpoint") / "templates" / "web").iterdir())]
)
def test_web_templates_have_no_inline_script_style_or_safe(name: str) -> None:
    text = (files("counterpoint") / "templates" / name).read_text(encoding="utf-8")
    assert _inline_script_or_style(text) == []
    assert "|safe" not in text.replace(" ", "") and "autoescape false" not in text


# --- the serve command -------------------------------------------------------------------------------------------


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from counterpoint.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no corpus database" in result.output and "--create" in result.output
    assert not (tmp_path / "none.db").exists()


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Calls of run_app, instead of starting uvicorn."""
    calls: list[dict] = []
    monkeypatch.setattr("counterpoint.cli.serve.run_app", lambda db, **kw: calls.append({"db": db, **kw}))
    return calls


def test_serve_create_makes_an_empty_corpus(tmp_path: Path, served: list[dict]) -> None:
    from click.testing import CliRunner

    from counterpoint.cli import cli

    db = tmp_path / "sub" / "new.db"
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--create", "--port", "8123", "--allow-private"])
    assert result.exit_code == 0, result.output
    assert served == [{"db": db, "host": "127.0.0.1", "port": 8123, "allow_private": True}]
    with Corpus.open(db, readonly=True) as corpus:
        assert corpus.stories() == []


def test_demo_serve_ingests_into_the_demo_db(tmp_path: Path, served: list[dict],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from counterpoint.cli.serve import DEMO_DB, serve_corpus_with

    monkeypatch.chdir(tmp_path)
    serve_corpus_with([str(p) for p in example_paths()], port=8124)
    serve_corpus_with([str(p) for p in example_paths()], port=8124)  # again: nothing new, same story
    assert served[-1] == {"db": DEMO_DB, "host": "127.0.0.1", "port": 8124}
    with Corpus.open(tmp_path / DEMO_DB, readonly=True) as corpus:
        [story] = corpus.stories()
        assert len(story.article_ids) == len(example_paths())


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", ["127.0.0.1", "localhost", "::1"]),
        ("192.168.1.5", ["127.0.0.1", "localhost", "::1", "192.168.1.5"]),
        ("0.0.0.0", ["*"]),
        ("::", ["*"]),
    ],
)
def test_allowed_hosts_for(host: str, expected: list[str]) -> None:
    from counterpoint.cli.serve import allowed_hosts_for

    assert allowed_hosts_for(host) == expected


def test_a_near_copy_is_linked_and_counted_once(writable: TestClient, story: dict) -> None:
    wire = next(p for p in example_paths() if p.name == "wire.txt").read_text(encoding="utf-8")
    paragraphs = wire.split("\n\n")
    # A reprint: another headline, the last two paragraphs cut, one sentence reworded.
    reprint = "\n\n".join(["Town evacuated as dam fails", *paragraphs[1:-2]]).replace("No deaths", "No fatalities")
    added = writable.post("/add", data={"csrf": _token(writable), "text": reprint, "outlet": "Reprint Daily"})
    assert "near copy of 1 stored article(s)" in added.text
    new_id = re.search(r'href="/articles/([0-9a-f]{16})"', added.text).group(1)
    page = writable.get(f"/articles/{new_id}").text
    near = page.split("<h2>Near copies</h2>", 1)[1]
    [wire_id] = [a for a in story["article_ids"] if writable.get(f"/api/articles/{a}").json()["source"].endswith("wire.txt")]
    assert f'href="/articles/{wire_id}"' in near and "similarity" in near
    story_page = writable.get(f"/stories/{story['id']}").text
    assert "near copy, counted once" in story_page
    assert story_page.count('<article class="column"') == len(story["article_ids"])  # not one more column


def test_oversized_upload_is_a_clear_page(example_db: Path, tmp_path: Path) -> None:
    shutil.copy(example_db, tmp_path / "copy.db")
    with TestClient(create_app(tmp_path / "copy.db", max_upload_bytes=10_000), base_url=BASE_URL) as c:
        token = _token(c)
        big = [("files", ("big.txt", b"word " * 5_000, "text/plain"))]
        response = c.post("/add", data={"csrf": token}, files=big)
        assert response.status_code == 413 and "text/html" in response.headers["content-type"]
        assert "larger than 10000" in response.text
        assert c.get("/api/stories").json()["stories"][0]["articles"] == len(example_paths())
