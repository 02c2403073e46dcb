"""Writes for cleanup campaigns. Every service is atomic (campaign_prepare: each batch) and leaves an audit
row."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from filings.models import Document, DocumentEvent, Status
from filings.services import RULE_LEVELS, document_event_add, document_status_set, office_number, rule_order_next
from followups.services import amendment_open
from jurisdictions.selectors import subtree_ids
from search.checks import REGISTER_FIELDS, check, subject_from_register
from search.models import Finding

from . import selectors
from .models import Campaign, Event, Item, Outcome
from .scope import KEYWORDS_MAX, Scope, describe, documents_in_scope

# What a finding suggests the unit decide, strongest first: a document another repealed should be
# repealed; one past its term declared lapsed; one its issuer had no power to make repealed; one replaced
# by a newer version repealed; one whose legal basis changed (the cited article changed, moved or went), or
# whose clauses overstep or contradict higher law, amended. A cited article that did not change suggests
# nothing.
_SUGGESTION = [
    (Finding.Kind.REPEALED_BY, Outcome.REPEAL),
    (Finding.Kind.PAST_VALIDITY, Outcome.LAPSE),
    (Finding.Kind.ISSUER_CAPACITY, Outcome.REPEAL),
    (Finding.Kind.SUPERSEDED_BY, Outcome.REPEAL),
    (Finding.Kind.CITES_REPEALED, Outcome.AMEND),
    (Finding.Kind.CITES_AMENDED, Outcome.AMEND),
    (Finding.Kind.CITED_ARTICLE_DELETED, Outcome.AMEND),
    (Finding.Kind.CITED_ARTICLE_CHANGED, Outcome.AMEND),
    (Finding.Kind.CITED_ARTICLE_RENUMBERED, Outcome.AMEND),
    (Finding.Kind.UNLAWFUL_CONTENT, Outcome.AMEND),
    (Finding.Kind.HIGHER_LAW_CONFLICT, Outcome.AMEND),
    (Finding.Kind.FAIR_COMPETITION, Outcome.AMEND),
    (Finding.Kind.ADDED_REQUIREMENT, Outcome.AMEND),
    (Finding.Kind.SAME_LEVEL_INCONSISTENCY, Outcome.AMEND),
]
_KIND_LABELS = dict(Finding.Kind.choices)
REASON_MAX_CHARS = 500


def _suggestions(row: dict, today: datetime.date) -> tuple[list[dict], str]:
    findings = check(subject_from_register(row), today=today).findings
    kinds = {f.kind for f in findings}
    suggested = next((outcome for kind, outcome in _SUGGESTION if kind in kinds), Outcome.KEEP)
    rows = [
        {"kind": f.kind, "label": _KIND_LABELS.get(f.kind, f.kind), "cited_title": f.cited_title,
         "evidence": f.evidence[:400], "date": f.date.isoformat() if f.date else None, "target_ids": f.target_ids}
        for f in findings
    ]  # fmt: skip
    return rows, suggested


def scope_for(actor: User, *, include_below: bool, **fields) -> Scope:
    """The scope a campaign started by this actor takes: at the actor's level (谁制定、谁清理) its issuers'
    documents, and if chosen those below it."""
    jurisdiction = actor.unit.jurisdiction if actor.unit_id else None
    ids = None
    if jurisdiction is not None:
        ids = subtree_ids(jurisdiction) if include_below else {jurisdiction.pk}
    return Scope(jurisdiction_ids=ids, **fields)


@transaction.atomic
def campaign_start(
    *, title: str, kind: str, reason: str, basis: Document | None, levels: list[str], actor: User,
    today: datetime.date | None = None, include_below: bool = False, keywords: list[str] = (),
    articles_only: bool = False, added: list[int] = (), removed: list[int] = (),
) -> Campaign:  # fmt: skip
    """Start a campaign over the documents in scope (scope.py). Up to CLEANUP_PREPARE_INLINE documents are
    checked at once and the campaign opens; a larger one waits, 准备中, for the dispatcher (campaigns_prepare)."""
    special = kind == Campaign.Kind.SPECIAL
    if special and basis is None and not keywords:
        raise ValidationError("专项清理须选定发生变化的上位法，或写明清理主题词。")
    if articles_only and basis is None:
        raise ValidationError("按条款纳入文件须选定新版本的上位法。")
    if len(keywords) > KEYWORDS_MAX:
        raise ValidationError(f"主题词最多 {KEYWORDS_MAX} 个。")
    if not levels:
        raise ValidationError("请选定至少一个效力层级。")
    fields = {
        "kind": kind, "levels": list(levels), "basis": basis if special else None,
        "keywords": list(keywords) if special else [], "articles_only": articles_only and special,
        "added": sorted(set(added) - set(removed)), "removed": sorted(set(removed)),
    }  # fmt: skip
    scope = scope_for(actor, include_below=include_below, **fields)
    scope_total = documents_in_scope(scope).count()
    if not scope_total:
        raise ValidationError("清理范围内没有文件，未发起清理。")
    today = today or timezone.localdate()
    campaign = Campaign.objects.create(
        title=title.strip(), reason=reason.strip(), started_by=actor, state=Campaign.State.PREPARING,
        scope_total=scope_total, jurisdiction=actor.unit.jurisdiction if actor.unit_id else None,
        include_below=include_below, due=today + datetime.timedelta(days=settings.CLEANUP_DECISION_DAYS), **fields,
    )  # fmt: skip
    described = describe(scope)
    Event.objects.create(campaign=campaign, actor=actor, kind=Event.Kind.STARTED,
                         detail=f"{campaign.get_kind_display()}，纳入 {scope_total} 件文件"
                         + (f"（{described}）" if described else ""))  # fmt: skip
    if scope_total <= settings.CLEANUP_PREPARE_INLINE:
        campaign_prepare(campaign=campaign, today=today)
        campaign.refresh_from_db()  # now open
    return campaign


_FIELDS = [*REGISTER_FIELDS, "doc_number"]


def campaign_prepare(*, campaign: Campaign, today: datetime.date | None = None, batch: int = 200) -> int:
    """Check the documents of a campaign 准备中 and give each an item, a batch per transaction, then open it.

    Each batch commits with the campaign row locked, so the progress page moves, two dispatchers never
    add the same document twice, and work cut short resumes where it stopped."""
    today = today or timezone.localdate()
    units = selectors.units_by_issuer()
    scope = Scope.of(campaign)  # fixed while the campaign is 准备中
    added = 0
    while True:
        with transaction.atomic():
            campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
            if campaign.state != Campaign.State.PREPARING:
                return added
            rows = list(
                documents_in_scope(scope).exclude(pk__in=campaign.items.values("document_id")).values(*_FIELDS)[:batch]
            )
            if not rows:
                campaign.state = Campaign.State.OPEN
                campaign.scope_total = campaign.items.count()
                campaign.save(update_fields=["state", "scope_total"])
                Event.objects.create(campaign=campaign, kind=Event.Kind.OPENED,
                                     detail=f"检查完成，{campaign.scope_total} 件文件的清单已交各单位")  # fmt: skip
                return added
            Item.objects.bulk_create(_item(campaign, row, units, today) for row in rows)
            added += len(rows)


def _item(campaign: Campaign, row: dict, units: dict, today: datetime.date) -> Item:
    suggestions, suggested = _suggestions(row, today)
    unit = units.get(row["issuer"])
    return Item(
        campaign=campaign, document_id=row["pk"], unit_id=row["issuer_unit_id"] or (unit.pk if unit else None),
        title=row["title"][:500], doc_number=row["doc_number"], issuer=row["issuer"], suggestions=suggestions,
        suggested=suggested,
    )  # fmt: skip


def campaigns_prepare() -> int:
    """The dispatcher's turn: finish every campaign still 准备中."""
    return sum(
        campaign_prepare(campaign=campaign) for campaign in Campaign.objects.filter(state=Campaign.State.PREPARING)
    )


@transaction.atomic
def item_decide(*, item: Item, outcome: str, reason: str, actor: User) -> Item:
    """Record (or change, while the campaign is open) a unit's decision on one document.

    The campaign row is locked first, as publication locks it: a decision lands either before the results
    are published (and is in them) or after (and is refused), never in between."""
    campaign = Campaign.objects.select_for_update().get(pk=item.campaign_id)
    item = Item.objects.select_for_update().get(pk=item.pk)
    item.campaign = campaign
    if not campaign.is_open:
        raise ValidationError("清理结果已公布，不能再修改决定。")
    if not selectors.can_decide(actor, item):
        raise ValidationError(
            "只有制定机关可以对本机关的文件作清理决定（谁制定、谁清理）；平台外制定机关的文件只列出。"
        )
    if outcome not in Outcome.values:
        raise ValidationError("请选择清理结论。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写明理由。")
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(f"理由不能超过 {REASON_MAX_CHARS} 字。")
    before = item.get_outcome_display() if item.outcome else ""
    item.outcome, item.reason, item.decided_by, item.decided_at = outcome, reason, actor, timezone.now()
    item.save(update_fields=["outcome", "reason", "decided_by", "decided_at"])
    change = f"（原为{before}）" if before else ""
    Event.objects.create(campaign=item.campaign, item=item, actor=actor, kind=Event.Kind.DECIDED,
                         detail=f"《{item.title}》：{item.get_outcome_display()}{change}。{reason}"[:500])  # fmt: skip
    return item


# A repeal or a declaration of lapse changes the register's 时效性; keep and amend are recorded on the
# document's history (an amendment takes effect when its new version is published).
_STATUS = {Outcome.REPEAL: Status.REPEALED, Outcome.LAPSE: Status.LAPSED}


_NOT_PUBLISHABLE = {
    Campaign.State.PREPARING: "清理活动的文件还在检查中，不能公布结果。",
    Campaign.State.PUBLISHED: "清理结果已经公布。",
    Campaign.State.CANCELLED: "该清理活动已撤销，不能公布结果。",
}


def _undecided(campaign: Campaign) -> int:
    return campaign.items.filter(outcome="", unit__isnull=False).count()  # outside issuers: listed only


@transaction.atomic
def campaign_legal_review(*, campaign: Campaign, actor: User, note: str) -> Campaign:
    """The legal office reviews the units' proposals once all are decided; publication waits for it."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not selectors.may_review_proposals(actor, campaign):
        raise ValidationError("只有发起清理的本级司法行政机关可以对清理意见进行法制审核。")
    if undecided := _undecided(campaign):
        raise ValidationError(f"还有 {undecided} 件文件未作清理决定，暂不能法制审核。")
    campaign.legal_reviewed_by, campaign.legal_reviewed_at = actor, timezone.now()
    campaign.legal_note = note.strip()
    campaign.save(update_fields=["legal_reviewed_by", "legal_reviewed_at", "legal_note"])
    Event.objects.create(campaign=campaign, actor=actor, kind=Event.Kind.LEGAL_REVIEW,
                         detail=f"法制审核通过。{note.strip()}"[:500])  # fmt: skip
    return campaign


@transaction.atomic
def item_return(*, item: Item, actor: User, note: str) -> Item:
    """The legal office sends one proposal back to its unit, which decides again."""
    campaign = Campaign.objects.select_for_update().get(pk=item.campaign_id)
    if not selectors.may_review_proposals(actor, campaign):
        raise ValidationError("只有发起清理的本级司法行政机关可以退回清理意见。")
    if not note.strip():
        raise ValidationError("请写明退回的理由。")
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not item.outcome:
        raise ValidationError("该文件尚未作出清理决定。")
    before = item.get_outcome_display()
    item.outcome, item.decided_at = "", timezone.now()
    item.save(update_fields=["outcome", "decided_at"])
    Event.objects.create(campaign=campaign, item=item, actor=actor, kind=Event.Kind.LEGAL_REVIEW,
                         detail=f"《{item.title}》：法制审核退回（原为{before}）：{note.strip()}"[:500])  # fmt: skip
    return item


@transaction.atomic
def campaign_publish(*, campaign: Campaign, actor: User) -> Campaign:
    """Publish the results, as the issuing authority's decision, once every item is decided and the legal office
    has reviewed the proposals; the register (and so the index) follows. A 规章 is repealed by its government's
    order; a 修改 opens the amending work for its issuer (followups)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError(_NOT_PUBLISHABLE[campaign.state])
    if undecided := _undecided(campaign):
        raise ValidationError(f"还有 {undecided} 件文件未作清理决定，不能公布结果。")
    if not selectors.legal_review_current(campaign):
        raise ValidationError("清理意见须经本级司法行政机关法制审核后方可公布（审核后又有改动的，须重新审核）。")
    for item in campaign.items.filter(unit__isnull=False).select_related("document", "unit"):
        basis = f"{campaign.title}：{item.get_outcome_display()}。{item.reason}"
        if item.document is None:
            continue
        if item.outcome == Outcome.REPEAL and item.document.level in RULE_LEVELS:
            item.order_number = rule_order_next(unit=item.document.issuer_unit or item.unit)
            item.save(update_fields=["order_number"])
            basis = f"{campaign.title}：以{item.order_number}废止。{item.reason}"
        if item.outcome in _STATUS:
            document_status_set(document=item.document, status=_STATUS[item.outcome], basis=basis, actor=actor)
        else:
            document_event_add(document=item.document, actor=actor, kind=DocumentEvent.Kind.CLEANUP, detail=basis)
        if item.outcome == Outcome.AMEND:
            amendment_open(item=item, actor=actor)
    campaign.state, campaign.published_by, campaign.published_at = Campaign.State.PUBLISHED, actor, timezone.now()
    campaign.number = office_number(unit=actor.unit, kind="清", year=timezone.localdate().year)
    campaign.save(update_fields=["state", "published_by", "published_at", "number"])
    Event.objects.create(campaign=campaign, actor=actor, kind=Event.Kind.PUBLISHED,
                         detail=f"公布 {campaign.items.count()} 件文件的清理结果")  # fmt: skip
    return campaign


@transaction.atomic
def campaign_cancel(*, campaign: Campaign, reason: str, actor: User) -> Campaign:
    """Withdraw a campaign started by mistake. Its items and decisions stay, for the record; nothing reaches
    the register, and the units' lists disappear."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state in (Campaign.State.PUBLISHED, Campaign.State.CANCELLED):
        raise ValidationError(f"该清理活动{campaign.get_state_display()}，不能撤销。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写明撤销理由。")
    campaign.state = Campaign.State.CANCELLED
    campaign.save(update_fields=["state"])
    Event.objects.create(campaign=campaign, actor=actor, kind=Event.Kind.CANCELLED, detail=reason[:500])
    return campaign
