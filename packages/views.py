"""The filing body's page for packages from other platforms: import one (.zip), list them, open one."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from filings.text import cn_date
from review.forms import FilingRegisterForm, FilingReviewForm, errors_attach

from . import desk, selectors, services
from .reading import too_large


class ImportForm(forms.Form):
    package = forms.FileField(label="备案包（.zip）")


def _filing_body(request) -> None:
    if not (services.may_import(request.user) or request.user.is_superuser):
        raise PermissionDenied("外平台报送的备案由备案审查机构导入和查看。")


@login_required
def package_list(request):
    _filing_body(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["package"]
        try:
            if too_large(upload.size):
                raise ValidationError(too_large(upload.size))
            incoming, result = services.package_import(data=upload.read(), actor=request.user)
        except ValidationError as exc:
            errors_attach(form, exc)
        else:
            if result == services.IMPORTED:
                messages.success(request, f"已导入《{incoming.document.title}》的备案包，文件已进入登记簿。")
            elif result == services.CORRECTED:
                messages.success(request, f"已收到补正后的备案包（第 {incoming.rounds} 次报送），请重新登记。")
            else:
                messages.info(
                    request,
                    f"该备案包（{incoming.package_id}）已于{cn_date(timezone.localdate(incoming.received_at))}导入，未重复导入。",
                )
            return redirect("packages:detail", pk=incoming.pk)
    page = Paginator(selectors.packages_received_by(request.user), settings.DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "packages/list.html", {"form": form, "page": page,
                                                  "max_mb": settings.FILING_PACKAGE_MAX_BYTES // 1048576})  # fmt: skip


@login_required
def package_detail(request, pk: int):
    _filing_body(request)
    incoming = get_object_or_404(selectors.packages_received_by(request.user), pk=pk)
    register_form = FilingRegisterForm(request.POST if request.POST.get("step") == "register" else None)
    outcome_form = FilingReviewForm(request.POST if request.POST.get("step") == "outcome" else None)
    if request.method == "POST":
        form = register_form if request.POST.get("step") == "register" else outcome_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is register_form:
                    desk.incoming_register(incoming=incoming, actor=request.user, decision=data["decision"],
                                           note=data["note"], correction_due=data["correction_due"])  # fmt: skip
                else:
                    desk.incoming_conclude(incoming=incoming, actor=request.user, **data)
            except ValidationError as exc:
                errors_attach(form, exc)
            else:
                messages.success(request, "已记录。")
                return redirect("packages:detail", pk=incoming.pk)
    return render(request, "packages/detail.html", {
        "incoming": incoming, "files": incoming.files.all(), "register_form": register_form,
        "outcome_form": outcome_form,
    })  # fmt: skip


@login_required
def package_file(request, pk: int, file_pk: int):
    _filing_body(request)
    incoming = get_object_or_404(selectors.packages_received_by(request.user), pk=pk)
    kept = get_object_or_404(incoming.files, pk=file_pk)
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=kept.name)
