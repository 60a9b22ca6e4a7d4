"""Turning what a user names (files, directories, JSONL, URLs, ``-``) into :class:`RawDocument` records.

A batch never stops on one bad input: every input, or every JSONL line, yields either documents or a
:class:`Failure` naming it and saying why in one line. Memory stays bounded whatever the input: sizes are checked
before reading, gzip is inflated in steps under the same cap, and JSONL is read one capped line at a time.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

import charset_normalizer
import httpx

from .errors import CounterpointError, InputError
from .fetch import HTML_TYPES, PAGE_TYPES, Fetched, FetchOptions, fetch_url
from .model import Failure, RawDocument
from .records import RecordFields, json_type, record_fields

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
# A JSON document holding one record (an object) or several (a list of objects), each read as a JSONL line is.
# Named on the command line only: directory walks skip .json, which is as often a tool's settings as an article.
JSON_EXTENSIONS = frozenset({".json"})

# Read size for streamed inputs: large enough that Python overhead is negligible, small enough that one step
# overshoots a cap by little.
_CHUNK = 1 << 20

# A JSONL corpus holds many articles, so its size is not capped by max_bytes (that caps each line). A compressed
# one still needs an end, or a small bomb of newlines keeps us inflating for minutes: allow what 1,000
# maximum-size articles would take (10 GB at the default 10 MB), far beyond any corpus a laptop compares.
JSONL_GZ_FACTOR = 1_000

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

# Most specific BOM first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG encoding labels: pages that declare latin-1 or ASCII are decoded as windows-1252 by every browser, and
# authors rely on it (curly quotes in a "iso-8859-1" page). Latin-1 stays as the fallback for the five bytes
# cp1252 leaves undefined.
_LEGACY_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252"}

_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", re.I)
# The meta tag must be in the first 1024 bytes by the HTML standard; 4096 also catches pages with long heads of
# comments, which are common on news sites.
_SNIFF_BYTES = 4096

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main|h[1-6])\b",
    re.I | re.S,
)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|p|div|article|br|span|a|h[1-6]|meta|title|script|section|main|ul|li|table)\b[^>]*>", re.I
)
# Plain-text articles mention "<" rarely and tags almost never; three tags in the first 4 KB is already a page.
_MIN_TAGS = 3


# --- reading ------------------------------------------------------------------------------------------------


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {exc.strerror or exc}"


def _too_large(max_bytes: int, source: str) -> InputError:
    return InputError(f"file larger than {max_bytes} bytes", source=source)


def read_bytes_capped(path: str | os.PathLike[str], max_bytes: int, *, source: str | None = None) -> bytes:
    """The bytes of a file, refusing before reading anything when it is larger than ``max_bytes``.

    A special file (a pipe, ``/dev/zero``) has no size to check, so at most ``max_bytes + 1`` bytes are read.
    """
    src = source if source is not None else os.fspath(path)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise _too_large(max_bytes, src)
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(_os_reason(exc), source=src) from exc
    if len(data) > max_bytes:
        raise _too_large(max_bytes, src)
    if not data:
        raise InputError("empty file", source=src)
    return data


def read_gzip_capped(path: str | os.PathLike[str], max_bytes: int, *, source: str | None = None) -> bytes:
    """The inflated bytes of a gzip file, inflated step by step so a bomb is refused after ``max_bytes``."""
    src = source if source is not None else os.fspath(path)
    out = bytearray()
    try:
        with open(path, "rb") as raw:
            info = os.fstat(raw.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise _too_large(max_bytes, src)
            if stat.S_ISREG(info.st_mode) and info.st_size == 0:
                raise InputError("empty file", source=src)
            with gzip.GzipFile(fileobj=raw) as unzipped:
                while chunk := unzipped.read(min(_CHUNK, max_bytes + 1 - len(out))):
                    out += chunk
                    if len(out) > max_bytes:
                        raise InputError(f"decompressed size exceeds {max_bytes} bytes", source=src)
    except OSError as exc:
        raise _gzip_error(exc, src) from exc
    except EOFError as exc:
        raise InputError("truncated gzip", source=src) from exc
    if not out:
        raise InputError("empty file", source=src)
    return bytes(out)


def _gzip_error(exc: OSError, source: str) -> InputError:
    if isinstance(exc, gzip.BadGzipFile):
        return InputError(f"not a gzip file ({exc})", source=source)
    return InputError(_os_reason(exc), source=source)


def _codecs_for(label: str | None) -> list[str]:
    if not label:
        return []
    label = label.strip().lower()
    if label in _LEGACY_LABELS:
        return ["cp1252", "latin-1"]
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return []
    # A document that reached the ASCII-compatible sniffing stage cannot really be UTF-16 (no BOM, no NULs).
    return [] if name.startswith(("utf-16", "utf-32")) else [name]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: ASCII-heavy UTF-16 puts a NUL in every other byte, binary files do not."""
    sample = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even = sum(1 for b in sample[0::2] if b == 0)
    odd = sum(1 for b in sample[1::2] if b == 0)
    # Calibrated on English, French and German news text encoded as UTF-16: 85-100 % of high bytes are NUL;
    # binary formats (PNG, PDF, ZIP, ELF) put NULs at both parities. Half is a wide margin either way.
    if odd >= pairs / 2 and even <= pairs / 50:
        codec = "utf-16-le"
    elif even >= pairs / 2 and odd <= pairs / 50:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) - len(data) % 2].decode(codec)
    except UnicodeDecodeError:
        return None
    return None if _mostly_control(text) else text


def _mostly_control(text: str) -> bool:
    sample = text[:_SNIFF_BYTES]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    # Real text has next to no control characters; 5 % already means a binary format that happened to decode.
    return control > len(sample) / 20


def _detected(data: bytes) -> str | None:
    """charset-normalizer's reading, preferring windows-1252 among equally good guesses: short Western text
    scores the same in cp1250/cp1252/cp1257 (on a French sample "À" came back as the Czech "Ŕ"), and cp1252 is
    by far the most common legacy encoding of news pages."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.encoding == "cp1252" and (match.chaos, match.coherence) == (best.chaos, best.coherence):
            return str(match)
    return str(best)


def decode_text(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode a text or HTML document: BOM, then UTF-8, then the ``declared`` charset (from HTTP), then the
    page's own meta charset or XML declaration, then charset-normalizer's detection.

    Raises :class:`InputError` ("binary file, not text or HTML") for data that is not text. Never fails on
    malformed markup or a file cut off in the middle of a character.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError("binary file, not text or HTML", source=source)
        return utf16
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A UTF-8 file truncated inside its last character is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data.decode("utf-8", errors="replace")
    head = data[:_SNIFF_BYTES]
    meta = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    for label in (declared, meta.group(1).decode("ascii") if meta else None):
        for codec in _codecs_for(label):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    text = _detected(data)
    if text is None:
        raise InputError("binary file, not text or HTML", source=source)
    if _mostly_control(text):
        raise InputError("binary file, not text or HTML", source=source)
    return text


def sniff_kind(text: str) -> str:
    """``"html"`` when the text is markup, else ``"text"``."""
    head = text[:_SNIFF_BYTES].lstrip("\ufeff")
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= _MIN_TAGS:
        return "html"
    return "text"


# --- inputs -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    kind: str | None  # "text", "html", "jsonl", "json", or None when the name does not say
    gzipped: bool


def _format_of(name: str) -> _Format:
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    ext = os.path.splitext(lower[:-3] if gzipped else lower)[1]
    if ext in TEXT_EXTENSIONS:
        return _Format("text", gzipped)
    if ext in HTML_EXTENSIONS:
        return _Format("html", gzipped)
    if ext in JSONL_EXTENSIONS:
        return _Format("jsonl", gzipped)
    if ext in JSON_EXTENSIONS:
        return _Format("json", gzipped)
    return _Format(None, gzipped)


def is_url(value: str) -> bool:
    """Whether an input names a URL (any scheme: the fetcher refuses the ones it does not speak)."""
    return bool(_URL.match(value))


def _document(
    text: str, source: str, kind: str | None, *, url: str | None = None, meta: Any = None, what: str = "file"
) -> RawDocument:
    if not text.strip():
        raise InputError(f"empty {what} (whitespace only)", source=source)
    return RawDocument(source, text, kind or sniff_kind(text), url=url, meta=dict(meta or {}))


class _Batch:
    """What one call of :func:`iter_documents` shares: its options, and one HTTP transport opened at the first
    URL, so a batch of URLs reuses connections and sets TLS up once (~0.1 s of CPU each time otherwise)."""

    def __init__(self, options: FetchOptions) -> None:
        self.options = options
        self._transport: httpx.HTTPTransport | None = None

    def fetch(self, url: str) -> Fetched:
        if self._transport is None:
            self._transport = httpx.HTTPTransport()
        return fetch_url(url, options=self.options, accept=PAGE_TYPES, transport=self._transport)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


def _from_url(url: str, source: str, batch: _Batch, meta: dict[str, Any] | None = None) -> RawDocument:
    fetched = batch.fetch(url)
    text = decode_text(fetched.content, source, declared=fetched.charset)
    kind = "html" if fetched.content_type in HTML_TYPES else "text"
    return _document(text, source, kind, url=fetched.final_url, meta=meta, what="page")


def _from_file(path: str, fmt: _Format, batch: _Batch) -> Iterator[RawDocument | Failure]:
    if fmt.kind == "jsonl":
        yield from _jsonl_records(path, batch, gzipped=fmt.gzipped)
        return
    options = batch.options
    try:
        if fmt.gzipped:
            data = read_gzip_capped(path, options.max_bytes, source=path)
        else:
            data = read_bytes_capped(path, options.max_bytes, source=path)
        if fmt.kind == "json":
            yield from _json_records(data, path, batch)
        else:
            yield _document(decode_text(data, path), path, fmt.kind)
    except CounterpointError as exc:
        yield _failure(path, exc)


def _from_stdin(stdin: BinaryIO | None, options: FetchOptions) -> RawDocument:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError(f"input larger than {options.max_bytes} bytes", source="-")
    if not data:
        raise InputError("empty input", source="-")
    return _document(decode_text(data, "-"), "-", None, what="input")


def _walk(root: str) -> tuple[list[str], list[Failure]]:
    """Known-format files under ``root``, hidden ones skipped, in sorted path order (so batches are repeatable)."""
    found: list[tuple[tuple[str, ...], str]] = []
    failures: list[Failure] = []

    def unreadable(exc: OSError) -> None:
        failures.append(Failure(exc.filename or root, _os_reason(exc), InputError.code))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and _format_of(name).kind not in (None, "json"):
                path = os.path.join(folder, name)
                found.append((tuple(os.path.relpath(path, root).split(os.sep)), path))
    return [path for _key, path in sorted(found)], failures


def _from_directory(root: str, batch: _Batch) -> Iterator[RawDocument | Failure]:
    paths, failures = _walk(root)
    yield from failures
    if not paths and not failures:
        yield Failure(root, "no .txt, .md, .html or .jsonl files in directory", InputError.code)
    for path in paths:
        yield from _from_file(path, _format_of(path), batch)


def _failure(source: str, exc: CounterpointError) -> Failure:
    return Failure(source, exc.reason, exc.code)


def iter_documents(
    inputs: Iterable[str],
    *,
    options: FetchOptions = FetchOptions(),  # noqa: B008 - frozen, so a shared default is safe
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Failure]:
    """One :class:`RawDocument` per article found, or one :class:`Failure` per input or record that failed, in
    input order. Never raises for a bad input.

    Inputs: text and HTML files (also gzipped; content sniffed when the extension says nothing), JSONL files
    (one article per line), JSON files (one record, or a list of them), directories (recursively; .json files
    only when named), http(s) URLs, and ``-`` for ``stdin`` (default: the process's standard input). ``source``
    is the input as given; ``path#ID`` / ``path#N`` for a JSONL record or an item of a JSON list.
    """
    batch = _Batch(options)
    try:
        for given in inputs:
            try:
                if given == "-":
                    yield _from_stdin(stdin, options)
                elif not given:
                    yield Failure(given, "empty input name", InputError.code)
                elif is_url(given):
                    yield _from_url(given, given, batch)
                elif os.path.isdir(given):
                    yield from _from_directory(given, batch)
                else:
                    yield from _from_file(given, _format_of(given), batch)
            except CounterpointError as exc:
                yield _failure(given, exc)
            except OSError as exc:
                yield Failure(given, _os_reason(exc), InputError.code)
    finally:
        batch.close()


# --- JSONL --------------------------------------------------------------------------------------------------


class _LineSource(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


class _Capped:
    """Counts inflated bytes of a compressed JSONL file and stops the file at its total cap."""

    def __init__(self, stream: _LineSource, limit: int | None, source: str) -> None:
        self.stream, self.limit, self.source, self.total = stream, limit, source, 0

    def readline(self, size: int) -> bytes:
        line = self.stream.readline(size)
        self.total += len(line)
        if self.limit is not None and self.total > self.limit:
            raise InputError(f"decompressed size exceeds {self.limit} bytes", source=self.source)
        return line


def _lines(reader: _Capped, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(1-based line number, line) pairs; ``None`` for a line longer than ``max_bytes``, which is skipped."""
    number = 0
    while line := reader.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := reader.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _jsonl_records(path: str, batch: _Batch, *, gzipped: bool) -> Iterator[RawDocument | Failure]:
    options = batch.options
    try:
        with open(path, "rb") as raw:
            if os.fstat(raw.fileno()).st_size == 0:
                raise InputError("empty file", source=path)
            stream: _LineSource = gzip.GzipFile(fileobj=raw) if gzipped else raw
            limit = options.max_bytes * JSONL_GZ_FACTOR if gzipped else None
            count = 0
            for number, line in _lines(_Capped(stream, limit, path), options.max_bytes):
                if line is None:
                    yield Failure(f"{path}#{number}", f"line larger than {options.max_bytes} bytes", InputError.code)
                    continue
                if number == 1:
                    line = line.removeprefix(codecs.BOM_UTF8)
                if line.strip():
                    count += 1
                    yield _record(line, path, number, batch)
            if count == 0:
                raise InputError("no records in JSONL file", source=path)
    except OSError as exc:
        yield Failure(path, _gzip_error(exc, path).reason, InputError.code)
    except EOFError:
        yield Failure(path, "truncated gzip", InputError.code)
    except zlib.error as exc:
        yield Failure(path, f"corrupt gzip ({exc})", InputError.code)
    except CounterpointError as exc:
        yield _failure(path, exc)


def _record(line: bytes, path: str, number: int, batch: _Batch) -> RawDocument | Failure:
    source = f"{path}#{number}"
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Failure(source, "line is not valid UTF-8", InputError.code)
    except json.JSONDecodeError as exc:
        return Failure(source, f"invalid JSON: {exc.msg} at column {exc.colno}", InputError.code)
    return _record_object(record, source, path, batch)


def _record_object(record: Any, source: str, path: str, batch: _Batch) -> RawDocument | Failure:
    """One parsed record: ``source`` names it, unless it has an ``id`` (then ``path#ID``)."""
    if not isinstance(record, dict):
        return Failure(source, f"record is a JSON {json_type(record)}, not an object", InputError.code)
    rid = record.get("id")
    if isinstance(rid, str | int) and not isinstance(rid, bool) and str(rid):
        source = f"{path}#{rid}"
    try:
        return _record_document(record_fields(record, source), source, batch)
    except CounterpointError as exc:
        return _failure(source, exc)


def _json_records(data: bytes, path: str, batch: _Batch) -> Iterator[RawDocument | Failure]:
    """The records of a .json file: an object is one record named ``path`` (``path#ID`` with an ``id``), a list
    holds one per item, named ``path#N`` (1-based) or ``path#ID``. The file is read whole, so it is capped like
    any file (``max_bytes``); a larger collection belongs in a JSONL file, which is streamed."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("JSON file is not valid UTF-8", source=path) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", source=path) from None
    if isinstance(document, dict):
        yield _record_object(document, path, path, batch)
    elif isinstance(document, list) and document:
        for number, record in enumerate(document, 1):
            yield _record_object(record, f"{path}#{number}", path, batch)
    elif isinstance(document, list):
        raise InputError("no records in JSON file (an empty list)", source=path)
    else:
        raise InputError(
            f"JSON file holds a {json_type(document)}, not an article record (an object, or a list of objects)",
            source=path,
        )


def _record_document(fields: RecordFields, source: str, batch: _Batch) -> RawDocument:
    html, text, url, meta = fields.html, fields.text, fields.url, fields.meta
    if html.strip():
        return _document(html, source, "html", url=url or None, meta=meta)
    if text.strip():
        return _document(text, source, "text", url=url or None, meta=meta)
    if url.strip():
        return _from_url(url.strip(), source, batch, meta)
    raise InputError("record has no text, html or url", source=source)
