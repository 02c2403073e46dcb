from django.contrib import admin

from filings.history import ReadOnlyAdmin

from .models import RequestedReview, ReviewRequest, ReviewRequestEvent


@admin.register(ReviewRequest)
class ReviewRequestAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read here; handled on its page (审查建议), where each step is recorded."""

    list_display = ["number", "document", "body", "status", "received_at"]
    list_filter = ["status", "body"]
    exclude = ["code_hash", "sender_hash"]


@admin.register(ReviewRequestEvent)
class ReviewRequestEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["at", "request", "actor", "what"]


@admin.register(RequestedReview)
class RequestedReviewAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["started_at", "document", "outcome", "concluded_at", "answered_at"]
