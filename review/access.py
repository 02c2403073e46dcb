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
from jurisdictions.selectors import reviewing_jurisdiction

from .branches import task_filing
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


# Tasks of the drafting unit's own jurisdiction: its legal office reviews, its government deliberates and
# publishes (DOMAIN.md "Jurisdictions"); a 旗县's tasks are never another 旗县's.
JURISDICTION_TASKS = {"legality_review", "deliberate", "publish"}
# Tasks of the filing body the branch's filing went to.
FILING_BODY_TASKS = {"register_filing", "filing_review", "assess_report"}


def in_jurisdiction(user: User, process: ReviewProcess, legality: bool = False) -> bool:
    """The user's unit is of the jurisdiction the draft was drafted in (units outside the tree: both None);
    for legality review, of the jurisdiction whose legal office reviews it (a 乡镇's: the 旗县's)."""
    if user.unit_id is None:
        return False
    drafted_in = process.drafting_unit.jurisdiction
    if legality and drafted_in is not None:
        reviewing = reviewing_jurisdiction(drafted_in)
        return reviewing is not None and user.unit.jurisdiction_id == reviewing.pk
    return user.unit.jurisdiction_id == process.drafting_unit.jurisdiction_id


def reviews_filing(user: User, filing) -> bool:
    """The filing was sent to the user's unit for review (or it predates routing: any filing reviewer)."""
    return filing is not None and (filing.unrouted or (user.unit_id and filing.reviewer_unit_id == user.unit_id))


def may_act(user: User, task: Task) -> bool:
    """The user's role and unit fit the task (ownership is checked separately, by viewflow)."""
    if not user.is_authenticated or not user.is_active:
        return False
    process = ReviewProcess.objects.select_related("drafting_unit").get(pk=task.process_id)
    name = task.flow_task.name
    if name in DRAFTER_TASKS:
        return user.unit_id == process.drafting_unit_id and user.has_role(Role.DRAFTER)
    if name == "expert_opinion":
        opinion = task.data.get("opinion") if isinstance(task.data, dict) else None
        return process.expert_opinions.filter(pk=opinion, expert__user=user, expert__active=True).exists()
    if not task.owner_permission or not user.has_perm(task.owner_permission):
        return False
    if name in JURISDICTION_TASKS:
        return in_jurisdiction(user, process, legality=name == "legality_review")
    if name in FILING_BODY_TASKS:
        return reviews_filing(user, task_filing(task))
    if name == "authority_decide":
        return decides_for_body(user, task_filing(task))
    return True


def decides_for_body(user: User, filing) -> bool:
    """The competent authority is the body the document was filed with (a government, a 人大常委会): its own
    staff decide, not the office that reviewed the filing; an unrouted filing's, administrators."""
    if filing is None:
        return False
    if filing.body_id is None:
        return user.is_superuser or user.has_role(Role.ADMINISTRATOR)
    return user.unit_id == filing.body_id


def check_may_act(user: User, task: Task) -> None:
    if not may_act(user, task):
        raise PermissionDenied("您不能办理这项任务：它不属于您的单位或岗位。")


def may_record_external(user: User, process: ReviewProcess) -> bool:
    """The outcome a body outside the platform sends back is entered by the drafting unit or an administrator."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return True
    return user.unit_id == process.drafting_unit_id and user.has_role(Role.DRAFTER)
