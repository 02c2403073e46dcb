from django.db import migrations

# The words search's BM25 of several needles in one text: the text (the body's opening) is read from its
# TOAST chunks once per document, where the same sum written out in SQL read it twice for every needle
# (PostgreSQL does not share a repeated expression): 2 s for 10,000 documents at 100,000.
FORWARD = """
CREATE FUNCTION search_counted(body text, needles text[], weights float8[], norm float8)
RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    total float8 := 0;
    found int;
BEGIN
    FOR i IN 1 .. coalesce(array_length(needles, 1), 0) LOOP
        found := (octet_length(body) - octet_length(replace(body, needles[i], ''))) / octet_length(needles[i]);
        total := total + weights[i] * search_saturate(found / norm);
    END LOOP;
    RETURN total;
END $$
"""
BACKWARD = "DROP FUNCTION IF EXISTS search_counted(text, text[], float8[], float8)"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_search_entry"),
    ]

    operations = [migrations.RunPython(forward, backward)]
