"""The filing body's work on a filing that came in a package: registration (登记、暂缓登记、不予登记) and the
review's outcome, by the rules of a filing made here (review.filing_review), each on the document's record.
The outcome goes back to the issuer's platform outside this system (the package carries no return path)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from filings import services as register
from filings.models import DocumentEvent
from filings.selectors import months_later
from review.filing_review import conclusion_checked, registration_checked
from review.models import Filing

from .models import IncomingPackage


def _locked(incoming: IncomingPackage) -> IncomingPackage:
    return IncomingPackage.objects.select_for_update().select_related("document").get(pk=incoming.pk)


@transaction.atomic
def incoming_register(
    *, incoming: IncomingPackage, actor: User, decision: str, note: str, correction_due: datetime.date | None
) -> IncomingPackage:
    incoming = _locked(incoming)
    if incoming.status != Filing.Status.SUBMITTED:
        raise ValidationError(f"该备案已{incoming.get_status_display()}，不能再登记。")
    incoming.correction_due = registration_checked(decision=decision, note=note, correction_due=correction_due)
    incoming.status, incoming.registration_note = decision, note.strip()
    if decision == Filing.Status.REGISTERED:
        incoming.registered_at = timezone.now()
        incoming.review_due = months_later(timezone.localdate(), settings.FILING_REVIEW_MONTHS)
    elif decision == Filing.Status.REFUSED:
        incoming.closed_at = timezone.now()
    incoming.save()
    detail = f"{incoming.body.issuer}：{Filing.Status(decision).label}" + (f"：{note.strip()}" if note.strip() else "")
    register.document_event_add(document=incoming.document, actor=actor, kind=DocumentEvent.Kind.FILED, detail=detail)
    return incoming


@transaction.atomic
def incoming_conclude(*, incoming: IncomingPackage, actor: User, outcome: str, note: str) -> IncomingPackage:
    incoming = _locked(incoming)
    if incoming.status != Filing.Status.REGISTERED or incoming.outcome:
        raise ValidationError("只有已登记、尚无审查结果的备案可以记录审查结果。")
    outcome = conclusion_checked(outcome=outcome, note=note)
    incoming.outcome, incoming.outcome_note = outcome, note.strip()
    incoming.closed_at = timezone.now()
    incoming.save()
    register.document_event_add(document=incoming.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                detail=f"{incoming.body.issuer}备案审查：{outcome.label}")  # fmt: skip
    return incoming
