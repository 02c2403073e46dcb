"""A filing body's actions on a filing done without its task page (the API): the same task of the flow,
taken and executed under the same process lock, with the same checks of role, unit and step."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from viewflow.workflow.status import STATUS

from accounts.models import User

from . import access, selectors, services
from .models import Filing

REFUSED = "您不能办理这项备案：它不是报送给您单位的，或您不是备案审查人员。"
STEP_NAMES = {"register_filing": "备案登记", "filing_review": "备案审查"}


class StepConflict(ValidationError):
    """The filing is not at this step, or someone else has taken its task."""


def filing_task_run(*, actor: User, filing: Filing, node_name: str, perform: Callable[[], None]) -> Filing:
    tasks = selectors.open_filing_tasks(filing, node_name)
    if not tasks:
        raise StepConflict(f"该备案当前不在“{STEP_NAMES[node_name]}”这一步（状态：{filing.get_status_display()}）。")
    task = tasks[0]
    if not access.may_act(actor, task):
        raise PermissionDenied(REFUSED)
    with task.activation() as activation:  # the process lock; refreshes the task
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            raise StepConflict("该任务已处理或已关闭。")
        if task.owner_id and task.owner_id != actor.pk:
            raise StepConflict(f"该任务已由 {task.owner.get_full_name() or task.owner.username} 领取。")
        with transaction.atomic():
            if task.status == STATUS.NEW:
                if not task.flow_task.can_assign(actor, task):
                    raise PermissionDenied(REFUSED)
                activation.assign(actor)
                services.task_taken(task=task, actor=actor)
            activation.start(None)
            perform()
            activation.execute()
    filing.refresh_from_db()
    return filing
