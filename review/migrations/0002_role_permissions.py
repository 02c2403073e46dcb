"""Give the roles their permissions on the review workflow."""

from django.db import migrations

from accounts.permission_grants import role_permissions_grant, role_permissions_revoke

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
    role_permissions_grant(apps, "review", ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    role_permissions_revoke(apps, "review", ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
