"""The register records each committed change for the search index (an outbox), and says so after commit.

`announce` writes PendingIndexUpdate rows in the caller's transaction, so a change and its index update
are stored together or not at all; after the commit, `documents_changed` tells the search app there is
work (search/handlers.py), which applies it outside the request.
"""

from django.db import transaction
from django.dispatch import Signal

from .models import PendingIndexUpdate

# Sent after a commit that queued index updates; no arguments beyond the sender.
documents_changed = Signal()


def announce(*, ids: list[int] | tuple = (), removed: list[int] | tuple = ()) -> None:
    rows = [PendingIndexUpdate(document_id=pk) for pk in dict.fromkeys(ids)]
    rows += [PendingIndexUpdate(document_id=pk, removed=True) for pk in dict.fromkeys(removed)]
    if not rows:
        return
    PendingIndexUpdate.objects.bulk_create(rows, batch_size=1000)
    transaction.on_commit(lambda: documents_changed.send(sender="filings"))
