"""Reads for cleanup campaigns: scope, who decides what, progress and results."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from accounts.models import Unit, User
from filings.models import Document
from filings.parsing import title_key

from .models import Campaign, Item, Outcome


def units_by_issuer() -> dict[str, Unit]:
    """Each unit under the issuer name it prints on documents (and under its own name)."""
    units: dict[str, Unit] = {}
    for unit in Unit.objects.all():
        units.setdefault(unit.name, unit)
        units[unit.issuer] = unit
    return units


def basis_candidates(text: str, limit: int = 20) -> list[Document]:
    """Register documents a typed title or 文号 may mean: the latest version of each title first."""
    text = text.strip()
    if not text:
        return []
    key = title_key(text)
    matches = Document.objects.filter(stage=Document.Stage.PUBLISHED).filter(
        Q(title_key=key) | Q(doc_number=text) | Q(title=text)
    )
    return list(matches.order_by("title_key", "-promulgated", "-pk").defer("text")[:limit])


def can_view(user: User) -> bool:
    return user.has_perm("cleanup.view_campaign")


def items_visible_to(user: User, campaign: Campaign) -> QuerySet[Item]:
    """The register office sees every item; a unit its own list ("谁制定、谁清理")."""
    items = campaign.items.all()
    if any(user.has_perm(p) for p in ("cleanup.decide_any", "cleanup.publish_results", "cleanup.review_proposals")):
        return items
    if user.unit_id and user.has_perm("cleanup.decide_item"):
        return items.filter(unit_id=user.unit_id)
    return items.none()


def can_decide(user: User, item: Item) -> bool:
    """Each issuer decides its own documents only ("谁制定、谁清理", 立法法 art. 116): not the register office
    for another unit, and nobody for an issuer outside the platform."""
    if not item.campaign.is_open or item.out_of_scope or not user.unit_id or item.unit_id != user.unit_id:
        return False
    return user.has_perm("cleanup.decide_item") or user.has_perm("cleanup.decide_any")


def may_review_proposals(user: User, campaign: Campaign) -> bool:
    """The legal office of the level that started the campaign (any legal office for a register-wide one)."""
    if not campaign.is_open or not user.unit_id or not user.has_perm("cleanup.review_proposals"):
        return False
    return campaign.jurisdiction_id is None or user.unit.jurisdiction_id == campaign.jurisdiction_id


def legal_review_current(campaign: Campaign) -> bool:
    """Reviewed after the last decision (a decision changed since needs the review again)."""
    if campaign.legal_reviewed_at is None:
        return False
    return not campaign.items.filter(decided_at__gt=campaign.legal_reviewed_at).exists()


def amendments(campaign: Campaign) -> list:
    """The campaign's 修改 outcomes followed to the new version: each follow-up with the draft in review
    (`.drafting`) or the published successor."""
    from followups.models import FollowUp
    from review.models import ReviewProcess

    followups = list(FollowUp.objects.filter(item__campaign=campaign).select_related("document", "unit", "successor"))
    drafting = {p.amends_id: p for p in ReviewProcess.objects.filter(
        amends__in=[f.document_id for f in followups], finished__isnull=True).select_related("document")}  # fmt: skip
    for followup in followups:
        followup.drafting = drafting.get(followup.document_id)
    return followups


@dataclass
class UnitProgress:
    unit: str
    total: int = 0
    decided: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def undecided(self) -> int:
        return self.total - self.decided


def campaign_progress(campaign: Campaign) -> list[UnitProgress]:
    """Per deciding unit (or issuer, where no unit issues under that name): how far it has got."""
    rows: dict[str, UnitProgress] = {}
    counts = campaign.items.values_list("unit__name", "issuer", "outcome").annotate(n=Count("id")).order_by()
    for unit_name, issuer, outcome, n in counts:
        name = unit_name or f"{issuer or '制定机关不详'}（平台外，列出不作决定）"
        progress = rows.setdefault(name, UnitProgress(name))
        progress.total += n
        if outcome:
            progress.decided += n
            progress.outcomes[outcome] += n
    return sorted(rows.values(), key=lambda p: (-p.undecided, p.unit))


def open_items_for(user: User) -> list[tuple[Campaign, int]]:
    """Open campaigns with the number of items this user's unit (or the register office) has still to decide."""
    undecided = Item.objects.filter(campaign__state=Campaign.State.OPEN, outcome="")
    if user.unit_id and (user.has_perm("cleanup.decide_item") or user.has_perm("cleanup.decide_any")):
        undecided = undecided.filter(unit_id=user.unit_id)
    else:
        return []
    counts = Counter(undecided.values_list("campaign_id", flat=True))
    campaigns = Campaign.objects.filter(pk__in=counts).order_by("due", "pk")
    return [(c, counts[c.pk]) for c in campaigns]


def jurisdiction_progress(campaign: Campaign) -> list[tuple[str, int, int]]:
    """Per jurisdiction of the deciding units: (name, documents, decided)."""
    counts = (
        campaign.items.filter(unit__isnull=False)
        .values("unit__jurisdiction__name")
        .annotate(total=Count("id"), decided=Count("id", filter=~Q(outcome="")))
        .order_by()
    )
    return sorted((row["unit__jurisdiction__name"] or "未划定区域", row["total"], row["decided"]) for row in counts)


def out_of_scope_items(campaign: Campaign) -> list[Item]:
    return list(campaign.items.filter(unit__isnull=True).order_by("issuer", "title", "pk"))


def results_by_outcome(campaign: Campaign) -> list[tuple[str, list[Item]]]:
    """The published list: per outcome, name, 文号, issuer and reason."""
    items = list(campaign.items.filter(unit__isnull=False).order_by("issuer", "title", "pk"))
    return [(label, [i for i in items if i.outcome == value]) for value, label in Outcome.choices]
