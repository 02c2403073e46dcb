"""Administrators keep the jurisdiction tree and the filing rule table in the admin."""

from django.db import migrations

from accounts.permission_grants import role_permissions_grant, role_permissions_revoke

ROLE_PERMISSIONS = {
    "管理员": ["view_jurisdiction", "add_jurisdiction", "change_jurisdiction",
              "view_filingrule", "add_filingrule", "change_filingrule", "delete_filingrule"],
}  # fmt: skip


def grant(apps, schema_editor):
    role_permissions_grant(apps, "jurisdictions", ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    role_permissions_revoke(apps, "jurisdictions", ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("jurisdictions", "0002_rules_and_existing_units"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
