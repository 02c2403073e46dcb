import datetime

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.roles import Role
from review.flows import DocumentReviewFlow
from review.models import Expert, ReviewProcess
from review.workdays import workdays_after
from tests.factories import UnitFactory, UserFactory

DRAFT_TEXT = (
    "某市电动自行车停放管理办法\n"
    "第一条　为了规范电动自行车停放，根据《中华人民共和国道路交通安全法》，制定本办法。\n"
    "第二条　电动自行车应当在划定的停放区域内停放。\n"
    "第三条　本办法自公布之日起30日后施行。"
)

SUBMISSION = {
    "title": "某市电动自行车停放管理办法",
    "text": DRAFT_TEXT,
    "level": "normative_document",
    "explanation": "为规范停放秩序，起草本办法。",
    "legal_bases": "《中华人民共和国道路交通安全法》",
    "procedure_note": "已开展调研。",
    "comment_days": "30",
    "interpretation": "一、制定背景：规范停放秩序。二、主要内容：划定停放区域。",
}


@pytest.fixture
def filer():
    return UserFactory(username="filer", unit=UnitFactory(name="省司法厅备案审查处"), role=Role.FILING_REVIEWER)


@pytest.fixture
def expert_user():
    user = UserFactory(username="expert", unit=UnitFactory(name="市法学会专家库"), role=Role.EXPERT)
    Expert.objects.create(user=user, field="行政法", employer=user.unit)
    return user


@pytest.fixture
def expert_user2():
    user = UserFactory(username="expert2", unit=UnitFactory(name="某大学法学院"), role=Role.EXPERT)
    Expert.objects.create(user=user, field="交通管理", employer=user.unit)
    return user


def submit(client, user, **overrides):
    """Submit a draft through the start page as `user`; returns the new process."""
    client.force_login(user)
    before = set(ReviewProcess.objects.values_list("pk", flat=True))
    response = client.post(DocumentReviewFlow.start.reverse("execute"), {**SUBMISSION, **overrides})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ReviewProcess.objects.exclude(pk__in=before).get()


def open_task(process, name: str, owner=None) -> Task:
    tasks = Task.objects.filter(
        process=process, flow_task=getattr(DocumentReviewFlow, name), status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    return tasks.get(owner=owner) if owner is not None else tasks.get()


def task_url(task: Task, action: str = "execute") -> str:
    return task.flow_task.reverse(action, args=[task.process_id, task.pk])


def take(client, user, task):
    client.force_login(user)
    from django.urls import reverse

    return client.post(reverse("review:task_take", args=[task.pk]))


def do(client, user, process, name: str, data: dict, take_first: bool = False):
    task = open_task(process, name, owner=user if name == "expert_opinion" else None)
    if take_first:
        take(client, user, task)
    client.force_login(user)
    return client.post(task_url(task), data)


def close_comment_window(process):
    """Let the comment window run out and fire the timer, as the dispatcher would."""
    from viewflow.workflow.timers import fire_due_timers

    ReviewProcess.objects.filter(pk=process.pk).update(comment_closes=timezone.now() - datetime.timedelta(seconds=1))
    Task.objects.filter(process=process, flow_task_type="TIMER", status=STATUS.SCHEDULED).update(
        scheduled=timezone.now() - datetime.timedelta(seconds=1)
    )
    return fire_due_timers()


LAWFUL = {
    **{f"material_{k}": "on" for k in ["draft", "legal_bases", "procedure", "comment_handling", "expert_opinions"]},
    **{f"point_{k}": "ok" for k in ["subject", "power", "content", "no_new_powers", "no_new_duties", "no_expansion",
                                     "procedure"]},
    "conclusion": "lawful",
    # Every test concludes on the day the draft arrives, before the 5 working days of 115号.
    "early_reason": "起草单位申请加急审核。",
}  # fmt: skip


def review_due(days: int) -> datetime.date:
    return workdays_after(timezone.localdate(), days).date


def through_filing(client, drafter, reviewer, archivist):
    reviewer.unit.office_code = "市司"
    reviewer.unit.issuer_name = "某市司法局"
    reviewer.unit.save()
    process = submit(client, drafter, secret="on", secret_reason="涉及国家秘密")
    points = {**LAWFUL, "point_procedure": "problem", "point_procedure_note": "未公开征求意见，已说明理由。",
              "conclusion": "amend", "amendments": "第二条补充停放区域的划定机关。"}  # fmt: skip
    do(client, reviewer, process, "legality_review", points, take_first=True)
    revised = process.document.text.replace("停放区域内停放。", "由市城市管理部门划定的停放区域内停放。")
    do(client, drafter, process, "amend", {"title": process.document.title, "text": revised, "note": "已改"})
    do(client, reviewer, process, "legality_review", LAWFUL, take_first=True)
    today = timezone.localdate()
    meeting = {"meeting": "市政府第5次常务会议", "held_on": today.isoformat(), "decision": "adopted",
               "dissent": "一名委员建议延长过渡期。"}  # fmt: skip
    do(client, archivist, process, "deliberate", meeting, take_first=True)
    publication = {"promulgated": today.isoformat(), "effective": (today + datetime.timedelta(days=30)).isoformat()}
    do(client, archivist, process, "publish", publication, take_first=True)
    assert do(client, drafter, process, "submit_filing", {"report": "现报送备案。"}).status_code == 302
    process.refresh_from_db()
    return process
