"""The filing body's catalogue (public: page, .docx, CSV) and its desk for late filings and the 通报."""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.models import Unit
from accounts.roles import Role
from filings.official import OfficialDocument
from filings.text import cn_date
from filings.views import docx_response
from review.forms import errors_as_messages, errors_attach
from review.models import Filing
from review.selectors import deadline_card

from . import forms, selectors, services
from .models import AnnualList

COLUMNS = ["序号", "文件名称", "文号", "制定机关", "公布日期", "登记日期"]


def _rows(filings) -> list[list[str]]:
    return [
        [str(n), f.document.title, f.document.doc_number, f.document.issuer,
         cn_date(f.document.promulgated) if f.document.promulgated else "",
         cn_date(timezone.localdate(f.registered_at))]
        for n, f in enumerate(filings, 1)
    ]  # fmt: skip


def catalogue(request):
    """目录 of the documents a filing body registered in a month, as a page, .docx or CSV."""
    form = forms.CatalogueForm(request.GET or None)
    body, year, month, rows = None, None, None, []
    if form.is_valid():
        body, year, month = form.cleaned_data["body"], form.cleaned_data["year"], form.cleaned_data["month"]
        received = Filing.objects.filter(reviewer_unit=body).select_related("document")
        filings = selectors.catalogue(received, year, month)
        rows = _rows(filings)
        title = f"{body.issuer}{year}年{month}月备案登记目录"
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = content_disposition_header(True, f"{title}.csv")
            response.write("\ufeff")  # Excel opens UTF-8 with a BOM
            writer = csv.writer(response)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
            return response
        if request.GET.get("format") == "docx":
            out = OfficialDocument(issuer=body.issuer, title=title)
            out.paragraph(f"{year}年{month}月，本机关登记备案的文件共{len(rows)}件，目录如下：")
            if rows:
                out.table(COLUMNS, rows)
            else:
                out.paragraph("本月无登记备案的文件。")
            out.signature(timezone.localdate())
            return docx_response(out.bytes(), title)
    context = {"form": form, "body": body, "year": year, "month": month, "rows": rows, "columns": COLUMNS}
    return render(request, "catalogues/catalogue.html", context)


def _body_user(request) -> None:
    if not (request.user.has_perm("review.filing_review") or request.user.is_superuser):
        raise PermissionDenied("只有备案审查机构可以办理逾期报备。")


@login_required
def overdue(request):
    _body_user(request)
    filings = selectors.body_filings(request.user)
    default_due = timezone.localdate() + datetime.timedelta(days=15)
    return render(request, "catalogues/overdue.html", {
        "overdue": selectors.overdue(filings), "bulletin": selectors.bulletin(filings), "default_due": default_due,
    })  # fmt: skip


@login_required
@require_POST
def late_notice(request, filing_pk: int):
    _body_user(request)
    filing = get_object_or_404(selectors.body_filings(request.user), pk=filing_pk)
    form = forms.LateNoticeForm(request.POST)
    if form.is_valid():
        try:
            services.late_notice_send(filing=filing, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_attach(form, exc)
    if form.errors:
        errors_as_messages(request, form)
    else:
        messages.success(request, f"已通知{filing.document.issuer}限期报送《{filing.document.title}》。")
    return redirect("catalogues:overdue")


@login_required
def bulletin_docx(request):
    _body_user(request)
    lines = selectors.bulletin(selectors.body_filings(request.user))
    unit: Unit | None = request.user.unit
    issuer = unit.issuer if unit else "备案审查机关"
    out = OfficialDocument(issuer=issuer, title="关于规范性文件逾期未报备情况的通报")
    out.paragraph(
        "根据《法规规章备案审查条例》第二十三条，下列制定机关的文件逾期未报送备案，经限期报送仍未报送，现予通报："
    )
    if lines:
        out.table(["序号", "制定机关", "未报备的文件", "限期"],
                  [[str(n), line.issuer, "；".join(f"《{t}》" for t in line.titles), cn_date(line.notice_due)]
                   for n, line in enumerate(lines, 1)])  # fmt: skip
    else:
        out.paragraph("无。")
    out.paragraph("请上述制定机关立即报送，并认真整改。")
    out.signature(timezone.localdate())
    return docx_response(out.bytes(), "逾期未报备情况通报")


@login_required
def annual(request):
    """年度目录: an issuer's lists to send (with their cards), and a body's view of who has sent and who not."""
    mine = AnnualList.objects.none()
    received = AnnualList.objects.none()
    if request.user.unit_id and request.user.has_role(Role.DRAFTER):
        mine = AnnualList.objects.filter(issuer_id=request.user.unit_id).select_related("body")
    if request.user.unit_id and request.user.has_perm("review.filing_review"):
        received = AnnualList.objects.filter(body_id=request.user.unit_id).select_related("issuer")
    if not (mine.exists() or received.exists() or request.user.has_role(Role.DRAFTER)
            or request.user.has_perm("review.filing_review")):  # fmt: skip
        raise PermissionDenied("年度文件目录由制定机关报送、备案审查机构接收。")
    rows = list(mine)
    for row in rows:
        row.card = deadline_card(None if row.submitted_at else row.due, workdays=False)
    return render(
        request, "catalogues/annual.html", {"mine": rows, "received": received.order_by("-year", "issuer__name")}
    )


@login_required
@require_POST
def annual_submit(request, pk: int):
    annual_list = get_object_or_404(AnnualList, pk=pk, issuer_id=request.user.unit_id or 0)
    if not request.user.has_role(Role.DRAFTER):
        raise PermissionDenied("只有制定机关的起草人员可以报送年度目录。")
    try:
        services.annual_list_submit(annual=annual_list, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已向{annual_list.body.issuer}报送{annual_list.year}年度文件目录。")
    return redirect("catalogues:annual")
