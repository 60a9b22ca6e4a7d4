"""One registry for pluggable backends, looked up by kind and name.

Built-in backends register through the same decorator outsiders use, so a semantic or neural aligner can be added
without touching any caller::

    @register("align", "mine")
    class MyBackend: ...

An unknown name raises :class:`~counterpoint.errors.UnknownBackendError` listing the available names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import UnknownBackendError

T = TypeVar("T")

_REGISTRY: dict[str, dict[str, Any]] = {}
# Modules whose import registers the built-in backends of a kind; imported on first lookup of that kind.
_BUILTIN_MODULES: dict[str, tuple[str, ...]] = {
    "align": ("counterpoint.align_backends",),
    "opinion": ("counterpoint.opinion", "counterpoint.opinion_semantic", "counterpoint.opinion_finetuned"),
}


def register(kind: str, name: str) -> Callable[[T], T]:
    def deco(obj: T) -> T:
        _REGISTRY.setdefault(kind, {})[name] = obj
        return obj

    return deco


def _load_builtins(kind: str) -> None:
    for mod in _BUILTIN_MODULES.get(kind, ()):
        importlib.import_module(mod)


def available(kind: str) -> list[str]:
    _load_builtins(kind)
    return sorted(_REGISTRY.get(kind, {}))


def get(kind: str, name: str) -> Any:
    _load_builtins(kind)
    try:
        return _REGISTRY[kind][name]
    except KeyError:
        raise UnknownBackendError(kind, name, available(kind)) from None
