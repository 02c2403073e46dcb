"""The search app's only signal handlers: keep the index in step with the register.

Registered in SearchConfig.ready(); filings.signals sends after each commit.
"""

import logging

from filings.signals import documents_changed

from . import services

logger = logging.getLogger(__name__)


def _on_documents_changed(sender, ids, removed, **kwargs):
    try:
        services.index_documents(ids=ids, removed=removed)
    except Exception:  # noqa: BLE001 - the register's write has committed; search must not undo the request
        logger.exception("search index update failed for %s (+%s removed); run rebuild_search_index", ids, removed)


def register() -> None:
    documents_changed.connect(_on_documents_changed, dispatch_uid="search.index_documents")
