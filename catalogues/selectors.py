"""Reads for a filing body: its monthly catalogue, the filings overdue, and who belongs in the 通报."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.roles import Role
from review.models import Filing

from .models import LateNotice


def body_filings(user) -> QuerySet[Filing]:
    """The filings the user's unit reviews (administrators: all routed ones)."""
    filings = Filing.objects.select_related("document", "document__issuer_unit", "process__submitter")
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return filings.exclude(reviewer_unit__isnull=True)
    return filings.filter(reviewer_unit_id=user.unit_id) if user.unit_id else filings.none()


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    end = timezone.make_aware(datetime.datetime(year + (month == 12), month % 12 + 1, 1))
    return start, end


def catalogue(filings: QuerySet[Filing], year: int, month: int) -> list[Filing]:
    """目录 (art. 10): the documents registered in that month, in order of registration."""
    start, end = month_bounds(year, month)
    return list(filings.filter(registered_at__gte=start, registered_at__lt=end).order_by("registered_at", "id"))


def overdue(filings: QuerySet[Filing], today: datetime.date | None = None) -> list[Filing]:
    """Filings not made by their deadline (迟报、漏报), with their latest 限期报送 notice if any."""
    today = today or timezone.localdate()
    latest = Prefetch("late_notices", queryset=LateNotice.objects.order_by("-sent_at", "-id"), to_attr="notices")
    rows = list(
        filings.filter(status=Filing.Status.DUE, due__lt=today, external=False).order_by("due").prefetch_related(latest)
    )
    for filing in rows:
        filing.notice = filing.notices[0] if filing.notices else None
    return rows


@dataclass
class BulletinLine:
    issuer: str
    titles: list[str]
    notice_due: datetime.date


def bulletin(filings: QuerySet[Filing], today: datetime.date | None = None) -> list[BulletinLine]:
    """通报 (art. 23): issuers still missing a filing after the new deadline of its notice has passed."""
    today = today or timezone.localdate()
    lines: dict[str, BulletinLine] = {}
    for filing in overdue(filings, today):
        if filing.notice is None or filing.notice.new_due >= today:
            continue
        issuer = filing.document.issuer
        line = lines.setdefault(issuer, BulletinLine(issuer, [], filing.notice.new_due))
        line.titles.append(filing.document.title)
        line.notice_due = min(line.notice_due, filing.notice.new_due)
    return sorted(lines.values(), key=lambda line: line.issuer)
