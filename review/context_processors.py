"""The header's task badge: the signed-in user's open tasks and those waiting in its queues."""

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from .access import may_act


def task_badge(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted once per request: a page's panels are rendered with the request too, which runs this again.
    if not hasattr(request, "task_badge"):
        request.task_badge = _count(user)
    return {"task_badge": request.task_badge}


def _count(user) -> int:
    tasks = Task.objects.filter(process__flow_class__endswith="DocumentReviewFlow", flow_task_type="HUMAN")
    mine = tasks.filter(owner=user, status=STATUS.ASSIGNED).count()
    # A queued task counts for those who may take it: its permission, and the jurisdiction or filing body
    # review.access.may_act asks for (few tasks wait in queues: checked one by one).
    queued = tasks.filter(status=STATUS.NEW, owner__isnull=True, owner_permission__in=user.get_all_permissions())
    return mine + sum(1 for task in queued.select_related("process") if may_act(user, task))
