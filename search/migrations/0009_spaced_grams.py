from django.db import migrations

# The grams column now holds the bigrams with a space too (pg_index._gram), so a phrase of several words
# finds its few candidates by the GIN index instead of testing every document that has its words. Rows
# written before lack them: they are marked out of date, and ensure_search_index (make setup, make serve)
# indexes them again; until then they answer as before, except that a phrase with a space misses them.


def mark_stale(apps, schema_editor):
    apps.get_model("search", "SearchEntry").objects.update(updated=0)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_search_counted"),
    ]

    operations = [migrations.RunPython(mark_stale, migrations.RunPython.noop)]
