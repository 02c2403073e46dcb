"""History rows are written once and never changed or removed (documents, reviews, cleanup).

Models inherit `AppendOnly`: saving an existing row, deleting one, and bulk update or delete through the
manager all raise. Foreign keys to a history row's subject are PROTECT, so no cascade removes it either.
"""

from django.core.exceptions import PermissionDenied
from django.db import models

MESSAGE = "历史记录只能追加，不能修改或删除。"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(MESSAGE)

    def delete(self):
        raise PermissionDenied(MESSAGE)


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(MESSAGE)


class ReadOnlyAdmin:
    """Admin mixin: rows can be read, never added, changed or deleted there, superusers included (history,
    derived rows such as citations, the 三统一 counters)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
