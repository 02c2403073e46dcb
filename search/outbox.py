"""Apply the register's pending index updates (filings.PendingIndexUpdate) to the index.

Called by the worker thread after each commit that queued updates (search/handlers.py), by the
dispatcher on every sweep, and by `ensure_search_index`. Applying an update twice is harmless (the index
is brought in line with the row as it is now), so two drainers at once only cost time; rows are removed
only once the index has them, so a failure or a crash leaves them for the next drain.
"""

import logging

from filings.models import PendingIndexUpdate

from . import services

logger = logging.getLogger(__name__)

BATCH = 500


def drain(*, batch: int = BATCH) -> int:
    """Apply every pending update, a batch at a time; returns how many rows were applied."""
    applied = 0
    while True:
        rows = list(PendingIndexUpdate.objects.order_by("id")[:batch])
        if not rows:
            return applied
        removed = {r.document_id for r in rows if r.removed}
        ids = {r.document_id for r in rows if not r.removed} - removed
        services.index_documents(ids=sorted(ids), removed=sorted(removed))
        PendingIndexUpdate.objects.filter(pk__in=[r.pk for r in rows]).delete()
        applied += len(rows)


def pending_count() -> int:
    return PendingIndexUpdate.objects.count()
