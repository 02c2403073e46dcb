"""Versions ordered by the date of their own text, on real amended regulations of the starter data."""

import datetime
import json

import pytest

from filings import selectors
from filings import services as filings_services
from filings.models import Document, Level, Status
from filings.parsing import commencement
from search import checks, services
from search.declarations import AMEND, declarations

pytestmark = pytest.mark.django_db
MEDICAL = "医疗机构管理条例"


def _import(records):
    filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for r in records])
    services.declarations_refresh()


def _check(document: Document, today=datetime.date(2026, 11, 23)):
    row = Document.objects.filter(pk=document.pk).values(*checks.REGISTER_FIELDS).get()
    return checks.check(checks.subject_from_register(row), today=today)


def _as_imported_from_text(record):
    """What an import reading the text's own commencement clause stores: the original 1994 date."""
    day, _ = commencement(record["text"], datetime.date.fromisoformat(record["promulgated"]))
    return {**record, "effective": day.isoformat()}


@pytest.fixture
def medical_versions(starter_records):
    """Both real versions of 医疗机构管理条例 (2016, 2022); each text ends "本条例自1994年9月1日起施行"."""
    records = [_as_imported_from_text(r) for r in starter_records(MEDICAL)[MEDICAL]]
    assert {r["effective"] for r in records} == {"1994-09-01"}
    _import(records)
    return [Document.objects.get(external_id=r["id"]) for r in records]


def test_an_amendment_keeping_the_original_commencement_clause_comes_after_the_older_text(medical_versions):
    old, new = medical_versions
    assert [d.pk for d in selectors.document_versions(old)] == [old.pk, new.pk]
    assert selectors.version_in_force_on(selectors.document_versions(old), datetime.date(2023, 1, 1)) == new
    assert selectors.version_in_force_on(selectors.document_versions(old), datetime.date(2020, 1, 1)) == old

    result = _check(old)
    assert result.status == Status.AMENDED
    superseded = [f for f in result.findings if f.kind == "superseded_by"]
    assert superseded and superseded[0].target_ids == [new.external_id]
    assert _check(new).status == Status.IN_FORCE


def test_a_document_citing_the_older_text_is_told_the_cited_law_was_amended(medical_versions):
    _, new = medical_versions
    subject = checks.Subject(
        doc_id="x", title="甲市医疗机构设置管理办法", issuer="甲市卫生健康委员会", level=Level.NORMATIVE_DOCUMENT,
        promulgated=datetime.date(2020, 6, 1), effective=datetime.date(2020, 7, 1),
        text="第一条 根据《医疗机构管理条例》，制定本办法。",
    )  # fmt: skip
    amended = [f for f in checks.check(subject, today=datetime.date(2026, 11, 23)).findings
               if f.kind == "cites_amended"]  # fmt: skip
    assert amended and amended[0].target_ids == [new.external_id]


def test_a_newer_version_not_yet_in_force_leaves_the_old_text_in_force(starter_records):
    records = starter_records(MEDICAL)[MEDICAL]  # the 2022 text: promulgated on 29 March, in force from 1 May
    _import(records)
    old = Document.objects.get(external_id=records[0]["id"])
    assert _check(old, today=datetime.date(2022, 4, 15)).status == Status.IN_FORCE
    assert _check(old, today=datetime.date(2022, 5, 1)).status == Status.AMENDED


def test_a_scanned_version_without_an_issuer_still_belongs_to_the_chain(starter_records):
    old, new = starter_records(MEDICAL)[MEDICAL]
    _import([{**old, "issuer": None}, new])
    scanned = Document.objects.get(external_id=old["id"])
    assert scanned.issuer == ""
    assert [d.external_id for d in selectors.document_versions(scanned)] == [old["id"], new["id"]]
    assert _check(scanned).status == Status.AMENDED


def test_an_issuer_given_on_both_sides_must_match(starter_records):
    old, new = starter_records(MEDICAL)[MEDICAL]
    _import([{**old, "issuer": "某省人民政府"}, new])
    other = Document.objects.get(external_id=old["id"])
    assert [d.pk for d in selectors.document_versions(other)] == [other.pk]
    assert _check(other).status == Status.IN_FORCE


def test_generic_titles_are_not_versions_across_issuers():
    title = "关于进一步加强安全生产工作的通知"
    base = {"level": "规范性文件", "status": None, "text": f"{title}\n一、各地要落实安全生产责任。"}
    _import([
        {**base, "id": "t-1", "title": title, "issuer": "甲市人民政府", "promulgated": "2020-03-01",
         "effective": None},
        {**base, "id": "t-2", "title": title, "issuer": None, "promulgated": "2023-03-01", "effective": None},
    ])  # fmt: skip
    first = Document.objects.get(external_id="t-1")
    assert [d.pk for d in selectors.document_versions(first)] == [first.pk]
    assert "superseded_by" not in {f.kind for f in _check(first).findings}


def test_each_constitutional_amendment_is_an_act_of_its_own(starter_records):
    titles = ["中华人民共和国宪法修正案（1988年）", "中华人民共和国宪法修正案（1993年）"]
    found = starter_records(*titles)
    _import([r for t in titles for r in found[t]])
    first = Document.objects.get(title=titles[0])
    assert _check(first).status == Status.IN_FORCE


def _record(starter_records, title, promulgated):
    return next(r for r in starter_records(title)[title] if r["promulgated"] == promulgated)


def test_an_amending_decision_amends_the_acts_it_names_not_those_its_new_wording_mentions(starter_records):
    decision = _record(starter_records, "国务院关于修改和废止部分行政法规的决定", "2022-03-29")
    amended = {d.cited_title for d in declarations(decision["title"], decision["text"]) if d.kind == AMEND}
    # 七、将《中华人民共和国海关统计条例》第三条中的“《中华人民共和国统计法实施细则》”修改为“…实施条例》”
    assert {"医疗机构管理条例", "中华人民共和国海关统计条例", "放射性药品管理办法"} <= amended
    assert not amended & {"中华人民共和国统计法实施细则", "中华人民共和国统计法实施条例", "药品管理法",
                          "中华人民共和国行政处罚法", "医疗机构执业许可证",
                          "中华人民共和国基本医疗卫生与健康促进法"}  # fmt: skip


def test_the_act_an_amendment_is_made_under_is_not_amended(starter_records):
    rules = _record(starter_records, "国务院关于修改《中华人民共和国专利法实施细则》的决定", "2023-12-11")
    amended = {d.cited_title for d in declarations(rules["title"], rules["text"]) if d.kind == AMEND}
    assert amended == {"中华人民共和国专利法实施细则"}  # not 专利法 ("根据…", "引用《专利法》的条文序号")

    title = "最高人民法院、最高人民检察院关于执行《中华人民共和国刑法》确定罪名的补充规定（八）"
    crimes = _record(starter_records, title, "2024-01-30")
    amended = {d.cited_title for d in declarations(crimes["title"], crimes["text"]) if d.kind == AMEND}
    # "根据《刑法修正案（十二）》…，现对《…确定罪名的规定》《…罪名的意见》作如下修改：" names what it amends.
    assert "中华人民共和国刑法修正案（十二）" not in amended and "中华人民共和国刑法" not in amended
    assert any("确定罪名的规定" in t for t in amended)


def _citing(text, promulgated=datetime.date(2020, 6, 1)):
    return checks.Subject(
        doc_id="x", title="甲市医疗机构设置管理办法", issuer="甲市卫生健康委员会", level=Level.NORMATIVE_DOCUMENT,
        promulgated=promulgated, effective=None, text=text,
    )  # fmt: skip


def _article_findings(text):
    return [f for f in checks.check(_citing(text), today=datetime.date(2026, 11, 23)).findings
            if f.kind.startswith("cited_article") or f.kind == "cites_amended"]  # fmt: skip


def test_the_cited_article_is_followed_to_its_new_number_and_text(starter_records):
    _import(starter_records(MEDICAL)[MEDICAL])
    # 2016 第十五条 "医疗机构执业，必须进行登记…" is 第十四条 since the 2022 amendment, with 诊所备案 added.
    [finding] = _article_findings("第三条 依照《医疗机构管理条例》第十五条，医疗机构执业须登记。")
    assert finding.kind == "cited_article_changed"
    assert "第十五条已修改，现为第十四条" in finding.evidence
    assert "原文：医疗机构执业，必须进行登记" in finding.evidence and "诊所按照" in finding.evidence


def test_an_unchanged_cited_article_is_told_but_suggests_nothing(starter_records):
    _import(starter_records(MEDICAL)[MEDICAL])
    [finding] = _article_findings("第二条 《医疗机构管理条例》第二条所称医疗机构，本市依照执行。")
    assert finding.kind == "cited_article_unchanged"
    assert "第二条在现行版本中未修改" in finding.evidence
    from search.models import Finding

    assert finding.kind in Finding.INFORMATIONAL


def test_a_citation_without_an_article_still_says_the_law_was_amended(starter_records):
    _import(starter_records(MEDICAL)[MEDICAL])
    [finding] = _article_findings("第一条 根据《医疗机构管理条例》，制定本办法。")
    assert finding.kind == "cites_amended"
