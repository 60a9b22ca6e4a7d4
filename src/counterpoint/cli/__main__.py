"""``python -m counterpoint.cli``: the same as the ``counterpoint`` command."""

from . import main

main()
