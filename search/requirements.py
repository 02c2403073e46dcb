"""added_requirement: a clause that adds what the public must bring or do to obtain something or carry on
business, where the higher law sets none (行政许可法 art. 16: a lower text may specify a permit's
conditions, not add others; 国办发〔2018〕37号: a 规范性文件 may not add 证明事项 or duties):

- a certificate or supporting material ("须提供无犯罪记录证明", "应当提交…证明材料");
- a condition to apply or operate ("应当具备…条件方可申请", "符合…要求后方可营业");
- a reporting or filing duty on the public ("经营者应当于每月5日前向…报送…", "…应当报…备案").

No finding in a 规章 made under a law or regulation ("根据《…条例》，制定本办法": it specifies that act's
requirements, 立法法 art. 91), in the State Council's documents, where the clause names its source
(《…》, 依法, 依照…, 根据…), where a higher law the document cites
holds a clause close to it (the higher law itself sets the requirement), where the clause forbids the
practice ("不得要求申请人提交…证明"), or where the one bound is the administration or its staff.
Works on sentences, reads no database (checks.py passes the cited higher laws' clause indexes).
"""

import re

from filings.models import Level
from filings.parsing import CITATION_RE

from .clauses import (
    BASIS_RE,
    ENACTED_UNDER_RE,
    OFFICIALS_RE,
    TITLES_RE,
    ClauseFinding,
    articles,
    bigrams,
    sentences,
)

LEVELS = {Level.NORMATIVE_DOCUMENT, Level.DEPARTMENT_RULE, Level.LOCAL_GOVERNMENT_RULE}
RULES = {Level.DEPARTMENT_RULE, Level.LOCAL_GOVERNMENT_RULE}
# The State Council may set permits and their conditions by decision (行政许可法 art. 14 para. 2).
STATE_COUNCIL = {"国务院", "国务院办公厅"}
_MUST = r"(?:应当|须|必须|需|需要|一律)"
_W = r"[^。；;]{0,40}"
# A condition on a benefit the document itself grants (补贴, 奖励) is its own to set.
_THEN = r"(?:方可|方能|才能|才可|后方可)(?!享受|获得补贴|申请补贴|申领|领取补贴|参加评选|评为)"
PATTERNS = [
    (re.compile(_MUST + r"[^。；;]{0,60}(?:提供|提交|出具|持有|附送|附具|开具|持|验证|查验)" + _W
                + r"(?:证明|无犯罪记录|公证书|承诺书)"), "增设证明事项"),
    (re.compile(r"(?:具备|具有|符合|满足)[^。；;]{0,60}" + _THEN), "增设许可条件"),
    (re.compile(_MUST + r"[^。；;]*?(?:报告|报送|报备|备案|提交[^。；;]{0,20}报告)"), "增设报告或备案义务"),
]  # fmt: skip
# The one bound is the administration (or its staff): "主管部门应当向…报告", "检查人员应当…".
_ADMINISTRATION_RE = re.compile(r"机关|部门|政府|执法|检查人员|监督人员|审查人员|工作人员")
_NEGATED_RE = re.compile(r"不得|禁止|严禁|不再|无需|无须|免予|免于|取消")
# "不得要求申请人提供下列材料：" opens a list of what may not be demanded.
_FORBIDDEN_LIST_RE = re.compile(r"(?:不得|禁止|严禁)[^。]{0,40}下列")
# Close to a clause of a cited higher law: the requirement is that law's.
HIGHER_SIMILARITY = 0.5


def added_requirements(text: str, level: str, issuer: str = "", higher=list) -> list[ClauseFinding]:
    """One finding per offending sentence (the first shape it has). `higher`: a callable giving the cited
    higher laws with sentence indexes, called once, only if a clause has a requirement's shape."""
    if level not in LEVELS or "".join(issuer.split()) in STATE_COUNCIL:
        return []
    if level in RULES and ENACTED_UNDER_RE.search(text):
        return []  # a 规章 made under a law or regulation specifies that law's requirements (立法法 art. 91)
    found, laws = [], None
    for article in articles(text):
        if CITATION_RE.search(article) or BASIS_RE.search(article) or _FORBIDDEN_LIST_RE.search(article):
            continue
        for sentence in sentences(article):
            bare = TITLES_RE.sub("", sentence)
            if OFFICIALS_RE.search(bare):
                continue
            for pattern, label in PATTERNS:
                match = pattern.search(bare)
                if not match or _NEGATED_RE.search(bare[: match.end()]):
                    continue
                bound = bare[: match.start()]
                if _ADMINISTRATION_RE.search(bound):
                    break
                laws = higher() if laws is None else laws
                if _in_higher(sentence, laws):
                    break
                found.append(
                    ClauseFinding("added_requirement", f"{label}：{sentence}"[:400], "中华人民共和国行政许可法")
                )
                break
    return found


def _in_higher(sentence: str, higher) -> bool:
    grams = bigrams(sentence)
    return any((hit := law.index.closest(grams)) and hit[1] >= HIGHER_SIMILARITY for law in higher)
