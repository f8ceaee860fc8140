"""The API credentials moved here from the `shop` app: their tables are adopted as they are (no data
is copied), then renamed to this app's names by 0002."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("shop", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ApiKey',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(blank=True, max_length=100)),
                        ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('key_prefix', models.CharField(editable=False, max_length=16)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('expires_at', models.DateTimeField(blank=True, help_text='Empty: never expires.', null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True)),
                    ],
                    options={
                        'verbose_name': 'API key',
                        'db_table': 'shop_apikey',
                    },
                ),
                migrations.CreateModel(
                    name='ServiceToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(blank=True, max_length=100)),
                        ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('key_prefix', models.CharField(editable=False, max_length=16)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('expires_at', models.DateTimeField(blank=True, help_text='Empty: never expires.', null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('scopes', models.TextField(blank=True, help_text='Permission names separated by spaces or newlines, e.g. catalog.change_productrecord orders.change_orderrecord.')),
                    ],
                    options={
                        'verbose_name': 'service token',
                        'db_table': 'shop_servicetoken',
                    },
                ),
                migrations.CreateModel(
                    name='UserToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(blank=True, max_length=100)),
                        ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('key_prefix', models.CharField(editable=False, max_length=16)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('expires_at', models.DateTimeField(blank=True, help_text='Empty: never expires.', null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'user token',
                        'db_table': 'shop_usertoken',
                    },
                ),
    
            ],
        ),
    ]
