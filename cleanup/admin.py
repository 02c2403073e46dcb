from django.contrib import admin

from filings.history import ReadOnlyHistoryAdmin

from .models import Campaign, Event


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Read-only: campaigns are started, decided and published through their pages (services write)."""

    list_display = ["title", "kind", "state", "started_at", "due", "published_at"]
    list_filter = ["kind", "state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyHistoryAdmin, admin.ModelAdmin):
    list_display = ["at", "campaign", "kind", "actor", "detail"]
    list_filter = ["kind"]
