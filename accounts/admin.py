from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer_name", "doc_number_prefix"]
    search_fields = ["name", "issuer_name"]


@admin.register(User)
class RegisterUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("单位", {"fields": ["unit"]}))
    list_display = ["username", "last_name", "first_name", "unit", "is_staff"]
    list_filter = ["unit", "groups", "is_staff"]
