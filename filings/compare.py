"""修改对照表: two texts compared article by article, the articles matched by content even when renumbered.

Unchanged articles are matched first (by their text, wherever they stand), then each remaining old article
with the most similar remaining new one (character similarity ≥ MATCH_RATIO), in the order of the new text;
what is left is deleted (old) or added (new). Headings (编/章/节) are not rows.
"""

import datetime
import difflib
from dataclasses import dataclass

from .parsing import parse_articles

MATCH_RATIO = 0.45


@dataclass
class Row:
    old_label: str
    old_text: str
    new_label: str
    new_text: str
    change: str  # 未修改 / 修改 / 新增 / 删除, with the renumbering said ("第五条改为第六条")

    @property
    def changed(self) -> bool:
        return self.change != "未修改"


def _articles(text: str) -> list[tuple[str, str]]:
    return [(a.label, a.text) for a in parse_articles(text) if a.kind == "article"]


def _body(text: str) -> str:
    return "".join(text.split())


def compare_texts(old: str, new: str) -> list[Row]:
    before, after = _articles(old), _articles(new)
    match: dict[int, int] = {}  # new index → old index
    by_body: dict[str, list[int]] = {}
    for i, (_, text) in enumerate(before):
        by_body.setdefault(_body(text), []).append(i)
    for j, (_, text) in enumerate(after):
        same = by_body.get(_body(text))
        if same:
            match[j] = same.pop(0)
    taken = set(match.values())
    for j, (_, text) in enumerate(after):
        if j in match:
            continue
        best, best_ratio = None, MATCH_RATIO
        for i, (_, old_text) in enumerate(before):
            if i in taken:
                continue
            ratio = difflib.SequenceMatcher(None, _body(old_text), _body(text), autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        if best is not None:
            match[j] = best
            taken.add(best)
    rows: list[Row] = []
    deleted = [i for i in range(len(before)) if i not in taken]
    for j, (label, text) in enumerate(after):
        if j not in match:
            rows.append(Row("", "", label, text, "新增"))
            continue
        i = match[j]
        # Deleted articles that stood before this one in the old text come first, where they were.
        while deleted and deleted[0] < i:
            k = deleted.pop(0)
            rows.append(Row(before[k][0], before[k][1], "", "", "删除"))
        old_label, old_text = before[i]
        renumbered = f"{old_label}改为{label}" if old_label != label else ""
        if _body(old_text) == _body(text):
            change = f"条序变化：{renumbered}" if renumbered else "未修改"
        else:
            change = "修改" + (f"（{renumbered}）" if renumbered else "")
        rows.append(Row(old_label, old_text, label, text, change))
    rows += [Row(before[k][0], before[k][1], "", "", "删除") for k in deleted]
    return rows


def comparison(old: str, new: str) -> dict:
    """The rows and their counts, as the comparison pages show them."""
    rows = compare_texts(old, new)
    counts = {
        "changed": sum(1 for r in rows if r.change.startswith("修改")),
        "added": sum(1 for r in rows if r.change == "新增"),
        "deleted": sum(1 for r in rows if r.change == "删除"),
    }
    return {"rows": rows, "counts": counts}


def versions_compared(first, second) -> dict:
    """Two register versions of a document, the older (by promulgation) as `old`, with their rows."""
    old, new = first, second
    if (old.promulgated or datetime.date.min) > (new.promulgated or datetime.date.min):
        old, new = new, old
    return {"old": old, "new": new, **comparison(old.text, new.text)}
