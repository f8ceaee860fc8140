"""Creating, inspecting and deleting the shop's tables.

`ensure_tables` is the one routine that brings the tables to their definition in tables.py:
`manage.py dynamodb_tables create`, `python -m deploy provision` and the test fixtures all use it.
It takes the boto3 client to use and lets botocore's errors through: each caller words them for
its own audience (an operator's command line, a deploy report, a failing test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from botocore.exceptions import ClientError, WaiterError

from core.aws import error_code
from core.errors import StorageUnavailable
from storage.dynamodb.client import call, dynamodb_client
from storage.dynamodb.tables import DEFINITIONS, create_table_requests, table_name

WAITER = {"Delay": 2, "MaxAttempts": 90}
MISSING = frozenset({"ResourceNotFoundException"})


@dataclass
class TableOutcome:
    table: str
    action: Literal["created", "changed", "unchanged"]
    changes: list[str] = field(default_factory=list)

    @property
    def detail(self) -> str:
        return "on-demand, SSE, point-in-time recovery" if self.action == "created" else ", ".join(self.changes)


def ensure_tables(client: Any, *, dry_run: bool = False, wait: bool = True,
                  point_in_time_recovery: bool = True) -> list[TableOutcome]:
    """Creates missing tables; on existing ones turns SSE on, adds missing indexes and enables PITR.

    Idempotent: a second run reports every table unchanged. `dry_run` reports what would be done and
    writes nothing. `wait` waits for new tables to be ACTIVE (PITR needs that).
    """
    outcomes = []
    for request in create_table_requests():
        name = request["TableName"]
        table = _describe(client, name)
        if table is None:
            outcomes.append(TableOutcome(name, "created"))
            if not dry_run:
                _create(client, request, wait=wait, point_in_time_recovery=point_in_time_recovery)
            continue
        changes = []
        if table.get("SSEDescription", {}).get("Status") not in {"ENABLED", "ENABLING"}:
            changes.append("SSE on")
            if not dry_run:
                client.update_table(TableName=name, SSESpecification={"Enabled": True})
        existing = {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])}
        for index in request.get("GlobalSecondaryIndexes", []):
            if index["IndexName"] not in existing:
                changes.append(f"add index {index['IndexName']}")
                if not dry_run:
                    client.update_table(TableName=name, AttributeDefinitions=request["AttributeDefinitions"],
                                        GlobalSecondaryIndexUpdates=[{"Create": index}])
        if point_in_time_recovery and not _pitr_enabled(client, name):
            changes.append("point-in-time recovery on")
            if not dry_run:
                _enable_pitr(client, name)
        outcomes.append(TableOutcome(name, "changed" if changes else "unchanged", changes))
    return outcomes


def _create(client: Any, request: dict, *, wait: bool, point_in_time_recovery: bool) -> None:
    name = request["TableName"]
    try:
        client.create_table(**request)
    except ClientError as error:
        if error_code(error) != "ResourceInUseException":  # someone else created it meanwhile
            raise
    if wait:
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig=WAITER)
    if point_in_time_recovery:
        _enable_pitr(client, name)  # not a CreateTable option; needs the table ACTIVE


def _describe(client: Any, name: str) -> dict | None:
    try:
        return client.describe_table(TableName=name)["Table"]
    except ClientError as error:
        if error_code(error) in MISSING:
            return None
        raise


def _pitr_enabled(client: Any, name: str) -> bool:
    description = client.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    return description.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus") == "ENABLED"


def _enable_pitr(client: Any, name: str) -> None:
    client.update_continuous_backups(TableName=name,
                                     PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})


def table_status() -> list[dict]:
    """Per table: name, status (MISSING when absent), item count, PITR and SSE state."""
    rows = []
    for logical in DEFINITIONS:
        name = table_name(logical)
        table = describe(name)
        if table is None:
            rows.append({"table": name, "status": "MISSING", "items": None, "pitr": None, "sse": None})
            continue
        backups = call("describe_continuous_backups", TableName=name)["ContinuousBackupsDescription"]
        rows.append({
            "table": name, "status": table["TableStatus"], "items": table.get("ItemCount", 0),
            "pitr": backups.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus", "DISABLED"),
            "sse": table.get("SSEDescription", {}).get("Status", "DISABLED"),
        })
    return rows


def describe(name: str) -> dict | None:
    """The table's description, or None when it does not exist."""
    try:
        return call("describe_table", expected_errors=MISSING, TableName=name)["Table"]
    except ClientError as error:
        if error_code(error) in MISSING:
            return None
        raise


def delete_tables(*, wait: bool = True) -> list[tuple[str, str]]:
    """Deletes the tables that exist; (table, deleted|missing) each. Idempotent."""
    results = []
    for logical in DEFINITIONS:
        name = table_name(logical)
        try:
            call("delete_table", expected_errors=MISSING, TableName=name)
            results.append((name, "deleted"))
        except ClientError as error:
            if error_code(error) not in MISSING:
                raise
            results.append((name, "missing"))
    for name, outcome in results:
        if wait and outcome == "deleted":
            try:
                dynamodb_client().get_waiter("table_not_exists").wait(TableName=name, WaiterConfig=WAITER)
            except WaiterError as error:
                raise StorageUnavailable(f"Table {name} was not deleted in time: {error}") from None
    return results
