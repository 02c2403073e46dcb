"""审查建议 pages: the public's request and follow-up (no account), and the receiving body's list and desk."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.client import client_address
from filings.models import Document
from review.forms import errors_as_messages, errors_attach

from . import forms, selectors, services
from .models import RequestedReview, ReviewRequest


def request_new(request, document_pk: int):
    document = get_object_or_404(Document, pk=document_pk, stage=Document.Stage.PUBLISHED)
    body = services.body_for(document)
    form = forms.RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            made, code = services.request_submit(document=document, fields=form.fields_for_service(),
                                                 upload=form.cleaned_data["attachment_file"],
                                                 sender=client_address(request))  # fmt: skip
        except ValidationError as exc:
            errors_attach(form, exc)
        else:
            return render(request, "review_requests/submitted.html", {"made": made, "code": code})
    return render(request, "review_requests/new.html", {"document": document, "body": body, "form": form})


def request_follow(request):
    form = forms.FollowForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = services.request_follow(number=form.cleaned_data["number"], code=form.cleaned_data["code"])
        if found is None:
            form.add_error(None, "编号或查询码不正确。")
    events = found.events.filter(public=True) if found else []
    return render(request, "review_requests/follow.html", {"form": form, "found": found, "events": events})


def answers_published(request):
    answers = ReviewRequest.objects.filter(answer_published=True, status=ReviewRequest.Status.ANSWERED)
    page = Paginator(answers.select_related("document", "body").order_by("-answered_at"),
                     settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))  # fmt: skip
    return render(request, "review_requests/answers.html", {"page": page})


@login_required
def desk_list(request):
    if not (request.user.has_perm("review.filing_review") or request.user.is_superuser):
        raise PermissionDenied("审查建议由备案审查机构办理。")
    visible = selectors.requests_visible_to(request.user)
    page = Paginator(visible, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.request_counts(visible)
    return render(request, "review_requests/desk_list.html",
                  {"page": page, "rows": selectors.with_cards(page.object_list), "counts": counts})  # fmt: skip


@login_required
def desk_detail(request, pk: int):
    item = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    form = forms.HandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "register":
                services.request_register(request=item, actor=request.user, note=data["note"])
            elif data["action"] == "forward":
                services.request_forward(request=item, actor=request.user, to=data["to"], note=data["note"])
            else:
                services.request_answer(request=item, actor=request.user, answer=data["answer"],
                                        publish=data["publish"])  # fmt: skip
        except ValidationError as exc:
            errors_attach(form, exc)
        else:
            messages.success(
                request, f"审查建议 {item.number}：已{dict(form.fields['action'].choices)[data['action']]}。"
            )
            return redirect("review_requests:desk_detail", pk=item.pk)
    (row,) = selectors.with_cards([item])
    review = RequestedReview.objects.filter(request=item).first()
    return render(request, "review_requests/desk_detail.html", {
        "item": row, "form": form, "events": item.events.select_related("actor"), "review": review,
        "review_form": forms.ReviewConcludeForm(), "outcomes": RequestedReview.Outcome.choices,
    })  # fmt: skip


@login_required
@require_POST
def review_start(request, pk: int):
    item = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    try:
        services.review_start(request=item, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已依审查建议 {item.number} 启动对《{item.document.title}》的审查。")
    return redirect("review_requests:desk_detail", pk=item.pk)


@login_required
@require_POST
def review_conclude(request, pk: int):
    item = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    review = get_object_or_404(RequestedReview, request=item)
    form = forms.ReviewConcludeForm(request.POST)
    if form.is_valid():
        try:
            services.review_conclude(review=review, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_attach(form, exc)
    errors_as_messages(request, form)
    if not form.errors:
        messages.success(request, "审查结果已记录，并已告知制定机关。")
    return redirect("review_requests:desk_detail", pk=item.pk)


@login_required
def review_answer(request, pk: int):
    """The issuer answers a 依申请审查's request for explanation or advice to correct."""
    review = get_object_or_404(RequestedReview.objects.select_related("document", "request__body"), pk=pk)
    if not (request.user.unit_id and request.user.unit_id == review.document.issuer_unit_id):
        raise Http404("没有这项审查。")
    form = forms.IssuerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_answer(review=review, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            errors_attach(form, exc)
        else:
            messages.success(request, f"已向{review.request.body.issuer}答复。")
            return redirect("review_requests:review_answer", pk=review.pk)
    return render(request, "review_requests/review_answer.html", {"review": review, "form": form})


@login_required
def desk_attachment(request, pk: int):
    item = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    if not item.attachment:
        raise Http404("没有附件。")
    return FileResponse(item.attachment.open("rb"), as_attachment=True, filename=item.attachment_name,
                        content_type=item.attachment_type)  # fmt: skip
