"""Reads over the jurisdiction tree: a jurisdiction's subtree, its government, legal office and 人大常委会,
and the filing bodies of an issuer's document by the rule table."""

from dataclasses import dataclass

from accounts.models import Unit

from .kinds import UnitKind
from .models import FilingRule, Jurisdiction

STATE_COUNCIL = "国务院"


def subtree_ids(jurisdiction: Jurisdiction | None) -> set[int]:
    """The jurisdiction and every one below it."""
    if jurisdiction is None:
        return set()
    found, frontier = {jurisdiction.pk}, [jurisdiction.pk]
    while frontier:
        frontier = list(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        found.update(frontier)
    return found


def unit_of(jurisdiction: Jurisdiction | None, kind: str) -> Unit | None:
    if jurisdiction is None:
        return None
    return Unit.objects.filter(jurisdiction=jurisdiction, kind=kind).order_by("pk").first()


@dataclass
class FilingTarget:
    """Where one filing goes: the body (None outside the platform) and the office that reviews it there."""

    name: str
    body: Unit | None
    reviewer: Unit | None
    basis: str

    @property
    def external(self) -> bool:
        return self.body is None


def _reviewer_of(body: Unit) -> Unit | None:
    """A government's filings are reviewed by its legal office; a 人大常委会 reviews its own."""
    if body.kind == UnitKind.GOVERNMENT:
        return unit_of(body.jurisdiction, UnitKind.LEGAL_OFFICE)
    return body


def filing_targets(issuer: Unit | None, document_level: str) -> list[FilingTarget]:
    """The filings a document of this issuer and level is due for, one per matching rule."""
    if issuer is None or issuer.jurisdiction is None:
        return []
    jurisdiction = issuer.jurisdiction
    rules = FilingRule.objects.filter(issuer_kind=issuer.kind, document_level=document_level).filter(
        issuer_level__in=["", jurisdiction.level]
    )
    targets = []
    for rule in rules.order_by("id"):
        if rule.body == FilingRule.Body.STATE_COUNCIL:
            targets.append(FilingTarget(STATE_COUNCIL, None, None, rule.basis))
            continue
        where = jurisdiction if rule.body in ("own_government", "own_congress") else jurisdiction.parent
        if where is None:
            continue
        kind = UnitKind.GOVERNMENT if rule.body.endswith("government") else UnitKind.CONGRESS
        body = unit_of(where, kind)
        if body is not None and body.pk == issuer.pk:
            continue  # a government's own documents are not filed with itself
        name = body.issuer if body else f"{where.name}{'人民政府' if kind == UnitKind.GOVERNMENT else '人大常委会'}"
        targets.append(FilingTarget(name, body, _reviewer_of(body) if body else None, rule.basis))
    return targets


def reviewing_jurisdiction(jurisdiction: Jurisdiction | None) -> Jurisdiction | None:
    """Whose legal office does the legality review: the jurisdiction's own, or, where it has none (a 乡镇),
    the nearest one above it."""
    seen = 0
    while jurisdiction is not None and seen < 10:
        if Unit.objects.filter(jurisdiction=jurisdiction, kind=UnitKind.LEGAL_OFFICE).exists():
            return jurisdiction
        jurisdiction, seen = jurisdiction.parent, seen + 1
    return None


def reviewed_jurisdiction_ids(jurisdiction: Jurisdiction | None) -> set[int]:
    """The jurisdictions whose drafts this jurisdiction's legal office reviews: its own and those below it
    that have no legal office of their own (reached without passing one)."""
    if jurisdiction is None:
        return set()
    with_office = set(
        Unit.objects.filter(kind=UnitKind.LEGAL_OFFICE).values_list("jurisdiction_id", flat=True).distinct()
    )
    found, frontier = {jurisdiction.pk}, [jurisdiction.pk]
    while frontier:
        below = Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        frontier = [pk for pk in below if pk not in with_office]
        found.update(frontier)
    return found
