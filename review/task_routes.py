"""The flow's task routes, as the product uses them: start a process, and execute a task.

viewflow mounts a dozen routes per node (assign, unassign, cancel, revive, undo, detail, index…).
Taking a queued task is ours (`review:task_take`, with its history row); nothing else changes a task,
so only the start route and each task's execute route are kept, and every execute route first checks
that the task is of the node and the process in the URL and that the user may act on it.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, URLResolver
from viewflow.workflow.flow import FlowViewset

from . import access, forms, selectors


class _FlowRoutes(FlowViewset):
    # viewflow's own lists, process pages and bulk actions: the product has its own (review/views.py).
    index_path = process_list_path = process_detail_path = process_cancel_path = None
    task_list_path = chart_path = flow_chart_path = None
    tasks_assign_path = tasks_unassign_path = None


def _reads_draft(view) -> bool:
    return getattr(getattr(view, "view_class", None), "reads_draft", False)


def _guard(node, view):
    reads_draft = _reads_draft(node.view)

    @wraps(view)
    def guarded(request, *args, process_pk: int, task_pk: int, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied("请先登录。")
        # A process the user may not see is not disclosed (404), as on the process page.
        get_object_or_404(selectors.processes_visible_to(request.user), pk=process_pk)
        task = access.task_for_url(node=node, process_pk=process_pk, task_pk=task_pk)
        access.check_may_act(request.user, task)
        if reads_draft and request.method == "POST":
            request.preparsed_draft = forms.draft_preparse(request)  # before viewflow's lock and transaction
        return view(request, *args, process_pk=process_pk, task_pk=task_pk, **kwargs)

    return guarded


def _start(node):
    """viewflow's start wrapper, less its transaction: the draft is read and parsed first, and the view's
    form_valid writes in one transaction of its own (SubmitView)."""
    view = node.start_view

    @wraps(view)
    def start(request, *args, **kwargs):
        request.activation = node.activation_class.create(node, None, None)
        if not node.can_execute(request.user, request.activation.task):
            raise PermissionDenied
        if request.method == "POST":
            request.preparsed_draft = forms.draft_preparse(request)
        request.activation.start(request)
        return view(request, *args, **kwargs)

    return start


def _kept(entries, flow, node=None) -> list:
    kept = []
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner_node = getattr(flow, entry.namespace, None) if entry.namespace else node
            inner = _kept(entry.url_patterns, flow, inner_node)
            if inner:
                kept.append(URLResolver(entry.pattern, inner, entry.default_kwargs, entry.app_name, entry.namespace))
        elif entry.name == "execute" and node is not None:
            callback = _start(node) if node is flow.start else _guard(node, entry.callback)
            kept.append(URLPattern(entry.pattern, callback, entry.default_args, entry.name))
    return kept


def flow_urls(flow_class):
    patterns, app_name, namespace = _FlowRoutes(flow_class).urls
    return _kept(patterns, flow_class), app_name, namespace
