def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted once per request (a page's panels are rendered with the request too).
    if not hasattr(request, "unread_notices"):
        request.unread_notices = user.notifications.filter(read_at__isnull=True).count()
    return {"unread_notices": request.unread_notices}
