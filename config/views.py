"""/healthz: is this application server fit to serve (database, search index), and is the dispatcher alive."""

import datetime

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from review.dispatcher import last_sweep
from search import engine, outbox


@never_cache
def healthz(request):
    checks, healthy = {}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["database"], healthy = f"error: {type(exc).__name__}", False
    if healthy:
        ready = engine.backend().ready()
        checks["search_index"] = "ok" if ready else "missing or unreadable"
        healthy = ready
        checks["search_index_pending"] = outbox.pending_count()
        sweep = last_sweep()
        stale_after = datetime.timedelta(seconds=3 * settings.DISPATCHER_INTERVAL_SECONDS)
        if sweep is None or sweep.last_success is None:
            checks["dispatcher"] = "never swept"
        else:
            age = timezone.now() - sweep.last_success
            checks["dispatcher"] = "ok" if age <= stale_after else "stale"
            checks["dispatcher_last_success"] = sweep.last_success.isoformat()
        if sweep is not None and sweep.failures_in_a_row:
            checks["dispatcher_failures_in_a_row"] = sweep.failures_in_a_row
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
