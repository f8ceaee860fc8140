"""Django's migrate, one process at a time across instances (core.locks): two instances starting
together would otherwise both apply the same migration and one would fail half-way."""

from __future__ import annotations

from django.core.management.commands.migrate import Command as DjangoMigrate

from core.locks import exclusive


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        with exclusive("migrate", using=options["database"]):
            return super().handle(*args, **options)
