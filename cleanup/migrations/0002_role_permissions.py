"""Give the roles their permissions on cleanup campaigns: administrators start them, each drafting unit
decides on its own documents, the register office (archivists) decides the documents no unit issues
and publishes the results."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "起草单位": ["view_campaign", "decide_item"],
    "合法性审核员": ["view_campaign"],
    "档案管理员": ["view_campaign", "decide_any", "publish_results"],
    "管理员": ["view_campaign", "start_campaign", "decide_any", "view_event"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cleanup")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="cleanup", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="cleanup"))


class Migration(migrations.Migration):
    dependencies = [("cleanup", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
