"""Notifications: a task arriving or coming back, a comment window closing, yellow and red cards, in the app
(badge, list, mark as read) and by e-mail (each, a daily digest, or none)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, Preference
from notifications.services import digests_send
from review import notices
from review.models import TaskDeadline

from .conftest import LAWFUL, close_comment_window, do, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_email(drafter, reviewer):
    for user, address in ((drafter, "drafter@example.gov.cn"), (reviewer, "reviewer@example.gov.cn")):
        user.email = address
        user.save()


def test_a_task_entering_the_queue_is_announced_to_its_holders_in_the_app_and_by_mail(
    client, drafter, reviewer, other_drafter, with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        process = submit(client, drafter, secret="on", secret_reason="涉密")
    notice = Notification.objects.get(user=reviewer)
    assert notice.kind == Notification.Kind.TASK and "待领取" in notice.text and process.document.title in notice.text
    assert not Notification.objects.filter(user=other_drafter).exists()
    assert [m.to for m in mail.outbox] == [["reviewer@example.gov.cn"]]
    assert "合法性审核" in mail.outbox[0].body and notice.url in mail.outbox[0].body
    client.force_login(reviewer)
    page = client.get(reverse("notifications:list")).content.decode()
    assert '通知 <span class="count" title="未读通知">1</span>' in page
    opened = client.post(reverse("notifications:open", args=[notice.pk]))
    assert opened["Location"] == notice.url
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'title="未读通知"' not in client.get(reverse("notifications:list")).content.decode()


def test_a_return_and_a_closed_comment_window_reach_the_drafter(
    client, drafter, reviewer, django_capture_on_commit_callbacks
):
    process = submit(client, drafter)
    close_comment_window(process)
    assert Notification.objects.get(user=drafter, kind=Notification.Kind.COMMENTS_CLOSED)
    secret = submit(client, drafter, secret="on", secret_reason="涉密")
    incomplete = {**LAWFUL, "material_comment_handling": "", "material_procedure": "", "conclusion": "supplement"}
    do(client, reviewer, secret, "legality_review", incomplete, take_first=True)
    returned = Notification.objects.get(user=drafter, kind=Notification.Kind.RETURNED)
    assert "补充材料" in returned.text and returned.url == task_url(open_task(secret, "supplement"))


def test_yellow_and_red_cards_are_announced_once_each(client, drafter, reviewer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    task = open_task(process, "legality_review")
    take(client, reviewer, task)
    today = timezone.localdate()
    TaskDeadline.objects.filter(task=task).update(due=today + datetime.timedelta(days=1))
    notices.deadline_cards_notify(today=today)
    notices.deadline_cards_notify(today=today)  # the next sweep: nothing new
    assert Notification.objects.filter(user=reviewer, kind=Notification.Kind.YELLOW).count() == 1
    TaskDeadline.objects.filter(task=task).update(due=today - datetime.timedelta(days=2))
    notices.deadline_cards_notify(today=today)
    red = Notification.objects.get(user=reviewer, kind=Notification.Kind.RED)
    assert "已超期 2 天" in red.text


def test_a_daily_digest_instead_of_each_mail_and_none_when_turned_off(
    client, drafter, reviewer, with_email, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    client.post(reverse("notifications:preference"), {"email": "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, drafter, secret="on", secret_reason="涉密")
        submit(client, drafter, secret="on", secret_reason="涉密")
    assert mail.outbox == []
    assert digests_send() == 1 and digests_send() == 0  # once a day
    assert "通知汇总（2 条）" in mail.outbox[0].subject
    mail.outbox.clear()
    client.force_login(reviewer)
    client.post(reverse("notifications:preference"), {"email": "none"})
    assert Preference.objects.get(user=reviewer).email == "none"
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, drafter, secret="on", secret_reason="涉密")
    assert mail.outbox == [] and Notification.objects.filter(user=reviewer).count() == 3


def test_notices_are_private(client, drafter, reviewer):
    submit(client, drafter, secret="on", secret_reason="涉密")
    notice = Notification.objects.get(user=reviewer)
    client.force_login(drafter)
    client.post(reverse("notifications:open", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_at is None
    assert notice.text not in client.get(reverse("notifications:list")).content.decode()
    client.logout()
    assert client.get(reverse("notifications:list")).status_code == 302


def test_a_unit_with_cleanup_decisions_pending_is_told_as_the_due_date_passes(drafter, other_drafter):
    from cleanup.models import Campaign, Item, Outcome
    from tests.factories import DocumentFactory, UserFactory

    admin = UserFactory(username="root", is_superuser=True)
    today = timezone.localdate()
    campaign = Campaign.objects.create(title="定期清理", kind=Campaign.Kind.PERIODIC, started_by=admin,
                                       due=today - datetime.timedelta(days=1))  # fmt: skip
    doc = DocumentFactory(title="待清理的文件")
    Item.objects.create(campaign=campaign, document=doc, title=doc.title, unit=drafter.unit, suggested=Outcome.KEEP)
    assert notices.cleanup_cards_notify(today=today) == 1
    notice = Notification.objects.get(user=drafter)
    assert notice.kind == Notification.Kind.RED and "定期清理" in notice.text
    assert not Notification.objects.filter(user=other_drafter).exists()
    assert notices.cleanup_cards_notify(today=today) == 0
