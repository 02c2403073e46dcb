"""Where documents are filed and what a unit may issue, as data with lawful defaults.

The defaults follow DOMAIN.md stage 5–6: 规章 only by province-level and 设区的市 governments (a 设区的市 on four
matters only, 立法法 art. 93); no normative documents by internal offices (国办发〔2018〕37号); filings by
the issuer's kind and level (备案审查条例 art. 4; 立法法 art. 109).
"""

from .kinds import Level, UnitKind

CITY_RULE_MATTERS = "城乡建设与管理、生态文明建设、历史文化保护、基层治理"

NORMATIVE = "normative_document"
LOCAL_RULE = "local_government_rule"

# (issuer kind, issuer level or "" for every level, document level, body, basis): seeded by a migration,
# edited by a deployment in the admin (备案规则).
DEFAULT_FILING_RULES = [
    (UnitKind.DEPARTMENT, "", NORMATIVE, "own_government", "部门制定的行政规范性文件报本级人民政府备案"),
    (UnitKind.LEGAL_OFFICE, "", NORMATIVE, "own_government", "部门制定的行政规范性文件报本级人民政府备案"),
    (UnitKind.GOVERNMENT, Level.CITY, NORMATIVE, "parent_government", "报上一级人民政府备案"),
    (UnitKind.GOVERNMENT, Level.CITY, NORMATIVE, "own_congress", "报本级人大常委会备案"),
    (UnitKind.GOVERNMENT, Level.COUNTY, NORMATIVE, "parent_government", "报上一级人民政府备案"),
    (UnitKind.GOVERNMENT, Level.COUNTY, NORMATIVE, "own_congress", "报本级人大常委会备案"),
    (UnitKind.GOVERNMENT, Level.TOWN, NORMATIVE, "parent_government", "报上一级人民政府备案"),
    (UnitKind.GOVERNMENT, Level.REGION, NORMATIVE, "state_council", "报国务院备案"),
    (UnitKind.GOVERNMENT, Level.REGION, NORMATIVE, "own_congress", "报本级人大常委会备案"),
    (UnitKind.GOVERNMENT, Level.REGION, LOCAL_RULE, "state_council", "立法法第一百零九条第三项"),
    (UnitKind.GOVERNMENT, Level.REGION, LOCAL_RULE, "own_congress", "立法法第一百零九条第三项"),
    (UnitKind.GOVERNMENT, Level.CITY, LOCAL_RULE, "state_council", "立法法第一百零九条第三项"),
    (UnitKind.GOVERNMENT, Level.CITY, LOCAL_RULE, "own_congress", "立法法第一百零九条第三项"),
    (UnitKind.GOVERNMENT, Level.CITY, LOCAL_RULE, "parent_government", "立法法第一百零九条第四项（双重备案）"),
    (UnitKind.GOVERNMENT, Level.CITY, LOCAL_RULE, "parent_congress", "立法法第一百零九条第四项"),
]


def capacity_defaults(kind: str, level: str | None) -> dict:
    """What a unit of this kind at this level may issue, before an administrator says otherwise."""
    rules = kind == UnitKind.GOVERNMENT and level in (Level.REGION, Level.CITY)
    return {
        "may_issue_rules": rules,
        "rule_matters": CITY_RULE_MATTERS if rules and level == Level.CITY else "",
        "may_issue_normative": kind in (UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.LEGAL_OFFICE),
    }


def filing_rules_ensure() -> int:
    """Seed the default rule table if it is empty (a new database, or a test that flushed it); a table a
    deployment has edited is left as it is."""
    from .models import FilingRule  # here, not above: the migrations import this module's defaults

    if FilingRule.objects.exists():
        return 0
    FilingRule.objects.bulk_create(
        FilingRule(issuer_kind=kind, issuer_level=level, document_level=document_level, body=body, basis=basis)
        for kind, level, document_level, body, basis in DEFAULT_FILING_RULES
    )
    return len(DEFAULT_FILING_RULES)
