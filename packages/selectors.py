from django.db.models import QuerySet

from .models import IncomingPackage


def packages_received_by(user) -> QuerySet[IncomingPackage]:
    """The incoming filings of the user's unit (administrators: every unit's)."""
    packages = IncomingPackage.objects.select_related("document", "body", "received_by")
    if user.is_superuser:
        return packages
    return packages.filter(body_id=user.unit_id) if user.unit_id else packages.none()
