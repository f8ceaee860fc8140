from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("shop", "0002_credentials_moved_to_accounts"),
    ]

    operations = [
        migrations.AlterModelTable(name="apikey", table=None),
        migrations.AlterModelTable(name="servicetoken", table=None),
        migrations.AlterModelTable(name="usertoken", table=None),
    ]
