from django.contrib import admin
from viewflow.workflow.admin import ProcessAdmin, TaskAdmin
from viewflow.workflow.models import Process, Task

from filings.history import ReadOnlyAdmin

from .models import Expert, HolidayArrangement, Material, ReviewEvent, SweepStatus

# viewflow's admin edits processes and tasks directly (status, owner…), around the flow and its history:
# here they can be read, not changed, superusers included.
admin.site.unregister(Process)
admin.site.unregister(Task)


@admin.register(Process)
class ReadOnlyProcessAdmin(ReadOnlyAdmin, ProcessAdmin):
    pass


@admin.register(Task)
class ReadOnlyTaskAdmin(ReadOnlyAdmin, TaskAdmin):
    pass


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["at", "process", "actor", "what"]
    raw_id_fields = ["process"]


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["uploaded_at", "process", "kind", "name", "size", "uploaded_by"]
    list_filter = ["kind"]
    raw_id_fields = ["process"]


@admin.register(HolidayArrangement)
class HolidayArrangementAdmin(admin.ModelAdmin):
    """Administrators enter each new year's 放假安排 here once the State Council publishes it."""

    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "day"


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["user", "field", "employer", "active"]
    list_filter = ["active", "field"]
    autocomplete_fields = ["user"]


@admin.register(SweepStatus)
class SweepStatusAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """How the deadline dispatcher's steps last went (also on the 看板 and in /healthz)."""

    list_display = ["step", "last_success", "last_failure", "failures_in_a_row"]
