from django.template.loader import render_to_string

from filings.models import Status

from .models import Finding


def findings_panel(request, document) -> str:
    """The findings scan_register stored for this document, on its page."""
    findings = list(Finding.objects.filter(document=document))
    inferred = findings[0].inferred_status if findings else ""
    return render_to_string(
        "search/_findings_panel.html",
        {"findings": findings, "inferred": Status(inferred).label if inferred else "", "document": document},
        request=request,
    )
