"""Pages of cleanup campaigns: start (administrator), each unit's list and decisions, publication of the
results (archivist), and the published results for everyone."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from filings import versions
from filings.models import NO_LONGER_IN_FORCE, Document
from filings.text import text_clean

from . import docx_out, forms, selectors, services
from . import scope as scope_rules
from .models import Campaign, Outcome

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ITEMS_PER_PAGE = 50
PREVIEW_MAX = 500  # documents listed, each with its box, before a campaign is confirmed


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied("您没有此项权限。")


@login_required
def campaign_list(request):
    if not selectors.can_view(request.user):
        raise PermissionDenied("您没有查看文件清理的权限。")
    campaigns = Campaign.objects.select_related("basis").defer("basis__text")
    page = Paginator(campaigns, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cleanup/campaign_list.html", {
        "page": page, "mine": selectors.open_items_for(request.user),
        "can_start": request.user.has_perm("cleanup.start_campaign"),
    })  # fmt: skip


def _basis(form, data) -> tuple[Document | None, list[Document]]:
    """The higher law the administrator meant: the one picked among candidates, or the only candidate."""
    candidates = selectors.basis_candidates(data.get("basis_text") or "")
    picked = next((d for d in candidates if d.pk == data.get("basis")), None)
    separate_acts = sum(d.level in versions.SEPARATE_ACT_LEVELS for d in candidates) > 1
    if picked is None and len({d.title_key for d in candidates}) == 1 and not separate_acts:
        picked = candidates[0]  # versions of one title: the latest stands for the law
    if not candidates:
        form.add_error("basis_text", "登记簿中没有找到这部上位法，请核对标题或文号。")
    elif picked is None:
        form.add_error("basis_text", "有多份文件与之相符，请在下面选定一份。")
    return picked, candidates


def _to_add(form, text: str) -> list[Document]:
    """The documents a typed title or 文号 adds by hand: the latest version of each matching title."""
    found, seen = [], set()
    for document in selectors.basis_candidates(text):
        if document.title_key not in seen and document.status not in NO_LONGER_IN_FORCE:
            seen.add(document.title_key)
            found.append(document)
    if not found:
        form.add_error("add_text", "登记簿中没有找到这份现行文件，请核对标题或文号。")
    return found


def _offered(request) -> dict:
    """A special cleanup offered from a new version's page (impact panel): ?basis=<pk>&articles_only=1."""
    basis = Document.objects.filter(pk=request.GET.get("basis") or 0, stage=Document.Stage.PUBLISHED).first()
    if basis is None:
        return {}
    return {
        "kind": Campaign.Kind.SPECIAL, "basis": basis.pk, "basis_text": basis.title,
        "title": f"《{basis.title}》修改专项清理", "articles_only": request.GET.get("articles_only") == "1",
    }  # fmt: skip


@login_required
def campaign_new(request):
    """Two steps: the form shows the documents the campaign would take in (each can be removed by hand, others
    added by title or 文号), then it is confirmed."""
    _require(request, "cleanup.start_campaign")
    form = forms.CampaignForm(request.POST or None, initial=_offered(request))
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        special = data["kind"] == Campaign.Kind.SPECIAL
        basis, candidates = (None, [])
        if special and data["basis_text"].strip():
            basis, candidates = _basis(form, data)
        added = data["added_ids"]
        adding = data["add_text"].strip()
        if adding:
            added = sorted(set(added) | {d.pk for d in _to_add(form, adding)})
            form.data = form.data.copy()
            form.data["add_text"] = ""
        added = sorted(set(added) - set(data["removed_ids"]))  # ticking a document added by hand takes it out
        context.update(candidates=candidates, added_value=",".join(map(str, added)))
        if not form.errors:
            fields = {
                "kind": data["kind"], "levels": data["levels"], "basis": basis, "keywords": data["keyword_list"],
                "articles_only": data["articles_only"], "added": added, "removed": data["removed_ids"],
            }  # fmt: skip
            if "confirm" in request.POST and not adding:
                try:
                    campaign = services.campaign_start(
                        title=data["title"], reason=data["reason"], actor=request.user,
                        include_below=data["include_below"], **fields,
                    )  # fmt: skip
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    if campaign.is_open:
                        messages.success(request, f"已发起“{campaign}”，纳入 {campaign.scope_total} 件文件。")
                    else:
                        messages.success(request, f"已发起“{campaign}”，正在检查 {campaign.scope_total} 件文件，"
                                                  "完成后各单位即可看到清单。")  # fmt: skip
                    return redirect("cleanup:campaign_detail", campaign.pk)
            scope = services.scope_for(request.user, include_below=data["include_below"], **fields)
            listed = scope_rules.documents_in_scope(scope, with_removed=True).defer("text")
            context.update(
                basis=basis, scope_count=scope_rules.documents_in_scope(scope).count(), listed=listed[:PREVIEW_MAX],
                listed_total=listed.count(), preview_max=PREVIEW_MAX, removed=set(scope.removed),
                added_ids=set(added), described=scope_rules.describe(scope),
            )  # fmt: skip
    return render(request, "cleanup/campaign_new.html", context)


def _campaign_for(request, pk: int) -> Campaign:
    if not selectors.can_view(request.user):
        raise PermissionDenied("您没有查看文件清理的权限。")
    return get_object_or_404(Campaign, pk=pk)


@login_required
def campaign_detail(request, pk: int):
    campaign = _campaign_for(request, pk)
    items = selectors.items_visible_to(request.user, campaign).select_related("unit", "decided_by")
    filters = forms.ItemFilterForm(request.GET or None)
    if filters.is_valid():
        if filters.cleaned_data["state"] == "undecided":
            items = items.filter(outcome="")
        elif filters.cleaned_data["state"] == "decided":
            items = items.exclude(outcome="")
        if filters.cleaned_data["issuer"]:
            items = items.filter(issuer__icontains=filters.cleaned_data["issuer"])
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cleanup/campaign_detail.html", {
        "campaign": campaign, "page": page, "filters": filters, "query": query.urlencode(),
        "progress": selectors.campaign_progress(campaign), "events": campaign.events.select_related("actor")[:30],
        "by_jurisdiction": selectors.jurisdiction_progress(campaign),
        "out_of_scope": selectors.out_of_scope_items(campaign),
        "checked": campaign.items.count() if campaign.state == Campaign.State.PREPARING else None,
        "can_publish": campaign.is_open and request.user.has_perm("cleanup.publish_results"),
        "can_cancel": campaign.state in (Campaign.State.PREPARING, Campaign.State.OPEN)
        and request.user.has_perm("cleanup.start_campaign"),
        "sees_all": request.user.has_perm("cleanup.decide_any") or request.user.has_perm("cleanup.publish_results"),
        "may_review": selectors.may_review_proposals(request.user, campaign),
        "legal_current": selectors.legal_review_current(campaign),
        "amendments": selectors.amendments(campaign),
        "scope_described": scope_rules.describe(scope_rules.Scope.of(campaign)),
    })  # fmt: skip


@login_required
def item_detail(request, pk: int, item_pk: int):
    campaign = _campaign_for(request, pk)
    item = get_object_or_404(selectors.items_visible_to(request.user, campaign), pk=item_pk)
    can_decide = selectors.can_decide(request.user, item)
    initial = {"outcome": item.outcome or item.suggested, "reason": item.reason}
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied("您不能对这件文件作清理决定。")
        if form.is_valid():
            try:
                services.item_decide(item=item, outcome=form.cleaned_data["outcome"],
                                     reason=form.cleaned_data["reason"], actor=request.user)  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已记录对《{item.title}》的清理决定。")
                following = selectors.items_visible_to(request.user, campaign).filter(outcome="").first()
                if following and selectors.can_decide(request.user, following):
                    return redirect("cleanup:item_detail", campaign.pk, following.pk)
                return redirect("cleanup:campaign_detail", campaign.pk)
    return render(request, "cleanup/item_detail.html", {
        "campaign": campaign, "item": item, "form": form, "can_decide": can_decide,
        "may_review": selectors.may_review_proposals(request.user, campaign),
        "events": item.events.select_related("actor"),
    })  # fmt: skip


@login_required
def campaign_publish(request, pk: int):
    _require(request, "cleanup.publish_results")
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.method == "POST":
        try:
            services.campaign_publish(campaign=campaign, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("cleanup:campaign_detail", campaign.pk)
        messages.success(request, "清理结果已公布，文件时效性已在登记簿中更新。")
        return redirect("cleanup_results", campaign.pk)
    counts = {label: campaign.items.filter(outcome=value).count() for value, label in Outcome.choices}
    undecided = campaign.items.filter(outcome="", unit__isnull=False).count()  # outside issuers: listed only
    return render(request, "cleanup/campaign_publish.html",
                  {"campaign": campaign, "counts": counts, "undecided": undecided})  # fmt: skip


@login_required
@require_POST
def campaign_legal_review(request, pk: int):
    campaign = _campaign_for(request, pk)
    if not selectors.may_review_proposals(request.user, campaign):
        raise PermissionDenied("只有发起清理的本级司法行政机关可以对清理意见进行法制审核。")
    try:
        services.campaign_legal_review(campaign=campaign, actor=request.user,
                                       note=text_clean(request.POST.get("note", ""))[:2000])  # fmt: skip
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "清理意见已审核通过，可以公布结果。")
    return redirect("cleanup:campaign_detail", campaign.pk)


@login_required
@require_POST
def item_return(request, pk: int, item_pk: int):
    campaign = _campaign_for(request, pk)
    item = get_object_or_404(campaign.items, pk=item_pk)
    if not selectors.may_review_proposals(request.user, campaign):
        raise PermissionDenied("只有发起清理的本级司法行政机关可以退回清理意见。")
    try:
        services.item_return(item=item, actor=request.user, note=text_clean(request.POST.get("note", ""))[:2000])
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("cleanup:item_detail", campaign.pk, item.pk)
    messages.success(request, f"已将《{item.title}》退回{item.unit}重新决定。")
    return redirect("cleanup:campaign_detail", campaign.pk)


@login_required
def campaign_cancel(request, pk: int):
    """Withdraw a campaign (administrators), after a confirmation page that asks for the reason."""
    _require(request, "cleanup.start_campaign")
    campaign = get_object_or_404(Campaign, pk=pk)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_cancel(campaign=campaign, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"已撤销“{campaign}”。")
        return redirect("cleanup:campaign_detail", campaign.pk)
    return render(request, "cleanup/campaign_cancel.html", {"campaign": campaign, "form": form})


# ---------------------------------------------------------------- published results (no sign-in)


def results_list(request):
    campaigns = Campaign.objects.filter(state=Campaign.State.PUBLISHED).order_by("-published_at")
    page = Paginator(campaigns, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cleanup/results_list.html", {"page": page})


def results(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk, state=Campaign.State.PUBLISHED)
    context = {"campaign": campaign, "groups": selectors.results_by_outcome(campaign),
               "out_of_scope": selectors.out_of_scope_items(campaign)}  # fmt: skip
    return render(request, "cleanup/results.html", context)


def results_docx(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk, state=Campaign.State.PUBLISHED)
    response = HttpResponse(docx_out.results(campaign, selectors.results_by_outcome(campaign)), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{campaign.title}清理结果.docx")
    return response
