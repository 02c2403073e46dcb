from django.contrib import admin

from .models import Expert, HolidayArrangement


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
