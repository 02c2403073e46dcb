"""The process's history: one ReviewEvent row per action (append-only), written by every service."""

from accounts.models import User

from .models import ReviewEvent, ReviewProcess


def event_add(*, process: ReviewProcess, actor: User | None, what: str) -> None:
    ReviewEvent.objects.create(process=process, actor=actor, what=what[:300])
