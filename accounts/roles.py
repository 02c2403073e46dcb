"""The roles of DOMAIN.md, as auth groups created by a data migration.

The group names are what administrators see; code refers to them through `Role`.
"""

from django.db import models


class Role(models.TextChoices):
    DRAFTER = "起草单位", "起草单位"
    LEGALITY_REVIEWER = "合法性审核员", "合法性审核员"
    FILING_REVIEWER = "备案审查员", "备案审查员"
    EXPERT = "专家", "专家"
    ARCHIVIST = "档案管理员", "档案管理员"
    ADMINISTRATOR = "管理员", "管理员"


# Model permissions each role gets on the register (app_label, codename).
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    Role.ARCHIVIST: [
        ("filings", "view_document"),
        ("filings", "change_document"),
        ("filings", "add_document"),
        ("filings", "view_article"),
        ("filings", "view_citation"),
        ("filings", "view_titlealias"),
        ("filings", "add_titlealias"),
        ("filings", "change_titlealias"),
        ("filings", "delete_titlealias"),
        ("filings", "view_documentevent"),
        ("filings", "view_docnumberseries"),
        ("filings", "publish_document"),
    ],
    Role.ADMINISTRATOR: [
        ("filings", "view_document"),
        ("filings", "change_document"),
        ("filings", "delete_document"),
        ("filings", "view_documentevent"),
        ("filings", "view_docnumberseries"),
        ("filings", "change_docnumberseries"),
        ("filings", "add_docnumberseries"),
        ("filings", "publish_document"),
        ("accounts", "view_unit"),
        ("accounts", "add_unit"),
        ("accounts", "change_unit"),
        ("accounts", "view_user"),
        ("accounts", "add_user"),
        ("accounts", "change_user"),
    ],
}
