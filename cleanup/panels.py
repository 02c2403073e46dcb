from django.template.loader import render_to_string

from filings.models import Document

from .impact import version_impact


def impact_panel(request, document) -> str:
    """On a new version's page, for whoever starts cleanups: the documents in force citing an article this
    version changed, moved or deleted, and a 专项清理 of exactly those offered."""
    if document.stage != Document.Stage.PUBLISHED or not request.user.has_perm("cleanup.start_campaign"):
        return ""
    impact = version_impact(document)
    if impact.previous is None:
        return ""
    return render_to_string("cleanup/_impact_panel.html", {"impact": impact, "document": document}, request=request)
