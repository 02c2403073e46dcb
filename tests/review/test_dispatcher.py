"""The dispatcher survives a failing step, retries it on the next sweep, and says how it went."""

import pytest
from django.db import connection
from django.urls import reverse

from review import dispatcher
from review.models import SweepStatus

pytestmark = pytest.mark.django_db


def test_a_failing_step_is_recorded_and_the_other_steps_still_run(caplog):
    ran = []

    def locked():
        raise RuntimeError("database is locked")

    steps = [("first", lambda: ran.append("first")), ("broken", locked), ("last", lambda: ran.append("last"))]
    assert dispatcher.sweep(steps) == ["broken"]
    assert ran == ["first", "last"]
    broken = SweepStatus.objects.get(step="broken")
    assert broken.failures_in_a_row == 1 and "database is locked" in broken.last_error
    assert SweepStatus.objects.get(step="last").last_success is not None
    assert dispatcher.last_sweep().last_success is None  # the sweep as a whole did not succeed
    assert "broken failed" in caplog.text

    # Next sweep: the step works again.
    assert dispatcher.sweep([("broken", lambda: None)]) == []
    broken.refresh_from_db()
    assert broken.failures_in_a_row == 0 and broken.last_success is not None
    assert dispatcher.last_sweep().last_success is not None


def test_the_real_sweep_runs_every_step():
    assert dispatcher.sweep() == []
    assert set(SweepStatus.objects.values_list("step", flat=True)) == {
        "timers", "take_effect", "cleanup_prepare", "search_outbox", "deadline_notices", "digests", "annual_lists",
        "followups", "sweep",
    }  # fmt: skip


def test_healthz_reports_database_index_and_the_last_sweep(client):
    from search import services

    services.index_rebuild()
    data = client.get(reverse("healthz")).json()
    assert data["status"] == "ok" and data["checks"]["dispatcher"] == "never swept"
    dispatcher.sweep()
    data = client.get(reverse("healthz")).json()
    assert data["checks"]["database"] == "ok" and data["checks"]["search_index"] == "ok"
    assert data["checks"]["dispatcher"] == "ok" and data["checks"]["search_index_pending"] == 0


@pytest.mark.whoosh
def test_healthz_is_503_without_a_readable_index(client, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "nowhere"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503 and response.json()["checks"]["search_index"] != "ok"


def test_administrators_see_the_dispatcher_on_the_dashboard(client):
    from accounts.roles import Role
    from tests.factories import UserFactory

    dispatcher.sweep([("broken", lambda: 1 / 0)])
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR)
    client.force_login(admin)
    page = client.get(reverse("review:dashboard")).content.decode()
    assert "调度运行情况" in page and "broken" in page and "ZeroDivisionError" in page


def test_a_second_dispatcher_skips_the_round_while_one_is_sweeping():
    """Within one process the file lock (SQLite) or the advisory lock (PostgreSQL, its own connection in the
    other test) is what decides; here the lock is held around a second sweep."""
    ran = []
    with dispatcher.sole_dispatcher() as sole:
        assert sole
        if connection.vendor != "postgresql":  # the advisory lock is re-entrant for its own session
            assert dispatcher.sweep([("step", lambda: ran.append(1))]) is None
            assert ran == []
    assert dispatcher.sweep([("step", lambda: ran.append(1))]) == [] and ran == [1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two dispatchers share PostgreSQL (.ci/run)")
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_on_postgresql_sweep_one_at_a_time_and_fire_a_timer_once(drafter):
    """Two dispatchers (each its own connection, as on two servers) sweep at the same moment: one sweeps, the
    other skips; the comment window's timer fires once and the comments step opens once."""
    import datetime
    import threading

    from django.db import connections
    from django.test import Client
    from django.utils import timezone
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from review.flows import DocumentReviewFlow
    from tests.review.conftest import submit

    process = submit(Client(), drafter)  # public comment: its window's timer is scheduled
    timer = Task.objects.get(process=process, flow_task_type="TIMER", status=STATUS.SCHEDULED)
    Task.objects.filter(pk=timer.pk).update(scheduled=timezone.now() - datetime.timedelta(seconds=1))

    inside, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def first():
        def slow():  # holds the round open until the second dispatcher has tried
            inside.set()
            release.wait(10)

        try:
            results["first"] = dispatcher.sweep([("slow", slow), *dispatcher.STEPS])
        finally:
            connections.close_all()

    def second():
        inside.wait(10)
        try:
            results["second"] = dispatcher.sweep()
        finally:
            release.set()
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == {"first": [], "second": None}
    timer.refresh_from_db()
    assert timer.status == STATUS.DONE
    assert Task.objects.filter(process=process, flow_task=DocumentReviewFlow.handle_comments).count() == 1

    # The lock went with the first dispatcher's round: the next round is swept by whoever comes.
    assert dispatcher.sweep() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's (.ci/run)")
def test_a_database_that_cannot_be_asked_for_the_lock_skips_the_round_without_killing_the_dispatcher(
    monkeypatch, caplog
):
    from django.db import OperationalError

    def away(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", away)
    ran = []
    assert dispatcher.sweep([("step", lambda: ran.append(1))]) is None
    assert ran == [] and "skipping this round" in caplog.text
