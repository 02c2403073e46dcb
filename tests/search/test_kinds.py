"""The newer kinds of findings, on real clauses of the starter data and the demo hierarchy's units:
added_requirement, issuer_capacity, same_level_inconsistency."""

import datetime
import json

import pytest

from filings import services as filings_services
from filings.models import Document, Level, Status
from jurisdictions.demo import hierarchy_ensure
from search import checks, services
from search.capacity import Issuer, issuer_capacity

from ..factories import DocumentFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
TRADEMARK = "中华人民共和国商标法实施条例"
# 商标法实施条例 第十四条 (real text).
IDENTITY = "申请商标注册的，申请人应当提交其身份证明文件。"


def _subject(text, level=Level.NORMATIVE_DOCUMENT, issuer="某市市场监督管理局", title="某市商标注册指导办法", **extra):
    return checks.Subject(doc_id="x", title=title, issuer=issuer, level=level, promulgated=datetime.date(2025, 6, 1),
                          effective=None, text=f"{title}\n{text}", **extra)  # fmt: skip


def _kinds(subject, kind):
    return [f for f in checks.check(subject, today=TODAY).findings if f.kind == kind]


@pytest.fixture
def trademark(starter_records):
    records = starter_records(TRADEMARK)[TRADEMARK]
    filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for r in records])
    services.declarations_refresh()
    assert IDENTITY in records[-1]["text"]


def test_a_certificate_the_higher_law_does_not_set_is_an_added_requirement(trademark):
    found = _kinds(_subject(f"第一条　为便利申请，制定本办法。\n第二条　{IDENTITY}"), "added_requirement")
    assert len(found) == 1 and found[0].evidence.startswith("增设证明事项：")
    # The same clause where the cited higher law sets it: the law's own requirement.
    cited = f"第一条　根据《{TRADEMARK}》，制定本办法。\n第二条　{IDENTITY}"
    assert _kinds(_subject(cited), "added_requirement") == []
    waived = IDENTITY.replace("应当提交", "无需提交")
    assert _kinds(_subject(f"第一条　为便利申请，制定本办法。\n第二条　{waived}"), "added_requirement") == []


@pytest.mark.parametrize(
    ("clause", "label"),
    [
        ("申请从事网约车驾驶的，须提供无犯罪记录证明。", "增设证明事项"),
        ("申请人应当具备三年以上从业经历，方可申请本市农贸市场经营资格。", "增设许可条件"),
        ("经营者应当于每月5日前向市商务局报送上月经营数据。", "增设报告或备案义务"),
        ("行政机关不得要求申请人提交无犯罪记录证明。", ""),  # a ban on the practice
        ("市场监督管理部门应当向市人民政府报告工作情况。", ""),  # the administration's own duty
        ("依照有关法律规定，申请人应当提交身份证明。", ""),  # names its source
    ],
)
def test_what_counts_as_an_added_requirement(clause, label):
    found = _kinds(_subject(f"第一条　为规范管理，制定本办法。\n第二条　{clause}"), "added_requirement")
    assert [f.evidence.split("：")[0] for f in found] == ([label] if label else [])


def test_a_rule_made_under_a_regulation_specifies_its_requirements(trademark):
    text = f"第一条　根据《{TRADEMARK}》，制定本办法。\n第二条　经营者应当于每月5日前向市商务局报送经营数据。"
    assert _kinds(_subject(text, level=Level.LOCAL_GOVERNMENT_RULE, issuer="某省人民政府"), "added_requirement") == []


@pytest.mark.parametrize(
    ("title", "level", "issuer", "why"),
    [
        ("某市外汇业务管理办法", Level.LOCAL_GOVERNMENT_RULE, "某市人民政府", "设区的市人民政府制定规章限于"),
        ("某市城市绿化管理办法", Level.LOCAL_GOVERNMENT_RULE, "某市人民政府", ""),  # 城乡建设与管理
        ("某市历史文化街区保护办法", Level.LOCAL_GOVERNMENT_RULE, "某市人民政府", ""),
        ("上海市外汇业务管理办法", Level.LOCAL_GOVERNMENT_RULE, "上海市人民政府", ""),  # a municipality
        ("某省外汇业务管理办法", Level.LOCAL_GOVERNMENT_RULE, "某省人民政府", ""),
        ("某市出租汽车管理办法", Level.LOCAL_GOVERNMENT_RULE, "某市交通运输局", "无权制定规章"),
        ("关于加强安全生产的通知", Level.NORMATIVE_DOCUMENT, "某市应急管理局办公室", "不得制定行政规范性文件"),
        ("关于加强安全生产的通知", Level.NORMATIVE_DOCUMENT, "某市安全生产委员会办公室", "不得制定行政规范性文件"),
        ("关于加强安全生产的通知", Level.NORMATIVE_DOCUMENT, "某市人民政府办公室", ""),
        ("关于加强安全生产的通知", Level.NORMATIVE_DOCUMENT, "某市防汛抗旱指挥部", "不得制定行政规范性文件"),
    ],
)
def test_an_issuer_without_the_power_is_told_from_its_name(title, level, issuer, why):
    found = issuer_capacity(title, level, Issuer(issuer))
    assert (why in found) if why else found == ""


def test_an_issuer_on_the_platform_is_judged_by_its_units_capacity():
    units = hierarchy_ensure()
    city = units["甲市人民政府"]
    office = UnitFactory(name="甲市市场监督管理局法规科", kind="internal_office", may_issue_normative=False,
                         jurisdiction=city.jurisdiction)  # fmt: skip
    rule = DocumentFactory(title="甲市外汇业务管理办法", level=Level.LOCAL_GOVERNMENT_RULE, issuer=city.issuer,
                           issuer_unit=city, status=Status.IN_FORCE)  # fmt: skip
    notice = DocumentFactory(title="关于规范广告经营的通知", issuer=office.issuer, issuer_unit=office,
                             status=Status.IN_FORCE)  # fmt: skip
    row = Document.objects.filter(pk=rule.pk).values(*checks.REGISTER_FIELDS).get()
    [finding] = _kinds(checks.subject_from_register(row), "issuer_capacity")
    assert "城乡建设与管理、生态文明建设、历史文化保护、基层治理" in finding.evidence
    row = Document.objects.filter(pk=notice.pk).values(*checks.REGISTER_FIELDS).get()
    assert "不能制定行政规范性文件" in _kinds(checks.subject_from_register(row), "issuer_capacity")[0].evidence


def _article(days):
    return (f"第三条　申请人对驳回申请不服的，可以自收到通知之日起{days}日内向市市场监督管理局申请复核，"
            "市市场监督管理局应当自收到复核申请之日起三十日内作出复核决定。")  # fmt: skip


def test_two_documents_of_one_level_and_jurisdiction_fixing_one_matter_differently_are_a_pair(trademark):
    units = hierarchy_ensure()
    market, transport, other_city = units["甲市市场监督管理局"], units["甲市交通运输局"], units["乙市教育局"]
    basis = f"第一条　根据《{TRADEMARK}》，制定本办法。\n第二条　本办法适用于本市商标注册指导。"

    def document(title, unit, days, level=Level.NORMATIVE_DOCUMENT):
        return DocumentFactory(title=title, issuer=unit.issuer, issuer_unit=unit, level=level, status=Status.IN_FORCE,
                               text=f"{title}\n{basis}\n{_article(days)}")  # fmt: skip

    first = document("甲市商标注册指导办法", market, 15)
    subject = _subject(f"{basis}\n{_article(30)}", title="甲市商标品牌培育办法", issuer=transport.issuer,
                       issuer_unit_id=transport.pk)  # fmt: skip
    [pair] = _kinds(subject, "same_level_inconsistency")
    assert pair.target_ids == [f"pk:{first.pk}"] and pair.cited_title == "甲市商标注册指导办法"
    assert "30日内" in pair.evidence.split("↔")[0] and "15日内" in pair.evidence.split("↔")[1]

    same = _subject(f"{basis}\n{_article(15)}", title="甲市商标品牌培育办法", issuer_unit_id=transport.pk)
    assert _kinds(same, "same_level_inconsistency") == []  # the same rule
    elsewhere = _subject(f"{basis}\n{_article(30)}", title="乙市商标品牌培育办法", issuer_unit_id=other_city.pk)
    assert _kinds(elsewhere, "same_level_inconsistency") == []  # another city
    rule = _subject(f"{basis}\n{_article(30)}", title="甲市商标品牌培育办法", issuer_unit_id=units["甲市人民政府"].pk,
                    level=Level.LOCAL_GOVERNMENT_RULE)  # fmt: skip
    assert _kinds(rule, "same_level_inconsistency") == []  # another level
