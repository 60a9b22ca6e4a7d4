"""Outputs of a comparison: JSON (``Comparison.to_dict``), Markdown and a self-contained HTML report."""

from .html import render_html
from .markdown import render_markdown

__all__ = ["render_html", "render_markdown"]
