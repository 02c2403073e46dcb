"""A major decision and market measure (DOMAIN.md stages 3 and 5): hearing with materials 7 days before, risk
assessment, the legal adviser's opinion, how each expert opinion was used, the fair-competition review that
gates deliberation, the 政策解读; the head decides last, with reasons against the majority; 修改后通过 adopts a
changed text, and that text is what is published, with its interpretation."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from decisions.models import FairCompetitionReview
from review.models import Deliberation, TextSnapshot

from .conftest import LAWFUL, do, open_task, submit, take, task_url
from .test_materials import PDF

pytestmark = pytest.mark.django_db


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def record(client, process, kind: str, data: dict):
    return client.post(reverse("decisions:record_add", args=[process.pk, kind]), data)


def field_error(response, field: str) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["forms"][response.context["bound_kind"]].errors[field])


def at_deliberation(client, drafter, reviewer, expert_user):
    process = submit(client, drafter, secret="on", secret_reason="涉密", major_decision="on", touches_market="on",
                     hearing_planned="on", title="某市公共停车场收费管理办法")  # fmt: skip
    do(client, drafter, process, "pick_experts", {"experts": [expert_user.expert.pk]})
    do(client, expert_user, process, "expert_opinion", {"opinion": "建议夜间收费减半。", "signature": "陈教授"})
    assert do(client, reviewer, process, "legality_review", LAWFUL, take_first=True).status_code == 302
    return process


def test_a_major_decision_records_every_step_before_the_head_decides(
    client, drafter, other_drafter, reviewer, archivist, expert_user
):
    process = at_deliberation(client, drafter, reviewer, expert_user)
    today = timezone.localdate()
    meeting = {"meeting": "市政府第8次常务会议", "held_on": today.isoformat(), "decision": "adopted",
               "head": "市长　王明", "head_spoke_last": "on", "majority": "agree"}  # fmt: skip
    task = open_task(process, "deliberate")
    take(client, archivist, task)
    page = client.get(task_url(task)).content.decode()
    assert "集体审议前尚缺" in page and "公平竞争审查" in page
    refused = client.post(task_url(task), meeting)
    message = " ".join(refused.context["form"].non_field_errors())
    for gap in ("听证", "风险评估", "法律顾问或公职律师", "专家论证意见的采纳情况", "公平竞争审查"):
        assert gap in message
    assert not Deliberation.objects.filter(process=process).exists()

    # Who records: the drafting unit only (another unit: not disclosed; the reviewer: refused).
    records = reverse("decisions:records", args=[process.pk])
    client.force_login(other_drafter)
    assert client.get(records).status_code == 404
    client.force_login(reviewer)
    assert client.get(records).status_code == 200
    assert record(client, process, "legal", {}).status_code == 403
    client.force_login(drafter)
    held = today - datetime.timedelta(days=2)
    hearing = {"announced_on": (held - datetime.timedelta(days=20)).isoformat(),
               "materials_sent_on": (held - datetime.timedelta(days=5)).isoformat(), "held_on": held.isoformat(),
               "participants": "市民代表12人，经营者代表5人",
               "opinions_handling": "夜间收费减半的意见予以采纳。"}  # fmt: skip
    late = record(client, process, "hearing", {**hearing, "minutes": pdf("听证笔录.pdf")})
    assert "7 日前送达参加人" in field_error(late, "materials_sent_on")
    assert not process.materials.filter(kind="hearing_minutes").exists()  # nothing half-stored
    hearing["materials_sent_on"] = (held - datetime.timedelta(days=8)).isoformat()
    assert record(client, process, "hearing", {**hearing, "minutes": pdf("听证笔录.pdf")}).status_code == 302
    risk = {"level": "medium", "measures": "设置过渡期，公布投诉渠道。", "report": pdf("风险评估报告.pdf")}
    assert record(client, process, "risk", risk).status_code == 302
    legal = {"capacity": "adviser", "adviser": "李律师（某律师事务所）", "given_on": today.isoformat(),
             "opinion": "收费标准应经价格主管部门核定。"}  # fmt: skip
    assert record(client, process, "legal", legal).status_code == 302
    fair = {"reviewed_on": today.isoformat(), "standard_market_entry": "ok", "standard_free_flow": "problem",
            "standard_free_flow_note": "第五条要求经营者在本市设立分支机构", "standard_costs": "ok",
            "standard_conduct": "ok", "conclusion": "compliant", "reasons": "符合。"}  # fmt: skip
    assert "结论不能为“符合”" in field_error(record(client, process, "fair", fair), "conclusion")
    assert record(client, process, "fair", {**fair, "conclusion": "noncompliant"}).status_code == 302
    page = client.get(records).content.decode()
    assert "公平竞争审查结论为不符合" in page
    fair.update(standard_free_flow="ok", standard_free_flow_note="", reasons="已删除第五条，符合审查标准。")
    assert record(client, process, "fair", fair).status_code == 302
    assert FairCompetitionReview.objects.filter(process=process).count() == 2  # both on file
    opinion = process.expert_opinions.get()
    use = {"opinion": opinion.pk, "handling": "adopted", "reason": "已在第三条规定夜间收费减半。"}
    assert record(client, process, "expert_use", use).status_code == 302
    assert "所需程序均已记录" in client.get(records).content.decode()

    # The head decides last; against the majority only with reasons; 修改后通过 changes the text here.
    client.force_login(archivist)
    page = client.get(task_url(task)).content.decode()
    assert "所需程序均已记录" in page and "夜间收费减半的意见予以采纳" in page
    no_head = client.post(task_url(task), {**meeting, "head": ""})
    assert "请填写作出决定的行政首长" in no_head.context["form"].errors["head"][0]
    against = client.post(task_url(task), {**meeting, "majority": "disagree"})
    assert "应当说明理由" in against.context["form"].errors["against_majority_reason"][0]
    changed = {**meeting, "decision": "changed", "changes": "第二条增加“新能源汽车首小时免费”。"}
    unchanged = client.post(task_url(task), {**changed, "text": process.document.text})
    assert "请在此按会议意见修改文本" in unchanged.context["form"].errors["text"][0]
    adopted_text = process.document.text.replace("停放。", "停放。新能源汽车首小时免费。")
    assert client.post(task_url(task), {**changed, "text": adopted_text}).status_code == 302
    process.refresh_from_db()
    assert process.deliberation.head == "市长　王明" and process.deliberation.head_spoke_last
    adopted = process.snapshots.get(stage=TextSnapshot.Stage.ADOPTED)
    assert "新能源汽车首小时免费" in adopted.text
    client.force_login(drafter)
    assert record(client, process, "legal", legal).status_code == 403  # what the meeting approved stays

    publication = {"promulgated": today.isoformat(), "effective": (today + datetime.timedelta(days=30)).isoformat()}
    assert do(client, archivist, process, "publish", publication, take_first=True).status_code == 302
    process.refresh_from_db()
    assert process.document.text == adopted.text
    client.logout()
    gazette = client.get(reverse("gazette_document", args=[process.document.pk])).content.decode()
    assert "新能源汽车首小时免费" in gazette and "政策解读" in gazette and "划定停放区域" in gazette


def test_a_normative_document_goes_to_deliberation_only_with_its_interpretation(client, drafter, reviewer, archivist):
    process = submit(client, drafter, secret="on", secret_reason="涉密", interpretation="")
    assert do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""},
              take_first=True).status_code == 302  # fmt: skip
    meeting = {"meeting": "市政府常务会议", "held_on": timezone.localdate().isoformat(), "decision": "adopted"}
    refused = do(client, archivist, process, "deliberate", meeting, take_first=True)
    assert "政策解读" in " ".join(refused.context["form"].non_field_errors())
    client.force_login(drafter)
    assert record(client, process, "interpretation", {"text": "一、制定背景……"}).status_code == 302
    assert do(client, archivist, process, "deliberate", meeting).status_code == 302


def test_a_draft_that_restricts_competition_owes_the_review_even_unflagged(client, drafter, reviewer, archivist):
    """The checks' fair-competition findings sit beside the review, and a draft they flag goes to deliberation
    only after a fair-competition review, whether or not the drafter ticked 涉及经营者经济活动."""
    text = (
        "某市建筑市场管理办法\n第一条　为了规范建筑市场，制定本办法。\n"
        "第二条　外地企业在本市承揽工程的，应当在本市设立分支机构。"
    )
    process = submit(client, drafter, secret="on", secret_reason="涉密", title="某市建筑市场管理办法", text=text)
    assert not process.touches_market
    records = reverse("decisions:records", args=[process.pk])
    client.force_login(drafter)
    page = client.get(records).content.decode()
    assert "自动检查发现草案可能排除、限制竞争" in page and "要求在本地设立分支机构或登记注册" in page
    task = open_task(process, "legality_review")
    take(client, reviewer, task)
    assert "排除、限制竞争（公平竞争审查）" in client.get(task_url(task)).content.decode()  # in the pre-check
    override = {**LAWFUL, "material_comment_handling": "", "point_content": "ok",
                "precheck_override": "第二条将在审议前删除。"}  # fmt: skip
    assert client.post(task_url(task), override).status_code == 302
    meeting = {"meeting": "市政府常务会议", "held_on": timezone.localdate().isoformat(), "decision": "adopted"}
    refused = do(client, archivist, process, "deliberate", meeting, take_first=True)
    assert "公平竞争审查" in " ".join(refused.context["form"].non_field_errors())
