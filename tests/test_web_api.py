"""The JSON API of the web app, over a corpus built once from the bundled example story."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from servers import LocalServer, local_server_fixture  # noqa: F401 - the fixture is used by name
from webtest import BASE_URL, PARAPHRASE, PARAPHRASE_TITLE

from counterpoint.comparison import compare
from counterpoint.corpus import Corpus
from counterpoint.examples import example_paths
from counterpoint.web import create_app
from counterpoint.web.security import CSP

# A rewording of the example story by an outlet that is not in it: it must join the example's story.
SMALL_LIMIT = 64_000


def _copy(db: Path, folder: Path) -> Path:
    target = folder / "copy.db"
    shutil.copy(db, target)
    return target


@pytest.fixture()
def writable(example_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(_copy(example_db, tmp_path), max_upload_bytes=SMALL_LIMIT)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def story_id(client: TestClient) -> str:
    stories = client.get("/api/stories").json()["stories"]
    assert len(stories) == 1
    return str(stories[0]["id"])


def test_stories_list_has_the_example_story(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == 1 and body["offset"] == 0
    [story] = body["stories"]
    assert story["articles"] == len(example_paths()) == len(story["article_ids"])
    assert "The Fellshire Chronicle" in story["outlets"] and "The Daily Klaxon" in story["outlets"]
    # Publication dates of the dated articles; the undated ones (ingested today) do not stretch the range.
    assert (story["first_day"], story["last_day"]) == ("2026-05-13", "2026-05-14")
    assert story["links"]["comparison"] == f"/api/stories/{story['id']}/comparison"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "Stennick embankment"}, 1),
        ({"q": "stennick MARROWBY"}, 1),  # every word, any case
        ({"q": "Stennick zebra"}, 0),
        ({"q": "100%"}, 0),  # LIKE wildcards are literal
        ({"outlet": "klaxon"}, 1),
        ({"outlet": "Nonesuch Times"}, 0),
        ({"since": "2026-05-13", "until": "2026-05-13"}, 1),
        ({"since": "2030-01-01"}, 0),
        ({"until": "2020-01-01"}, 0),
        ({"q": "reservoir", "outlet": "chronicle", "since": "2026-05-01"}, 1),
    ],
)
def test_stories_filters(client: TestClient, params: dict[str, str], expected: int) -> None:
    body = client.get("/api/stories", params=params).json()
    assert body["total"] == expected == len(body["stories"])


def test_stories_paging(client: TestClient) -> None:
    body = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert body["total"] == 1 and body["stories"] == [] and body["limit"] == 1


def test_story_lists_its_articles(client: TestClient, story_id: str) -> None:
    body = client.get(f"/api/stories/{story_id}").json()
    assert body["id"] == story_id and "Marrowby" in body["title"]
    assert len(body["articles"]) == len(example_paths())
    for row in body["articles"]:
        assert {"id", "source", "outlet", "published", "title"} <= row.keys()
    assert {Path(r["source"]).name for r in body["articles"]} == {p.name for p in example_paths()}


def test_comparison_has_the_compare_schema(client: TestClient, story_id: str, example_db: Path) -> None:
    body = client.get(f"/api/stories/{story_id}/comparison").json()
    with Corpus.open(example_db, readonly=True) as corpus:
        articles = [corpus.article(a["id"]) for a in body["articles"]]
    direct = compare(articles).to_dict()
    assert body.keys() == direct.keys()
    assert body["schema_version"] == direct["schema_version"]
    assert [f["sentences"] for f in body["facts"]] == [f["sentences"] for f in direct["facts"]]
    assert len(body["facts"]) >= 3
    # The second request reads the cached comparison through a read-only connection: same answer.
    assert client.get(f"/api/stories/{story_id}/comparison").json() == body


def test_article_has_text_sources_and_story(client: TestClient, story_id: str) -> None:
    aid = client.get(f"/api/stories/{story_id}").json()["articles"][0]["id"]
    body = client.get(f"/api/articles/{aid}").json()
    assert body["id"] == aid and body["story_id"] == story_id
    assert body["text"][body["sentences"][0]["start"] : body["sentences"][0]["end"]] == body["sentences"][0]["text"]
    assert [Path(s["source"]).name for s in body["sources"]] == [Path(body["source"]).name]
    assert isinstance(body["near_duplicates"], list) and isinstance(body["removed"], list)


def test_post_text_joins_the_story_and_is_idempotent(writable: TestClient) -> None:
    [story] = writable.get("/api/stories").json()["stories"]
    payload = {"text": PARAPHRASE, "title": PARAPHRASE_TITLE, "outlet": "Valley Gazette", "published": "2026-05-15"}
    first = writable.post("/api/articles", json=payload)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["status"] == "new" and body["story_id"] == story["id"] and body["outlet"] == "Valley Gazette"
    article = writable.get(body["links"]["article"]).json()
    assert article["title"] == PARAPHRASE_TITLE and article["published"] == "2026-05-15"
    again = writable.post("/api/articles", json=payload)
    assert again.status_code == 200 and again.json()["status"] == "known"
    after = writable.get(f"/api/stories/{story['id']}").json()
    assert body["article_id"] in [a["id"] for a in after["articles"]]
    assert writable.get("/api/stories", params={"outlet": "valley gazette"}).json()["total"] == 1


def _chunks(size: int) -> Iterator[bytes]:
    sent = 0
    while sent < size:
        yield b'{"text": "' if sent == 0 else b"x" * 8192
        sent += 8192


# (request, expected status, expected code). Each must answer the one error shape.
ERROR_CASES = [
    (("GET", "/api/stories/st-0000000000000000", {}), 404, "not_found"),
    (("GET", "/api/articles/0000000000000000", {}), 404, "not_found"),
    (("GET", "/api/no-such-route", {}), 404, "not_found"),
    (("DELETE", "/api/stories", {}), 405, "method_not_allowed"),
    (("PUT", "/api/articles", {"json": {"text": "x"}}), 405, "method_not_allowed"),
    (("POST", "/api/articles", {"json": {"text": 5}}), 422, "invalid_request"),
    (("POST", "/api/articles", {"json": {}}), 422, "invalid_request"),
    (("POST", "/api/articles", {"json": {"text": "a", "colour": "red"}}), 422, "invalid_request"),
    (("POST", "/api/articles", {"content": b"{not json", "headers": {"content-type": "application/json"}}), 422,
     "invalid_request"),
    (("GET", "/api/stories?limit=0", {}), 422, "invalid_request"),
    (("GET", "/api/stories?since=yesterday", {}), 422, "invalid_request"),
    (("POST", "/api/articles", {"json": {"text": "x" * (SMALL_LIMIT + 10)}}), 413, "payload_too_large"),
    (("POST", "/api/articles", {"content": _chunks(SMALL_LIMIT * 2),
                                "headers": {"content-type": "application/json"}}), 413, "payload_too_large"),
    (("POST", "/api/articles", {"json": {"text": "   "}}), 422, "CP100"),
]


@pytest.mark.parametrize(("request_", "status", "code"), ERROR_CASES,
                         ids=[f"{r[0]} {r[1][:40]} {s}" for r, s, _ in ERROR_CASES])
def test_one_error_shape(writable: TestClient, request_: tuple[str, str, dict], status: int, code: str) -> None:
    method, path, kwargs = request_
    response = writable.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert body == {"error": {"code": code, "message": body["error"]["message"], "status": status}}
    assert body["error"]["message"]
    assert response.headers["content-security-policy"] == CSP
    if status == 405:
        assert response.headers["allow"]


def test_internal_error_has_the_shape_and_hides_the_cause(writable: TestClient,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("secret /etc/passwd detail")

    monkeypatch.setattr("counterpoint.corpus.Corpus.find_stories", broken)
    response = writable.get("/api/stories")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "passwd" not in response.text
    assert response.headers["x-frame-options"] == "DENY"


def test_private_url_is_refused_without_fetching(writable: TestClient, local_server: LocalServer) -> None:
    url = local_server.page("/story", b"<html><body><p>never fetched</p></body></html>")
    for target in ("http://127.0.0.1:1/", url):
        response = writable.post("/api/articles", json={"url": target})
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "CP200" and "loopback" in error["message"]
    assert local_server.requests == []


def test_allow_private_fetches_a_local_page(example_db: Path, tmp_path: Path, local_server: LocalServer) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAPHRASE.split("\n\n"))
    page = f"<html><head><title>{PARAPHRASE_TITLE}</title></head><body><article><h1>{PARAPHRASE_TITLE}</h1>" \
           f"{paragraphs}</article></body></html>"
    url = local_server.page("/marrowby", page.encode())
    app = create_app(_copy(example_db, tmp_path), allow_private=True)
    with TestClient(app, base_url=BASE_URL) as c:
        response = c.post("/api/articles", json={"url": url})
        assert response.status_code == 201, response.text
        assert response.json()["source"] == url
    assert [r.path for r in local_server.requests] == ["/marrowby"]


def test_openapi_is_served_and_docs_are_off(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/comparison",
            "/api/articles/{article_id}", "/api/articles"} <= spec["paths"].keys()
    assert client.get("/docs").status_code == 404


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({"origin": "http://evil.example"}, 403, "cross_site"),
        ({"origin": "null"}, 403, "cross_site"),
        ({"sec-fetch-site": "cross-site"}, 403, "cross_site"),
        ({"sec-fetch-site": "same-site"}, 403, "cross_site"),
        ({"origin": "http://127.0.0.1:9"}, 403, "cross_site"),  # another port is another origin
        ({"host": "attacker.example"}, 400, "bad_host"),  # DNS rebinding
    ],
)
def test_cross_site_writes_are_refused(writable: TestClient, headers: dict[str, str], status: int, code: str) -> None:
    response = writable.post("/api/articles", json={"text": PARAPHRASE}, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert writable.get("/api/stories").json()["stories"][0]["articles"] == len(example_paths())


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": BASE_URL},
        {"origin": BASE_URL, "sec-fetch-site": "same-origin"},
        # Chromium's own form post under "Referrer-Policy: no-referrer": the browser's Sec-Fetch-Site decides.
        {"origin": "null", "sec-fetch-site": "same-origin"},
        {},  # not a browser (curl, a script): nothing to forge
    ],
)
def test_same_origin_write_passes(writable: TestClient, headers: dict[str, str]) -> None:
    response = writable.post("/api/articles", json={"text": PARAPHRASE}, headers=headers)
    assert response.status_code == 201


OTHER_STORY_HTML = """<html><head><title>Harbour ferry strike ends</title></head><body><article>
<h1>Harbour ferry strike ends</h1>
<p>Ferry crews in Portlaw voted on Sunday to end a nine-day strike over pay, the Maritime Workers Union said.</p>
<p>Services between Portlaw and the Skerry islands will resume on Tuesday morning, the operator Skerrylink said.</p>
<p>The union said members had accepted a pay rise of 6 percent over two years after talks with the operator.</p>
</article></body></html>"""


def test_a_new_story_from_html_is_listed_first(writable: TestClient) -> None:
    response = writable.post("/api/articles", json={"html": OTHER_STORY_HTML, "outlet": "Portlaw Post",
                                                    "published": "2027-01-10"})
    assert response.status_code == 201, response.text
    added = response.json()
    listed = writable.get("/api/stories").json()
    assert listed["total"] == 2
    assert [s["id"] for s in listed["stories"]][0] == added["story_id"]  # newest first
    assert listed["stories"][0]["title"] == "Harbour ferry strike ends"
    only = writable.get("/api/stories", params={"since": "2027-01-01"}).json()["stories"]
    assert [s["id"] for s in only] == [added["story_id"]]
    assert writable.get("/api/stories", params={"q": "ferry", "outlet": "klaxon"}).json()["total"] == 0
