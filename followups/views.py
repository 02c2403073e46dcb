"""The issuers' follow-up work: the list, and one page per item to act on it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from review.forms import errors_attach
from review.selectors import deadline_card

from . import selectors, services
from .forms import FollowUpForm


@login_required
def followup_list(request):
    state = request.GET.get("state", "open")
    followups = selectors.followups_visible_to(request.user)
    followups = followups.filter(closed_at__isnull=state != "done") if state in ("open", "done") else followups
    page = Paginator(followups, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    for followup in page:
        followup.card = deadline_card(followup.due, workdays=False) if followup.is_open else None
    return render(request, "followups/list.html", {"page": page, "state": state, "query": f"state={state}"})


@login_required
def followup_detail(request, pk: int):
    followup = get_object_or_404(selectors.followups_visible_to(request.user), pk=pk)
    may_act = services.may_act(request.user, followup) and followup.is_open
    form = FollowUpForm(request.POST or None, request.FILES or None, followup=followup)
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied("只有承办单位的起草人员可以处理尚未完成的后续工作。")
        if form.is_valid():
            try:
                services.followup_decide(followup=followup, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_attach(form, exc)
            else:
                messages.success(request, "已记录。")
                return redirect("followups:detail", followup.pk)
    draft_url = reverse("documentreview:start:execute") + f"?amends={followup.document_id}"
    return render(request, "followups/detail.html", {
        "followup": followup, "form": form if may_act else None, "may_act": may_act, "draft_url": draft_url,
        "card": deadline_card(followup.due, workdays=False) if followup.is_open else None,
    })  # fmt: skip
