"""Conflict and cleanup checks on real laws imported through the register."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from filings import services as filings_services
from filings.models import Document, Level
from search import checks, services
from search.declarations import AMEND, REPEAL, declarations
from search.models import Finding

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
TITLES = [
    "中华人民共和国民法典", "中华人民共和国合同法", "中华人民共和国公司法",
    "最高人民法院关于审理建设工程施工合同纠纷案件适用法律问题的解释",
    "最高人民法院关于废止部分司法解释及相关规范性文件的决定",
]  # fmt: skip


@pytest.fixture
def register(starter_records):
    found = starter_records(*TITLES)
    records = [r for t in TITLES for r in found[t]]
    filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for r in records])
    services.declarations_refresh()
    return records


def subject_of(record, **overrides):
    fields = {
        "doc_id": record["id"], "title": record["title"], "issuer": record["issuer"] or "",
        "level": Document.objects.get(external_id=record["id"]).level,
        "promulgated": datetime.date.fromisoformat(record["promulgated"]),
        "effective": datetime.date.fromisoformat(record["effective"]) if record["effective"] else None,
        "text": record["text"], "pk": Document.objects.get(external_id=record["id"]).pk,
    }  # fmt: skip
    fields.update(overrides)
    return checks.Subject(**fields)


def kinds(result):
    return {f.kind for f in result.findings}


def test_declarations_in_sentences_lists_and_amending_titles():
    civil = declarations(
        "中华人民共和国民法典",
        "第一千二百六十条　本法自2021年1月1日起施行。"
        "《中华人民共和国婚姻法》、《中华人民共和国合同法》（1999年）同时废止。",
    )
    assert [(d.kind, d.title_key) for d in civil] == [(REPEAL, "婚姻法"), (REPEAL, "合同法")]
    listing = declarations(
        "国务院关于废止部分行政法规的决定",
        "国务院决定废止以下行政法规：\n"
        "一、社会抚养费征收管理办法（2002年8月2日中华人民共和国国务院令第357号公布）\n本决定自公布之日起施行。",
    )
    assert [(d.kind, d.title_key) for d in listing] == [(REPEAL, "社会抚养费征收管理办法")]
    assert [(d.kind, d.title_key) for d in declarations("国务院关于修改《某某条例》的决定", "将第二条修改为…")] == [
        (AMEND, "某某条例")
    ]


def test_a_basis_mentioned_before_a_repeal_is_not_declared_repealed():
    text = "为了统一适用法律，根据《中华人民共和国民法典》等法律规定，决定废止下列司法解释。"
    assert declarations("某决定", text) == []
    assert (
        declarations("某法", "原《中华人民共和国合同法》的规定不再适用，《旧办法》同时废止。")[0].title_key == "旧办法"
    )


def test_citing_a_repealed_law_and_being_repealed(register):
    interpretation = next(r for r in register if r["title"].startswith("最高人民法院关于审理建设工程"))
    result = checks.check(subject_of(interpretation), today=TODAY)
    repealed = [f for f in result.findings if f.kind == "cites_repealed"]
    assert "中华人民共和国合同法" in {f.cited_title for f in repealed}
    contract_law = Document.objects.get(title="中华人民共和国合同法")
    assert [contract_law.external_id] in [f.target_ids for f in repealed]
    assert any(f.date == datetime.date(2021, 1, 1) for f in repealed)  # when the Civil Code took effect
    by = [f for f in result.findings if f.kind == "repealed_by"]
    assert by and by[0].target_ids == [
        Document.objects.get(title="最高人民法院关于废止部分司法解释及相关规范性文件的决定").external_id
    ]
    assert result.status == "repealed"


def test_the_repealing_document_and_transitional_mentions_are_not_findings(register):
    civil_code = next(r for r in register if r["title"] == "中华人民共和国民法典")
    result = checks.check(subject_of(civil_code), today=TODAY)
    assert "cites_repealed" not in kinds(result)
    assert result.status == "in_force"


def test_an_older_version_is_superseded_and_a_citation_of_an_amended_basis_is_flagged(register):
    versions = sorted((r for r in register if r["title"] == "中华人民共和国公司法"), key=lambda r: r["promulgated"])
    oldest = checks.check(subject_of(versions[0]), today=TODAY)
    newest = checks.check(subject_of(versions[-1]), today=TODAY)
    superseded = [f for f in oldest.findings if f.kind == "superseded_by"]
    assert superseded and set(superseded[0].target_ids) == {v["id"] for v in versions[1:]}
    assert oldest.status == "amended" and newest.status == "in_force"

    citing = checks.Subject(
        doc_id="new-1",
        title="某市公司登记办法",
        issuer="某市人民政府",
        level=Level.NORMATIVE_DOCUMENT,
        promulgated=datetime.date(2015, 1, 1),
        effective=datetime.date(2015, 1, 1),
        text="某市公司登记办法\n第一条　根据《中华人民共和国公司法》制定本办法。",
    )
    amended = [f for f in checks.check(citing, today=TODAY).findings if f.kind == "cites_amended"]
    assert amended and amended[0].date > datetime.date(2015, 1, 1)


@pytest.mark.parametrize(
    ("text", "title", "lapsed_on"),
    [
        ("第十条　本办法自2018年1月1日起施行，有效期至2020年12月31日。", "某市管理办法", datetime.date(2020, 12, 31)),
        ("第十条　本办法自2018年1月1日起施行，有效期3年。", "某市管理办法", datetime.date(2020, 12, 31)),
        ("第十条　本办法自2018年1月1日起施行。", "某市管理办法", datetime.date(2022, 12, 31)),  # default 5 years
        ("第十条　本办法自2018年1月1日起施行。", "某市管理暂行办法", datetime.date(2019, 12, 31)),  # 暂行: 2 years
        ("第十条　许可证有效期为五年。本办法自2025年1月1日起施行。", "某市管理办法", None),  # a licence's term
    ],
)
def test_validity_clauses_and_default_terms(db, text, title, lapsed_on):
    start = datetime.date(2025, 1, 1) if lapsed_on is None else datetime.date(2018, 1, 1)
    subject = checks.Subject(doc_id="x", title=title, issuer="某市人民政府", level=Level.NORMATIVE_DOCUMENT,
                             promulgated=start, effective=start, text=f"{title}\n{text}", local=True)  # fmt: skip
    result = checks.check(subject, today=TODAY)
    lapsed = [f for f in result.findings if f.kind == "past_validity"]
    if lapsed_on is None:
        assert lapsed == [] and result.status == "in_force"
    else:
        assert lapsed[0].date == lapsed_on and result.status == "lapsed"


@pytest.mark.parametrize("level", [Level.NORMATIVE_DOCUMENT, Level.LOCAL_GOVERNMENT_RULE])
def test_the_default_term_is_never_given_to_a_central_document_or_a_rule(db, level):
    """The 5-year default is the deployment's own rule for its own normative documents: a 2018 国务院办公厅
    document, or a 规章 of the platform, without a term of its own stays in force."""
    issued = datetime.date(2018, 5, 16)
    central = checks.Subject(doc_id="c", title="国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知",
                             issuer="国务院办公厅", level=Level.NORMATIVE_DOCUMENT, promulgated=issued,
                             effective=issued, text="一、严格落实……")  # fmt: skip
    own_rule = checks.Subject(doc_id="r", title="某市物业管理办法", issuer="某市人民政府", level=level,
                              promulgated=datetime.date(2018, 1, 1), effective=datetime.date(2018, 1, 1),
                              text="第一条　为了……", local=level != Level.NORMATIVE_DOCUMENT)  # fmt: skip
    for subject in (central, own_rule):
        result = checks.check(subject, today=TODAY)
        assert [f for f in result.findings if f.kind == "past_validity"] == [] and result.status == "in_force"


def run_scan(tmp_path, lines):
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("scan_documents", str(source), "--output", str(output), "--today", "2026-11-23", stderr=err)
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()] if output.exists() else []
    return exit_.value.code, rows, err.getvalue()


def test_scan_documents_writes_findings_and_statuses_and_exits_1(register, tmp_path):
    interpretation = next(r for r in register if r["title"].startswith("最高人民法院关于审理建设工程"))
    code, rows, _ = run_scan(tmp_path, [json.dumps({**interpretation, "status": "有效"}, ensure_ascii=False)])
    assert code == 1
    assert {"doc_id", "kind", "target_ids", "cited_title", "evidence", "date"} <= set(rows[0])
    assert rows[-1] == {"doc_id": interpretation["id"], "kind": "status", "status": "已废止"}  # input status ignored
    assert Document.objects.filter(external_id=interpretation["id"]).count() == 1  # nothing stored


def test_scan_documents_exits_0_without_findings_and_2_on_errors(register, tmp_path):
    clean = {
        "id": "new-2",
        "title": "中华人民共和国某某法",
        "level": "法律",
        "issuer": "全国人民代表大会常务委员会",
        "promulgated": "2026-01-01",
        "effective": "2026-01-01",
        "text": "某某法\n第一条　为了测试，制定本法。",
    }
    code, rows, _ = run_scan(tmp_path, [json.dumps(clean, ensure_ascii=False)])
    assert code == 0 and rows == [{"doc_id": "new-2", "kind": "status", "status": "有效"}]
    code, _, err = run_scan(tmp_path, ["{broken"])
    assert code == 2 and "第 1 行无法检查" in err


def test_scan_register_stores_findings_and_the_document_page_shows_them(register, client, reviewer):
    scanned, found = services.register_scan()
    assert scanned == len(register) and found > 0
    interpretation = Document.objects.get(title__startswith="最高人民法院关于审理建设工程")
    assert Finding.objects.filter(document=interpretation, kind="cites_repealed").exists()
    client.force_login(reviewer)
    page = client.get(reverse("filings:document_detail", args=[interpretation.pk])).content.decode()
    assert "检查发现" in page and "引用已废止的文件" in page and "推断时效性：已废止" in page
    services.register_scan()  # again: replaced, not duplicated
    assert Finding.objects.filter(document=interpretation).count() == len(
        checks.check(subject_of(next(r for r in register if r["id"] == interpretation.external_id)),
                     today=timezone.localdate()).findings
    )  # fmt: skip


def test_what_repealed_something_is_not_declared_repealed():
    row = (
        "| 2 | 最高人民检察院关于贪污受贿案件免予起诉工作的规定 | 1992年1月7日 | "
        "免予起诉制度已被1996年《中华人民共和国刑事诉讼法》废止"
    )
    found = declarations("最高人民检察院关于废止部分司法解释性质文件和规范性文件的决定", "废止的文件目录：\n" + row)
    assert [(d.kind, d.title_key) for d in found] == [(REPEAL, "最高人民检察院关于贪污受贿案件免予起诉工作的规定")]


def test_a_new_version_repealing_its_predecessor_by_number_and_repeal_list_attachments():
    title = "最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释"
    newer = declarations(title, f"本解释施行后，《{title}》（法释〔2016〕29号）同时废止。")
    assert [(d.kind, d.cited_title) for d in newer] == [(REPEAL, title)]
    assert declarations(title, f"原《{title}》同时废止。") == []
    assert declarations(title, f"《{title}》同时废止。") == []  # its own title, no number: not a version
    row = (
        "| 36 | 最高人民法院印发《关于审理联营合同纠纷案件若干问题的解答》的通知  "
        "附：最高人民法院关于审理联营合同纠纷案件若干问题的解答 | 1990年 |"
    )
    listed = declarations("最高人民法院关于废止部分司法解释及相关规范性文件的决定", row)
    assert [d.cited_title for d in listed] == ["最高人民法院印发《关于审理联营合同纠纷案件若干问题的解答》的通知"]


@pytest.mark.parametrize(
    ("clause", "found"),
    [
        ("第五条　外地企业在本市承揽工程的，应当在本市设立分支机构。", "要求在本地设立分支机构或登记注册"),
        ("第五条　电梯应当从本市名录内的企业中采购。", "限定经营、购买或使用特定经营者的商品和服务"),
        ("第五条　外地产品进入本市销售的，应当另行收取检测费。", "对外地经营者或外地商品设置歧视性待遇"),
        ("第五条　政府采购项目限于本市注册的供应商参加。", "排斥、限制外地经营者参加招标投标、政府采购"),
        ("第五条　本市企业优先享受技术改造补贴。", "给予特定（本地）经营者优惠政策或补贴"),
        ("第五条　不得要求外地企业在本市设立分支机构。", None),
        ("第五条　行政机关不得有下列行为：（一）要求外地经营者在本地设立分支机构；", None),
        ("第五条　采购人应当从政府采购供应商库中随机抽取评审专家。", None),
        ("第五条　当事人应当在本市人民法院起诉。", None),
    ],
)
def test_fair_competition_findings_name_the_practice_and_leave_its_prohibition_alone(db, clause, found):
    """公平竞争审查条例 arts. 8–11: local protection, designated suppliers, a local branch, exclusion from bidding,
    local subsidies; a clause forbidding the practice is no finding."""
    subject = checks.Subject(doc_id="x", title="某市建筑市场管理办法", issuer="某市人民政府",
                             level=Level.NORMATIVE_DOCUMENT, promulgated=TODAY, effective=TODAY,
                             text=f"某市建筑市场管理办法\n{clause}")  # fmt: skip
    findings = [f for f in checks.check(subject, today=TODAY).findings if f.kind == "fair_competition"]
    if found is None:
        assert findings == []
    else:
        assert (
            len(findings) == 1
            and findings[0].evidence.startswith(found)
            and "公平竞争审查条例" in findings[0].cited_title
        )
