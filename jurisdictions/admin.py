from django.contrib import admin

from .models import FilingRule, Jurisdiction


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name"]


@admin.register(FilingRule)
class FilingRuleAdmin(admin.ModelAdmin):
    """The deployment's filing rule table: where each issuer's documents are filed (seeded with the
    national defaults of 备案审查条例 art. 4 and 立法法 art. 109)."""

    list_display = ["issuer_kind", "issuer_level", "document_level", "body", "basis"]
    list_filter = ["document_level", "issuer_kind", "body"]
