from django.template.loader import render_to_string

from .models import Filing


def filings_panel(request, document) -> str:
    """Every filing of the document (one per filing body, 双重备案 included) with its status and outcome."""
    filings = list(Filing.objects.filter(document=document).order_by("id"))
    if not filings:
        return ""
    return render_to_string("review/_filings_panel.html", {"filings": filings}, request=request)
