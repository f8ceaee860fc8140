"""Creates an API key for the public catalog reads and prints it once (only its hash is stored)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.services import API_KEY_MAX_DAYS, API_KEY_MIN_DAYS, api_key_create
from core.errors import ValidationError


class Command(BaseCommand):
    help = "Create a GraphQL API key (x-api-key header) for the public catalog reads; it is printed once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True, help="Who or what the key is for.")
        parser.add_argument("--days", type=int, default=API_KEY_MAX_DAYS,
                            help=f"Days until it expires ({API_KEY_MIN_DAYS}-{API_KEY_MAX_DAYS}, as in AppSync; "
                                 f"default {API_KEY_MAX_DAYS}).")

    def handle(self, *args, name: str, days: int, **options) -> None:
        if not name.strip() or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters.")
        try:
            key, raw = api_key_create(name=name.strip(), days=days)
        except ValidationError as error:
            raise CommandError(f"--days: {error.message}") from None
        expiry = key.expires_at.isoformat()
        self.stderr.write(f"API key “{key.name}” created (expires: {expiry}). It is shown only this once:")
        self.stdout.write(raw)
