"""Lists and the process page: the 工作台, the processes, one process with its chart, texts and documents,
the 看板."""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from viewflow.workflow import chart
from viewflow.workflow.status import STATUS

from accounts.roles import Role
from cleanup import selectors as cleanup_selectors
from filings.compare import comparison
from filings.docx_io import comparison_docx, docx_write
from filings.text import cn_datetime
from filings.views import docx_response
from followups import selectors as followup_selectors
from review_requests import selectors as request_selectors

from . import access, clock, docx_out, forms, materials, selectors, statistics
from .models import Filing, ReviewProcess, SweepStatus


def review_flow():
    from .flows import DocumentReviewFlow  # the flow imports the task views

    return DocumentReviewFlow


@login_required
def workbench(request):
    """viewflow's inbox, queue and archive for this user, with deadline cards."""
    tab = request.GET.get("tab", "inbox")
    inbox, queue = selectors.tasks_inbox(request.user), selectors.tasks_queue(request.user)
    if tab == "archive":
        tasks = selectors.tasks_archive(request.user)
    else:
        tab = tab if tab == "queue" else "inbox"
        tasks = queue if tab == "queue" else inbox
    flow_class = review_flow()
    return render(
        request,
        "review/workbench.html",
        {
            "tab": tab,
            "tasks": tasks,
            "queue": queue if tab == "inbox" else [],
            "counts": {"inbox": len(inbox), "queue": len(queue)},
            "can_submit": flow_class.start.can_execute(request.user),
            "expiring": _expiring_for(request.user),
            "cleanup": [
                (campaign, count, selectors.deadline_card(campaign.due, workdays=False))
                for campaign, count in cleanup_selectors.open_items_for(request.user)
            ],
            "followups": followup_selectors.open_count(request.user),
        },
    )


def _expiring_for(user):
    from filings.selectors import documents_expiring

    return documents_expiring(user, today=timezone.localdate(), months=settings.EXPIRY_ALERT_MONTHS)[:10]


@login_required
def process_list(request):
    processes = selectors.processes_visible_to(request.user).order_by("-created")
    page = Paginator(processes, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    for process in page:
        process.stage = selectors.process_stage(process)
    return render(request, "review/process_list.html", {"page": page})


def visible_process(request, pk: int) -> ReviewProcess:
    # Another unit's process is a 404: its existence is not disclosed.
    return get_object_or_404(selectors.processes_visible_to(request.user), pk=pk)


_VIEWBOX = re.compile(r'width="100%" height="100%" viewBox="0 0 (\d+) (\d+)"')


def readable_chart(svg: str) -> str:
    """viewflow's chart drawn at 80% of its own size (it was shrunk to the card: labels about 5 px), labels at
    15 px (12 px on screen, and the longest still fits its box), the gateways' branches in Chinese; the card
    scrolls sideways. The current node is viewflow's highlighted one."""

    def size(m) -> str:
        return f'width="{int(m[1]) * 4 // 5}" height="{int(m[2]) * 4 // 5}" viewBox="0 0 {m[1]} {m[2]}"'

    svg = _VIEWBOX.sub(size, svg, count=1)
    svg = svg.replace('font-size="12px"', 'font-size="15px"')
    return re.sub(r">(\s*)(yes|no)(\s*)<", lambda m: f">{m[1]}{'是' if m[2] == 'yes' else '否'}{m[3]}<", svg)


@login_required
def process_detail(request, pk: int):
    process = visible_process(request, pk)
    flow = review_flow()
    grid = chart.calc_layout_data(flow)
    chart.calc_cell_status(flow, grid, process.pk)
    tasks = selectors.process_tasks(process)
    for task in tasks:
        task.url = (
            selectors.task_url(task)
            if task.status in (STATUS.NEW, STATUS.ASSIGNED) and task.flow_task_type == "HUMAN"
            else ""
        )
        task.can_take = (
            task.status == STATUS.NEW
            and task.flow_task_type == "HUMAN"
            and task.flow_task.can_assign(request.user, task)
            and access.may_act(request.user, task)
        )
        task.can_do = task.status == STATUS.ASSIGNED and task.owner_id == request.user.pk
    return render(
        request,
        "review/process_detail.html",
        {
            "process": process,
            "document": process.document,
            "stage": selectors.process_stage(process),
            "tasks": tasks,
            "events": process.events.select_related("actor"),
            "chart_svg": readable_chart(chart.grid_to_svg(grid)),
            "comment_groups": process.comment_groups.all(),
            "expert_opinions": process.expert_opinions.select_related("expert__user", "expert__employer"),
            "reviews": process.legality_reviews.select_related("reviewer").prefetch_related("findings__higher_law"),
            "deliberation": getattr(process, "deliberation", None),
            "filings": list(process.filings.select_related("body")),
            "may_record_external": access.may_record_external(request.user, process),
            "outcome_choices": Filing.Outcome.choices,
            "materials": process.materials.select_related("uploaded_by"),
            "may_add_material": materials.may_add(request.user, process),
            "review_paused": clock.paused(process),
        },
    )


@login_required
def process_draft(request, pk: int):
    """The draft's full text for everyone the process is visible to (the reviewer, the experts, …), who
    cannot open an unpublished draft in the register."""
    process = visible_process(request, pk)
    document = process.document
    return render(
        request,
        "review/process_draft.html",
        {"process": process, "document": document, "articles": document.articles.all(),
         "stage": selectors.process_stage(process)},
    )  # fmt: skip


@login_required
def process_draft_docx(request, pk: int):
    process = visible_process(request, pk)
    document = process.document
    return docx_response(docx_write(document, list(document.articles.all())), f"草案-{document.title}")


CURRENT = "current"


@login_required
def process_compare(request, pk: int):
    """修改对照表 between any two texts the process passed through (its snapshots, and the text as it is
    now); by default the first kept text against the current one."""
    process = visible_process(request, pk)
    document = process.document
    texts = {str(s.pk): (f"{s.label} {cn_datetime(s.taken_at)}", s.text)
             for s in process.snapshots.all()}  # fmt: skip
    texts[CURRENT] = ("现行文本" if not document.is_draft else "当前草案", document.text)
    keys = list(texts)
    a = request.GET.get("a") if request.GET.get("a") in texts else keys[0]
    b = request.GET.get("b") if request.GET.get("b") in texts else CURRENT
    context = comparison(texts[a][1], texts[b][1])
    if request.GET.get("format") == "docx":
        data = comparison_docx(document.title, texts[a][0], texts[b][0], context["rows"])
        return docx_response(data, f"修改对照表-{document.title}")
    return render(request, "review/process_compare.html",
                  {"process": process, "document": document, "choices": [(k, texts[k][0]) for k in keys], "a": a,
                   "b": b, "old_name": texts[a][0], "new_name": texts[b][0], **context})  # fmt: skip


@login_required
def legality_opinion_docx(request, pk: int):
    process = visible_process(request, pk)
    review = selectors.latest_review(process)
    if review is None:
        raise Http404("尚无合法性审核意见")
    return docx_response(docx_out.legality_opinion(review), f"合法性审核意见书-{process.document.title}")


@login_required
def filing_report_docx(request, pk: int):
    """The 备案报告 to one filing body (?filing=, by default the first)."""
    process = visible_process(request, pk)
    filings = process.filings.all()
    wanted = request.GET.get("filing", "")
    filing = (filings.filter(pk=wanted) if wanted.isdigit() else filings).first()
    if filing is None:
        raise Http404("尚未公布，没有备案报告")
    return docx_response(docx_out.filing_report(filing), f"备案报告-{filing.body_name}-{process.document.title}")


@login_required
def dashboard(request):
    form = forms.DashboardForm(request.GET or None, user=request.user)
    params = form.cleaned_data if form.is_valid() else {}
    processes = selectors.processes_visible_to(request.user)
    unit = params.get("unit")
    if unit is not None:
        processes = processes.filter(document__issuer_unit=unit)
    return render(
        request,
        "review/dashboard.html",
        {
            "form": form,
            "stages": selectors.processes_by_stage(processes),
            "overdue": selectors.tasks_overdue(processes),
            **_filing_statistics(request.user, params),
            "expiring": _expiring_for(request.user),
            "sweeps": list(SweepStatus.objects.all())
            if request.user.is_superuser or request.user.has_role(Role.ADMINISTRATOR)
            else None,
        },
    )


def _filing_statistics(user, params: dict) -> dict:
    """For filing reviewers, register offices and administrators: a unit's figures, or a jurisdiction's with
    one row per jurisdiction below it (by default the user's own)."""
    if not (user.has_perm("review.filing_review") or user.has_perm("filings.publish_document") or user.is_superuser):
        return {}
    period = {"date_from": params.get("date_from"), "date_to": params.get("date_to")}
    common = {"definitions": statistics.DEFINITIONS}
    if user.has_perm("review.filing_review") or user.is_superuser:  # the bodies that receive 审查建议
        common["requests"] = request_selectors.request_counts(request_selectors.requests_visible_to(user))
    if params.get("unit") is not None:
        return {**common, "stats": statistics.filing_stats(**period, unit=params["unit"], label=str(params["unit"]))}
    jurisdiction = params.get("jurisdiction") or (user.unit.jurisdiction if user.unit_id else None)
    if jurisdiction is None:
        return {**common, "stats": statistics.filing_stats(**period, label="全部")}
    whole, rows = statistics.rollup(jurisdiction, **period)
    return {**common, "stats": whole, "rollup": rows}
