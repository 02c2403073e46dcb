"""The process's materials: the upload page, a file's download, the filing package (.zip), and the outcome of
a filing outside the platform."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from filings.text import text_clean

from . import access, filing_review, forms, materials
from .models import Filing
from .pages import visible_process


@login_required
def material_new(request, pk: int):
    process = visible_process(request, pk)
    if not materials.may_add(request.user, process):
        raise PermissionDenied("只有起草单位的起草人员可以在流程进行中上传材料。")
    form = forms.MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            material = materials.material_add(
                process=process, actor=request.user, kind=data["kind"], upload=data["file"], note=data["note"]
            )
        except ValidationError as exc:
            forms.errors_attach(form, exc)
        else:
            messages.success(request, f"已上传：{material.get_kind_display()}（{material.name}）。")
            return redirect(reverse("review:process_detail", args=[process.pk]) + "#materials")
    return render(
        request,
        "review/material_new.html",
        {"process": process, "document": process.document, "form": form,
         "max_mb": settings.ATTACHMENT_MAX_BYTES // 1048576},
    )  # fmt: skip


@login_required
def material_download(request, pk: int, material_pk: int):
    process = visible_process(request, pk)
    material = get_object_or_404(process.materials, pk=material_pk)
    return FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.name, content_type=material.content_type
    )


@login_required
def filing_package(request, pk: int):
    process = visible_process(request, pk)
    if not Filing.objects.filter(process=process).exists():
        raise Http404("尚未公布，没有备案材料")
    response = HttpResponse(materials.filing_package(process), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"备案材料-{process.document.title}.zip")
    return response


@login_required
@require_POST
def filing_outcome(request, pk: int, filing_pk: int):
    """The outcome a filing body outside the platform (the State Council) sent back, entered by hand."""
    process = visible_process(request, pk)
    filing = get_object_or_404(process.filings, pk=filing_pk, external=True)
    if not access.may_record_external(request.user, process):
        raise PermissionDenied("只有起草单位或管理员可以录入平台外备案机关的审查结果。")
    outcome = request.POST.get("outcome", "")
    if outcome not in Filing.Outcome.values:
        messages.error(request, "请选择审查结果。")
    else:
        try:
            filing_review.filing_outcome_record(filing=filing, actor=request.user, outcome=outcome,
                                           note=text_clean(request.POST.get("note", ""))[:2000])  # fmt: skip
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已录入{filing.body_name}的审查结果：{Filing.Outcome(outcome).label}。")
    return redirect(reverse("review:process_detail", args=[process.pk]) + "#filings")
