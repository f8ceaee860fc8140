"""Creates an API key for the public catalog reads and prints it once (only its hash is stored)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.services import api_key_create


class Command(BaseCommand):
    help = "Create a GraphQL API key (x-api-key header) for the public catalog reads; it is printed once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True, help="Who or what the key is for.")
        parser.add_argument("--days", type=int, default=365, help="Days until it expires (default 365; 0: never).")

    def handle(self, *args, name: str, days: int, **options) -> None:
        if not name.strip() or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters.")
        if not 0 <= days <= 3650:
            raise CommandError("--days must be between 0 and 3650.")
        key, raw = api_key_create(name=name.strip(),
                                  expires_at=timezone.now() + timedelta(days=days) if days else None)
        expiry = key.expires_at.isoformat() if key.expires_at else "never"
        self.stderr.write(f"API key “{key.name}” created (expires: {expiry}). It is shown only this once:")
        self.stdout.write(raw)
