import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from accounts.roles import Role

from . import panels, selectors, services
from .docx_io import docx_write
from .forms import DocumentFilterForm, DocxUploadForm, PublishForm


@login_required
def home(request):
    return redirect("filings:document_list")


@login_required
def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    visible = selectors.documents_visible_to(request.user)
    params = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.documents_filtered(
        visible,
        selectors.DocumentFilter(
            level=params.get("level") or "",
            status=params.get("status") or "",
            issuer=params.get("issuer") or "",
            year=params.get("year"),
            stage=params.get("stage") or "",
            sort=params.get("sort") or "-promulgated",
        ),
    )
    page = Paginator(queryset, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "filings/document_list.html",
        {
            "form": form,
            "page": page,
            "page_prefix": f"?{query.urlencode()}&" if query else "?",
            "years": selectors.document_years(visible),
            "issuers": selectors.document_issuers(visible),
            "can_upload": request.user.has_role(Role.DRAFTER),
        },
    )


def _visible_document(request, pk: int):
    # Another unit's draft is a 404, not a 403: its existence is not disclosed.
    return get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)


@login_required
def document_detail(request, pk: int):
    document = _visible_document(request, pk)
    versions = selectors.document_versions(document)
    on_date, in_force_on = None, None
    if request.GET.get("on"):
        try:
            on_date = datetime.date.fromisoformat(request.GET["on"])
        except ValueError:
            messages.error(request, "日期无效，请按 YYYY-MM-DD 填写。")
        else:
            in_force_on = selectors.version_in_force_on(versions, on_date)
    return render(
        request,
        "filings/document_detail.html",
        {
            "document": document,
            "articles": document.articles.all(),
            "citations": selectors.citations_resolved(document, request.user),
            "cited_by": selectors.documents_citing(document, request.user),
            "versions": versions,
            "on_date": on_date,
            "in_force_on": in_force_on,
            "events": document.events.select_related("actor")[:50],
            "can_publish": document.is_draft
            and request.user.has_perm("filings.publish_document")
            and not _in_review(document),
            "panels": panels.render(request, document),
        },
    )


@login_required
def document_docx(request, pk: int):
    document = _visible_document(request, pk)
    data = docx_write(document, list(document.articles.all()))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{document.title[:80]}.docx")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request):
    if not request.user.has_role(Role.DRAFTER) or request.user.unit is None:
        raise PermissionDenied("只有起草单位的用户可以上传草稿。")
    form = DocxUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = services.draft_create(
            title=form.parsed.title,
            text=form.parsed.text,
            level=form.cleaned_data["level"],
            drafting_unit=request.user.unit,
            issuer_unit=form.cleaned_data["issuer_unit"],
            actor=request.user,
            note=f"上传 {form.cleaned_data['file'].name}",
        )
        count = document.articles.filter(kind="article").count()
        messages.success(request, f"已读取草稿《{document.title}》，识别出 {count} 条。")
        return redirect("filings:document_detail", pk=document.pk)
    return render(
        request,
        "filings/document_upload.html",
        {"form": form, "max_mb": settings.DOCX_MAX_UPLOAD_BYTES // 1048576},
    )


def _in_review(document) -> bool:
    # A draft submitted to the review workflow is published by its publication task, after a lawful
    # legality review and deliberation; `reviews` is the review app's reverse relation.
    return hasattr(document, "reviews") and document.reviews.exists()


@login_required
@permission_required("filings.publish_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_publish(request, pk: int):
    document = _visible_document(request, pk)
    if _in_review(document):
        messages.error(request, "该草稿在审核流程中，须经合法性审核和集体审议后由流程中的公布任务公布。")
        return redirect("filings:document_detail", pk=document.pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_publish(
                document=document,
                actor=request.user,
                promulgated=form.cleaned_data["promulgated"],
                effective=form.cleaned_data["effective"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            document.refresh_from_db()
            messages.success(request, f"已公布：登记编号 {document.register_number}，文号 {document.doc_number}。")
            return redirect(reverse("filings:document_detail", args=[document.pk]))
    return render(request, "filings/document_publish.html", {"document": document, "form": form})


@login_required
def document_expiring(request):
    today = timezone.localdate()
    months = settings.EXPIRY_ALERT_MONTHS
    queryset = selectors.documents_expiring(request.user, today=today, months=months)
    page = Paginator(queryset, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "filings/document_expiring.html", {"page": page, "months": months, "today": today})
