# Product search (catalog.search, storage.sql.search): each product's words in catalog_product.search_words,
# filled in for the products that exist, then indexed: FTS5 on SQLite, GIN on PostgreSQL.

from django.db import migrations, models

from catalog.search import product_words, word_list

SQLITE_INDEX = [
    # FTS5 needs an integer id per document that never changes; catalog_product's own rowid may be
    # renumbered by VACUUM, so this table hands out one per product.
    "CREATE TABLE catalog_product_search (id INTEGER PRIMARY KEY, product_id varchar(64) NOT NULL UNIQUE)",
    # Contentless: the words live once, in catalog_product.search_words. `ascii` splits them only at the
    # spaces between them (non-ASCII letters are word characters to it), so FTS5 indexes exactly the
    # words catalog.search made; detail='none' keeps only which documents hold a word, all that a
    # whole-word search needs.
    """CREATE VIRTUAL TABLE catalog_product_search_fts USING fts5(
           words, content='', tokenize='ascii', detail='none', columnsize=0)""",
    "INSERT INTO catalog_product_search (product_id) SELECT id FROM catalog_product ORDER BY created_at, id",
    """INSERT INTO catalog_product_search_fts (rowid, words)
       SELECT s.id, p.search_words FROM catalog_product_search s JOIN catalog_product p ON p.id = s.product_id""",
    # Triggers keep the index in step with every write to catalog_product, in the writing transaction.
    # A contentless index forgets a document only when told its old words ('delete').
    """CREATE TRIGGER catalog_product_search_insert AFTER INSERT ON catalog_product BEGIN
           INSERT INTO catalog_product_search (product_id) VALUES (new.id);
           INSERT INTO catalog_product_search_fts (rowid, words)
           SELECT id, new.search_words FROM catalog_product_search WHERE product_id = new.id;
       END""",
    """CREATE TRIGGER catalog_product_search_update AFTER UPDATE OF search_words ON catalog_product
       WHEN old.search_words IS NOT new.search_words BEGIN
           INSERT INTO catalog_product_search_fts (catalog_product_search_fts, rowid, words)
           SELECT 'delete', id, old.search_words FROM catalog_product_search WHERE product_id = old.id;
           INSERT INTO catalog_product_search_fts (rowid, words)
           SELECT id, new.search_words FROM catalog_product_search WHERE product_id = new.id;
       END""",
    """CREATE TRIGGER catalog_product_search_delete AFTER DELETE ON catalog_product BEGIN
           INSERT INTO catalog_product_search_fts (catalog_product_search_fts, rowid, words)
           SELECT 'delete', id, old.search_words FROM catalog_product_search WHERE product_id = old.id;
           DELETE FROM catalog_product_search WHERE product_id = old.id;
       END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_product_search_delete",
    "DROP TRIGGER IF EXISTS catalog_product_search_update",
    "DROP TRIGGER IF EXISTS catalog_product_search_insert",
    "DROP TABLE IF EXISTS catalog_product_search_fts",
    "DROP TABLE IF EXISTS catalog_product_search",
]
POSTGRES_INDEX = [
    "CREATE INDEX catalog_product_search_words ON catalog_product USING gin (string_to_array(search_words, ' '))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS catalog_product_search_words"]
BATCH = 1000


def fill(apps, schema_editor):
    """The words of the products that exist already (every later write sets them)."""
    products = apps.get_model("catalog", "ProductRecord").objects.using(schema_editor.connection.alias)
    last = ""
    while True:
        batch = list(products.filter(id__gt=last).order_by("id").only("id", "name", "description")[:BATCH])
        if not batch:
            return
        for product in batch:
            product.search_words = word_list(product_words(product.name, product.description))
        products.bulk_update(batch, ["search_words"])
        last = batch[-1].id


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_INDEX, "postgresql": POSTGRES_INDEX})


def drop_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_product_image_renditions'),
    ]

    operations = [
        migrations.AddField(
            model_name='productrecord',
            name='search_words',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
