"""Give the roles their permissions on cleanup campaigns: administrators start them, each drafting unit
decides on its own documents, the register office (archivists) decides the documents no unit issues
and publishes the results."""

from django.db import migrations

from accounts.permission_grants import role_permissions_grant, role_permissions_revoke

ROLE_PERMISSIONS = {
    "起草单位": ["view_campaign", "decide_item"],
    "合法性审核员": ["view_campaign"],
    "档案管理员": ["view_campaign", "decide_any", "publish_results"],
    "管理员": ["view_campaign", "start_campaign", "decide_any", "view_event"],
}


def grant(apps, schema_editor):
    role_permissions_grant(apps, "cleanup", ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    role_permissions_revoke(apps, "cleanup", ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("cleanup", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
