from django.contrib import admin

from filings.history import ReadOnlyAdmin

from .models import AnnualList, LateNotice


@admin.register(LateNotice)
class LateNoticeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["sent_at", "filing", "new_due", "sent_by"]


@admin.register(AnnualList)
class AnnualListAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["year", "issuer", "body", "due", "submitted_at"]
    list_filter = ["year", "body"]
