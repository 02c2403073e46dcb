"""Filing-review actions beside the task forms: extending the review period, and the written 审查意见 and
处理意见 as official documents (GB/T 9704)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from filings.views import docx_response

from . import access, docx_out, filing_review, forms, selectors
from .pages import visible_process


@login_required
@require_POST
def filing_extend(request, pk: int, filing_pk: int):
    """Only the reviewer holding the filing's review task extends it."""
    process = visible_process(request, pk)
    filing = get_object_or_404(process.filings, pk=filing_pk)
    tasks = [t for t in selectors.open_filing_tasks(filing, "filing_review") if t.owner_id == request.user.pk]
    if not tasks or not access.may_act(request.user, tasks[0]):
        raise PermissionDenied("只有办理该备案审查任务的审查人员可以延长审查期限。")
    form = forms.FilingExtendForm(request.POST)
    if form.is_valid():
        try:
            filing_review.filing_review_extend(filing=filing, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            forms.errors_attach(form, exc)
    if form.errors:
        forms.errors_as_messages(request, form)
    else:
        messages.success(request, f"审查期限已延长至 {form.cleaned_data['until']:%Y年%-m月%-d日}。")
    return redirect(selectors.task_url(tasks[0]))


@login_required
def review_opinion_docx(request, pk: int, filing_pk: int):
    """The written 审查意见 (建议自行纠正) or the 处理意见 (?kind=disposal) of one filing."""
    process = visible_process(request, pk)
    filing = get_object_or_404(process.filings.select_related("document", "body", "reviewer_unit"), pk=filing_pk)
    if request.GET.get("kind") == "disposal":
        if not filing.disposal_number:
            raise Http404("没有处理意见")
        return docx_response(docx_out.disposal_opinion(filing), f"处理意见-{filing.document.title}")
    if not filing.opinion_number:
        raise Http404("没有审查意见")
    return docx_response(docx_out.review_opinion(filing), f"审查意见-{filing.document.title}")
