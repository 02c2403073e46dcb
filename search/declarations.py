"""What a document declares about other documents: that they are repealed, or amended.

Found three ways in the corpus:
- a sentence: "…《X》同时废止", "《X》予以废止" (废止 after the mention, outside any 《》);
- a list under a heading that repeals ("国务院决定废止以下行政法规：", "附件2 国务院决定废止的行政法规"),
  whose items name titles without 《》 ("一、社会抚养费征收管理办法（2002年…公布）") or as table rows
  ("| 23 | 最高人民法院…的批复 | 1979年… |");
- an amendment: a title "关于修改《X》的决定", a sentence "对《X》作如下修改", or list items
  "将《X》第二条修改为…" under a heading that amends.
"""

import re
from dataclasses import dataclass

from filings.parsing import title_key

REPEAL, AMEND = "repeal", "amend"

_TITLE = r"《((?:[^《》]|《[^《》]*》)+)》"
# Between a mention and its 废止 only list connectors and notes may stand: "《甲》、《乙》（1999年）同时废止".
_AFTER_REPEAL = re.compile(r"^(?:\s|[、，,和及与以]|[（(][^）)]*[）)])*(?:同时|予以|一并|即行|相应)?(?:废止|失效)")
# "已被1996年《刑事诉讼法》废止": the mention is what repealed something, not what is repealed.
_BY_RE = re.compile(r"被[^，。；《》|]{0,10}$")
# A new version repealing the old one names it with its 文号: "《X》（法释〔2013〕12号）同时废止".
_NUMBERED_RE = re.compile(r"[（(][^）)]*(?:〔|\[)\d{4}(?:〕|\])[^）)]*号[）)]")
# A repeal-list row "最高人民法院印发《关于…》的通知  附：…" names the notice; the attachment is not its title.
_ATTACHMENT_RE = re.compile(r"\s+附[：:].*$")
_ITEM_RE = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|\d+[.．、])\s*《?([^（(《》|\n]{4,120}?)》?\s*(?:[（(]|$)")
_ROW_RE = re.compile(r"^\|\s*\d+\s*\|\s*([^|]{4,200}?)\s*\|")
_AMEND_TITLE_RE = re.compile(r"关于修改" + _TITLE + r"的决定")
_AMEND_SENTENCE_RE = re.compile(r"对" + _TITLE + r"(?:[^。；\n]{0,20})作(?:如下|出)?修改")
_SENTENCE_SPLIT = re.compile(r"(?<=[。；;\n])")


@dataclass(frozen=True)
class Declaration:
    kind: str  # REPEAL or AMEND
    cited_title: str
    title_key: str
    evidence: str


def _outside_titles(text: str) -> str:
    return re.sub(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》", "", text)


def _heading_mode(line: str) -> str | None:
    """A line that opens a list (ends with a colon, or is a short line without a full stop, such as
    "国务院决定废止的行政法规"), and which kind its items are. A line naming both kinds opens neither."""
    body = _outside_titles(line).strip()
    short_heading = len(body) <= 40 and "。" not in body and not _ROW_RE.match(line)
    if not (body.endswith(("：", ":")) or short_heading):
        return None
    repeal = "废止" in body or "失效" in body
    amend = "修改" in body
    if repeal == amend:
        return None
    return REPEAL if repeal else AMEND


def declarations(title: str, text: str) -> list[Declaration]:
    """Every repeal and amendment this document declares, each once, in order of appearance."""
    found: dict[tuple[str, str], Declaration] = {}

    def add(kind: str, cited: str, evidence: str, earlier_version: bool = False) -> None:
        cited = _ATTACHMENT_RE.sub("", cited).strip()
        key = title_key(cited)
        if len(key) >= 2 and (key != title_key(title) or earlier_version) and (kind, key) not in found:
            found[(kind, key)] = Declaration(kind, cited, key, evidence.strip()[:400])

    for match in _AMEND_TITLE_RE.finditer(title):
        add(AMEND, match.group(1), title)
    mode = None
    repealing_document = "废止" in _outside_titles(title) or "失效" in _outside_titles(title)
    for line in text.split("\n"):
        heading = _heading_mode(line)
        if heading:
            mode = heading
        elif (
            mode
            and (item := _ITEM_RE.match(line) or _ROW_RE.match(line))
            and (mode == REPEAL or not item.group(1).startswith("将"))
        ):
            add(mode, item.group(1), line)
        for sentence in _SENTENCE_SPLIT.split(line):
            for match in re.finditer(_TITLE, sentence):
                tail = sentence[match.end() :]
                if (
                    _AFTER_REPEAL.match(_outside_titles(tail))
                    and sentence[max(0, match.start() - 1)] != "原"
                    and not _BY_RE.search(sentence, 0, match.start())
                ):
                    add(REPEAL, match.group(1), sentence, earlier_version=bool(_NUMBERED_RE.match(tail)))
                elif mode == AMEND and "修改" in _outside_titles(sentence):
                    add(AMEND, match.group(1), sentence)
            for match in _AMEND_SENTENCE_RE.finditer(sentence):
                add(AMEND, match.group(1), sentence)
        if repealing_document and mode is None and (row := _ROW_RE.match(line)):
            add(REPEAL, row.group(1), line)  # a repeal decision that is only a table
    return list(found.values())
