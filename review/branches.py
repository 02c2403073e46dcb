"""Which filing a filing task is about. The filing tasks run once per filing, in parallel branches of the
flow (a document may be filed with two bodies, 双重备案); the branch's first task carries the filing's id
(review.nodes.SplitEach), and each later task of the branch takes it from the task before it."""

from viewflow.workflow.models import Task

from .models import Filing

FILING_BRANCH = {
    "register_filing", "correct_filing", "filing_review", "explain", "report_back", "assess_report",
    "authority_decide",
}  # fmt: skip


def _filing_id(task: Task) -> int | None:
    for _ in range(100):  # a branch's loops (暂缓 → 补正 → 登记) are short; never walk forever
        data = task.data if isinstance(task.data, dict) else {}
        if data.get("filing"):
            return data["filing"]
        task = task.previous.order_by("-pk").first()
        if task is None:
            return None
    return None


def task_filing(task: Task) -> Filing | None:
    pk = _filing_id(task)
    return Filing.objects.select_related("body", "reviewer_unit").filter(pk=pk).first() if pk else None


def branch_data_inherit(task: Task) -> None:
    """A new filing task remembers its branch's filing (called as the task is created)."""
    if task.flow_task.name in FILING_BRANCH and not (isinstance(task.data, dict) and task.data.get("filing")):
        pk = _filing_id(task)
        if pk:
            task.data = {**(task.data or {}), "filing": pk}
            task.save(update_fields=["data"])
