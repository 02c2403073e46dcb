"""gunicorn's settings for `make serve` (all from the environment; see README "Running in production")."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# Each access line carries the request id the app gave (or kept from the proxy's X-Request-ID).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Each worker loads jieba, its dictionary and the index before it takes requests, not on a user's search.

    Then everything loaded so far is frozen out of the garbage collector: a full collection walked those
    130,000 objects (58 ms on this machine) in the middle of whichever request happened to trigger it."""
    import gc
    import time

    from django.db import connections

    from search.selectors import search_warm

    began = time.perf_counter()
    try:
        search_warm()
        worker.log.info("search loaded in %.0f ms", (time.perf_counter() - began) * 1000)
    except Exception:  # noqa: BLE001 - no index yet, say: the first search loads it (or rebuilds it)
        worker.log.exception("search warm-up failed; the first search will load it")
    finally:
        connections.close_all()
        gc.collect()
        gc.freeze()
        worker.log.info("%d objects frozen out of garbage collection", gc.get_freeze_count())
