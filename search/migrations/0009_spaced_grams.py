from django.db import migrations, models

# The grams column now holds the bigrams with a space too (pg_index._gram), so a phrase of several words
# finds its few candidates by the GIN index instead of testing every document that has its words. Rows
# written before lack them: they keep layout 1, which stored_versions reports as out of date, so
# ensure_search_index (make setup, make serve) indexes them again; until then they answer as before,
# except that a phrase with a space misses them. (Adding a column with a constant default rewrites no
# row: an UPDATE of every row would rewrite its GIN entries, minutes at 100,000 documents.)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_search_counted"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="layout",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="layout",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
