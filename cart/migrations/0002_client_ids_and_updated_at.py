"""Ids up to 36 characters (client-chosen UUIDs) and CartItem.updatedAt, taken from createdAt."""

from django.db import migrations, models
from django.db.models import F


def updated_when_created(apps, schema_editor):
    apps.get_model("cart", "CartItemRecord").objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):

    dependencies = [("cart", "0001_initial")]

    operations = [
        migrations.AlterField("cartitemrecord", "id",
                              models.CharField(editable=False, max_length=36, primary_key=True, serialize=False)),
        migrations.AlterField("cartitemrecord", "product_id", models.CharField(max_length=36)),
        migrations.AddField("cartitemrecord", "updated_at", models.DateTimeField(null=True)),
        migrations.RunPython(updated_when_created, migrations.RunPython.noop),
        migrations.AlterField("cartitemrecord", "updated_at", models.DateTimeField()),
    ]
