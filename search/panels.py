from django.template.loader import render_to_string

from filings.models import Status

from .models import Finding


def findings_panel(request, document) -> str:
    """The findings scan_register stored for this document, on its page."""
    stored = list(Finding.objects.filter(document=document))
    inferred = stored[0].inferred_status if stored else ""
    return render_to_string(
        "search/_findings_panel.html",
        {
            "findings": [f for f in stored if f.kind not in Finding.INFORMATIONAL],
            "notes": [f for f in stored if f.kind in Finding.INFORMATIONAL],
            "inferred": Status(inferred).label if inferred else "",
            "document": document,
        },
        request=request,
    )
