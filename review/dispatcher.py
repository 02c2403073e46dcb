"""One sweep of the deadline dispatcher: every step runs, whatever another step did.

A step that raises (e.g. "database is locked" on SQLite under load) is logged and recorded in SweepStatus
and tried again on the next sweep; the dispatcher never dies of it. Comment windows, expert deadlines and
effective dates would otherwise stop silently.
"""

import io
import logging
import traceback
from collections.abc import Callable

from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalogues.services import annual_lists_prepare
from cleanup.services import campaigns_prepare
from filings.services import documents_take_effect
from followups.services import followups_prepare
from notifications.services import digests_send
from search import outbox

from .models import SweepStatus
from .notices import cleanup_cards_notify, deadline_cards_notify

logger = logging.getLogger(__name__)

SWEEP = "sweep"


def _timers() -> None:
    call_command("workflow_timers", stdout=io.StringIO())


STEPS: list[tuple[str, Callable[[], object]]] = [
    ("timers", _timers),
    ("take_effect", lambda: documents_take_effect(today=timezone.localdate())),
    ("cleanup_prepare", campaigns_prepare),
    ("search_outbox", outbox.drain),
    ("deadline_notices", lambda: (deadline_cards_notify(), cleanup_cards_notify())),
    ("digests", digests_send),
    ("annual_lists", annual_lists_prepare),
    ("followups", followups_prepare),
]


def _record(step: str, error: str = "") -> None:
    now = timezone.now()
    try:
        with transaction.atomic():
            status, _ = SweepStatus.objects.get_or_create(step=step)
            if error:
                SweepStatus.objects.filter(pk=status.pk).update(
                    last_failure=now, last_error=error[-4000:], failures_in_a_row=F("failures_in_a_row") + 1
                )
            else:
                SweepStatus.objects.filter(pk=status.pk).update(last_success=now, failures_in_a_row=0)
    except Exception:  # noqa: BLE001 - the record itself may hit the same locked database; next sweep then
        logger.exception("could not record the dispatcher step %s", step)


def sweep(steps: list[tuple[str, Callable[[], object]]] | None = None) -> list[str]:
    """Run every step once; returns the names of those that failed."""
    failed = []
    for name, step in steps or STEPS:
        try:
            step()
        except Exception:  # noqa: BLE001 - logged, recorded, retried next sweep
            logger.exception("dispatcher step %s failed; it runs again on the next sweep", name)
            failed.append(name)
            _record(name, traceback.format_exc())
        else:
            _record(name)
    _record(SWEEP, "失败的步骤：" + "、".join(failed) if failed else "")
    return failed


def last_sweep() -> SweepStatus | None:
    return SweepStatus.objects.filter(step=SWEEP).first()
