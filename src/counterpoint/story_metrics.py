"""B-cubed precision and recall: how stories found automatically compare with labelled ones (bench.stories)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .errors import CompareError


def bcubed(found: Mapping[str, Sequence[str]], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``found`` stories (story id → article ids) against ``gold`` labels
    (article id → true story), averaged over the articles of ``gold``. Raises :class:`CompareError` when a gold
    article is in no found story."""
    story_of = {a: sid for sid, members in found.items() for a in members}
    class_size: dict[str, int] = {}
    for g in gold.values():
        class_size[g] = class_size.get(g, 0) + 1
    p = r = 0.0
    for a, g in gold.items():
        if a not in story_of:
            raise CompareError(f"article {a} is in no story")
        members = found[story_of[a]]
        same = sum(1 for m in members if gold.get(m) == g)
        p += same / len(members)
        r += same / class_size[g]
    if not gold:
        return 0.0, 0.0, 0.0
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
