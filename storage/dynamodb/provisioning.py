"""Creating, inspecting and deleting the shop's tables (manage.py dynamodb_tables, test fixtures)."""

from __future__ import annotations

from botocore.exceptions import ClientError, WaiterError

from core.errors import StorageUnavailable
from storage.dynamodb.client import call, dynamodb_client, error_code
from storage.dynamodb.tables import DEFINITIONS, create_table_requests, table_name

WAITER = {"Delay": 2, "MaxAttempts": 90}
MISSING = frozenset({"ResourceNotFoundException"})


def describe(name: str) -> dict | None:
    """The table's description, or None when it does not exist."""
    try:
        return call("describe_table", expected_errors=MISSING, TableName=name)["Table"]
    except ClientError as error:
        if error_code(error) in MISSING:
            return None
        raise


def create_tables(*, wait: bool = True, point_in_time_recovery: bool = True) -> list[tuple[str, str]]:
    """Creates the missing tables, waits for ACTIVE, enables PITR; (table, created|exists) each. Idempotent."""
    results = []
    for request in create_table_requests():
        name = request["TableName"]
        outcome = "exists"
        if describe(name) is None:
            try:
                call("create_table", **request)
                outcome = "created"
            except ClientError as error:
                if error_code(error) != "ResourceInUseException":  # someone else created it meanwhile
                    raise
        results.append((name, outcome))
    for name, _ in results:
        if wait:
            _wait("table_exists", name)
        if point_in_time_recovery:
            call("update_continuous_backups", TableName=name,
                 PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    return results


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
            _wait("table_not_exists", name)
    return results


def _wait(waiter: str, name: str) -> None:
    try:
        dynamodb_client().get_waiter(waiter).wait(TableName=name, WaiterConfig=WAITER)
    except WaiterError as error:
        raise StorageUnavailable(f"Table {name} did not become ready: {error}") from None
