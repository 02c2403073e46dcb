"""Reading structure out of a document's plain text: 编/章/节/条, 款/项, and 《…》 citations.

The text has one paragraph a line (the corpus format, and what the .docx reader produces).
Headings and articles are recognised by their labels at the start of a line followed by a
space; "第八条第一款中的…修改为…" in an amending decision is a sentence, not an article.
"""

import datetime
import re
from dataclasses import dataclass, field

NUMERAL = r"[一二三四五六七八九十百千零〇两\d]+"
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

HEADING_RE = re.compile(rf"^第({NUMERAL})(分编|编|章|节)(?:[\s\u3000]+(.*))?$")
ARTICLE_RE = re.compile(rf"^第({NUMERAL})条(?:之({NUMERAL}))?(?:[\s\u3000]+(.*))?$")
ITEM_RE = re.compile(rf"^[（(]({NUMERAL})[）)]")
CITATION_RE = re.compile(r"《([^《》\n]{1,150})》(?:\s*第(" + NUMERAL + r")条)?")
TOC_LINES = {"目录", "目 录", "目\u3000录"}
VERSION_SUFFIX_RE = re.compile(r"\(\d{4}年?[^()]{0,6}\)$")
SENTENCE_END = "。；;！？\n"


def chinese_to_int(numeral: str) -> int:
    """一百二十三 → 123, 十五 → 15, 二〇二六 → 2026, 12 → 12."""
    if numeral.isdigit():
        return int(numeral)
    if all(ch in _DIGITS for ch in numeral):  # digit by digit: 二〇二六
        return int("".join(str(_DIGITS[ch]) for ch in numeral))
    total, current = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(numeral)
    return total + current


_NUMERAL_DIGITS = "零一二三四五六七八九"


def int_to_chinese(n: int) -> str:
    """The inverse of chinese_to_int as article numbers are written: 15 → 十五, 105 → 一百零五, 1010 → 一千零一十."""
    if n < 10:
        return _NUMERAL_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (_NUMERAL_DIGITS[tens] if tens > 1 else "") + "十" + (_NUMERAL_DIGITS[ones] if ones else "")
    value, unit = (1000, "千") if n >= 1000 else (100, "百")
    head, rest = divmod(n, value)
    if rest == 0:
        return _NUMERAL_DIGITS[head] + unit
    inner = int_to_chinese(rest) if rest < 10 or rest >= 20 else "一" + int_to_chinese(rest)
    return _NUMERAL_DIGITS[head] + unit + ("零" if rest < value // 10 else "") + inner


@dataclass
class ParsedArticle:
    kind: str  # part / chapter / section / article
    label: str
    number: int | None
    sub_number: int = 0
    heading: str = ""
    lines: list[str] = field(default_factory=list)
    anchor: str = ""
    start: int = 0  # character offset of its first line in the text

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class ParsedCitation:
    cited_title: str
    title_key: str
    article_number: int | None
    article_label: str
    article_anchor: str
    evidence: str
    position: int


def _heading_kind(word: str) -> str:
    return {"编": "part", "分编": "part", "章": "chapter", "节": "section"}[word]


def parse_articles(text: str) -> list[ParsedArticle]:
    """The structural units of a text, in order, each with a unique anchor."""
    units: list[ParsedArticle] = []
    current: ParsedArticle | None = None
    in_toc, toc_first = False, None
    part = chapter = 0
    used: set[str] = set()
    # The last suffix given per anchor, so a text repeating 第一条 thousands of times stays linear.
    suffix: dict[str, int] = {}

    def unique(anchor: str) -> str:
        candidate = anchor
        n = suffix.get(anchor, 1)
        while candidate in used:  # article numbers restart in annexes and quoted texts
            n += 1
            candidate = f"{anchor}-{n}"
        suffix[anchor] = n
        used.add(candidate)
        return candidate

    offset = -1
    for raw in text.split("\n"):
        start, offset = offset + 1, offset + 1 + len(raw)
        line = raw.strip()
        if not line:
            continue
        if line in TOC_LINES and not units:
            in_toc = True
            continue
        heading = HEADING_RE.match(line)
        if in_toc:
            # A table of contents repeats the headings; it ends where its first heading recurs.
            squeezed = re.sub(r"[\s\u3000]", "", line)
            if heading and toc_first is None:
                toc_first = squeezed
                continue
            if squeezed != toc_first and not ARTICLE_RE.match(line):
                continue
            in_toc = False
        if heading:
            number = chinese_to_int(heading.group(1))
            kind = _heading_kind(heading.group(2))
            if kind == "part":
                part, chapter = number, 0
                anchor = f"p{part}" if heading.group(2) == "编" else f"p{part}-f{number}"
            elif kind == "chapter":
                chapter = number
                anchor = f"p{part}-c{number}" if part else f"c{number}"
            else:
                prefix = f"p{part}-" if part else ""
                anchor = f"{prefix}c{chapter}-s{number}"
            current = ParsedArticle(
                kind=kind,
                label=f"第{heading.group(1)}{heading.group(2)}",
                number=number,
                heading=(heading.group(3) or "").strip(),
                anchor=unique(anchor),
                start=start,
            )
            units.append(current)
            current = None  # a heading holds no paragraphs
            continue
        article = ARTICLE_RE.match(line)
        if article:
            number = chinese_to_int(article.group(1))
            sub = chinese_to_int(article.group(2)) if article.group(2) else 0
            label = f"第{article.group(1)}条" + (f"之{article.group(2)}" if article.group(2) else "")
            current = ParsedArticle(
                kind="article",
                label=label,
                number=number,
                sub_number=sub,
                lines=[(article.group(3) or "").strip()],
                anchor=unique(f"a{number}" + (f"-{sub}" if sub else "")),
                start=start,
            )
            units.append(current)
            continue
        if current is not None:
            current.lines.append(line)
    return units


def split_paragraphs(article_text: str, anchor: str) -> list[dict]:
    """款 and 项 of one article: a line starting with （一） is an item of the paragraph before it."""
    paragraphs: list[dict] = []
    for line in article_text.split("\n"):
        if not line:
            continue
        item = ITEM_RE.match(line)
        if item and paragraphs:
            para = paragraphs[-1]
            para["items"].append({"text": line, "anchor": f"{para['anchor']}-x{len(para['items']) + 1}"})
        else:
            paragraphs.append({"text": line, "anchor": f"{anchor}-k{len(paragraphs) + 1}", "items": []})
    return paragraphs


def title_key(title: str) -> str:
    """The form titles are matched on: no brackets, spaces or 中华人民共和国, no version suffix."""
    key = re.sub(r"[\s\u3000《》〈〉<>“”\"]", "", title)
    key = key.replace("（", "(").replace("）", ")").replace("中华人民共和国", "")
    return VERSION_SUFFIX_RE.sub("", key)


def _evidence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    rights = [i for i in (text.find(ch, end) for ch in SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    sentence = text[left:right].strip()
    if len(sentence) > 400:
        lo = max(0, start - left - 150)
        sentence = sentence[lo : lo + 400]
    return sentence


def parse_citations(
    text: str, own_title: str = "", articles: list[ParsedArticle] | None = None
) -> list[ParsedCitation]:
    """Every distinct 《title》(第N条) cited in the text, first occurrence kept, own title skipped.

    articles: the text's parse_articles(), when the caller has it already."""
    own_key = title_key(own_title) if own_title else None
    # The article each citation stands in gives it an anchor in the citing document.
    units = parse_articles(text) if articles is None else articles
    article_starts = [(u.start, u.anchor) for u in units if u.kind == "article"]
    seen: set[tuple[str, int | None]] = set()
    found: list[ParsedCitation] = []
    anchor_i, anchor = 0, ""
    for match in CITATION_RE.finditer(text):
        cited = match.group(1).strip()
        key = title_key(cited)
        if not key or key == own_key:
            continue
        number = chinese_to_int(match.group(2)) if match.group(2) else None
        if (key, number) in seen:
            continue
        seen.add((key, number))
        while anchor_i < len(article_starts) and article_starts[anchor_i][0] <= match.start():
            anchor = article_starts[anchor_i][1]
            anchor_i += 1
        found.append(
            ParsedCitation(
                cited_title=cited,
                title_key=key,
                article_number=number,
                article_label=f"第{match.group(2)}条" if match.group(2) else "",
                article_anchor=anchor,
                evidence=_evidence(text, match.start(), match.end()),
                position=match.start(),
            )
        )
    return found


_ON_ISSUE = re.compile(r"自(?:公布|发布|印发)之日起施行")
_DAYS_AFTER = re.compile(rf"自(?:公布|发布|印发)之日起({NUMERAL})日后施行")
_ON_DATE = re.compile(rf"自({NUMERAL})年({NUMERAL})月({NUMERAL})日起施行")


def commencement(text: str, promulgated: datetime.date) -> tuple[datetime.date, str] | None:
    """The effective date the text's own 施行 clause gives, with the clause ("自公布之日起施行",
    "自2027年1月1日起施行", "自公布之日起30日后施行"); None when the text has no such clause."""
    found = []
    for pattern in (_ON_ISSUE, _DAYS_AFTER, _ON_DATE):
        match = pattern.search(text)
        if match is None:
            continue
        try:
            if pattern is _ON_ISSUE:
                day = promulgated
            elif pattern is _DAYS_AFTER:
                day = promulgated + datetime.timedelta(days=chinese_to_int(match.group(1)))
            else:
                year, month, date = (chinese_to_int(g) for g in match.groups())
                day = datetime.date(year, month, date)
        except ValueError:
            continue
        found.append((match.start(), day, match.group(0)))
    if not found:
        return None
    _, day, clause = max(found)  # the last clause is the text's own (earlier ones may quote others)
    return day, clause
