"""Ids up to 36 characters: a client may choose a UUID for a new order, as Amplify clients do."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("orders", "0001_initial")]

    operations = [
        migrations.AlterField("orderrecord", "id",
                              models.CharField(editable=False, max_length=36, primary_key=True, serialize=False)),
        migrations.AlterField("orderlinerecord", "product_id", models.CharField(max_length=36)),
    ]
