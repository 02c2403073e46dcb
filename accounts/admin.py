"""Units and users in the Django admin. Nobody grants what they do not hold themselves.

A non-superuser administrator cannot make anyone a superuser, cannot give direct permissions, may only
give groups whose every permission it holds itself, and cannot edit (or reset the password of) an
account that holds more than it does — its own account included, where it would add to itself.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from .models import Unit, User


def _permissions(user) -> set[str]:
    return user.get_all_permissions()


def _group_permissions(group: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def grantable_groups(actor):
    """The groups this user may give: all for a superuser, else those whose permissions it holds."""
    if actor.is_superuser:
        return Group.objects.all()
    held = _permissions(actor)
    return Group.objects.filter(pk__in=[g.pk for g in Group.objects.all() if _group_permissions(g) <= held])


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "kind", "issuer_name", "doc_number_prefix", "office_code",
                    "may_issue_rules", "may_issue_normative", "system"]  # fmt: skip
    list_filter = ["jurisdiction", "kind", "may_issue_rules"]
    search_fields = ["name", "issuer_name"]


@admin.register(User)
class RegisterUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("单位", {"fields": ["unit"]}))
    list_display = ["username", "last_name", "first_name", "unit", "is_staff"]
    list_filter = ["unit", "groups", "is_staff"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return not obj.is_superuser and _permissions(obj) <= _permissions(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """Roles are made by the data migrations; only a superuser changes what a role may do."""

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
