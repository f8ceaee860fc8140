"""API credentials now belong to the `accounts` app, which adopted their tables in its 0001."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("shop", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="UserToken"),
                migrations.DeleteModel(name="ServiceToken"),
                migrations.DeleteModel(name="ApiKey"),
            ],
        ),
    ]
