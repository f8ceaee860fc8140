"""Ids up to 36 characters (a client may choose a UUID, as Amplify clients do) and Category.updatedAt,
which existing categories take from createdAt."""

from django.db import migrations, models
from django.db.models import F


def updated_when_created(apps, schema_editor):
    apps.get_model("catalog", "CategoryRecord").objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):

    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.AlterField("categoryrecord", "id",
                              models.CharField(editable=False, max_length=36, primary_key=True, serialize=False)),
        migrations.AlterField("productrecord", "id",
                              models.CharField(editable=False, max_length=36, primary_key=True, serialize=False)),
        migrations.AddField("categoryrecord", "updated_at", models.DateTimeField(null=True)),
        migrations.RunPython(updated_when_created, migrations.RunPython.noop),
        migrations.AlterField("categoryrecord", "updated_at", models.DateTimeField()),
    ]
