"""manage.py dynamodb_tables create|status|delete: the shop's DynamoDB tables, from tables.py."""

from __future__ import annotations

import json

from botocore.exceptions import BotoCoreError, ClientError
from django.core.management.base import BaseCommand, CommandError

from core.errors import ShopError
from storage.dynamodb.client import dynamodb_client
from storage.dynamodb.provisioning import delete_tables, ensure_tables, table_status
from storage.dynamodb.tables import create_table_requests


class Command(BaseCommand):
    help = "Create (idempotent, waits for ACTIVE, enables PITR), show or delete the shop's DynamoDB tables."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "status", "delete"])
        parser.add_argument("--dry-run", action="store_true",
                            help="Print what would be created or deleted and call nothing.")

    def handle(self, *args, action: str, dry_run: bool, **options):
        if dry_run:
            self._dry_run(action)
            return
        try:
            getattr(self, f"_{action}")()
        except ShopError as error:
            raise CommandError(f"DynamoDB is not reachable or refused the request: {error.message}") from None
        except BotoCoreError as error:  # no answer at all: endpoint, credentials, region
            raise CommandError(f"DynamoDB is not reachable or refused the request: {error}") from None
        except ClientError as error:
            raise CommandError(f"DynamoDB {action} failed: {error}") from None

    def _dry_run(self, action: str) -> None:
        requests = create_table_requests()
        if action == "create":
            self.stdout.write(json.dumps(requests, indent=2))
            self.stdout.write("Dry run: nothing was created; point-in-time recovery would be enabled on each table.")
        else:
            names = ", ".join(r["TableName"] for r in requests)
            self.stdout.write(f"Dry run: would {action} {names}.")

    def _create(self) -> None:
        for outcome in ensure_tables(dynamodb_client()):
            done = "created" if outcome.action == "created" else "exists"
            changes = f" ({outcome.detail})" if outcome.changes else ""
            self.stdout.write(f"{outcome.table}: {done}{changes}, ACTIVE, point-in-time recovery enabled")
        self.stdout.write(self.style.SUCCESS("Tables are ready."))

    def _status(self) -> None:
        missing = False
        for row in table_status():
            missing = missing or row["status"] == "MISSING"
            self.stdout.write(
                f"{row['table']}: {row['status']}" if row["status"] == "MISSING" else
                f"{row['table']}: {row['status']}, {row['items']} items, PITR {row['pitr']}, SSE {row['sse']}"
            )
        if missing:
            raise CommandError("Some tables are missing; run `manage.py dynamodb_tables create`.")

    def _delete(self) -> None:
        for name, outcome in delete_tables():
            self.stdout.write(f"{name}: {outcome}")
        self.stdout.write(self.style.SUCCESS("Tables deleted."))
