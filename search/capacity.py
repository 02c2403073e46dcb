"""issuer_capacity (超越权限): the issuer may not make this document.

- A 设区的市 (or 自治州) government's 规章 on a matter outside 城乡建设与管理、生态文明建设、历史文化保护、基层治理
  (立法法 art. 93 para. 3; on the platform, a unit with `rule_matters` or a 设区的市 government). Read from
  the title: a rule on one of those matters says so in its name (CITY_MATTER_WORDS).
- A 规章 of a body that may not make 规章: a department of a local government (立法法 arts. 91, 93), or a
  unit whose capacity says so (`may_issue_rules`).
- A 行政规范性文件 of a body that may not make one: an internal office, a 议事协调机构 or a temporary body
  (国办发〔2018〕37号), or a unit whose capacity says so (`may_issue_normative`).
Works from the issuer's unit data (jurisdictions issue) where the document has a unit, else from its
issuer's name; reads no database itself (checks.py passes the unit).
"""

import re
from dataclasses import dataclass

from filings.models import Level
from jurisdictions.kinds import Level as JurisdictionLevel
from jurisdictions.kinds import UnitKind

# Province-level municipalities make 规章 on every matter their powers reach.
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_CITY_GOVERNMENT_RE = re.compile(r"^(?!.*[省区]人民政府$)[^省]{1,12}(?:市|自治州)人民政府$")
_LOCAL_DEPARTMENT_RE = re.compile(r"(?:省|自治区|市|州|盟|县|旗|区)[^人]{0,20}(?:局|厅|委员会|委|办公室|中心)$")
# Bodies that may not make normative documents: internal offices of a department, coordination bodies,
# temporary bodies ("…局办公室", "…领导小组", "…指挥部", "…联席会议").
_NO_NORMATIVE_RE = re.compile(
    r"(?:局|厅|委员会|委)(?:办公室|综合科|法规科|政策法规处|[^，,]{0,6}科|[^，,]{0,6}处)$"
    r"|领导小组(?:办公室)?$|指挥部(?:办公室)?$|联席会议(?:办公室)?$|工作专班$|临时[^，,]{0,10}$"
)
# What the four matters of 立法法 art. 93 are called in titles.
CITY_MATTER_WORDS = re.compile(
    r"城市|城乡|城镇|乡村|村庄|规划|城乡建设|城市建设|建设工程|工程建设|建筑工程|房屋建筑|市政工程|市容|环境卫生|物业|住宅|住房|"
    r"房屋|道路|道路交通|城市交通|停车|公共交通|出租汽车|市政|绿化|园林|公园|供水|排水|节约用水|燃气|供热|电梯|地下空间|"
    r"地下管线|管线|户外广告|招牌|养犬|燃放烟花爆竹|殡葬|应急避难|地质灾害|历史|文化遗产|文物|名城|街区|古树|古建筑|"
    r"传统村落|风貌|红色资源|生态|环境|污染|排污|土壤|林业|大气|水资源|水源|河道|河湖|湖泊|湿地|森林|林地|草原|"
    r"野生动|自然保护|噪声|扬尘|固体废物|垃圾|废弃物|节能|低碳|水土保持|山体|海域|海岸|社区|街道|乡镇|村民|居民|网格|"
    r"基层|志愿服务|文明行为|移风易俗|农贸市场|集贸市场"
)


@dataclass(frozen=True)
class Issuer:
    """What checks.py knows of the issuer: its unit's data when it is on the platform, else its name."""

    name: str
    unit_kind: str = ""  # accounts UnitKind, "" when not on the platform
    jurisdiction_level: str = ""  # jurisdictions Level
    may_issue_rules: bool | None = None
    may_issue_normative: bool | None = None
    rule_matters: str = ""  # the matters its 规章 are limited to ("" : not limited)


RULE_LEVELS = {Level.LOCAL_GOVERNMENT_RULE, Level.DEPARTMENT_RULE}
_CITY_RULE = (
    "设区的市人民政府制定规章限于城乡建设与管理、生态文明建设、历史文化保护、基层治理等方面的事项（立法法第九十三条）"
)


def issuer_capacity(title: str, level: str, issuer: Issuer) -> str:
    """Why the issuer may not make this document, or ""."""
    name = "".join(issuer.name.split())
    on_platform = bool(issuer.unit_kind)
    if level in RULE_LEVELS:
        if on_platform and issuer.may_issue_rules is False:
            return f"{name}无权制定规章（立法法第九十一条、第九十三条）"
        if not on_platform and level == Level.LOCAL_GOVERNMENT_RULE and _LOCAL_DEPARTMENT_RE.search(name):
            return f"{name}是地方人民政府的部门，无权制定规章（立法法第九十三条）"
        if on_platform:
            limited = bool(issuer.rule_matters) or (
                issuer.unit_kind == UnitKind.GOVERNMENT and issuer.jurisdiction_level == JurisdictionLevel.CITY
            )
        else:
            limited = bool(_CITY_GOVERNMENT_RE.match(name)) and not name.startswith(_MUNICIPALITIES)
        if level == Level.LOCAL_GOVERNMENT_RULE and limited and not CITY_MATTER_WORDS.search(title):
            return _CITY_RULE
    if level == Level.NORMATIVE_DOCUMENT:
        if on_platform and issuer.may_issue_normative is False:
            return f"{name}不能制定行政规范性文件（国办发〔2018〕37号）"
        if not on_platform and _NO_NORMATIVE_RE.search(name):
            return f"{name}属内设机构、议事协调机构或临时机构，不得制定行政规范性文件（国办发〔2018〕37号）"
    return ""
