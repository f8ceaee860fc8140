"""Writes the GraphQL schema (SDL) to schema.graphql at the repository root.

Replaces graphene-django's command of the same name ("shop" comes first in INSTALLED_APPS).
`--check` only compares, exiting non-zero when the file is stale (for CI).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from api.schema import sdl


def schema_path() -> Path:
    return Path(settings.BASE_DIR) / "schema.graphql"


class Command(BaseCommand):
    help = "Export the GraphQL schema to schema.graphql (SDL)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if schema.graphql is out of date.")

    def handle(self, *args, check: bool, **options) -> None:
        path, text = schema_path(), sdl()
        if check:
            if not path.exists() or path.read_text() != text:
                raise CommandError(f"{path.name} is stale; run `python manage.py graphql_schema`.")
            self.stdout.write(f"{path.name} is up to date.")
            return
        path.write_text(text)
        self.stdout.write(f"Wrote {path}.")
