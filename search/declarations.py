"""What a document declares about other documents: that they are repealed, or amended.

Found three ways in the corpus:
- a sentence: "…《X》同时废止", "《X》予以废止" (废止 after the mention, outside any 《》);
- a list under a heading that repeals ("国务院决定废止以下行政法规：", "附件2 国务院决定废止的行政法规"),
  whose items name titles without 《》 ("一、社会抚养费征收管理办法（2002年…公布）") or as table rows
  ("| 23 | 最高人民法院…的批复 | 1979年… |");
- an amendment: a title "关于修改《X》的决定", a sentence "对《X》作如下修改", or list items
  "将《X》第二条修改为…" under a heading that amends. Not amended: a title inside the new wording
  (修改为“依照《行政处罚法》…”, which may run over several lines), the act it is done under
  ("根据《X》", "以下简称《X》", "引用《X》的条文序号"), and, when the heading names what it amends
  ("现对《A》《B》作如下修改："), anything its items mention.
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
# Words before a title, in its clause, that make it the ground or a mention rather than the amended act.
_GROUND_RE = re.compile(r"根据|依照|依据|按照|以下简称|简称|引用|所称")
# Text between “ and ” on one line, or from an unclosed “ to the end of the line.
_QUOTED_RE = re.compile(r"“[^”]*(?:”|$)")


@dataclass(frozen=True)
class Declaration:
    kind: str  # REPEAL or AMEND
    cited_title: str
    title_key: str
    evidence: str


def _outside_titles(text: str) -> str:
    return re.sub(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》", "", text)


def _amended_titles(sentence: str):
    """The titles a sentence of an amending list amends (quoted new wording taken out first)."""
    for match in re.finditer(_TITLE, sentence):
        clause_start = max(sentence.rfind(ch, 0, match.start()) for ch in "，,：:（(") + 1
        if not _GROUND_RE.search(sentence, clause_start, match.start()):
            yield match


def _unquoted(line: str, quoted: bool) -> tuple[str, bool]:
    """The line without the new wording it quotes, and whether a quote is still open at its end."""
    if quoted:
        close = line.find("”")
        if close < 0:
            return "", True
        line = line[close + 1 :]
    stripped = _QUOTED_RE.sub("", line)
    last_open, last_close = line.rfind("“"), line.rfind("”")
    return stripped, last_open > last_close


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
    mode, named, quoted = None, False, False
    repealing_document = "废止" in _outside_titles(title) or "失效" in _outside_titles(title)
    for raw in text.split("\n"):
        unquoted, quoted_after = _unquoted(raw, quoted)
        line = raw if not quoted else unquoted  # a line inside quoted new wording opens no list
        if raw.lstrip().startswith("附件"):
            mode = None  # an attachment starts its own context ("附件三 在香港特别行政区实施的全国性法律")
        heading = _heading_mode(line) if not quoted else None
        if heading:
            mode = heading
            # "现对《A》《B》作如下修改：" names what its items amend; "对《A》等…" does not.
            named = heading == AMEND and "等" not in _outside_titles(line) and any(_amended_titles(unquoted))
        elif (
            mode
            and (item := _ITEM_RE.match(line) or _ROW_RE.match(line))
            and (mode == REPEAL or not (named or re.search(r"[，,：:“。]", item.group(1))))
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
        for sentence in _SENTENCE_SPLIT.split(unquoted):
            if mode == AMEND and (heading or not named) and "修改" in _outside_titles(sentence):
                for match in _amended_titles(sentence):
                    add(AMEND, match.group(1), sentence)
            for match in _AMEND_SENTENCE_RE.finditer(sentence):
                add(AMEND, match.group(1), sentence)
        quoted = quoted_after
        if repealing_document and mode is None and (row := _ROW_RE.match(line)):
            add(REPEAL, row.group(1), line)  # a repeal decision that is only a table
    return list(found.values())
