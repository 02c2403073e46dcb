"""The search app's only signal handler: after a commit that queued index updates, apply them.

Registered in SearchConfig.ready(). With SEARCH_INDEX_UPDATES = "thread" (the default) a worker thread of
this process drains the outbox, so no request waits for the index (a whoosh merge of a large segment took
30 s); "inline" drains in the committing thread (the tests, where a search right after a write must see
it). A failure is logged and the rows stay for the next drain (the dispatcher sweeps every minute).
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from filings.signals import documents_changed

from . import outbox

logger = logging.getLogger(__name__)

_wake = threading.Event()
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()
IDLE_SECONDS = 30  # the worker also looks for rows now and then (e.g. left by another process's crash)


def _drain_logged() -> None:
    try:
        outbox.drain()
    except Exception:  # noqa: BLE001 - the register's write has committed; the rows stay for the next drain
        logger.exception("search index update failed; the pending updates stay queued")


def _work() -> None:
    while True:
        _wake.wait(IDLE_SECONDS)
        _wake.clear()
        close_old_connections()
        _drain_logged()
        connection.close()


def _start_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="search-index-outbox", daemon=True)
            _worker.start()


def _on_documents_changed(sender, **kwargs):
    if settings.SEARCH_INDEX_UPDATES == "inline":
        _drain_logged()
        return
    _start_worker()
    _wake.set()


def register() -> None:
    documents_changed.connect(_on_documents_changed, dispatch_uid="search.index_documents")
