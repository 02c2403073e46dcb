"""Data-migration helpers: give the role groups permissions on one app's models.

Used by the apps' own `0002_role_permissions` migrations, which list what each role gets; kept here so
the grant and its undo are written once. Works on the historical models the migration passes in.
"""

from django.contrib.auth.management import create_permissions


def role_permissions_grant(apps, app_label: str, role_codenames: dict[str, list[str]]) -> None:
    # The app's permissions are normally created after all migrations ran; the groups need them now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in role_codenames.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def role_permissions_revoke(apps, app_label: str, role_codenames: dict[str, list[str]]) -> None:
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=role_codenames):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label))


def role_permissions_remove(apps, app_label: str, role_codenames: dict[str, list[str]]) -> None:
    """Undo a later migration's grant: only the permissions it listed, the app's others stay."""
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=role_codenames):
        codenames = role_codenames[group.name]
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
