"""The local web app over a corpus (``counterpoint serve``): FastAPI with server-rendered Jinja2 pages."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
