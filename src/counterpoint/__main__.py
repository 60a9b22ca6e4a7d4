"""``python -m counterpoint``: the same as the ``counterpoint`` command."""

from .cli import main

main()
