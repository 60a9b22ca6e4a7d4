"""iter_documents over every input kind, every bad input, and the encodings news files really come in."""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import tracemalloc
import zlib
from pathlib import Path

import pytest
from servers import LocalServer, local_server_fixture  # noqa: F401 - the fixture is used by name

from counterpoint.errors import InputError
from counterpoint.fetch import FetchOptions
from counterpoint.ingest import (
    decode_text,
    is_url,
    iter_documents,
    read_bytes_capped,
    read_gzip_capped,
    sniff_kind,
)
from counterpoint.model import Failure, RawDocument

LOCAL = FetchOptions(allow_private=True, timeout=5.0)
HTML = "<!DOCTYPE html><html><head><title>Storm</title></head><body><p>The storm hit at dawn.</p></body></html>"
TEXT = "The storm hit the coast at dawn.\n\nOfficials said 12 people were hurt."
QUOTED = "The mayor said \u201cwe are ready\u201d \u2014 and left. It\u2019s over."  # needs cp1252's 0x93/0x94/0x97/0x92


def _run(inputs: list[str], options: FetchOptions = LOCAL, stdin: io.BytesIO | None = None) -> list[RawDocument | Failure]:
    return list(iter_documents(inputs, options=options, stdin=stdin))


def _one(inputs: list[str], options: FetchOptions = LOCAL) -> RawDocument:
    (item,) = _run(inputs, options)
    assert isinstance(item, RawDocument), item
    return item


def _failure(inputs: list[str], options: FetchOptions = LOCAL) -> Failure:
    (item,) = _run(inputs, options)
    assert isinstance(item, Failure), item
    return item


def _gzip_of(size: int) -> bytes:
    """A gzip member inflating to ``size`` zero bytes, compressed piecewise so the test never holds it inflated."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


# --- input kinds --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "payload", "kind"),
    [
        ("a.txt", TEXT, "text"),
        ("a.text", TEXT, "text"),
        ("a.md", "# Storm\n\n" + TEXT, "text"),
        ("a.html", HTML, "html"),
        ("a.HTM", HTML, "html"),
        ("a.xhtml", HTML, "html"),
        ("a.html.gz", HTML, "html"),
        ("a.txt.gz", TEXT, "text"),
        ("story", HTML, "html"),  # no extension: sniffed
        ("story.dat", TEXT, "text"),
        ("story.gz", HTML, "html"),
        ("fragment.page", "<div><p>One.</p><p>Two.</p></div>", "html"),
    ],
)
def test_file_kinds(tmp_path: Path, name: str, payload: str, kind: str) -> None:
    path = tmp_path / name
    data = payload.encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    doc = _one([str(path)])
    assert (doc.source, doc.content, doc.kind, doc.url, dict(doc.meta)) == (str(path), payload, kind, None, {})


def test_source_is_the_path_exactly_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(TEXT)
    monkeypatch.chdir(tmp_path)
    assert _one(["./sub//a.txt"]).source == "./sub//a.txt"


@pytest.mark.parametrize(
    ("content_type", "body", "kind", "content"),
    [
        ("text/html; charset=utf-8", HTML.encode(), "html", HTML),
        ("application/xhtml+xml", HTML.encode(), "html", HTML),
        ("text/plain", TEXT.encode(), "text", TEXT),
        # No meta tag: only the HTTP header says cp1252, and it must be honoured.
        ("text/html; charset=windows-1252", f"<p>{QUOTED}</p>".encode("cp1252"), "html", f"<p>{QUOTED}</p>"),
    ],
)
def test_url(local_server: LocalServer, content_type: str, body: bytes, kind: str, content: str) -> None:
    final = local_server.page("/story", body, content_type)
    url = local_server.redirect("/s", "/story")
    doc = _one([url])
    assert (doc.source, doc.url, doc.kind, doc.content) == (url, final, kind, content)


def test_feed_url_is_not_an_article(local_server: LocalServer) -> None:
    url = local_server.page("/rss", b"<rss/>", "application/rss+xml")
    assert _failure([url]) == Failure(url, "unsupported content type application/rss+xml", "CP200")


def _jsonl(path: Path, lines: list[object | str], *, gz: bool = False) -> str:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())
    return str(path)


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus.ndjson", "corpus.jsonl.gz"])
def test_jsonl_records(tmp_path: Path, local_server: LocalServer, name: str) -> None:
    page = local_server.page("/p", HTML.encode())
    path = _jsonl(
        tmp_path / name,
        [
            {"id": "bbc-1", "text": TEXT, "title": "Storm", "author": "A. Writer", "date": "2024-05-01", "extra": 1},
            {"html": HTML, "outlet": "Daily", "url": "https://daily.example/storm", "language": "en"},
            "",  # blank lines are skipped but still counted
            {"id": 7, "url": page, "byline": "B. Writer", "published": "2024-05-02"},
        ],
        gz=name.endswith(".gz"),
    )
    first, second, third = _run([path])
    assert first == RawDocument(
        f"{path}#bbc-1",
        TEXT,
        "text",
        meta={"id": "bbc-1", "title": "Storm", "byline": "A. Writer", "published": "2024-05-01"},
    )
    assert second == RawDocument(
        f"{path}#2",
        HTML,
        "html",
        url="https://daily.example/storm",
        meta={"outlet": "Daily", "url": "https://daily.example/storm", "language": "en"},
    )
    assert third == RawDocument(
        f"{path}#7", HTML, "html", url=page, meta={"id": 7, "url": page, "byline": "B. Writer", "published": "2024-05-02"}
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "invalid JSON: Expecting property name enclosed in double quotes at column 2"),
        ("[1, 2]", "record is a JSON list, not an object"),
        ('{"title": "no body"}', "record has no text, html or url"),
        ('{"text": "   "}', "record has no text, html or url"),
        ('{"text": 42}', "field 'text' is a JSON number, not a string or a list of paragraphs"),
        ('{"url": "ftp://x.example/a"}', "refused: unsupported URL scheme 'ftp' (only http and https)"),
        (b'{"text": "caf\xe9"}', "line is not valid UTF-8"),
    ],
)
def test_jsonl_bad_line_fails_alone(tmp_path: Path, line: str | bytes, reason: str) -> None:
    path = tmp_path / "c.jsonl"
    bad = line if isinstance(line, bytes) else line.encode()
    path.write_bytes(json.dumps({"text": "before"}).encode() + b"\n" + bad + b"\n" + json.dumps({"text": "after"}).encode())
    before, failure, after = _run([str(path)])
    assert isinstance(before, RawDocument) and before.content == "before"
    assert isinstance(failure, Failure) and (failure.source, failure.reason) == (f"{path}#2", reason)
    assert isinstance(after, RawDocument) and (after.source, after.content) == (f"{path}#3", "after")


def test_jsonl_bad_line_with_id_is_named_by_id(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "c.jsonl", [{"id": "x9", "text": ""}])
    assert _failure([path]) == Failure(f"{path}#x9", "record has no text, html or url", "CP100")


def test_jsonl_overlong_line_is_skipped(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "c.jsonl", [{"text": "x" * 5_000}, {"text": "short"}])
    failure, doc = _run([path], FetchOptions(max_bytes=1_000))
    assert failure == Failure(f"{path}#1", "line larger than 1000 bytes", "CP100")
    assert isinstance(doc, RawDocument) and (doc.source, doc.content) == (f"{path}#2", "short")


@pytest.mark.parametrize("name", ["a.json", "a.JSON", "a.json.gz"])
def test_json_file_of_one_record_is_that_article(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    data = json.dumps({"title": "Storm", "text": TEXT, "outlet": "Daily", "section": "uk"}).encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    # the file is the article, so its source is the path alone
    assert _one([str(path)]) == RawDocument(str(path), TEXT, "text", meta={"title": "Storm", "outlet": "Daily"})


def test_json_file_of_a_list_is_one_record_per_item_and_a_bad_item_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": TEXT}, {"id": "x7", "html": HTML}, {"title": "no body"}, 3, {"text": "last"}]))
    first, second, no_body, number, last = _run([str(path)])
    assert first == RawDocument(f"{path}#1", TEXT, "text", meta={})
    assert second == RawDocument(f"{path}#x7", HTML, "html", meta={"id": "x7"})
    assert no_body == Failure(f"{path}#3", "record has no text, html or url", "CP100")
    assert number == Failure(f"{path}#4", "record is a JSON number, not an object", "CP100")
    assert isinstance(last, RawDocument) and last.source == f"{path}#5"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'{"text": ', "invalid JSON: Expecting value at line 1 column 10"),
        (b'"just a string"', "JSON file holds a string, not an article record (an object, or a list of objects)"),
        (b"null", "JSON file holds a null, not an article record (an object, or a list of objects)"),
        (b"[]", "no records in JSON file (an empty list)"),
        (b'{"text": "caf\xe9"}', "JSON file is not valid UTF-8"),
        (b"", "empty file"),
    ],
)
def test_bad_json_file_is_one_clear_failure(tmp_path: Path, payload: bytes, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(payload)
    failure, after = _run([str(path), str(_text_file(tmp_path))])
    assert failure == Failure(str(path), reason, "CP100")
    assert isinstance(after, RawDocument) and after.content == TEXT  # the batch goes on


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "ok.txt"
    path.write_text(TEXT)
    return path


def test_directory_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel, body in {
        "b.txt": TEXT,
        "a.html": HTML,
        "sub/c.md": TEXT,
        "sub/deeper/d.htm.gz": None,
        "sub/e.jsonl": json.dumps({"text": TEXT}),
        ".hidden.txt": TEXT,
        ".git/config.txt": TEXT,
        "image.png": "\x89PNG",
        "notes.json": "{}",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(HTML.encode()) if body is None else body.encode())
    given = str(root) + "/"
    sources = [d.source for d in _run([given])]
    assert sources == [
        os.path.join(given, "a.html"),
        os.path.join(given, "b.txt"),
        os.path.join(given, "sub", "c.md"),
        os.path.join(given, "sub", "deeper", "d.htm.gz"),
        os.path.join(given, "sub", "e.jsonl") + "#1",
    ]


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "only.png").write_bytes(b"\x89PNG")
    assert _failure([str(tmp_path)]) == Failure(str(tmp_path), "no .txt, .md, .html or .jsonl files in directory", "CP100")


@pytest.mark.parametrize(("data", "kind"), [(HTML.encode(), "html"), (TEXT.encode("utf-16"), "text")])
def test_stdin(data: bytes, kind: str) -> None:
    (doc,) = _run(["-"], stdin=io.BytesIO(data))
    assert doc == RawDocument("-", HTML if kind == "html" else TEXT, kind)


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty input"), (b"\n \n", "empty input (whitespace only)")])
def test_empty_stdin(data: bytes, reason: str) -> None:
    assert _run(["-"], stdin=io.BytesIO(data)) == [Failure("-", reason, "CP100")]


def test_blank_page(local_server: LocalServer) -> None:
    url = local_server.page("/blank", b"  \n ")
    assert _failure([url]) == Failure(url, "empty page (whitespace only)", "CP100")


def test_stdin_larger_than_the_cap() -> None:
    failure = _run(["-"], FetchOptions(max_bytes=100), stdin=io.BytesIO(b"x" * 101))
    assert failure == [Failure("-", "input larger than 100 bytes", "CP100")]


# --- bad inputs ---------------------------------------------------------------------------------------------


def test_mixed_batch_reports_each_bad_input_and_keeps_the_good(tmp_path: Path, local_server: LocalServer) -> None:
    options = FetchOptions(allow_private=True, timeout=5.0, max_bytes=1_000_000)
    good_text = tmp_path / "good.txt"
    good_text.write_text(TEXT)
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(QUOTED.encode("cp1252"))  # not UTF-8: decoded, not a failure
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.html"
    blank.write_bytes(b" \n\t\n")
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)))
    truncated = tmp_path / "cut.html.gz"
    truncated.write_bytes(gzip.compress(HTML.encode() * 20)[:-30])
    notgz = tmp_path / "fake.txt.gz"
    notgz.write_bytes(b"plain text, not gzip")
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(_gzip_of(20 << 20))
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><p>The storm hit at dawn.<p>Officials said <b>twelve")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    unreachable = f"http://127.0.0.1:{closed_port}/story"
    loop = local_server.redirect("/loop", "/loop")
    good_url = local_server.page("/ok", HTML.encode())
    missing = str(tmp_path / "missing.txt")

    inputs = [
        str(good_text), missing, str(empty), str(blank), str(binary), str(legacy), str(truncated), str(notgz),
        str(bomb), str(huge), str(broken), unreachable, loop, good_url,
    ]  # fmt: skip
    results = _run(inputs, options)

    assert [r.source for r in results] == inputs  # one result per input, in order
    reasons = {r.source: (r.reason, r.code) for r in results if isinstance(r, Failure)}
    assert reasons.pop(unreachable)[0].startswith(f"cannot connect to 127.0.0.1 port {closed_port}")
    assert reasons == {
        missing: ("no such file or directory", "CP100"),
        str(empty): ("empty file", "CP100"),
        str(blank): ("empty file (whitespace only)", "CP100"),
        str(binary): ("binary file, not text or HTML", "CP100"),
        str(truncated): ("truncated gzip", "CP100"),
        str(notgz): ("not a gzip file (Not a gzipped file (b'pl'))", "CP100"),
        str(bomb): ("decompressed size exceeds 1000000 bytes", "CP100"),
        str(huge): ("file larger than 1000000 bytes", "CP100"),
        loop: ("too many redirects (6 > 5)", "CP200"),
    }
    docs = {r.source: r for r in results if isinstance(r, RawDocument)}
    assert set(docs) == {str(good_text), str(legacy), str(broken), good_url}
    assert docs[str(legacy)].content == QUOTED
    assert docs[str(broken)].kind == "html"


def test_fifty_megabyte_file_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as handle:
        handle.truncate(50_000_000)
    tracemalloc.start()
    try:
        assert _failure([str(huge)], FetchOptions()) == Failure(str(huge), "file larger than 10000000 bytes", "CP100")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


def test_gzip_bomb_is_inflated_in_steps(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(_gzip_of(64 << 20))  # 64 MB inflated, ~60 KB on disk
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="decompressed size exceeds 1000000 bytes"):
            read_gzip_capped(bomb, 1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000  # the cap plus one read step, not 64 MB


def test_read_bytes_capped_reads_special_files_up_to_the_cap() -> None:
    with pytest.raises(InputError, match="file larger than 1000 bytes"):
        read_bytes_capped("/dev/zero", 1_000)


def test_empty_input_name() -> None:
    assert _run([""]) == [Failure("", "empty input name", "CP100")]


# --- encodings ----------------------------------------------------------------------------------------------

FRENCH = "Le pr\u00e9sident a d\u00e9clar\u00e9 que la r\u00e9forme \u00e9tait n\u00e9cessaire. \u00c0 Paris, les gr\u00e9vistes ont d\u00e9fil\u00e9."
GERMAN = "Der Bundeskanzler \u00e4u\u00dferte sich am Montag zu den Gespr\u00e4chen \u00fcber die Stra\u00dfenbahn."
RUSSIAN = "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b, \u0447\u0442\u043e \u0440\u0435\u0444\u043e\u0440\u043c\u0430 \u043d\u0435\u043e\u0431\u0445\u043e\u0434\u0438\u043c\u0430."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (QUOTED.encode("cp1252"), QUOTED),
        (FRENCH.encode("latin-1"), FRENCH),
        (GERMAN.encode("latin-1"), GERMAN),
        (QUOTED.encode("utf-16"), QUOTED),  # BOM, native order
        (b"\xfe\xff" + QUOTED.encode("utf-16-be"), QUOTED),
        (b"\xef\xbb\xbf" + FRENCH.encode(), FRENCH),
        (FRENCH.encode("utf-16-le"), FRENCH),  # no BOM
        (RUSSIAN.encode("cp1251"), RUSSIAN),
        # The meta tag names the encoding; detection alone could pick a neighbour of koi8-r.
        (f'<html><head><meta charset="koi8-r"></head><body><p>{RUSSIAN}</p>'.encode("koi8-r"), None),
        (f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>{QUOTED}'.encode("cp1252"), None),
        # UTF-8 cut inside its last character (a truncated download) is still UTF-8.
        ("Gr\u00fc\u00dfe aus K\u00f6ln \u2014".encode()[:-1], "Gr\u00fc\u00dfe aus K\u00f6ln \ufffd"),
    ],
    ids=["cp1252", "latin1-fr", "latin1-de", "utf16-bom", "utf16be-bom", "utf8-bom", "utf16le-nobom", "cp1251",
         "meta-koi8r", "meta-latin1-as-cp1252", "utf8-truncated"],
)  # fmt: skip
def test_decode_text(data: bytes, expected: str | None) -> None:
    text = decode_text(data, "x")
    if expected is None:  # HTML: the sentence must survive inside the markup
        assert RUSSIAN in text or QUOTED in text
    else:
        assert text == expected


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
        b"%PDF-1.7\n\x00\x01\x02\x03\xff\xfe\x00\x00",
        bytes(range(256)) * 8,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200),
    ],
    ids=["png", "pdf", "all-bytes", "zip"],
)
def test_decode_text_refuses_binary(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_text(data, "x")
    assert (info.value.reason, info.value.source) == ("binary file, not text or HTML", "x")


@pytest.mark.parametrize(
    ("name", "data", "content"),
    [
        ("cp1252.txt", QUOTED.encode("cp1252"), QUOTED),
        ("utf16.txt", QUOTED.encode("utf-16"), QUOTED),
        ("latin1.txt", FRENCH.encode("latin-1"), FRENCH),
    ],
)
def test_encoded_files_decode(tmp_path: Path, name: str, data: bytes, content: str) -> None:
    (tmp_path / name).write_bytes(data)
    assert _one([str(tmp_path / name)]).content == content


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (HTML, "html"),
        ("  \n<html><p>x</p></html>", "html"),
        ('<?xml version="1.0"?>\n<!-- c -->\n<html xmlns="http://www.w3.org/1999/xhtml"></html>', "html"),
        ("<p>One.</p>\n<p>Two.</p>", "html"),
        ("Story text.<br>More.<br>End.<br>", "html"),
        (TEXT, "text"),
        ("Shares rose 3% as x < y and y > z, analysts said.", "text"),
        ("# Heading\n\nMarkdown *text* with <one> bracket.", "text"),
    ],
)
def test_sniff_kind(text: str, kind: str) -> None:
    assert sniff_kind(text) == kind


@pytest.mark.parametrize(
    ("value", "expected"),
    [("https://a.example/x", True), ("HTTP://A.EXAMPLE", True), ("ftp://x/y", True), ("a.txt", False),
     ("C:\\news\\a.txt", False), ("-", False), ("dir/http://x", False)],
)  # fmt: skip
def test_is_url(value: str, expected: bool) -> None:
    assert is_url(value) is expected
