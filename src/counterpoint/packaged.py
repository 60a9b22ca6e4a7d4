"""Reading the JSON data files that ship with counterpoint (lexicon, model weights) or a user's replacement."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError


def read_json_object(path: str | Path | None, packaged: str, what: str) -> tuple[Mapping[str, Any], str]:
    """The JSON object at ``path``, or the packaged ``data/<packaged>`` when ``path`` is None, with the source name
    used in errors. Raises :class:`InputError` naming ``what`` when the file is unreadable or not an object."""
    source = str(path) if path is not None else f"counterpoint/data/{packaged}"
    try:
        if path is None:
            raw = resources.files("counterpoint").joinpath("data", packaged).read_text(encoding="utf-8")
        else:
            raw = Path(path).read_text(encoding="utf-8")
        doc = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {what}: {exc}", source=source) from exc
    if not isinstance(doc, Mapping):
        raise InputError(f"{what} is not a JSON object", source=source)
    return doc, source
