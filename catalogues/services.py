"""Writes for a filing body: the 限期报送 notice to an issuer whose filing is overdue; and the issuers' annual
lists of their documents, prepared each January and sent by 31 January."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit, User
from accounts.roles import Role
from filings.models import Document
from filings.text import cn_date
from jurisdictions.selectors import filing_targets
from notifications.services import notify
from review.events import event_add
from review.models import Filing

from .models import AnnualList, LateNotice


@transaction.atomic
def late_notice_send(*, filing: Filing, actor: User, new_due: datetime.date, note: str = "") -> LateNotice:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    today = timezone.localdate()
    if filing.status != Filing.Status.DUE or filing.due >= today:
        raise ValidationError("只有已过报备期限仍未报送的备案需要限期报送。")
    if new_due <= today:
        raise ValidationError({"new_due": "限期须晚于今天。"})
    notice = LateNotice.objects.create(filing=filing, new_due=new_due, note=note.strip()[:300], sent_by=actor)
    event_add(process=filing.process, actor=actor,
              what=f"{filing.body_name}：逾期未报备，限期至{cn_date(new_due)}报送")  # fmt: skip
    notify(users=[filing.process.submitter], kind="red",
           text=f"《{filing.document.title}》逾期未向{filing.body_name}报备，请于{cn_date(new_due)}前报送",
           url=reverse("review:process_detail", args=[filing.process_id]), key=f"late-notice-{notice.pk}")  # fmt: skip
    return notice


def _documents_of(issuer, year: int):
    return Document.objects.filter(stage=Document.Stage.PUBLISHED, issuer_unit=issuer, promulgated__year=year)


def annual_lists_prepare(*, today: datetime.date | None = None) -> int:
    """In January: one list per issuer on the platform and body it files with, for the year just ended
    (an issuer with no documents that year sends an empty list: that too is reported). Idempotent."""
    today = today or timezone.localdate()
    if today.month != 1:
        return 0
    year, made = today.year - 1, 0
    issuers = Unit.objects.filter(jurisdiction__isnull=False, may_issue_normative=True)
    for issuer in issuers:
        bodies = {t.reviewer.pk: t.reviewer for t in filing_targets(issuer, "normative_document") if t.reviewer}
        for body in bodies.values():
            annual, created = AnnualList.objects.get_or_create(
                issuer=issuer, body=body, year=year, defaults={"due": datetime.date(today.year, 1, 31)}
            )
            if created:
                made += 1
                drafters = User.objects.filter(unit=issuer, is_active=True, groups__name=Role.DRAFTER).distinct()
                notify(users=list(drafters), kind="task", url=reverse("catalogues:annual"),
                       text=f"请于{cn_date(annual.due)}前向{body.issuer}报送{year}年度文件目录",
                       key=f"annual-{annual.pk}")  # fmt: skip
    return made


@transaction.atomic
def annual_list_submit(*, annual: AnnualList, actor: User, note: str = "") -> AnnualList:
    annual = AnnualList.objects.select_for_update().get(pk=annual.pk)
    if annual.submitted_at:
        raise ValidationError("该年度目录已报送。")
    if actor.unit_id != annual.issuer_id:
        raise ValidationError("只有制定机关本身可以报送其年度目录。")
    annual.titles = [
        [d.title, d.doc_number, d.promulgated.isoformat()] for d in _documents_of(annual.issuer, annual.year)
    ]
    annual.submitted_at, annual.submitted_by, annual.note = timezone.now(), actor, note.strip()[:300]
    annual.save()
    return annual
