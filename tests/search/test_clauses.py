"""unlawful_content and higher_law_conflict on real higher laws imported through the register."""

import datetime
import json

import pytest

from filings import services as filings_services
from filings.models import Document, Level
from search import checks

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
LAWS = ["中华人民共和国行政许可法", "中华人民共和国行政处罚法"]
# 行政许可法 art. 42, first sentence, as in the law.
ART_42 = "除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。"


@pytest.fixture
def laws(starter_records):
    found = starter_records(*LAWS)
    filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for v in found.values() for r in v])
    return {title: Document.objects.filter(title=title).latest("promulgated") for title in LAWS}


def findings(text, level=Level.NORMATIVE_DOCUMENT, kind=None):
    subject = checks.Subject(
        doc_id="local-1", title="某市行政审批服务管理办法", issuer="某市人民政府", level=level,
        promulgated=datetime.date(2025, 6, 1), effective=datetime.date(2025, 7, 1), text=text,
    )  # fmt: skip
    return [f for f in checks.check(subject, today=TODAY).findings if kind is None or f.kind == kind]


def body(*articles):
    return "某市行政审批服务管理办法\n" + "\n".join(
        f"第{n}条　{a}" for n, a in zip("一二三四五六", articles, strict=False)
    )


PENALTY = "违反本办法规定，擅自占用公共场地经营的，由城市管理部门处五千元以下罚款。"


def test_a_normative_document_setting_a_penalty_without_basis_is_reported(laws):
    found = findings(body("为了规范管理，制定本办法。", PENALTY), kind="unlawful_content")
    assert len(found) == 1
    assert found[0].cited_title == "中华人民共和国行政处罚法"
    assert found[0].target_ids == [laws["中华人民共和国行政处罚法"].external_id]
    assert "五千元以下罚款" in found[0].evidence and found[0].date == datetime.date(2025, 7, 1)


@pytest.mark.parametrize(
    "clause",
    [
        "违反本办法规定，擅自占用公共场地经营的，由城市管理部门依照《中华人民共和国行政处罚法》的规定处罚。",
        "违反本办法规定，擅自占用公共场地经营的，由城市管理部门依法处五千元以下罚款。",
        "行政机关工作人员违反本办法规定的，依法给予处分；情节严重的，处以警告。",  # addressed to officials
        "本办法自2025年7月1日起施行。",
        "行政机关举行听证，不得向当事人收取费用。",  # a ban on a fee is not a fee
        "执法人员查封场所，应当经本单位负责人批准。",  # an internal approval is not a licence
    ],
)
def test_a_clause_with_a_basis_or_setting_nothing_on_the_public_is_not(laws, clause):
    assert findings(body("为了规范管理，制定本办法。", clause), kind="unlawful_content") == []


@pytest.mark.parametrize(
    ("clause", "reported"),
    [
        ("对工作推进不力的乡镇人民政府予以通报批评。", False),
        ("考核不合格的县级人民政府，由市人民政府予以通报批评。", False),
        ("未按规定报送数据的镇（街道），予以通报批评。", False),
        ("对未完成任务的成员单位，由市政府办公室予以通报批评。", False),
        ("违反本办法规定，乡镇人民政府未履行监管职责的，予以通报批评。", False),
        ("对工作不力的单位和个人予以通报批评。", True),
        ("对违反本办法的经营者予以通报批评。", True),
        ("未按规定报送数据的企业，由市统计局予以通报批评。", True),
    ],
)
def test_a_governments_supervision_of_its_lower_governments_is_not_a_penalty(laws, clause, reported):
    """DOMAIN.md "Not findings": 通报批评 of a lower government or a department is supervision, not a 行政处罚
    of the public; of citizens, firms or "单位和个人" it still is."""
    found = findings(body("为了规范管理，制定本办法。", clause), kind="unlawful_content")
    assert bool(found) is reported


def test_what_a_level_may_set_itself(laws):
    assert findings(body(PENALTY), level=Level.LAW, kind="unlawful_content") == []
    assert findings(body(PENALTY), level=Level.DEPARTMENT_RULE, kind="unlawful_content") == []  # fines: yes
    revoke = "违反本办法规定的，吊销其营业执照。"
    assert [f.cited_title for f in findings(body(revoke), level=Level.DEPARTMENT_RULE, kind="unlawful_content")] == [
        "中华人民共和国行政处罚法"
    ]
    ban = "经营者不得在夜间从事露天烧烤经营。"
    assert len(findings(body(ban), level=Level.DEPARTMENT_RULE, kind="unlawful_content")) == 1
    enacted = body("根据《中华人民共和国大气污染防治法》，制定本办法。", ban)
    assert findings(enacted, level=Level.DEPARTMENT_RULE, kind="unlawful_content") == []  # a rule implementing a law
    assert len(findings(enacted, kind="unlawful_content")) == 1  # a 规范性文件 may not add the duty even so
    kinds = {
        "申请人应当取得市商务局批准后方可开业。": "设定行政许可",
        "申请人应当缴纳五万元保证金。": "设定征收或收费",
        "对拒不整改的，查封其经营场所。": "设定行政强制",
        "外地企业不得参与本市政府投资项目投标。": "增加义务或限制权利",
    }
    for clause, label in kinds.items():
        found = findings(body(clause), kind="unlawful_content")
        assert [f.evidence.split("：")[0] for f in found] == [label], clause


def test_a_clause_close_to_the_cited_law_with_another_time_limit_or_modal_is_reported(laws):
    permit_law = laws["中华人民共和国行政许可法"]
    basis = "根据《中华人民共和国行政许可法》，制定本办法。"
    longer = ART_42.replace("二十日内", "三十日内")
    found = findings(body(basis, longer), kind="higher_law_conflict")
    assert len(found) == 1
    assert found[0].cited_title == "中华人民共和国行政许可法" and found[0].target_ids == [permit_law.external_id]
    assert "三十日内" in found[0].evidence and "二十日内" in found[0].evidence.split("↔")[1]

    optional = ART_42.replace("应当", "可以")
    assert len(findings(body(basis, optional), kind="higher_law_conflict")) == 1
    assert findings(body(basis, ART_42), kind="higher_law_conflict") == []  # the same rule, copied
    unrelated = "本市政务服务中心应当在十个工作日内完成窗口人员培训。"
    assert findings(body(basis, unrelated), kind="higher_law_conflict") == []
    # Without citing the law, a clause is not compared with it.
    assert findings(body("为了规范管理，制定本办法。", longer), kind="higher_law_conflict") == []
    # A law is not "lower" than another law.
    assert findings(body(basis, longer), level=Level.LAW, kind="higher_law_conflict") == []


@pytest.mark.parametrize(
    ("lower", "higher", "how"),
    [
        ("处五千元以上二万元以下的罚款", "处五千元以上五万元以下的罚款", ""),  # a narrower range stays within the law
        ("处一千元以上二万元以下的罚款", "处五千元以上二万元以下的罚款", "下限不同"),
        ("处十万元以下的罚款", "处5万元以下的罚款", "上限不同"),  # 万元 and Arabic numerals compared as amounts
        ("应当在三十日内作出决定", "应当在二十日内作出决定", "上限不同"),
        ("应当在十五日内作出决定", "应当在二十日内作出决定", ""),  # a shorter time limit for the administration
        ("应当责令其说明理由，必要时可以要求其提供证据", "应当责令其说明理由", ""),  # adds 可以, swaps nothing
        ("可以责令其说明理由", "应当责令其说明理由", "情态不同"),
        ("2025年1月1日起，应当责令其说明理由", "1999年8月30日起，应当责令其说明理由", ""),  # dates are not amounts
    ],
)
def test_what_counts_as_departing_from_the_higher_clause(lower, higher, how):
    from search.clauses import conflict, essentials

    assert conflict(essentials(lower), essentials(higher)) == how


@pytest.mark.parametrize(
    ("lower", "higher", "narrows"),
    [
        # The administration binds its own discretion (a 裁量基准): no finding.
        (
            "县级以上人民政府市场监督管理部门应当责令停业整顿。",
            "县级以上人民政府市场监督管理部门可以责令停业整顿。",
            True,
        ),
        ("情节严重的，公安机关应当吊销许可证。", "情节严重的，公安机关可以吊销许可证。", True),
        # A right of the public turned into a duty: still a finding.
        ("当事人对处罚决定不服的，应当申请行政复议。", "当事人对处罚决定不服的，可以申请行政复议。", False),
        ("申请人应当委托代理机构办理。", "申请人可以委托代理机构办理。", False),
        # The administration's duty loosened (应当 → 可以) is never narrowing.
        ("主管部门可以责令改正。", "主管部门应当责令改正。", False),
    ],
)
def test_narrowing_the_administrations_own_discretion_is_no_conflict(lower, higher, narrows):
    from search.clauses import conflict, essentials, narrows_discretion

    assert conflict(essentials(lower), essentials(higher)) == "情态不同"
    assert narrows_discretion(lower, higher) is narrows
