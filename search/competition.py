"""Fair-competition findings (公平竞争审查条例 arts. 8–11; DOMAIN.md "what a check can find"): clauses of a measure
that treat local and outside operators differently, demand a local branch or registration, designate
suppliers, or keep outside operators out of bidding and procurement. Works on sentences, reads no database.

A clause that forbids the practice ("不得要求外地企业设立分支机构") is no finding: each pattern needs the
clause to command it (应当, 须, 必须, 只能, 限于, 优先).
"""

import re

from filings.models import Level

from .clauses import ClauseFinding, articles, sentences

_HERE = r"本(?:市|省|区|县|旗|州|盟|地|辖区)"
_OUTSIDE = r"(?:外地|外省|外市|外埠|外来|本地以外|非本地|市外|省外|区外|县外|旗外)"
_OPERATOR = r"(?:企业|经营者|供应商|商品|产品|单位|公司|施工队伍|车辆|机构|药品|建材|农产品)"
_MUST = r"(?:应当|须|必须|需|只能|限于|仅限|一律)"
_W = r"[^。；;]{0,30}"
_GAP = r"[^，,。；;]{0,6}"  # "外地生产的建材产品", "本地餐饮企业"

# (pattern, what it is, the article it offends)
PATTERNS = [
    (
        re.compile(
            _MUST + _W + r"在" + _HERE + r"[^。；;]{0,12}(?:(?:设立|成立)[^。；;]{0,10}"
            r"(?:分支机构|分公司|子公司|办事处|独立法人|法人|公司|机构)|注册|登记注册|工商登记)"
            r"|(?:注册地|住所)[^。；;]{0,6}迁(?:入|至)" + _HERE
        ),
        "要求在本地设立分支机构或登记注册",
        "第九条",
    ),
    (
        re.compile(
            # A list the administration keeps, or its designation ("从市教育局指定的企业"): not an operator
            # naming its own contractor ("经营人应当明确指定所委托的接收单位").
            _MUST + _W + r"(?:从|向|在|使用|购买|选用|采购)[^。；;]{0,20}"
            r"(?:名录|目录|备选库|(?:局|委|部门|政府|办|" + _HERE + r")[^。；;]{0,8}(?:指定|推荐))"
            r"[^。；;]{0,12}(?:企业|经营者|供应商|商品|产品|单位|公司|采购|购买|选用)"
        ),
        "限定经营、购买或使用特定经营者的商品和服务",
        "第八条",
    ),
    (
        re.compile(
            _OUTSIDE
            + _GAP
            + _OPERATOR
            + _W
            + r"(?:不得|禁止|限制|暂停|加收|另行收取|额外|提高|从严|不予认可|不予承认|不认可)"
        ),
        "对外地经营者或外地商品设置歧视性待遇",
        "第九条",
    ),
    (
        re.compile(
            r"(?:招标|投标|政府采购|采购项目|采购)"
            + _W
            + r"(?:限于|仅限|只限|优先)"
            + _W
            + _HERE
            + r"|(?:招标|投标|采购)"
            + _W
            + _HERE
            + _GAP
            + r"(?:企业|供应商|经营者)"
            + _GAP
            + r"优先"
        ),
        "排斥、限制外地经营者参加招标投标、政府采购",
        "第九条",
    ),
    (
        re.compile(
            _HERE + _GAP + r"(?:企业|经营者|生产的|产品)" + _W + r"(?:优先|享受|给予)" + r"[^。；;]{0,12}"
            r"(?:补贴|奖励|优惠|扶持资金)"
        ),
        "给予特定（本地）经营者优惠政策或补贴",
        "第十条",
    ),
]

# Measures of administrative bodies; laws and regulations are not reviewed by the issuer's fair-competition review.
LEVELS = {Level.NORMATIVE_DOCUMENT, Level.LOCAL_GOVERNMENT_RULE, Level.DEPARTMENT_RULE}
_NEGATED_RE = re.compile(r"(?:不得|禁止|严禁|不应|不再|取消)")
# "不得有下列行为：（一）…" lists what is forbidden: its items are not measures.
_FORBIDDEN_LIST_RE = re.compile(r"(?:不得|禁止|严禁|不应)[^。]{0,40}下列")


def fair_competition(text: str, level: str) -> list[ClauseFinding]:
    """One finding per offending sentence (the first pattern it meets)."""
    if level not in LEVELS:
        return []
    found = []
    clauses = [s for a in articles(text) if not _FORBIDDEN_LIST_RE.search(a) for s in sentences(a)]
    for sentence in clauses:
        for pattern, label, article in PATTERNS:
            match = pattern.search(sentence)
            if match and not _NEGATED_RE.search(sentence[: match.start() + 6]):
                # The cited title is the regulation (a register title); the article goes with the practice.
                found.append(ClauseFinding("fair_competition", f"{label}（{article}）：{sentence}"[:400],
                                           "公平竞争审查条例"))  # fmt: skip
                break
    return found
