"""Seed the filing rule table, and place today's units: departments of one city (甲市) under one region
(某自治区); units whose names say otherwise get their kind (司法局 → legal office, 人大 → congress, …)."""

from django.db import migrations

from jurisdictions.rules import DEFAULT_FILING_RULES, capacity_defaults


def kind_of(name: str) -> str:
    if "司法" in name:
        return "legal_office"
    if "人大" in name:
        return "congress"
    if "专家库" in name or "法学会" in name or "大学" in name:
        return "other"
    if name.endswith("人民政府") or "政府办公" in name:
        return "government"
    return "department"


def forward(apps, schema_editor):
    FilingRule = apps.get_model("jurisdictions", "FilingRule")
    Jurisdiction = apps.get_model("jurisdictions", "Jurisdiction")
    Unit = apps.get_model("accounts", "Unit")
    for kind, level, document_level, body, basis in DEFAULT_FILING_RULES:
        FilingRule.objects.get_or_create(issuer_kind=kind, issuer_level=level, document_level=document_level,
                                         body=body, defaults={"basis": basis})  # fmt: skip
    units = list(Unit.objects.all())
    if not units:
        return
    region, _ = Jurisdiction.objects.get_or_create(name="某自治区", defaults={"level": "region", "code": "自治区"})
    city, _ = Jurisdiction.objects.get_or_create(name="甲市", defaults={"level": "city", "parent": region, "code": "甲市"})
    for unit in units:
        upper = unit.name.startswith(("省", "自治区")) or unit.issuer_name.startswith(("某省", "某自治区"))
        jurisdiction = region if upper else city
        unit.jurisdiction, unit.kind = jurisdiction, kind_of(unit.name)
        for field, value in capacity_defaults(unit.kind, jurisdiction.level).items():
            setattr(unit, field, value)
        unit.save()


class Migration(migrations.Migration):
    dependencies = [("jurisdictions", "0001_initial"), ("accounts", "0004_unit_jurisdiction_and_capacity")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
