from django.contrib import admin

from filings.history import ReadOnlyAdmin

from .models import Campaign, Event


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only: campaigns are started, decided and published through their pages (services write)."""

    list_display = ["title", "kind", "state", "started_at", "due", "published_at"]
    list_filter = ["kind", "state"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["at", "campaign", "kind", "actor", "detail"]
    list_filter = ["kind"]
