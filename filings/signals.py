"""The register announces committed changes; the search app listens (see search/handlers.py).

Sent after the transaction commits, so listeners never see rows that were rolled back.
"""

from django.db import transaction
from django.dispatch import Signal

# kwargs: ids (list[int]) of documents created or changed; removed (list[int]) of documents deleted.
documents_changed = Signal()


def announce(*, ids: list[int] | tuple = (), removed: list[int] | tuple = ()) -> None:
    ids, removed = list(ids), list(removed)
    transaction.on_commit(lambda: documents_changed.send(sender="filings", ids=ids, removed=removed))
