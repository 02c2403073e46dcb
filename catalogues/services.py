"""Writes for a filing body: the 限期报送 notice to an issuer whose filing is overdue."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from filings.text import cn_date
from notifications.services import notify
from review.models import Filing
from review.services import event_add

from .models import LateNotice


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
