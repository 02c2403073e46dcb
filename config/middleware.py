"""Project-wide request handling: control characters out of every form and query, request ids in logs."""

import logging
import re
import threading
import time
import uuid

from django.conf import settings

from filings.text import text_clean

_local = threading.local()
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _cleaned(query):
    copy = query.copy()
    for key, values in copy.lists():
        copy.setlist(key, [text_clean(v) for v in values])
    copy._mutable = False
    return copy


class CleanInputMiddleware:
    """C0 control characters, lone surrogates and non-characters never reach a form, a query or the
    database from a page (they broke the .docx outputs for everyone): removed from GET and POST values."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


class SessionRenewalMiddleware:
    """A session's idle timeout starts again on a request at most every SESSION_RENEW_SECONDS, not on each one:
    a session write per page made every user's pages queue behind SQLite's single writer (and PostgreSQL's row
    lock of that session) under load. A session thus ends 30 minutes after the last renewal, at most a minute
    before 30 minutes of real idleness."""

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session, now = request.session, int(time.time())
        if not session.is_empty() and now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
            session[self.KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return self.get_response(request)


class RequestIdMiddleware:
    """Each request gets an id (or keeps the proxy's X-Request-ID), echoed in the response and in its logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
        _local.request_id = request.id
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the request id on every log record: the record's own request's (Django's request logging passes
    it), else the one this thread is serving (a thread serves one request at a time)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or getattr(_local, "request_id", "-")
        return True
