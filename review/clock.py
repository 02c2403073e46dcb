"""The legality review's own clock (国办发〔2018〕115号; 重大行政决策程序暂行条例 art. 26).

The review has at least 5 (a major decision 7) and at most 15 working days from receipt of complete
materials. The clock stops (中止) while the drafter supplements materials or amends the draft at the
reviewer's request, and runs on when the draft comes back: a return does not restart it. A return to
complete the procedure (new comment, new expert argument) brings new materials and starts it afresh.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from viewflow.workflow.models import Task

from .models import LegalityReview, ReviewProcess
from .workdays import workdays_after, workdays_between

# Conclusions after which the clock pauses (the same review continues) rather than starting again.
PAUSING = {LegalityReview.Conclusion.SUPPLEMENT, LegalityReview.Conclusion.AMEND}


@dataclass(frozen=True)
class Clock:
    received: datetime.date  # the current review round's receipt
    used: int  # working days used in earlier rounds of the same review (中止 periods not counted)
    minimum: int
    maximum: int
    earliest: datetime.date  # the reviewer is given at least until this day
    latest: datetime.date  # the review concludes by this day
    estimated: bool = False  # counted into a year without a known holiday arrangement

    @property
    def basis(self) -> str:
        used = f"，此前已用 {self.used} 个，中止期间不计" if self.used else ""
        return f"不少于 {self.minimum}、不超过 {self.maximum} 个工作日{used}"


def minimum_workdays(process: ReviewProcess) -> int:
    return (
        settings.LEGALITY_REVIEW_MIN_WORKDAYS_MAJOR if process.major_decision else settings.LEGALITY_REVIEW_MIN_WORKDAYS
    )


def _rounds(process: ReviewProcess) -> list[tuple[Task, LegalityReview | None]]:
    """Each legality-review task of the process with the review it concluded (None while open)."""
    from .flows import DocumentReviewFlow

    tasks = list(
        Task.objects.filter(process=process, flow_task=DocumentReviewFlow.legality_review).order_by("created", "pk")
    )
    reviews = list(process.legality_reviews.order_by("round"))
    return [(task, reviews[n] if n < len(reviews) and task.finished else None) for n, task in enumerate(tasks)]


def review_clock(process: ReviewProcess) -> Clock:
    """The clock of the open review round (or of one received today, before its task exists)."""
    used, current = 0, None
    for task, review in _rounds(process):
        start = timezone.localtime(task.created).date()
        if review is None:
            current = start
            break
        if review.conclusion in PAUSING:
            used += workdays_between(start, timezone.localtime(review.concluded_at).date())
        else:
            used = 0
    current = current or timezone.localdate()
    minimum, maximum = minimum_workdays(process), settings.LEGALITY_REVIEW_WORKDAYS
    latest = workdays_after(current, max(maximum - used, 0))
    return Clock(
        received=current,
        used=used,
        minimum=minimum,
        maximum=maximum,
        earliest=workdays_after(current, max(minimum - used, 0)).date,
        latest=latest.date,
        estimated=latest.estimated,
    )


def paused(process: ReviewProcess) -> bool:
    """The review is suspended: the drafter is supplementing or amending at the reviewer's request."""
    from .flows import DocumentReviewFlow
    from .selectors import OPEN_TASK

    return Task.objects.filter(
        process=process, flow_task__in=[DocumentReviewFlow.supplement, DocumentReviewFlow.amend], status__in=OPEN_TASK
    ).exists()
