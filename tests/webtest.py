"""Shared pieces of the web tests (their fixtures, example_db and client, are in conftest.py)."""

from __future__ import annotations

PARAPHRASE = """The earth embankment of the Stennick Reservoir gave way early on Wednesday and sent water down the \
Hollin Beck valley into Marrowby, the fire service said.

Around 1,200 people were moved out of the lower town, according to Fellshire Fire and Rescue Service. A coastguard \
helicopter rescued 12 people from roofs on Mill Row.

St Aldric's Hospital treated 42 people, mostly for hypothermia. Nobody died.

Wendle Valley Water, the owner of the reservoir, said it had been 97 percent full after weeks of rain. Chief Fire \
Officer Ruth Callander said crews would stay in Marrowby overnight.
"""
PARAPHRASE_TITLE = "Hundreds leave Marrowby as reservoir wall collapses"
BASE_URL = "http://127.0.0.1"  # a loopback Host: the app refuses other names by default (DNS rebinding)
