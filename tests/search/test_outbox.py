"""The index follows the register through an outbox written in the same transaction as the change."""

import time

import pytest
from django.db import transaction

from filings import services as filings_services
from filings.models import Level, PendingIndexUpdate
from search import outbox, selectors, services

pytestmark = pytest.mark.django_db


def _draft(unit, user, title="某市共享单车停放管理办法"):
    return filings_services.draft_create(
        title=title, text=f"{title}\n第一条　规范共享单车停放秩序。", level=Level.NORMATIVE_DOCUMENT,
        drafting_unit=unit, issuer_unit=None, actor=user,
    )  # fmt: skip


def _found(title, user):
    return [h.pk for h in selectors.rank(title, visibility=selectors.visibility_for(user)).hits]


def test_a_change_and_its_pending_index_update_are_stored_together(drafter):
    with pytest.raises(RuntimeError), transaction.atomic():
        _draft(drafter.unit, drafter)
        assert PendingIndexUpdate.objects.count() == 1
        raise RuntimeError
    assert PendingIndexUpdate.objects.count() == 0


def test_a_failed_index_write_leaves_the_update_queued_and_the_next_drain_applies_it(
    drafter, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "index_documents", broken)
    with django_capture_on_commit_callbacks(execute=True):
        draft = _draft(drafter.unit, drafter)
    assert list(PendingIndexUpdate.objects.values_list("document_id", flat=True)) == [draft.pk]
    monkeypatch.undo()
    assert outbox.drain() == 1
    assert PendingIndexUpdate.objects.count() == 0
    assert _found("共享单车", drafter) == [draft.pk]


def test_after_a_crash_start_up_applies_what_was_queued(drafter):
    from django.core.management import call_command

    services.index_rebuild()
    # The process died after the commit, before the index write: the queued row is all that is left
    # (no on-commit callback runs in this test's transaction).
    draft = _draft(drafter.unit, drafter)
    assert _found("共享单车", drafter) == []
    assert PendingIndexUpdate.objects.filter(document_id=draft.pk).exists()
    call_command("ensure_search_index", "--procs", "1")
    assert _found("共享单车", drafter) == [draft.pk]
    assert PendingIndexUpdate.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_in_thread_mode_the_writer_does_not_wait_for_the_index(settings, drafter, monkeypatch):
    import threading

    settings.SEARCH_INDEX_UPDATES = "thread"
    entered, release = threading.Event(), threading.Event()
    real = services.index_documents

    def blocked(**kwargs):
        entered.set()
        release.wait(10)  # an index merge that takes long
        return real(**kwargs)

    monkeypatch.setattr(services, "index_documents", blocked)
    draft = _draft(drafter.unit, drafter)  # returns while the worker is still inside the index write
    assert entered.wait(10) and not release.is_set()
    assert PendingIndexUpdate.objects.filter(document_id=draft.pk).exists()
    release.set()
    for _ in range(200):
        if not PendingIndexUpdate.objects.exists():
            break
        time.sleep(0.05)
    assert not PendingIndexUpdate.objects.exists()
    assert _found("共享单车", drafter) == [draft.pk]
