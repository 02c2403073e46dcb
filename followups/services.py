"""Opening and closing the issuers' follow-up work (keyword-only, atomic). The dispatcher opens re-evaluations
and 后评估 (`followups_prepare`), a published cleanup opens each amendment (`amendment_open`), and the
publication of a new version closes what it answers (`successor_published`)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from filings.models import Document, DocumentEvent, Level, Status
from filings.selectors import months_later
from filings.services import RULE_LEVELS, ScanFile, document_event_add, document_status_set
from filings.text import cn_date
from notifications.models import Notification
from notifications.services import notify

from .models import FollowUp


def _drafters(unit):
    return User.objects.filter(unit=unit, groups__name=Role.DRAFTER, is_active=True)


def _open(*, kind: str, document: Document, unit, due: datetime.date, item=None) -> FollowUp | None:
    """Open one follow-up (once: a second call for the same document or item finds it) and tell the unit."""
    try:
        with transaction.atomic():
            followup = FollowUp.objects.create(kind=kind, document=document, unit=unit, due=due, item=item)
    except IntegrityError:
        return None
    notify(users=_drafters(unit), kind=Notification.Kind.TASK, key=f"followup-{followup.pk}",
           text=f"{followup.get_kind_display()}：《{document.title}》，期限 {cn_date(due)}",
           url=reverse("followups:detail", args=[followup.pk]))  # fmt: skip
    return followup


def amendment_open(*, item, actor: User) -> FollowUp | None:
    """A cleanup decided 修改: the issuer drafts the new version through the workflow by the deadline."""
    due = months_later(timezone.localdate(), settings.CLEANUP_AMEND_MONTHS)
    return _open(kind=FollowUp.Kind.AMEND, document=item.document, unit=item.unit, due=due, item=item)


def _own_normative():
    return Document.objects.filter(
        stage=Document.Stage.PUBLISHED, level=Level.NORMATIVE_DOCUMENT, issuer_unit__isnull=False,
        status__in=[Status.IN_FORCE, Status.NOT_YET_IN_FORCE],
    )  # fmt: skip


def _without(documents, kind: str):
    """The documents that have no follow-up of this kind yet (the dispatcher runs every minute)."""
    return documents.exclude(pk__in=FollowUp.objects.filter(kind=kind, item__isnull=True).values("document_id"))


def followups_prepare(*, today: datetime.date | None = None) -> int:
    """The dispatcher's turn: re-evaluations 6 months before a term ends, 后评估 of 规章 and major decisions after
    the set period, and the lapse of the deployment's own documents whose term has ended."""
    today = today or timezone.localdate()
    opened = 0
    horizon = months_later(today, settings.REEVALUATION_MONTHS_BEFORE)
    expiring = _own_normative().filter(expires__gte=today, expires__lte=horizon)
    for document in _without(expiring, FollowUp.Kind.REEVALUATE).select_related("issuer_unit"):
        opened += _open(kind=FollowUp.Kind.REEVALUATE, document=document, unit=document.issuer_unit,
                        due=document.expires) is not None  # fmt: skip
    evaluated = Document.objects.filter(
        stage=Document.Stage.PUBLISHED, issuer_unit__isnull=False, status=Status.IN_FORCE,
        promulgated__lte=months_later(today, -12 * settings.POST_EVALUATION_YEARS),
    ).filter(level__in=RULE_LEVELS) | Document.objects.filter(
        stage=Document.Stage.PUBLISHED, issuer_unit__isnull=False, status=Status.IN_FORCE,
        promulgated__lte=months_later(today, -12 * settings.POST_EVALUATION_YEARS), reviews__major_decision=True,
    )  # fmt: skip
    due = today + datetime.timedelta(days=settings.POST_EVALUATION_REPORT_DAYS)
    for document in _without(evaluated.distinct(), FollowUp.Kind.POST_EVALUATION).select_related("issuer_unit"):
        opened += _open(kind=FollowUp.Kind.POST_EVALUATION, document=document, unit=document.issuer_unit,
                        due=due) is not None  # fmt: skip
    for document in _own_normative().filter(expires__lt=today, status=Status.IN_FORCE):
        document_status_set(document=document, status=Status.LAPSED,
                            basis=f"有效期至{cn_date(document.expires)}届满", actor=None)  # fmt: skip
    return opened


def may_act(user: User, followup: FollowUp) -> bool:
    return user.is_authenticated and user.unit_id == followup.unit_id and user.has_role(Role.DRAFTER)


@transaction.atomic
def followup_decide(
    *, followup: FollowUp, actor: User, decision: str, note: str, report: ScanFile | None = None
) -> FollowUp:
    """The issuer's answer: re-issue (stays open until the new version is published), let it lapse, or hand in
    the 后评估 report."""
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if not may_act(actor, followup) or not followup.is_open:
        raise ValidationError("只有承办单位的起草人员可以处理尚未完成的后续工作。")
    if decision not in followup.decisions:
        raise ValidationError({"decision": "请选择处理方式。"})
    if not note.strip():
        raise ValidationError({"note": "请写明理由或评估结论。"})
    if decision == FollowUp.Decision.REPORTED:
        if report is None:
            raise ValidationError({"report": "请上传评估报告。"})
        followup.report.save(report.name, ContentFile(report.data), save=False)
        followup.report_name = report.name[:200]
    followup.decision, followup.note = decision, note.strip()
    if decision != FollowUp.Decision.REISSUE:
        followup.closed_at, followup.closed_by = timezone.now(), actor
    followup.save()
    detail = f"{followup.get_kind_display()}：{followup.get_decision_display()}。{note.strip()}"[:300]
    document_event_add(document=followup.document, actor=actor, kind=DocumentEvent.Kind.CLEANUP, detail=detail)
    return followup


def successor_published(*, old: Document, new: Document, actor: User) -> int:
    """The new version is published: the old one is superseded (已修改) and what asked for it is done."""
    document_status_set(document=old, status=Status.AMENDED,
                        basis=f"已由《{new.title}》（{new.doc_number}）修改", actor=actor)  # fmt: skip
    open_ones = FollowUp.objects.select_for_update().filter(
        document=old, closed_at__isnull=True, kind__in=[FollowUp.Kind.AMEND, FollowUp.Kind.REEVALUATE]
    )
    closed = 0
    for followup in open_ones:
        followup.decision, followup.successor = FollowUp.Decision.SUPERSEDED, new
        followup.closed_at, followup.closed_by = timezone.now(), actor
        followup.save()
        closed += 1
    return closed
