"""WARC files (``.warc``, ``.warc.gz``) as inputs: each HTML response record is one :class:`RawDocument`.

Records are read with fastwarc's ``ArchiveIterator`` one at a time, so an archive of any size streams. Response
records with a 2xx status and an HTML content type become ``RawDocument(kind="html", url=WARC-Target-URI)`` with
source ``<path>#<N>`` (N = 1-based position of the record in the file, every record type counted). Everything
else (requests, metadata, images, PDFs, redirects) is skipped without a failure and counted in
:class:`WarcStats`.

A damaged archive keeps what came before the damage: the records read so far are yielded, then one
:class:`Failure` names the file and the record where reading stopped.

Trap (fastwarc 2.0.1): given a gzipped archive cut off mid-member, fastwarc's own decompressor ends the
iteration silently, so truncation cannot be told from a complete file; and a Python stream wrapper without
``tell()`` makes it panic (a ``PanicException``, a BaseException). So gzip is inflated here by
:class:`_Inflater`, a seekless raw stream that notes where the compressed data ended early.
"""

from __future__ import annotations

import io
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from .errors import CounterpointError, InputError
from .model import Failure, RawDocument

WARC_EXTENSIONS = (".warc", ".warc.gz")
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Per record, the same cap as a single fetched or read article by default (FetchOptions.max_bytes).
DEFAULT_MAX_BYTES = 10_000_000
_CHUNK = 1 << 16


@dataclass
class WarcStats:
    """What reading an archive met: ``records`` in all, ``documents`` yielded, ``skipped`` by reason."""

    records: int = 0
    documents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def warc_target(given: str) -> str | None:
    """The path to read as a WARC archive when ``given`` names one: ``warc:<path>``, or a file ending ``.warc``
    or ``.warc.gz``."""
    if given.startswith("warc:"):
        return given[len("warc:") :]
    if given.lower().endswith(WARC_EXTENSIONS) and not given.startswith(("http://", "https://")):
        return given
    return None


class _Inflater(io.RawIOBase):
    """A readable stream of the inflated bytes of a multi-member gzip file. A cut-off or corrupt member ends
    the stream early and is reported in :attr:`error` instead of raising, so what came before it is kept."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._inflate = zlib.decompressobj(wbits=31)
        self._in_member = False
        self._buf = b""
        self._pos = 0
        self._done = False
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def _fill(self) -> None:
        while not self._buf and not self._done:
            chunk = self._raw.read(_CHUNK)
            if not chunk:
                if self._in_member:
                    self.error = "truncated gzip (the file ends inside a compressed member)"
                self._done = True
                return
            out = []
            try:
                while chunk:
                    out.append(self._inflate.decompress(chunk))
                    self._in_member = not self._inflate.eof
                    if self._inflate.eof:
                        chunk = self._inflate.unused_data
                        self._inflate = zlib.decompressobj(wbits=31)
                        self._in_member = bool(chunk)
                    else:
                        chunk = b""
            except zlib.error as exc:
                self.error = f"corrupt gzip ({exc})"
                self._done = True
            self._buf = b"".join(out)

    def readinto(self, b: Any) -> int:
        self._fill()
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        self._pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        self._fill()
        if size is None or size < 0:
            parts = []
            while self._buf:
                parts.append(self._buf)
                self._pos += len(self._buf)
                self._buf = b""
                self._fill()
            return b"".join(parts)
        data, self._buf = self._buf[:size], self._buf[size:]
        self._pos += len(data)
        return data


def _media_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, val = p.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return parts[0].lower(), charset


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def iter_warc(
    path: str,
    *,
    source: str | None = None,
    stats: WarcStats | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[RawDocument | Failure]:
    """The HTML pages archived in the WARC file at ``path``, in file order. Never raises for a bad archive or
    record: each becomes a :class:`Failure`. ``source`` is the input as the user gave it (default ``path``)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    from .ingest import decode_text

    name = source or path
    st = stats if stats is not None else WarcStats()
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield Failure(name, exc.strerror or str(exc), InputError.code)
        return
    try:
        if os.fstat(raw.fileno()).st_size == 0:
            yield Failure(name, "empty file", InputError.code)
            return
        gzipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        stream: Any = _Inflater(raw) if gzipped else raw
        size = os.fstat(raw.fileno()).st_size
        truncated_at: int | None = None
        last_end = 0  # where the last record's block should end, by its own Content-Length
        for record in ArchiveIterator(stream, parse_http=True, stream_detect=False):
            st.records += 1
            n = st.records
            last_end = record.stream_pos + _int(record.headers.get("Content-Length"))
            rec_source = f"{name}#{n}"
            if record.record_type != WarcRecordType.response:
                st.skipped[str(record.record_type).rsplit(".", 1)[-1]] += 1
                continue
            http = record.http_headers
            if http is None:
                if record.content_length == 0:
                    truncated_at = n
                    break
                st.skipped["not http"] += 1
                continue
            media, charset = _media_type(http.get("Content-Type"))
            status = http.status_code or 0
            if not 200 <= status < 300:
                st.skipped[f"status {status}"] += 1
                continue
            if media not in HTML_MEDIA_TYPES:
                st.skipped[media or "no content type"] += 1
                continue
            expected = record.content_length
            body = record.reader.read(max_bytes + 1)
            if len(body) > max_bytes:
                yield Failure(rec_source, f"record larger than {max_bytes} bytes", InputError.code)
                continue
            if len(body) < expected:
                truncated_at = n
                break
            uri = record.headers.get("WARC-Target-URI")
            try:
                text = decode_text(body, rec_source, declared=charset)
            except CounterpointError as exc:
                yield Failure(rec_source, exc.reason, exc.code)
                continue
            if not text.strip():
                st.skipped["empty body"] += 1
                continue
            meta: dict[str, Any] = {"url": uri} if uri else {}
            st.documents += 1
            yield RawDocument(rec_source, text, "html", url=uri, meta=meta)
        error = stream.error if isinstance(stream, _Inflater) else None
        if truncated_at is None and not gzipped and last_end > size:
            truncated_at = st.records  # a skipped (unread) record cut off at the end of a plain .warc
        if truncated_at is not None:
            why = error or "the file ends inside this record"
            yield Failure(f"{name}#{truncated_at}", f"record {truncated_at} is cut off: {why}", InputError.code)
        elif error is not None:
            yield Failure(name, f"{error} after record {st.records}", InputError.code)
        elif st.records == 0:
            yield Failure(name, "no WARC records found (not a WARC file?)", InputError.code)
    except OSError as exc:
        yield Failure(name, f"cannot read WARC: {exc}", InputError.code)
    finally:
        raw.close()
