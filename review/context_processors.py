"""The header's task badge: the signed-in user's open tasks and those waiting in its queues."""

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS


def task_badge(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    tasks = Task.objects.filter(process__flow_class__endswith="DocumentReviewFlow", flow_task_type="HUMAN")
    mine = tasks.filter(owner=user, status=STATUS.ASSIGNED).count()
    # A queued task may be taken by any holder of its permission (review.access.may_act).
    queued = tasks.filter(status=STATUS.NEW, owner__isnull=True, owner_permission__in=user.get_all_permissions())
    return {"task_badge": mine + queued.count()}
