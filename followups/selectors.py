from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Role

from .models import FollowUp


def followups_visible_to(user: User) -> QuerySet[FollowUp]:
    """A unit its own; administrators and the register office all."""
    queryset = FollowUp.objects.select_related("document", "unit", "successor", "item__campaign")
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR) or user.has_perm("filings.publish_document"):
        return queryset
    return queryset.filter(unit_id=user.unit_id) if user.unit_id else queryset.none()


def open_count(user: User) -> int:
    return followups_visible_to(user).filter(closed_at__isnull=True, unit_id=user.unit_id).count()
