"""Error catalogue. Every user-facing failure is a :class:`CounterpointError` with a stable code, the input it
concerns and a one-line reason; the CLI prints ``error: <input>: <reason> [<code>]`` and never a traceback."""

from __future__ import annotations


class CounterpointError(Exception):
    """Base of every error counterpoint reports to a user."""

    code = "CP000"

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}" if self.source else self.reason

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "error": type(self).__name__, "source": self.source, "reason": self.reason}


class InputError(CounterpointError):
    """The input could not be read (missing, empty, binary, too large, undecodable)."""

    code = "CP100"


class FetchError(CounterpointError):
    """A URL could not be fetched safely (refused address, timeout, size, redirects, content type, status)."""

    code = "CP200"


class ExtractionError(CounterpointError):
    """The input was read but no article text could be extracted from it."""

    code = "CP300"


class CompareError(CounterpointError):
    """The articles cannot be compared (none given, unknown backend, ...)."""

    code = "CP400"


class StoreError(CounterpointError):
    """The corpus database cannot be used (missing, locked, wrong schema, unknown story)."""

    code = "CP500"


class UnknownBackendError(CompareError):
    code = "CP401"

    def __init__(self, kind: str, name: str, available: list[str]) -> None:
        super().__init__(f"unknown {kind} backend {name!r}; available: {', '.join(sorted(available)) or 'none'}")
        self.available = available
