"""Give the roles their permissions on the review workflow."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "起草单位": ["submit_draft", "view_reviewprocess"],
    "合法性审核员": ["legality_review", "view_reviewprocess"],
    "备案审查员": ["filing_review", "view_reviewprocess"],
    "专家": ["view_reviewprocess"],
    "档案管理员": ["deliberate", "view_reviewprocess"],
    "管理员": ["deliberate", "view_reviewprocess", "view_holidayarrangement", "add_holidayarrangement",
            "change_holidayarrangement", "delete_holidayarrangement", "view_expert", "add_expert", "change_expert"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("review")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="review", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="review"))


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
