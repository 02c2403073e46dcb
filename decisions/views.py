"""The process's 程序记录 page: what the further steps recorded, and (for its drafters, before the meeting)
the forms to record them. Each form posts to its own URL; a refusal comes back next to its field."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from review.forms import errors_attach
from review.pages import visible_process

from . import forms, selectors, services


def _hearing(form, process, user):
    services.hearing_record(process=process, actor=user, **form.cleaned_data)


def _risk(form, process, user):
    services.risk_record(process=process, actor=user, **form.cleaned_data)


def _legal(form, process, user):
    services.legal_opinion_record(process=process, actor=user, **form.cleaned_data)


def _fair(form, process, user):
    services.fair_competition_record(process=process, actor=user, **form.values())


def _expert_use(form, process, user):
    opinion = get_object_or_404(process.expert_opinions, pk=form.cleaned_data["opinion"])
    services.expert_use_record(opinion=opinion, actor=user, handling=form.cleaned_data["handling"],
                               reason=form.cleaned_data["reason"])  # fmt: skip


def _interpretation(form, process, user):
    services.interpretation_record(process=process, actor=user, text=form.cleaned_data["text"])


# kind → (form, what it records, the service call)
KINDS = {
    "hearing": (forms.HearingForm, "听证情况", _hearing),
    "risk": (forms.RiskForm, "风险评估", _risk),
    "legal": (forms.LegalOpinionForm, "法律顾问意见", _legal),
    "fair": (forms.FairCompetitionForm, "公平竞争审查", _fair),
    "expert_use": (forms.ExpertUseForm, "专家意见采纳情况", _expert_use),
    "interpretation": (forms.InterpretationForm, "政策解读", _interpretation),
}


def _page(request, process, bound=None, status=200):
    records = selectors.records(process)
    editable = services.may_record(request.user, process)
    page_forms = {kind: form_class() for kind, (form_class, _, _) in KINDS.items()} if editable else {}
    if bound is not None:
        page_forms[bound[0]] = bound[1]
    if editable and records.interpretation and (bound is None or bound[0] != "interpretation"):
        page_forms["interpretation"] = forms.InterpretationForm(initial={"text": records.interpretation.text})
    context = {"process": process, "document": process.document, "records": records, "forms": page_forms,
               "editable": editable, "bound_kind": bound[0] if bound else ""}  # fmt: skip
    return render(request, "decisions/records.html", context, status=status)


@login_required
def records_page(request, pk: int):
    return _page(request, visible_process(request, pk))


@login_required
@require_POST
def record_add(request, pk: int, kind: str):
    process = visible_process(request, pk)
    if kind not in KINDS:
        raise Http404("没有这项程序。")
    if not services.may_record(request.user, process):
        raise PermissionDenied("只有起草单位的起草人员可以在集体审议之前记录这些程序。")
    form_class, what, perform = KINDS[kind]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                perform(form, process, request.user)
        except ValidationError as exc:
            errors_attach(form, exc)
    if form.errors:
        return _page(request, process, bound=(kind, form))
    messages.success(request, f"已记录{what}。")
    return redirect("decisions:records", pk=process.pk)
