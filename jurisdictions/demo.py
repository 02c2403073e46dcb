"""The small hierarchy `make run` loads so that a new user can walk every level (issue: 四级联通):
某自治区 → 甲市, 乙市 → under 甲市: 东旗, 西旗 → under 东旗: 某镇."""

from accounts.models import Unit

from .kinds import Level, UnitKind
from .models import Jurisdiction
from .rules import capacity_defaults, filing_rules_ensure

G, D, L, C, X = UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.LEGAL_OFFICE, UnitKind.CONGRESS, UnitKind.OTHER

# (jurisdiction, level, parent, register prefix, [(unit name, kind, 文号代字, 机关代字)])
HIERARCHY = [
    ("某自治区", Level.REGION, None, "自治区", [
        ("某自治区人民政府", G, "区政规", "区政"), ("某自治区司法厅", L, "区司规", "区司"),
        ("某自治区人大常委会", C, "", "区人大"), ("某自治区市场监督管理局", D, "区市监规", "区市监"),
    ]),
    ("甲市", Level.CITY, "某自治区", "甲市", [
        ("甲市人民政府", G, "甲政规", "甲政"), ("甲市司法局", L, "甲司规", "甲司"), ("甲市人大常委会", C, "", "甲人大"),
        ("甲市市场监督管理局", D, "甲市监规", "甲市监"), ("甲市交通运输局", D, "甲交规", "甲交"),
        ("甲市法学会专家库", X, "", ""),
    ]),
    ("乙市", Level.CITY, "某自治区", "乙市", [
        ("乙市人民政府", G, "乙政规", "乙政"), ("乙市司法局", L, "乙司规", "乙司"), ("乙市人大常委会", C, "", "乙人大"),
        ("乙市教育局", D, "乙教规", "乙教"), ("乙市卫生健康委员会", D, "乙卫规", "乙卫"),
    ]),
    ("东旗", Level.COUNTY, "甲市", "东旗", [
        ("东旗人民政府", G, "东政规", "东政"), ("东旗司法局", L, "东司规", "东司"), ("东旗人大常委会", C, "", "东人大"),
        ("东旗农牧和科技局", D, "东农规", "东农"),
    ]),
    ("西旗", Level.COUNTY, "甲市", "西旗", [
        ("西旗人民政府", G, "西政规", "西政"), ("西旗司法局", L, "西司规", "西司"), ("西旗人大常委会", C, "", "西人大"),
        ("西旗文化旅游体育局", D, "西文规", "西文"),
    ]),
    ("某镇", Level.TOWN, "东旗", "某镇", [("某镇人民政府", G, "某镇规", "某镇")]),
]  # fmt: skip


def hierarchy_ensure() -> dict[str, Unit]:
    """Create what is missing of the demo hierarchy; what exists is left as it is. Returns units by name."""
    filing_rules_ensure()
    units: dict[str, Unit] = {}
    for name, level, parent, code, members in HIERARCHY:
        jurisdiction, _ = Jurisdiction.objects.get_or_create(
            name=name, defaults={"level": level, "code": code,
                                 "parent": Jurisdiction.objects.get(name=parent) if parent else None},
        )  # fmt: skip
        for unit_name, kind, prefix, office_code in members:
            units[unit_name], _ = Unit.objects.get_or_create(
                name=unit_name,
                defaults={"issuer_name": unit_name, "doc_number_prefix": prefix, "office_code": office_code,
                          "jurisdiction": jurisdiction, "kind": kind, **capacity_defaults(kind, level)},
            )  # fmt: skip
    return units
