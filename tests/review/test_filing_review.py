"""Filing review to its lawful end (备案审查条例 arts. 9–23; 立法法 art. 108): 2 months of review, extended with a
reason; a written 审查意见; the issuer's report within 30 days (a new version through the workflow, linked);
the report accepted, or a 处理意见 to the competent authority, which alone revokes (已撤销)."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from filings.models import Document
from filings.selectors import months_later
from tests.jurisdictions.test_levels import people, to_publication, units  # noqa: F401 - fixtures
from tests.review.conftest import do, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db


def docx_text(response) -> str:
    assert response.status_code == 200
    return "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)


def registered(client, people, title):  # noqa: F811 - the fixture's value
    p = people
    process = submit(client, p["qx_drafter"], secret="on", secret_reason="涉密", title=title)
    archivist = p["qx_archivist"]
    to_publication(client, process, p["qx_reviewer"], archivist)
    assert do(client, p["qx_drafter"], process, "submit_filing", {"report": "报送备案。"}).status_code == 302
    assert do(client, p["qx_reviewer"], process, "register_filing", {"decision": "registered"},
              take_first=True).status_code == 302  # fmt: skip
    return process


def advise_correction(client, reviewer, process):
    ask = {"outcome": "self_correction", "note": "第二条要求外地经营者在本旗设立分支机构，排除限制竞争。"}
    assert do(client, reviewer, process, "filing_review", ask).status_code == 302
    return process.filings.get()


def test_a_review_extended_then_corrected_by_a_new_version(client, people):  # noqa: F811
    p = people
    process = registered(client, p, "东旗草原防火管理办法")
    filing = process.filings.get()
    today = timezone.localdate()
    assert filing.review_due == months_later(today, 2)
    task = open_task(process, "filing_review")
    assert task.deadline.due == filing.review_due and "2 个月" in task.deadline.basis
    extend = reverse("review:filing_extend", args=[process.pk, filing.pk])
    later = months_later(today, 3)
    client.force_login(p["qx_reviewer"])
    assert client.post(extend, {"until": later.isoformat(), "reason": "疑难"}).status_code == 403  # not taken
    take(client, p["qx_reviewer"], task)
    page = client.get(task_url(task)).content.decode()
    assert "延长审查期限（情况复杂的）" in page
    no_reason = client.post(extend, {"until": later.isoformat(), "reason": ""}, follow=True).content.decode()
    assert "延长审查期限的，须写明理由" in no_reason
    filing.refresh_from_db()
    assert filing.review_due == months_later(today, 2)
    reason = "涉及市场准入，需征求市场监管部门意见。"
    assert client.post(extend, {"until": later.isoformat(), "reason": reason}).status_code == 302
    filing.refresh_from_db()
    task.refresh_from_db()
    assert (filing.review_due, filing.extension_reason) == (later, reason) and task.deadline.due == later
    client.force_login(p["qx2_reviewer"])  # 西旗's office: not disclosed
    assert client.post(extend, {"until": later.isoformat(), "reason": reason}).status_code == 404

    filing = advise_correction(client, p["qx_reviewer"], process)
    assert filing.opinion_number == f"东司备审〔{today.year}〕1号" and filing.closed_at is None
    client.force_login(p["qx_drafter"])
    opinion = docx_text(client.get(reverse("review:review_opinion_docx", args=[process.pk, filing.pk])))
    assert "东旗农牧和科技局：" in opinion and "请你单位自行纠正" in opinion and "分支机构" in opinion

    # The issuer amends through the workflow and names the new version in its report.
    amending = submit(client, p["qx_drafter"], secret="on", secret_reason="涉密", title="东旗草原防火管理办法（修订）")
    report = task_url(open_task(process, "report_back"))
    page = client.get(report).content.decode()
    assert f"审查意见（{filing.opinion_number}）" in page and "东旗草原防火管理办法（修订）" in page
    missing = client.post(report, {"action": "amended", "text": "已修改第二条。"})
    assert "请选择修改后的新版本" in missing.context["form"].errors["correction"][0]
    sent = {"action": "amended", "correction": amending.document.pk, "text": "已删除第二条关于设立分支机构的要求。"}
    assert client.post(report, sent).status_code == 302
    assess = open_task(process, "assess_report")
    take(client, p["qx_reviewer"], assess)
    assert client.post(task_url(assess), {"accepted": "yes", "note": "已纠正。"}).status_code == 302
    filing.refresh_from_db()
    assert filing.correction_document == amending.document and filing.report_accepted and filing.closed_at
    process.refresh_from_db()
    assert process.finished is not None
    assert Document.objects.get(pk=process.document.pk).status != "revoked"


def test_a_document_not_corrected_is_revoked_only_by_the_competent_authority(client, people):  # noqa: F811
    p = people
    process = registered(client, p, "东旗牧区电力设施管理办法")
    take(client, p["qx_reviewer"], open_task(process, "filing_review"))
    filing = advise_correction(client, p["qx_reviewer"], process)
    client.force_login(p["qx_drafter"])
    refusal = {"action": "none", "text": "我们认为无需纠正。"}
    assert client.post(task_url(open_task(process, "report_back")), refusal).status_code == 302
    # The reply does not end the review: the filing body assesses it.
    assert process.filings.get().closed_at is None
    assess = open_task(process, "assess_report")
    take(client, p["qx_reviewer"], assess)
    no_opinion = client.post(task_url(assess), {"accepted": "no"})
    assert "处理意见" in no_opinion.context["form"].errors["disposal"][0]
    disposal = {"accepted": "no", "disposal": "建议东旗人民政府撤销该办法第二条所依据的文件。"}
    assert client.post(task_url(assess), disposal).status_code == 302
    filing.refresh_from_db()
    assert filing.disposal_number == f"东司备处〔{timezone.localdate().year}〕1号"
    letter = docx_text(
        client.get(reverse("review:review_opinion_docx", args=[process.pk, filing.pk]) + "?kind=disposal")
    )
    assert "东旗人民政府：" in letter and "未能纠正" in letter and "请予决定" in letter

    decide = open_task(process, "authority_decide")
    revoke = {"decision": "revoke", "note": "经东旗人民政府常务会议研究，予以撤销。"}
    for outsider, status in ((p["qx_reviewer"], 403), (p["qx_drafter"], 403), (p["filer"], 404)):
        take(client, outsider, decide)
        decide.refresh_from_db()
        assert decide.owner is None
        assert client.post(task_url(decide), revoke).status_code == status, outsider
    assert Document.objects.get(pk=process.document.pk).status != "revoked"
    take(client, p["qx_archivist"], decide)  # the body the document was filed with decides
    assert client.post(task_url(decide), {"decision": "revoke", "note": ""}).status_code == 200
    assert client.post(task_url(decide), revoke).status_code == 302
    document = Document.objects.get(pk=process.document.pk)
    assert document.status == "revoked" and document.get_status_display() == "已撤销"
    assert "东旗人民政府撤销" in document.status_basis
    page = client.get(reverse("filings:document_detail", args=[document.pk])).content.decode()
    assert "已撤销" in page
    process.refresh_from_db()
    assert process.finished is not None


def test_a_refused_filing_states_its_reason_and_where_it_was_forwarded(client, people):  # noqa: F811
    p = people
    process = submit(client, p["qx_drafter"], secret="on", secret_reason="涉密", title="东旗草原承包经营权流转办法")
    to_publication(client, process, p["qx_reviewer"], p["qx_archivist"])
    do(client, p["qx_drafter"], process, "submit_filing", {"report": "报送备案。"})
    task = open_task(process, "register_filing")
    take(client, p["qx_reviewer"], task)
    no_reason = client.post(task_url(task), {"decision": "refused", "forwarded_to": "东旗人大常委会"})
    assert "不予登记的，须说明理由" in no_reason.context["form"].errors["note"][0]
    refusal = {"decision": "refused", "note": "属人大常委会备案审查范围。", "forwarded_to": "东旗人大常委会"}
    assert client.post(task_url(task), refusal).status_code == 302
    filing = process.filings.get()
    assert (filing.status, filing.forwarded_to) == ("refused", "东旗人大常委会") and filing.closed_at
    history = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    assert "不予登记：属人大常委会备案审查范围。；已转送东旗人大常委会" in history
