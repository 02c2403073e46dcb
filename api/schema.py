def only_v1(endpoints):
    """The schema describes /api/v1/ only (the older /api/search is the search page's own)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
