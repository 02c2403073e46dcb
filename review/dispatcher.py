"""One sweep of the deadline dispatcher: every step runs, whatever another step did.

A step that raises (e.g. "database is locked" on SQLite under load) is logged and recorded in SweepStatus
and tried again on the next sweep; the dispatcher never dies of it. Comment windows, expert deadlines and
effective dates would otherwise stop silently.

Every application server may run a dispatcher: one sweeps at a time (sole_dispatcher), the others skip
that round, so no timer fires twice and no cleanup batch or digest is prepared twice.
"""

import contextlib
import fcntl
import io
import logging
import traceback
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
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


# pg_try_advisory_lock's key: any bigint no other code of this database uses ("guifan" dispatcher).
ADVISORY_KEY = 0x6775_6966_616E


@contextlib.contextmanager
def sole_dispatcher() -> Iterator[bool]:
    """True while this dispatcher is the only one sweeping; False when another one is (this one skips)."""
    with _advisory_lock() if connection.vendor == "postgresql" else _file_lock() as held:
        yield held


@contextlib.contextmanager
def _advisory_lock() -> Iterator[bool]:
    """PostgreSQL: a session-level advisory lock, held by the connection, so a dispatcher that dies or loses its
    connection frees it at once."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            held = cursor.fetchone()[0]
    except DatabaseError:  # the database is away: skip the round; run_dispatcher reconnects for the next
        logger.exception("dispatcher lock could not be asked for; skipping this round")
        held = False
    try:
        yield held
    finally:
        if held:
            _advisory_unlock()


def _advisory_unlock() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
    except DatabaseError:  # the connection is gone, and the lock with it
        logger.warning("dispatcher lock not released: its connection was lost (so it is free)")


@contextlib.contextmanager
def _file_lock() -> Iterator[bool]:
    """Other databases (SQLite: one machine): an exclusive lock on DISPATCHER_LOCK_FILE, which the system frees
    when the process ends."""
    settings.DISPATCHER_LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(settings.DISPATCHER_LOCK_FILE, "w") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def sweep(steps: list[tuple[str, Callable[[], object]]] | None = None) -> list[str] | None:
    """Run every step once; returns the names of those that failed, or None when another dispatcher is
    sweeping (this round is left to it)."""
    with sole_dispatcher() as sole:
        if not sole:
            logger.info("another dispatcher is sweeping; this one skips the round")
            return None
        return _sweep(steps or STEPS)


def _sweep(steps: list[tuple[str, Callable[[], object]]]) -> list[str]:
    failed = []
    for name, step in steps:
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
