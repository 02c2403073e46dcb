"""Seed common short forms of cited titles that the title key alone does not resolve."""

from django.db import migrations

ALIASES = {
    "民诉法解释": "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释",
    "刑诉法解释": "最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释",
    "行诉法解释": "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释",
}


def seed(apps, schema_editor):
    TitleAlias = apps.get_model("filings", "TitleAlias")
    for alias, title in ALIASES.items():
        TitleAlias.objects.get_or_create(alias=alias, defaults={"title": title})


def unseed(apps, schema_editor):
    apps.get_model("filings", "TitleAlias").objects.filter(alias__in=ALIASES).delete()


class Migration(migrations.Migration):
    dependencies = [("filings", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
