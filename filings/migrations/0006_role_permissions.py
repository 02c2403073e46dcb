"""Existing documents get their origin (published through the workflow when they carry a 三统一 register
number), and the register office may register documents issued outside the platform."""

from django.db import migrations

from accounts.permission_grants import role_permissions_grant

ROLE_PERMISSIONS = {
    "档案管理员": ["register_external"],
    "管理员": ["register_external"],
}


def forwards(apps, schema_editor):
    Document = apps.get_model("filings", "Document")
    Document.objects.filter(register_number__isnull=False).update(origin="workflow")
    role_permissions_grant(apps, "filings", ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="filings", codename="register_external"))


class Migration(migrations.Migration):
    dependencies = [("filings", "0005_origin_attachments_history"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
