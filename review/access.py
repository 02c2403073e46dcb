"""Who may act on a review task: one rule, used by the task pages, taking a task and the process page.

viewflow's own check is only "the user owns the task" (and, to take one, "holds its permission"); it
never asks whether the task in the URL is of the node and the process in the URL, nor whether the
user still belongs to the unit the task is for. These do.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from viewflow.workflow.models import Task

from accounts.models import User
from accounts.roles import Role

from .models import ReviewProcess

# Tasks that belong to the drafting unit (assigned to its submitter).
DRAFTER_TASKS = {
    "handle_comments", "pick_experts", "supplement", "amend", "complete_procedure", "submit_filing",
    "correct_filing", "explain", "report_back",
}  # fmt: skip


def task_for_url(*, node, process_pk: int, task_pk: int) -> Task:
    """The task a task URL names, only if it is of that node and that process (else 404)."""
    task = (
        Task.objects.filter(pk=task_pk, process_id=process_pk, flow_task=node)
        .select_related("process", "owner")
        .first()
    )
    if task is None:
        raise Http404("没有这项任务。")
    return task


def may_act(user: User, task: Task) -> bool:
    """The user's role and unit fit the task (ownership is checked separately, by viewflow)."""
    if not user.is_authenticated or not user.is_active:
        return False
    process = ReviewProcess.objects.only("drafting_unit_id").get(pk=task.process_id)
    name = task.flow_task.name
    if name in DRAFTER_TASKS:
        return user.unit_id == process.drafting_unit_id and user.has_role(Role.DRAFTER)
    if name == "expert_opinion":
        opinion = task.data.get("opinion") if isinstance(task.data, dict) else None
        return process.expert_opinions.filter(pk=opinion, expert__user=user, expert__active=True).exists()
    if task.owner_permission:
        return user.has_perm(task.owner_permission)
    return False


def check_may_act(user: User, task: Task) -> None:
    if not may_act(user, task):
        raise PermissionDenied("您不能办理这项任务：它不属于您的单位或岗位。")
