import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from accounts.roles import Role
from jurisdictions.selectors import subtree_ids

from . import panels, selectors, services
from .compare import versions_compared
from .docx_io import comparison_docx, docx_write
from .forms import DocumentFilterForm, ExternalDocumentForm


@login_required
def home(request):
    return redirect(settings.LOGIN_REDIRECT_URL)


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
            jurisdiction_ids=subtree_ids(params["jurisdiction"]) if params.get("jurisdiction") else None,
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
            "can_submit": request.user.has_role(Role.DRAFTER),
            "can_register": request.user.has_perm("filings.register_external"),
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
            "attachments": document.attachments.select_related("uploaded_by"),
            "panels": panels.render(request, document),
        },
    )


def _version_name(document) -> str:
    date = document.promulgated.isoformat() if document.promulgated else "日期不详"
    return f"{date} 版{'（' + document.doc_number + '）' if document.doc_number else ''}"


@login_required
def document_compare(request, pk: int, other_pk: int):
    """Two register versions of a document, article by article (the older one on the left)."""
    context = versions_compared(_visible_document(request, other_pk), _visible_document(request, pk))
    old, new = context["old"], context["new"]
    if request.GET.get("format") == "docx":
        data = comparison_docx(new.title, _version_name(old), _version_name(new), context["rows"])
        return docx_response(data, f"修改对照表-{new.title}")
    names = {"old_name": _version_name(old), "new_name": _version_name(new)}
    return render(request, "filings/document_compare.html", {**names, **context})


def docx_response(data: bytes, name: str) -> HttpResponse:
    """A .docx download (the register's, and the review app's documents)."""
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{name[:80]}.docx")
    return response


@login_required
def document_docx(request, pk: int):
    document = _visible_document(request, pk)
    return docx_response(docx_write(document, list(document.articles.all())), document.title)


@login_required
@permission_required("filings.register_external", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_register_external(request):
    """A document issued before or outside the platform enters the register with its own 文号 and its scan."""
    form = ExternalDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_register_external(
                fields=form.register_fields(), text=form.cleaned_data["text"], scan=form.cleaned_data["scan"],
                actor=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"已登记入库：《{document.title}》（{document.doc_number}），标为平台外制发。")
            return redirect("filings:document_detail", pk=document.pk)
    return render(
        request,
        "filings/document_register_external.html",
        {"form": form, "max_mb": settings.ATTACHMENT_MAX_BYTES // 1048576},
    )


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    document = _visible_document(request, pk)
    attachment = get_object_or_404(document.attachments, pk=attachment_pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )


@login_required
def document_expiring(request):
    today = timezone.localdate()
    months = settings.EXPIRY_ALERT_MONTHS
    queryset = selectors.documents_expiring(request.user, today=today, months=months)
    page = Paginator(queryset, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "filings/document_expiring.html", {"page": page, "months": months, "today": today})
