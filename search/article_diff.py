"""The cited article itself: what became of 《X》第N条(第M款) between the version a document cited and the
current one.

Articles are matched across versions by content, not by number: an amendment that inserts or deletes an
article renumbers every article after it (《医疗机构管理条例》第十五条 is 第十四条 since 2022). The two
versions' article texts are aligned in order (difflib over the normalised texts: equal runs are the same
articles, whatever their numbers); what is left is paired by character-bigram similarity, best pairs
first, a partner in place preferred to one moved elsewhere. An old article with no partner was deleted.
"""

import difflib
import functools
import re
from dataclasses import dataclass

from filings.models import Article
from filings.parsing import ITEM_RE, NUMERAL, chinese_to_int, int_to_chinese

UNCHANGED, CHANGED, RENUMBERED, DELETED = "unchanged", "changed", "renumbered", "deleted"
# From which two article texts are one article edited (_similarity), and the preference for a partner in
# place over an equal one elsewhere. bench/checks_bench.py prints a sample of the pairs to check by hand.
SIMILAR = 0.5
IN_PLACE_BONUS = 0.05
WINDOW = 60  # articles either side of where an edited article is looked for

# The articles a citation names: "》第十五条", "》第十五条第二款", "》第十五条、第十六条和第二十条之一".
_ARTICLE_AFTER = re.compile(
    rf"\s*第({NUMERAL})条(?:之({NUMERAL}))?(?:第({NUMERAL})款)?((?:\s*[、和及或与]\s*第{NUMERAL}条(?:之{NUMERAL})?)*)"
)
_MORE = re.compile(rf"第({NUMERAL})条(?:之({NUMERAL}))?")
_PUNCT = re.compile(r"[\s\u3000，。；：、,.;:（）()“”\"'《》〈〉]")


@dataclass(frozen=True)
class CitedArticle:
    number: int
    sub: int = 0
    paragraph: int | None = None  # 款

    @property
    def label(self) -> str:
        return _label(self.number, self.sub) + (f"第{int_to_chinese(self.paragraph)}款" if self.paragraph else "")


@dataclass(frozen=True)
class Change:
    kind: str  # UNCHANGED / CHANGED / RENUMBERED / DELETED
    cited: CitedArticle
    new_label: str  # where it stands now ("" when deleted)
    old_text: str
    new_text: str

    def evidence(self) -> str:
        """What the finding shows: both texts where they differ, the new number where it moved."""
        old, new = self.cited.label, self.new_label
        if self.kind == DELETED:
            return f"{old}已在现行版本中删除。原文：{_short(self.old_text, 300)}"
        if self.kind == UNCHANGED:
            return f"{old}在现行版本中未修改。"
        moved = f"，现为{new}" if new != old else ""
        if self.kind == RENUMBERED:
            return f"{old}内容未变{moved}。"
        return f"{old}已修改{moved}。原文：{_short(self.old_text, 170)}　现行：{_short(self.new_text, 170)}"


def cited_articles(text: str, title_end: int) -> list[CitedArticle]:
    """The articles named right after a citation's closing 》 (at `title_end`)."""
    match = _ARTICLE_AFTER.match(text, title_end)
    if not match:
        return []
    first = CitedArticle(
        chinese_to_int(match.group(1)), chinese_to_int(match.group(2)) if match.group(2) else 0,
        chinese_to_int(match.group(3)) if match.group(3) else None,
    )  # fmt: skip
    more = [
        CitedArticle(chinese_to_int(m.group(1)), chinese_to_int(m.group(2)) if m.group(2) else 0)
        for m in _MORE.finditer(match.group(4) or "")
    ]
    return [first, *more]


@dataclass(frozen=True)
class _Articles:
    keys: tuple[tuple[int, int], ...]  # (number, sub) in text order, first occurrence only
    texts: tuple[str, ...]
    norms: tuple[str, ...]


@functools.lru_cache(maxsize=512)
def _articles(pk: int, content_hash: str) -> _Articles:
    keys, texts, seen = [], [], set()
    rows = Article.objects.filter(document_id=pk, kind=Article.Kind.ARTICLE).order_by("position")
    for number, sub, text in rows.values_list("number", "sub_number", "text"):
        if number is None or (number, sub) in seen:
            continue  # numbering restarts in annexes and quoted texts: the first run is the act's own
        seen.add((number, sub))
        keys.append((number, sub))
        texts.append(text)
    return _Articles(tuple(keys), tuple(texts), tuple(_norm(t) for t in texts))


@functools.lru_cache(maxsize=1024)
def _alignment(old: tuple[int, str], new: tuple[int, str]) -> dict[int, int | None]:
    """Index of each old article → index of its partner in the new version, or None (deleted)."""
    a, b = _articles(*old), _articles(*new)
    pairs: dict[int, int] = {}
    gaps: list[tuple[range, range]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a.norms, b.norms, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs.update({i1 + k: j1 + k for k in range(i2 - i1)})
        elif tag in ("replace", "delete"):
            gaps.append((range(i1, i2), range(j1, j2)))
    taken = set(pairs.values())
    unpaired_new = {b.norms[j]: j for j in range(len(b.norms)) if j not in taken}
    for olds, _ in gaps:  # moved verbatim
        for i in olds:
            if (j := unpaired_new.get(a.norms[i])) is not None and j not in taken:
                pairs[i] = j
                taken.add(j)
    # Edited articles: every remaining old × new pair scored, best pairs first, one partner each; a pair in
    # the same gap of the alignment (edited in place) is preferred to an equal one elsewhere (moved).
    grams_a = [_bigrams(t) for t in a.norms]
    grams_b = [_bigrams(t) for t in b.norms]
    gap_of = {j: n for n, (_, news) in enumerate(gaps) for j in news}
    old_gap = {i: n for n, (olds, _) in enumerate(gaps) for i in olds}
    scored = []
    free = [j for j in range(len(b.norms)) if j not in taken]
    stretch = len(b.norms) / max(1, len(a.norms))
    for i in (i for i in range(len(a.norms)) if i not in pairs):
        # Near where it would stand: a rewritten law of a thousand articles costs thousands of pairs, not a million.
        expected = i * stretch
        for j in (j for j in free if abs(j - expected) <= WINDOW):
            score = _similarity(grams_a[i], grams_b[j]) + (IN_PLACE_BONUS if gap_of.get(j) == old_gap.get(i) else 0)
            if score >= SIMILAR:
                scored.append((score, -abs(i - j), i, j))
    for _, _, i, j in sorted(scored, reverse=True):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return {i: pairs.get(i) for i in range(len(a.norms))}


def compare(cited: CitedArticle, old: tuple[int, str], new: tuple[int, str]) -> Change | None:
    """What became of the cited article between the old version (pk, content hash) and the new one;
    None when the old version has no such article (the citation cannot be checked at article level)."""
    a, b = _articles(*old), _articles(*new)
    try:
        i = a.keys.index((cited.number, cited.sub))
    except ValueError:
        return None
    j = _alignment(old, new)[i]
    if j is None:
        return Change(DELETED, cited, "", a.texts[i], "")
    new_label = _label(*b.keys[j])
    old_text, new_text = a.texts[i], b.texts[j]
    same = a.norms[i] == b.norms[j]
    if cited.paragraph:
        old_text, new_text, same, new_paragraph = _paragraph(a.texts[i], b.texts[j], cited.paragraph)
        if new_paragraph is None:
            return Change(DELETED, cited, "", old_text, "")
        if new_paragraph != cited.paragraph or b.keys[j] != a.keys[i]:
            new_label += f"第{int_to_chinese(new_paragraph)}款"
        else:
            new_label = cited.label
    moved = new_label != cited.label
    kind = CHANGED if not same else RENUMBERED if moved else UNCHANGED
    return Change(kind, cited, new_label, old_text, new_text)


def _paragraph(old_article: str, new_article: str, number: int) -> tuple[str, str, bool, int | None]:
    """The cited 款 in the old article, its partner in the new one (same text, else the most similar),
    whether they are equal, and the partner's number (None when the old article has no such 款 or
    nothing in the new article resembles it)."""
    old, new = _paragraphs(old_article), _paragraphs(new_article)
    if number > len(old):
        return "", "", False, None
    text = old[number - 1]
    norms = [_norm(p) for p in new]
    if _norm(text) in norms:
        k = norms.index(_norm(text))
        return text, new[k], True, k + 1
    grams = _bigrams(_norm(text))
    score, k = max(((_similarity(grams, _bigrams(n)), k) for k, n in enumerate(norms)), default=(0.0, None))
    if k is None or score < SIMILAR:
        return text, "", False, None
    return text, new[k], False, k + 1


def _paragraphs(article_text: str) -> list[str]:
    """款 of an article, each with its 项."""
    found: list[str] = []
    for line in filter(None, article_text.split("\n")):
        if ITEM_RE.match(line) and found:
            found[-1] += "\n" + line
        else:
            found.append(line)
    return found


def _norm(text: str) -> str:
    return _PUNCT.sub("", text)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[k : k + 2] for k in range(len(text) - 1)) or frozenset([text])


def _similarity(a: frozenset, b: frozenset) -> float:
    """Dice over bigrams; or, for an article that only gained (or lost) words, how much of the shorter
    one the other holds, discounted (医疗机构管理条例 第十五条 → 第十四条 gained 诊所备案: 0.50 / 1.00).
    A long article sharing only the boilerplate of penalties with a short one scores low on both."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return max(2 * common / (len(a) + len(b)), common / min(len(a), len(b)) - 0.25)


def _label(number: int, sub: int = 0) -> str:
    return f"第{int_to_chinese(number)}条" + (f"之{int_to_chinese(sub)}" if sub else "")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
