"""Reads for 审查建议: a body's requests with their cards, and the counts for the statistics."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from accounts.roles import Role
from review.selectors import deadline_card

from .models import ReviewRequest


def requests_visible_to(user) -> QuerySet[ReviewRequest]:
    """A body's filing reviewers see what was addressed to their unit; administrators all."""
    queryset = ReviewRequest.objects.select_related("document", "body")
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return queryset
    if user.unit_id and user.has_perm("review.filing_review"):
        return queryset.filter(body_id=user.unit_id)
    return queryset.none()


def with_cards(requests) -> list[ReviewRequest]:
    rows = list(requests)
    for request in rows:
        # Registration is due in working days, the answer in calendar days: each card counts in its own unit.
        registering = request.status == ReviewRequest.Status.RECEIVED
        due = request.register_due if registering else request.answer_due
        request.card = deadline_card(due if not request.closed else None, workdays=registering)
    return rows


@dataclass
class RequestCounts:
    received: int
    answered: int
    on_time: int


def request_counts(requests: QuerySet[ReviewRequest]) -> RequestCounts:
    """收到 / 已答复（或转送）/ 按期答复（within the answer deadline, or forwarded before registering was due)."""
    done = [r for r in requests if r.answered_at]
    on_time = [
        r for r in done
        if timezone.localdate(r.answered_at) <= (r.answer_due or r.register_due)
    ]  # fmt: skip
    return RequestCounts(requests.count(), len(done), len(on_time))
