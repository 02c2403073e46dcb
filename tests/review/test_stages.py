"""Each stage's rules, refusals and bad input."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.timers import fire_due_timers

from filings.models import Document
from review.flows import DocumentReviewFlow
from review.models import Comment, Deliberation, ExpertOpinion, ReviewProcess

from ..factories import UnitFactory, UserFactory
from .conftest import LAWFUL, close_comment_window, do, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db


def at_legality_review(client, drafter, **flags):
    process = submit(client, drafter, secret="on", secret_reason="涉及国家秘密", **flags)
    assert open_task(process, "legality_review").status == STATUS.NEW
    return process


def lawful(client, reviewer, process):
    assert do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""},
              take_first=True).status_code == 302  # fmt: skip


# ---------------------------------------------------------------- submission


def test_only_drafting_units_may_submit(client, reviewer, filer, drafter):
    for user in (reviewer, filer):
        client.force_login(user)
        assert client.get(DocumentReviewFlow.start.reverse("execute")).status_code == 403
    client.logout()
    assert client.get(DocumentReviewFlow.start.reverse("execute")).status_code in (302, 403)
    client.force_login(drafter)
    assert client.get(DocumentReviewFlow.start.reverse("execute")).status_code == 200


def test_a_broken_docx_is_refused_and_nothing_is_stored(client, drafter):
    client.force_login(drafter)
    upload = io.BytesIO(b"PK\x03\x04 not really a zip")
    upload.name = "草案.docx"
    response = client.post(DocumentReviewFlow.start.reverse("execute"),
                           {"level": "normative_document", "explanation": "说明", "legal_bases": "依据",
                            "comment_days": "30", "file": upload})  # fmt: skip
    assert response.status_code == 200
    assert "文件已损坏" in response.content.decode()
    assert not ReviewProcess.objects.exists() and not Document.objects.exists()


def test_a_docx_draft_is_read_by_the_register(client, drafter):
    out = docx.Document()
    out.add_heading("某市共享单车管理办法", level=1)
    out.add_paragraph("第一条　为了规范共享单车管理，制定本办法。")
    out.add_paragraph("第二条　本办法自公布之日起施行。")
    buffer = io.BytesIO()
    out.save(buffer)
    buffer.seek(0)
    buffer.name = "草案.docx"
    process = submit(client, drafter, title="", text="", file=buffer)
    assert process.document.title == "某市共享单车管理办法"
    assert process.document.articles.filter(kind="article").count() == 2


def test_a_short_comment_window_needs_a_recorded_reason_for_every_kind_of_document(client, drafter):
    """规章 and major decisions: "一般不少于30日" — shorter is lawful with a reason (DOMAIN.md stage 2), as for
    normative documents; without one it is refused next to the reason field."""
    drafter.unit.may_issue_rules = True  # a unit that may issue 规章 (a department may not: test_jurisdictions)
    drafter.unit.save()
    client.force_login(drafter)
    url = DocumentReviewFlow.start.reverse("execute")
    from .conftest import SUBMISSION

    response = client.post(url, {**SUBMISSION, "comment_days": "10"})
    assert "须说明理由" in str(response.context["form"].errors["comment_short_reason"])
    rule = {**SUBMISSION, "level": "local_government_rule", "comment_days": "20"}
    response = client.post(url, rule)
    assert "一般不少于 30 日；少于 30 日的，须写明理由" in str(response.context["form"].errors["comment_short_reason"])
    major = {**SUBMISSION, "major_decision": "on", "comment_days": "20"}
    assert "一般不少于 30 日" in str(client.post(url, major).context["form"].errors["comment_short_reason"])
    assert not ReviewProcess.objects.exists() and not Document.objects.exists()
    urgent = submit(client, drafter, level="local_government_rule", comment_days="20", comment_short_reason="情况紧急")
    assert (urgent.comment_closes - urgent.comment_opens).days == 20 and urgent.comment_short_reason == "情况紧急"
    process = submit(client, drafter, comment_days="10", comment_short_reason="防汛紧急")
    assert (process.comment_closes - process.comment_opens).days == 10


# ---------------------------------------------------------------- public comment


def test_anyone_may_comment_without_an_account_within_limits(client, drafter, settings):
    settings.COMMENT_RATE_LIMIT_PER_HOUR = 2
    settings.COMMENT_CHALLENGE_AFTER = 100  # the picture challenge has tests of its own (test_comments.py)
    process = submit(client, drafter)
    client.logout()
    url = reverse("public_draft", args=[process.pk])
    page = client.get(url).content.decode()
    assert "提出意见" in page and "第二条" in page
    assert reverse("public_draft", args=[process.pk]) in client.get(reverse("public_drafts")).content.decode()
    too_long = client.post(url, {"text": "长" * (settings.COMMENT_MAX_CHARS + 1)})
    assert "意见过长" in too_long.content.decode()
    assert client.post(url, {"text": "第一条好", "article_anchor": "a1", "name": "张三"}).status_code == 302
    assert client.post(url, {"text": "第二条好", "article_anchor": "a2"}).status_code == 302
    limited = client.post(url, {"text": "第三条好"})
    assert "提交过于频繁" in limited.content.decode()
    assert Comment.objects.filter(process=process).count() == 2
    assert Comment.objects.get(name="张三").article_anchor == "a1"


def test_near_identical_comments_are_grouped_and_counted(client, drafter, settings):
    settings.COMMENT_RATE_LIMIT_PER_HOUR = 100
    settings.COMMENT_CHALLENGE_AFTER = 100
    process = submit(client, drafter)
    client.logout()
    url = reverse("public_draft", args=[process.pk])
    campaign = "坚决反对第二条，电动自行车停放区域太少，应当在每个小区门口增设停放点，方便群众出行。"
    for variant in [campaign, campaign + "！", campaign.replace("坚决", ""), "第三条的施行日期太早。"]:
        client.post(url, {"text": variant})
    sizes = sorted(process.comment_groups.values_list("size", flat=True))
    assert sizes == [1, 3]


def test_comments_close_with_the_window(client, drafter):
    process = submit(client, drafter)
    close_comment_window(process)
    client.logout()
    response = client.post(reverse("public_draft", args=[process.pk]), {"text": "晚到的意见"})
    assert "征求意见期已结束" in response.content.decode()
    assert not Comment.objects.exists()
    assert open_task(process, "handle_comments").owner == drafter


# ---------------------------------------------------------------- experts


def test_experts_from_the_drafting_unit_are_not_offered_and_refused(client, drafter, expert_user, unit):
    insider = UserFactory(username="insider", unit=unit)
    from review.models import Expert

    own = Expert.objects.create(user=insider, field="市场监管", employer=unit)
    process = submit(client, drafter, secret="on", secret_reason="涉密", technical="on")
    task = open_task(process, "pick_experts")
    client.force_login(drafter)
    page = client.get(task_url(task)).content.decode()
    assert "insider" not in page and "expert" in page
    response = client.post(task_url(task), {"experts": [own.pk]})
    assert response.status_code == 200 and not ExpertOpinion.objects.exists()


def test_experts_of_the_drafting_units_own_system_are_excluded_by_the_setting(
    client, drafter, expert_user, unit, settings
):
    """Not only its own staff: a 市场监管 bureau's draft is not argued by an expert of another 市场监管 unit."""
    from review.models import Expert

    unit.system = "市场监管"
    unit.save()
    county = UnitFactory(name="某县市场监督管理局", system="市场监管")
    colleague = Expert.objects.create(user=UserFactory(username="colleague", unit=county), field="市场监管",
                                      employer=county)  # fmt: skip
    process = submit(client, drafter, secret="on", secret_reason="涉密", technical="on")
    url = task_url(open_task(process, "pick_experts"))
    client.force_login(drafter)
    assert "colleague" not in client.get(url).content.decode()
    response = client.post(url, {"experts": [colleague.pk]})
    assert response.status_code == 200 and not ExpertOpinion.objects.exists()
    settings.EXPERTS_EXCLUDE_OWN_SYSTEM = False
    assert "colleague" in client.get(url).content.decode()
    assert client.post(url, {"experts": [colleague.pk]}).status_code == 302


def test_the_expert_stage_ends_at_its_deadline_and_records_who_did_not_answer(
    client, drafter, expert_user, expert_user2
):
    process = submit(client, drafter, secret="on", secret_reason="涉密", technical="on")
    do(client, drafter, process, "pick_experts", {"experts": [expert_user.expert.pk, expert_user2.expert.pk]})
    do(client, expert_user, process, "expert_opinion", {"opinion": "同意。", "signature": "专家甲"})
    # the other expert never answers; the deadline passes and the dispatcher fires
    Task.objects.filter(process=process, flow_task_type="TIMER", status=STATUS.SCHEDULED).update(
        scheduled=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert fire_due_timers() == 1
    process.refresh_from_db()
    assert "未答复" in process.expert_closed_note and "expert2" in process.expert_closed_note
    late = Task.objects.get(process=process, flow_task=DocumentReviewFlow.expert_opinion, owner=expert_user2)
    assert late.status == STATUS.CANCELED
    assert open_task(process, "legality_review").status == STATUS.NEW


def test_an_expert_sees_only_his_own_task(client, drafter, expert_user, expert_user2):
    process = submit(client, drafter, secret="on", secret_reason="涉密", technical="on")
    do(client, drafter, process, "pick_experts", {"experts": [expert_user.expert.pk, expert_user2.expert.pk]})
    others = open_task(process, "expert_opinion", owner=expert_user2)
    client.force_login(expert_user)
    assert client.post(task_url(others), {"opinion": "冒名", "signature": "x"}).status_code == 403


# ---------------------------------------------------------------- legality review


def test_only_legality_reviewers_can_take_and_conclude(client, drafter, other_drafter, reviewer, filer):
    process = at_legality_review(client, drafter)
    task = open_task(process, "legality_review")
    # Another unit's drafter does not even learn the process exists (404, as on the process page); nor does a
    # filing reviewer before anything is filed with its unit.
    for user, refused in ((drafter, 403), (other_drafter, 404), (filer, 404)):
        take(client, user, task)
        task.refresh_from_db()
        assert task.owner is None
        assert client.post(task_url(task), LAWFUL).status_code == refused
    assert take(client, reviewer, task).status_code == 302
    assert client.post(task_url(task), {**LAWFUL, "material_comment_handling": ""}).status_code == 302


def test_deliberation_is_unreachable_without_a_lawful_conclusion(client, drafter, reviewer, archivist):
    process = at_legality_review(client, drafter)
    unlawful = {**LAWFUL, "material_comment_handling": "", "conclusion": "unlawful", "point_power": "problem",
                "point_power_note": "超越职权"}  # fmt: skip
    assert do(client, reviewer, process, "legality_review", unlawful, take_first=True).status_code == 302
    process.refresh_from_db()
    assert process.finished is not None
    assert not Task.objects.filter(process=process, flow_task=DocumentReviewFlow.deliberate).exists()
    assert "审核不合法" in client.get(reverse("review:process_detail", args=[process.pk])).content.decode()

    second = at_legality_review(client, drafter)
    amend = {**LAWFUL, "material_comment_handling": "", "conclusion": "amend", "amendments": "删去第二条"}
    do(client, reviewer, second, "legality_review", amend, take_first=True)
    assert not Task.objects.filter(process=second, flow_task=DocumentReviewFlow.deliberate).exists()
    assert open_task(second, "amend").owner == drafter


def test_a_lawful_conclusion_with_problems_or_missing_materials_is_refused(client, drafter, reviewer):
    process = at_legality_review(client, drafter)
    take(client, reviewer, open_task(process, "legality_review"))
    url = task_url(open_task(process, "legality_review"))
    client.force_login(reviewer)
    missing = client.post(url, {**LAWFUL, "material_comment_handling": "", "material_legal_bases": ""})
    assert "材料不全" in missing.content.decode()
    problem = client.post(url, {**LAWFUL, "material_comment_handling": "", "point_content": "problem"})
    assert "结论不能为" in problem.content.decode()
    assert not process.legality_reviews.exists()
    assert open_task(process, "legality_review").owner == reviewer


def test_findings_link_an_article_to_the_higher_law_and_the_opinion_is_a_docx(
    client, drafter, reviewer, starter_records
):
    import json

    from filings.services import documents_import

    law = starter_records("中华人民共和国道路交通安全法")["中华人民共和国道路交通安全法"][-1]
    documents_import(lines=[json.dumps(law, ensure_ascii=False)])
    process = at_legality_review(client, drafter)
    amend = {**LAWFUL, "material_comment_handling": "", "conclusion": "amend", "amendments": "修改第二条",
             "finding_0_article": "a2", "finding_0_law": "中华人民共和国道路交通安全法",
             "finding_0_law_article": "第五十九条", "finding_0_note": "停放规定与上位法不一致"}  # fmt: skip
    assert do(client, reviewer, process, "legality_review", amend, take_first=True).status_code == 302
    finding = process.legality_reviews.get().findings.get()
    assert finding.higher_law.title == "中华人民共和国道路交通安全法"
    page = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    assert "第五十九条" in page
    response = client.get(reverse("review:legality_opinion_docx", args=[process.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "合法性审核意见书" in text and "修改后合法" in text and "停放规定与上位法不一致" in text


def test_an_unknown_higher_law_is_refused_with_a_message(client, drafter, reviewer):
    process = at_legality_review(client, drafter)
    amend = {**LAWFUL, "material_comment_handling": "", "conclusion": "amend", "amendments": "修改",
             "finding_0_article": "a2", "finding_0_law": "不存在的法", "finding_0_note": "问题"}  # fmt: skip
    response = do(client, reviewer, process, "legality_review", amend, take_first=True)
    assert "登记簿中没有《不存在的法》" in response.content.decode()
    assert not process.legality_reviews.exists()


def test_the_precheck_shows_a_repealed_legal_basis_beside_the_checklist(client, drafter, reviewer, starter_records):
    import json

    from filings.services import documents_import

    records = starter_records("中华人民共和国合同法", "中华人民共和国民法典")
    documents_import(lines=[json.dumps(r, ensure_ascii=False) for rs in records.values() for r in rs])
    text = (
        "某市合同示范文本管理办法\n第一条　根据《中华人民共和国合同法》，制定本办法。\n"
        "第二条　未使用示范文本的经营者，由市场监管部门处一千元罚款。\n第三条　本办法自公布之日起施行。"
    )
    process = submit(client, drafter, secret="on", secret_reason="涉密", title="某市合同示范文本管理办法", text=text)
    take(client, reviewer, open_task(process, "legality_review"))
    response = client.get(task_url(open_task(process, "legality_review")))
    findings = {f.label: f for f in response.context["precheck"]}
    contract_law = Document.objects.filter(title="中华人民共和国合同法").latest("promulgated")
    repealed = findings["引用已废止的文件"]
    assert (repealed.article.label, repealed.target) == ("第一条", contract_law)
    assert findings["无依据设定许可、处罚、强制、收费或义务"].article.label == "第二条"
    page = response.content.decode()
    draft_url = reverse("review:process_draft", args=[process.pk])  # the reviewer's way to the draft
    assert f'href="{draft_url}#a2"' in page  # the clause, linked
    assert client.get(draft_url).status_code == 200
    assert f'href="{reverse("filings:document_detail", args=[contract_law.pk])}"' in page  # the higher law, linked


# ---------------------------------------------------------------- deliberation and publication


def test_publication_dates_are_checked(client, drafter, reviewer, archivist):
    process = at_legality_review(client, drafter)
    lawful(client, reviewer, process)
    today = timezone.localdate()
    do(client, archivist, process, "deliberate",
       {"meeting": "常务会议", "held_on": today.isoformat(), "decision": "adopted"}, take_first=True)  # fmt: skip
    url = task_url(open_task(process, "publish"))
    take(client, archivist, open_task(process, "publish"))
    client.force_login(archivist)
    before = client.post(
        url, {"promulgated": today.isoformat(), "effective": (today - datetime.timedelta(days=1)).isoformat()}
    )
    assert "施行日期不能早于公布日期" in before.content.decode()
    soon = client.post(
        url, {"promulgated": today.isoformat(), "effective": (today + datetime.timedelta(days=5)).isoformat()}
    )
    assert "须说明理由" in soon.content.decode()
    impossible = client.post(url, {"promulgated": "2026-02-30", "effective": "2026-03-30"})
    assert impossible.status_code == 200
    assert Document.objects.get(pk=process.document.pk).is_draft
    in_five_days = (today + datetime.timedelta(days=5)).isoformat()
    early = {"promulgated": today.isoformat(), "effective": in_five_days, "early_reason": "防汛紧急"}
    # The text says 自公布之日起30日后施行: a register date that contradicts it needs its own reason.
    contradicts = client.post(url, early)
    assert "正文规定“自公布之日起30日后施行”" in contradicts.content.decode()
    ok = client.post(url, {**early, "date_reason": "审议决定提前施行，正文施行条款随之修改"})
    assert ok.status_code == 302
    assert open_task(process, "submit_filing").deadline.due == today + datetime.timedelta(days=30)
    client.logout()
    gazette = client.get(reverse("gazette")).content.decode()
    assert process.document.title in gazette
    assert client.get(reverse("gazette"), {"q": "不存在"}).content.decode().count("没有找到") == 1


def test_a_draft_not_adopted_ends_the_process(client, drafter, reviewer, archivist):
    process = at_legality_review(client, drafter)
    lawful(client, reviewer, process)
    do(client, archivist, process, "deliberate", {"meeting": "常务会议", "held_on": timezone.localdate().isoformat(),
       "decision": "not_adopted", "dissent": "时机不成熟"}, take_first=True)  # fmt: skip
    process.refresh_from_db()
    assert process.finished is not None and process.document.is_draft


# ---------------------------------------------------------------- who sees what


def test_another_units_process_is_a_404_and_its_tasks_are_refused(client, drafter, other_drafter, reviewer):
    process = at_legality_review(client, drafter)
    client.force_login(other_drafter)
    for name in ["review:process_detail", "review:legality_opinion_docx", "review:filing_report_docx"]:
        assert client.get(reverse(name, args=[process.pk])).status_code == 404, name
    assert process.document.title not in client.get(reverse("review:process_list")).content.decode()
    client.force_login(drafter)
    assert process.document.title in client.get(reverse("review:process_list")).content.decode()
    client.force_login(reviewer)
    assert client.get(reverse("review:process_detail", args=[process.pk])).status_code == 200


def test_the_review_pages_need_a_sign_in(client, drafter):
    process = at_legality_review(client, drafter)
    client.logout()
    for url in [reverse("review:workbench"), reverse("review:dashboard"), reverse("review:process_list"),
                reverse("review:process_detail", args=[process.pk])]:  # fmt: skip
        assert client.get(url).status_code == 302, url


def test_a_stranger_cannot_take_a_drafting_units_task(client, drafter, other_drafter):
    process = submit(client, drafter)
    close_comment_window(process)
    task = open_task(process, "handle_comments")
    # Neither may see the process: its task routes are 404 to them, as its page is.
    client.force_login(other_drafter)
    assert client.post(task_url(task), {}).status_code == 404
    stranger = UserFactory(username="stranger", unit=UnitFactory(name="外单位"))
    client.force_login(stranger)
    assert client.get(task_url(task)).status_code == 404


def test_a_draft_in_review_cannot_be_published_around_the_workflow(client, drafter, archivist):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    client.force_login(archivist)
    today = timezone.localdate().isoformat()
    url = f"/documents/{process.document.pk}/publish/"  # the register's former publish page
    assert client.post(url, {"promulgated": today, "effective": today}).status_code == 404
    assert Document.objects.get(pk=process.document.pk).is_draft
    assert (
        "统一登记编号并公布"
        not in client.get(reverse("filings:document_detail", args=[process.document.pk])).content.decode()
    )


def test_later_stages_refuse_the_wrong_roles(client, drafter, other_drafter, reviewer, archivist, filer):
    process = at_legality_review(client, drafter)
    lawful(client, reviewer, process)
    today = timezone.localdate()

    def refused_to(name, *users, unseen=()):
        """403 for those who see the process; 404 for those it is not disclosed to (`unseen`)."""
        task = open_task(process, name)
        for user in users + unseen:
            take(client, user, task)
            task.refresh_from_db()
            assert task.owner is None, (name, user)
            assert client.post(task_url(task), {}).status_code == (404 if user in unseen else 403), (name, user)

    # Before anything is filed with it, a filing reviewer does not see the process at all.
    refused_to("deliberate", drafter, reviewer, unseen=(filer,))
    do(client, archivist, process, "deliberate", {"meeting": "常务会议", "held_on": today.isoformat(),
       "decision": "adopted"}, take_first=True)  # fmt: skip
    refused_to("publish", drafter, reviewer, unseen=(filer,))
    do(client, archivist, process, "publish", {"promulgated": today.isoformat(),
       "effective": (today + datetime.timedelta(days=30)).isoformat()}, take_first=True)  # fmt: skip
    submit_filing = open_task(process, "submit_filing")
    for user, refused in ((other_drafter, 404), (archivist, 403), (filer, 403)):
        client.force_login(user)
        assert client.post(task_url(submit_filing), {"report": "x"}).status_code == refused
    do(client, drafter, process, "submit_filing", {"report": "报送备案。"})
    refused_to("register_filing", drafter, reviewer, archivist)
    do(client, filer, process, "register_filing", {"decision": "registered"}, take_first=True)
    refused_to("filing_review", drafter, reviewer, archivist)
    # The filing body does not revoke (立法法 art. 108: only the competent authority does, on a 处理意见).
    revoke = {"outcome": "revoked", "note": "超越职权设定义务"}
    refused = do(client, filer, process, "filing_review", revoke, take_first=True)
    assert refused.status_code == 200 and "revoked" not in dict(refused.context["form"].fields["outcome"].choices)
    document = Document.objects.get(pk=process.document.pk)
    assert document.status == "not_yet_in_force" and "撤销" not in document.status_basis
    for user in (drafter, reviewer, archivist):  # the 审查意见's later steps are the filing body's and the issuer's
        client.force_login(user)
        assert client.post(task_url(open_task(process, "filing_review")), revoke).status_code == 403


def test_returned_to_complete_its_procedure_the_draft_goes_to_public_comment(client, drafter, reviewer):
    process = at_legality_review(client, drafter)
    procedure = {**LAWFUL, "material_comment_handling": "", "conclusion": "procedure",
                 "point_procedure": "problem", "point_procedure_note": "应当公开征求意见"}  # fmt: skip
    assert do(client, reviewer, process, "legality_review", procedure, take_first=True).status_code == 302
    url = task_url(open_task(process, "complete_procedure"))
    client.force_login(drafter)
    no_reason = client.post(url, {"secret": "on", "comment_days": "30", "note": "仍不公开"})
    assert "须说明依据和理由" in no_reason.content.decode()
    assert client.post(url, {"comment_days": "30", "note": "改为公开征求意见"}).status_code == 302
    process.refresh_from_db()
    assert not process.secret and process.comment_closes > timezone.now()
    assert Task.objects.filter(process=process, flow_task=DocumentReviewFlow.comment_window,
                               status=STATUS.SCHEDULED).exists()  # fmt: skip
    assert (
        "补正程序：改为公开征求意见" in client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    )


def test_the_review_points_start_from_the_precheck_and_lawful_over_its_findings_needs_a_reason(
    client, drafter, reviewer, starter_records
):
    import json

    from filings.services import documents_import

    records = starter_records("中华人民共和国合同法", "中华人民共和国民法典")
    documents_import(lines=[json.dumps(r, ensure_ascii=False) for rs in records.values() for r in rs])
    text = (
        "某市合同示范文本管理办法\n第一条　根据《中华人民共和国合同法》，制定本办法。\n第二条　本办法自公布之日起施行。"
    )
    process = submit(client, drafter, secret="on", secret_reason="涉密", title="某市合同示范文本管理办法", text=text)
    take(client, reviewer, open_task(process, "legality_review"))
    url = task_url(open_task(process, "legality_review"))
    form = client.get(url).context["form"]
    assert form["point_content"].value() == "problem"
    assert "引用已废止的文件" in form["point_content_note"].value() and "第一条" in form["point_content_note"].value()
    # The repealed 合同法 as the only basis no longer passes as 合法 without a word.
    refused = client.post(url, {**LAWFUL, "material_comment_handling": ""})
    assert refused.status_code == 200 and "预审查提示 1 项问题" in refused.content.decode()
    assert not process.legality_reviews.exists()
    reason = "合同法虽已废止，本办法第一条将改引民法典，属文字修改，不影响合法性。"
    accepted = client.post(url, {**LAWFUL, "material_comment_handling": "", "precheck_override": reason})
    assert accepted.status_code == 302
    assert reason in process.legality_reviews.get().note


def test_a_rule_is_decided_only_by_the_governments_executive_or_plenary_meeting(client, drafter, reviewer, archivist):
    """立法法 art. 95: a 地方政府规章 is decided by the government's 常务会议 or 全体会议, not a bureau's 局务会."""
    drafter.unit.may_issue_rules = True
    drafter.unit.save()
    process = submit(client, drafter, level="local_government_rule", secret="on", secret_reason="涉密")
    do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""}, take_first=True)
    today = timezone.localdate().isoformat()
    bureau = {"meeting": "市市场监督管理局局务会", "held_on": today, "decision": "adopted"}
    response = do(client, archivist, process, "deliberate", bureau, take_first=True)
    assert "须经常务会议或全体会议决定" in str(response.context["form"].errors["meeting"])
    assert not Deliberation.objects.filter(process=process).exists()  # nothing recorded
    executive = {**bureau, "meeting": "市人民政府第12次常务会议"}
    assert do(client, archivist, process, "deliberate", executive).status_code == 302
