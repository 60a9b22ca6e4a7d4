"""WARC input: HTML responses become documents, other records are skipped and counted, damage keeps what
came before it."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from counterpoint.model import Failure, RawDocument
from counterpoint.warc import WarcStats, iter_warc, warc_target

PAGE = "<html><head><title>Story {n}</title></head><body><article><p>Paragraph of story {n}. " + "Words. " * 80 + \
       "</p></article></body></html>"


def record(n: int, *, ctype: str = "text/html; charset=utf-8", status: int = 200, kind: str = "response",
           body: bytes | None = None) -> bytes:
    payload = body if body is not None else PAGE.format(n=n).encode("utf-8")
    http = f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload
    block = http if kind == "response" else b"software: test\r\n"
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
        f"WARC-Target-URI: https://news.example/{n}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


MIXED = [
    record(1, kind="warcinfo"),
    record(2),
    record(3, ctype="image/png", body=b"\x89PNG" + b"\x00" * 300),
    record(4, status=404),
    record(5, ctype="text/html; charset=iso-8859-1", body="<html><body><p>Caf\xe9 na\xefve</p></body></html>"
           .encode("latin-1")),
    record(6),
]


def write(path: Path, records: list[bytes], *, gz: bool) -> Path:
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if gz else b"".join(records))
    return path


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_html_responses_become_documents_and_the_rest_is_counted(tmp_path: Path, gz: bool) -> None:
    path = write(tmp_path / ("a.warc.gz" if gz else "a.warc"), MIXED, gz=gz)
    stats = WarcStats()
    out = list(iter_warc(str(path), stats=stats))
    assert all(isinstance(d, RawDocument) for d in out)
    assert [d.source for d in out] == [f"{path}#2", f"{path}#5", f"{path}#6"]
    assert [d.url for d in out] == ["https://news.example/2", "https://news.example/5", "https://news.example/6"]
    assert {d.kind for d in out} == {"html"}
    assert "Café naïve" in out[1].content  # decoded with the charset the HTTP header declared
    assert stats.records == 6 and stats.documents == 3
    assert stats.skipped == {"warcinfo": 1, "image/png": 1, "status 404": 1}


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("cut", [0.35, 0.6, 0.9])
def test_a_truncated_archive_keeps_the_records_before_the_damage(tmp_path: Path, gz: bool, cut: float) -> None:
    records = [record(n) for n in range(1, 9)]
    full = write(tmp_path / "full.warc.gz", records, gz=gz).read_bytes()
    path = tmp_path / ("t.warc.gz" if gz else "t.warc")
    path.write_bytes(full[: int(len(full) * cut)])
    out = list(iter_warc(str(path)))
    *docs, failure = out
    assert isinstance(failure, Failure)
    assert all(isinstance(d, RawDocument) for d in docs)
    assert [d.source for d in docs] == [f"{path}#{n}" for n in range(1, len(docs) + 1)]
    assert len(docs) >= int(8 * cut) - 1
    # the failure names the file and the record where reading stopped
    assert failure.source == f"{path}#{len(docs) + 1}" or failure.source == str(path)
    assert f"{len(docs) + 1}" in failure.reason or f"after record {len(docs)}" in failure.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"hello, this is not an archive\n" * 10, "WARC")],
)
def test_not_a_warc(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(content)
    [failure] = list(iter_warc(str(path)))
    assert isinstance(failure, Failure) and reason in failure.reason and failure.source == str(path)


def test_missing_file_is_a_failure(tmp_path: Path) -> None:
    [failure] = list(iter_warc(str(tmp_path / "nope.warc.gz"), source="warc:nope"))
    assert isinstance(failure, Failure) and failure.source == "warc:nope"


def test_oversized_record_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "a.warc", [record(1), record(2)], gz=False)
    out = list(iter_warc(str(path), max_bytes=100))
    assert [type(o).__name__ for o in out] == ["Failure", "Failure"]
    assert "larger than 100 bytes" in out[0].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("given", "target"),
    [("x.warc", "x.warc"), ("X.WARC.GZ", "X.WARC.GZ"), ("warc:crawl.bin", "crawl.bin"), ("x.txt", None),
     ("https://a.example/x.warc", None)],
)
def test_warc_target(given: str, target: str | None) -> None:
    assert warc_target(given) == target
