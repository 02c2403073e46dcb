"""Who is asking: the client's address, as the last of our own proxies saw it."""

from django.conf import settings


def client_address(request) -> str:
    """The socket's address, or behind TRUSTED_PROXY_COUNT proxies of ours the address the outermost of them
    saw (each proxy appends to X-Forwarded-For; whatever the client itself put there is ignored)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
