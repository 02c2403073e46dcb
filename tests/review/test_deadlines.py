"""Working days with Chinese holidays and make-up days, entered arrangements, deadline cards, statistics."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import STATUS

from review import selectors, statistics
from review.flows import DocumentReviewFlow
from review.models import Filing, HolidayArrangement, TaskDeadline
from review.workdays import workdays_after, workdays_between

from .conftest import LAWFUL, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db


def test_national_day_and_its_make_up_days_are_counted():
    # 2026: 中秋 25 September and 国庆 1–7 October off; Sunday 20 September and Saturday 10 October worked.
    assert workdays_after(datetime.date(2026, 9, 30), 1).date == datetime.date(2026, 10, 8)
    assert workdays_after(datetime.date(2026, 9, 19), 1).date == datetime.date(2026, 9, 20)
    assert workdays_after(datetime.date(2026, 10, 9), 1).date == datetime.date(2026, 10, 10)
    # 15 working days from Wednesday 23 September 2026, across both holidays
    due = workdays_after(datetime.date(2026, 9, 23), 15)
    assert due.date == datetime.date(2026, 10, 21) and not due.estimated


def test_a_year_without_data_counts_weekends_and_says_so():
    due = workdays_after(datetime.date(2026, 12, 21), 15)
    assert due.estimated and due.unknown_years == (2027,)
    # 2026-12-31 is a Thursday; 1 January 2027 counts as a working day without an arrangement
    assert due.date == datetime.date(2027, 1, 11)


def test_an_entered_arrangement_replaces_the_estimate():
    for day in (1, 2, 3):
        HolidayArrangement.objects.create(day=datetime.date(2027, 1, day), kind="holiday", name="元旦")
    HolidayArrangement.objects.create(day=datetime.date(2027, 1, 9), kind="workday", name="元旦调休")
    due = workdays_after(datetime.date(2026, 12, 31), 5)
    assert not due.estimated
    # 4, 5, 6, 7, 8 January are Monday–Friday
    assert due.date == datetime.date(2027, 1, 8)
    assert workdays_after(datetime.date(2027, 1, 8), 1).date == datetime.date(2027, 1, 9)


def test_a_task_page_says_when_its_deadline_is_an_estimate(client, drafter, reviewer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    task = open_task(process, "legality_review")
    TaskDeadline.objects.filter(task=task).update(estimated=True)
    take(client, reviewer, task)
    page = client.get(task_url(task)).content.decode()
    assert "按周末计算" in page


def test_legality_review_is_due_in_15_working_days(client, drafter):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    deadline = open_task(process, "legality_review").deadline
    assert deadline.due == workdays_after(timezone.localdate(), 15).date
    assert "15 个工作日" in deadline.basis


def test_a_legality_review_paused_for_supplement_runs_on_from_where_it_stopped(client, drafter, reviewer):
    """115号: at least 5 and at most 15 working days from receipt of complete materials; the clock stops while
    the drafter supplements (中止) and a return does not restart it."""
    from viewflow.workflow.models import Task

    process = submit(client, drafter, secret="on", secret_reason="涉密")
    first = open_task(process, "legality_review")
    # The draft arrived 4 working days ago; the reviewer finds a material missing today.
    today = timezone.localdate()
    arrived = today - datetime.timedelta(days=1)
    while workdays_between(arrived, today) < 4:
        arrived -= datetime.timedelta(days=1)
    Task.objects.filter(pk=first.pk).update(
        created=timezone.make_aware(datetime.datetime.combine(arrived, datetime.time(9)))
    )
    take(client, reviewer, first)
    page = client.get(task_url(first)).content.decode()
    assert "不少于 5、不超过 15 个工作日" in page
    assert client.post(task_url(first), {**LAWFUL, "material_legal_bases": "", "conclusion": "supplement",
                                           "early_reason": ""}).status_code == 302  # fmt: skip
    client.force_login(drafter)
    assert "合法性审核中止" in client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    supplement = open_task(process, "supplement")
    assert "送回后接续计算（已用 4 个工作日）" in client.get(task_url(supplement)).content.decode()
    data = {"explanation": process.explanation, "legal_bases": "《中华人民共和国道路交通安全法》第八十九条",
            "procedure_note": process.procedure_note}  # fmt: skip
    assert client.post(task_url(supplement), data).status_code == 302
    # Back with the reviewer: 11 working days left, not 15 again, and 1 of the 5 still to run.
    second = open_task(process, "legality_review")
    assert second.deadline.due == workdays_after(today, 11).date
    assert "此前已用 4 个" in second.deadline.basis
    take(client, reviewer, second)
    page = client.get(task_url(second)).content.decode()
    assert "此前各轮已用 4 个工作日" in page
    refused = client.post(task_url(second), {**LAWFUL, "early_reason": ""})
    assert refused.status_code == 200
    error = refused.context["form"].errors["early_reason"][0]
    assert "原则上不少于 5 个工作日" in error and str(workdays_after(today, 1).date.day) in error
    assert client.post(task_url(second), LAWFUL).status_code == 302
    assert "提前出具意见的理由：起草单位申请加急审核。" in process.legality_reviews.get(round=2).note


def test_a_major_decisions_legality_review_has_at_least_7_working_days(client, drafter):
    from review import clock

    process = submit(client, drafter, secret="on", secret_reason="涉密", major_decision="on")
    process.refresh_from_db()
    assert clock.review_clock(process).earliest == workdays_after(timezone.localdate(), 7).date


def test_cards_turn_yellow_then_red():
    today = datetime.date(2026, 11, 23)  # a Monday
    assert selectors.deadline_card(datetime.date(2026, 12, 15), today).colour == ""
    assert selectors.deadline_card(datetime.date(2026, 11, 26), today).colour == "yellow"
    red = selectors.deadline_card(datetime.date(2026, 11, 20), today)
    assert red.colour == "red" and "已超期 3 天" in red.label
    assert workdays_between(today, datetime.date(2026, 11, 26)) == 3


def test_overdue_tasks_show_red_cards_in_the_inbox_and_on_the_dashboard(client, drafter, reviewer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    task = open_task(process, "legality_review")
    TaskDeadline.objects.filter(task=task).update(due=timezone.localdate() - datetime.timedelta(days=2))
    client.force_login(reviewer)
    queue = client.get(reverse("review:workbench"), {"tab": "queue"}).content.decode()
    assert "红牌" in queue and "已超期 2 天" in queue
    dashboard = client.get(reverse("review:dashboard")).content.decode()
    assert "已超期 2 天" in dashboard and "合法性审核" in dashboard


def test_a_task_taken_by_one_reviewer_is_refused_to_the_next_with_a_message(client, drafter, reviewer):
    from accounts.roles import Role

    from ..factories import UserFactory

    colleague = UserFactory(username="reviewer2", unit=reviewer.unit, role=Role.LEGALITY_REVIEWER)
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    task = open_task(process, "legality_review")
    assert take(client, reviewer, task).status_code == 302
    response = take(client, colleague, task)
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "该任务已由 reviewer 领取" in follow
    task.refresh_from_db()
    assert task.owner == reviewer
    assert client.post(task_url(task), LAWFUL).status_code == 403


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL (.ci/run)")
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_taking_one_task_at_once_one_gets_it(drafter, reviewer):
    from django.test import Client

    from accounts.roles import Role

    from ..factories import UserFactory

    colleague = UserFactory(username="reviewer2", unit=reviewer.unit, role=Role.LEGALITY_REVIEWER)
    process = submit(Client(), drafter, secret="on", secret_reason="涉密")
    task = open_task(process, "legality_review")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def take_it(user):
        client = Client()
        try:
            barrier.wait()
            response = take(client, user, task)
            page = client.get(response["Location"]).content.decode()
            outcomes[user.username] = "refused" if "已由" in page else "taken"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_it, args=(u,)) for u in (reviewer, colleague)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["refused", "taken"]
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
    assert outcomes[task.owner.username] == "taken"


def test_filing_statistics_count_rate_timeliness_and_conformity(unit):
    from review.models import ReviewProcess
    from tests.factories import DocumentFactory

    day = datetime.date(2026, 3, 2)

    def filing(title, submitted_days, deferred=0, status=Filing.Status.REGISTERED):
        document = DocumentFactory(title=title, promulgated=day, issuer_unit=unit)
        from tests.factories import UserFactory

        user = UserFactory()
        process = ReviewProcess.objects.create(
            flow_class=DocumentReviewFlow, document=document, drafting_unit=unit, submitter=user,
            explanation="-", legal_bases="-",
        )  # fmt: skip
        submitted = (
            timezone.make_aware(
                datetime.datetime.combine(day + datetime.timedelta(days=submitted_days), datetime.time(10))
            )
            if submitted_days is not None
            else None
        )
        return Filing.objects.create(process=process, document=document, due=day + datetime.timedelta(days=30),
                                     submitted_at=submitted, deferred_count=deferred, status=status)  # fmt: skip

    filing("甲", 10)
    filing("乙", 40)
    filing("丙", 20, deferred=1)
    filing("丁", None, status=Filing.Status.DUE)
    filing("戊", 5, status=Filing.Status.REFUSED)  # filed, but not registered: not 规范
    not_yet = filing("己", None, status=Filing.Status.DUE)  # its deadline has not passed: not due yet
    Filing.objects.filter(pk=not_yet.pk).update(due=datetime.date(2026, 12, 31))
    year = {
        "date_from": datetime.date(2026, 1, 1),
        "date_to": datetime.date(2026, 12, 31),
        "today": datetime.date(2026, 6, 1),
    }
    stats = statistics.filing_stats(**year)
    assert (stats.published, stats.filed, stats.on_time, stats.conforming) == (5, 4, 3, 2)
    # DOMAIN.md: 报备率 = filed ÷ due, 及时率 = on time ÷ due, 规范率 = registered at first submission ÷ filed.
    assert stats.filing_rate == "80.0%" and stats.timeliness == "60.0%" and stats.conformity == "50.0%"
    assert statistics.filing_stats(date_from=datetime.date(2027, 1, 1), date_to=None).filing_rate == "—"
