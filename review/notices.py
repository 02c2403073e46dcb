"""What the review workflow tells whom (notifications app): a task arriving or coming back, a comment
window closing, a deadline card turning yellow or red (tasks, filings due, cleanup decisions)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task

from accounts.models import User
from filings.text import cn_date
from notifications.models import Notification
from notifications.services import notify

from .access import may_act
from .models import ReviewProcess
from .selectors import OPEN_TASK, counts_in_workdays, deadline_card, task_url

RETURNS = {"supplement", "amend", "complete_procedure", "correct_filing", "explain", "report_back"}


def holders_of(permission: str):
    """Active users who hold a permission through a role (superusers are not paged for every queue)."""
    app_label, codename = permission.split(".", 1)
    perm = Q(permissions__codename=codename, permissions__content_type__app_label=app_label)
    from django.contrib.auth.models import Group

    groups = Group.objects.filter(perm)
    direct = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    return User.objects.filter(Q(groups__in=groups) | direct, is_active=True).distinct()


def _recipients(task: Task):
    if task.owner_id:
        return [task.owner]
    if task.owner_permission:
        # Only those who may take it: the jurisdiction's office, or the filing body's (review.access).
        return [user for user in holders_of(task.owner_permission) if may_act(user, task)]
    return []


def task_arrived(*, task: Task, process: ReviewProcess) -> None:
    """A new task: for its owner, or for everyone whose queue it enters."""
    name = task.flow_task.name
    title = f"《{process.document.title}》：{task.flow_task.task_title}"
    if name == "handle_comments":
        kind, text = Notification.Kind.COMMENTS_CLOSED, f"征求意见期已结束，请处理公众意见。{title}"
    elif name in RETURNS:
        kind, text = Notification.Kind.RETURNED, f"退回您处理：{title}"
    else:
        queued = "（待领取）" if not task.owner_id else ""
        kind, text = Notification.Kind.TASK, f"新任务{queued}：{title}"
    notify(users=_recipients(task), kind=kind, text=text, url=task_url(task), key=f"task:{task.pk}")


def deadline_cards_notify(*, today=None) -> int:
    """Tell each open task's owner (or queue) once when its card turns yellow, and once when it turns red."""
    today = today or timezone.localdate()
    told = 0
    tasks = Task.objects.filter(
        process__flow_class__endswith="DocumentReviewFlow", status__in=OPEN_TASK, flow_task_type="HUMAN",
        deadline__isnull=False,
    ).select_related("deadline", "owner")  # fmt: skip
    carded = [(t, deadline_card(t.deadline.due, today, counts_in_workdays(t.deadline.basis))) for t in tasks]
    carded = [(task, card) for task, card in carded if card.colour]
    titles = dict(
        ReviewProcess.objects.filter(pk__in={t.process_id for t, _ in carded}).values_list("pk", "document__title")
    )
    for task, card in carded:
        kind = Notification.Kind.RED if card.colour == "red" else Notification.Kind.YELLOW
        what = f"《{titles[task.process_id]}》：{task.flow_task.task_title}"
        text = f"{what}，期限 {cn_date(task.deadline.due)}，{card.label}"
        told += len(notify(users=_recipients(task), kind=kind, text=text, url=task_url(task),
                           key=f"{card.colour}:{task.pk}"))  # fmt: skip
    return told


def cleanup_cards_notify(*, today=None) -> int:
    """Units with documents still undecided in an open cleanup campaign: yellow near the due date, red after."""
    from cleanup.models import Campaign, Item

    today = today or timezone.localdate()
    told = 0
    for campaign in Campaign.objects.filter(state=Campaign.State.OPEN):
        card = deadline_card(campaign.due, today, workdays=False)
        if not card.colour:
            continue
        # Each issuer decides its own; documents of issuers outside the platform are only listed.
        waiting = Item.objects.filter(campaign=campaign, outcome="", unit__isnull=False)
        units = set(waiting.values_list("unit_id", flat=True))
        users = set(holders_of("cleanup.decide_item").filter(unit_id__in=units))
        users |= set(holders_of("cleanup.decide_any").filter(unit_id__in=units))
        kind = Notification.Kind.RED if card.colour == "red" else Notification.Kind.YELLOW
        text = f"文件清理“{campaign}”尚有文件待决定，期限 {cn_date(campaign.due)}，{card.label}"
        url = reverse("cleanup:campaign_detail", args=[campaign.pk]) + "?state=undecided"
        told += len(notify(users=users, kind=kind, text=text, url=url, key=f"cleanup-{card.colour}:{campaign.pk}"))
    return told
