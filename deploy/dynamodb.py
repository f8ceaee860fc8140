"""The four shop tables, from shop/storage/dynamodb/tables.py, with SSE and point-in-time recovery."""

from __future__ import annotations

from botocore.exceptions import ClientError

from deploy.errors import error_code
from deploy.report import Report
from storage.dynamodb.tables import create_table_requests


def describe(ddb, name: str) -> dict | None:
    try:
        return ddb.describe_table(TableName=name)["Table"]
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return None
        raise


def pitr_enabled(ddb, name: str) -> bool:
    description = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    status = description.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
    return status == "ENABLED"


def enable_pitr(ddb, name: str) -> None:
    ddb.update_continuous_backups(TableName=name,
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})


def ensure_tables(ddb, report: Report) -> None:
    for request in create_table_requests():
        name = request["TableName"]
        table = describe(ddb, name)
        if table is None:
            report.created("dynamodb table", name, "on-demand, SSE, point-in-time recovery")
            if not report.dry_run:
                ddb.create_table(**request)
                ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 2, "MaxAttempts": 60})
                enable_pitr(ddb, name)  # not a CreateTable option; needs the table ACTIVE
            continue
        changes = []
        if table.get("SSEDescription", {}).get("Status") not in {"ENABLED", "ENABLING"}:
            changes.append("SSE on")
            if not report.dry_run:
                ddb.update_table(TableName=name, SSESpecification={"Enabled": True})
        existing = {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])}
        for index in request.get("GlobalSecondaryIndexes", []):
            if index["IndexName"] not in existing:
                changes.append(f"add index {index['IndexName']}")
                if not report.dry_run:
                    ddb.update_table(TableName=name, AttributeDefinitions=request["AttributeDefinitions"],
                                     GlobalSecondaryIndexUpdates=[{"Create": index}])
        if not pitr_enabled(ddb, name):
            changes.append("point-in-time recovery on")
            if not report.dry_run:
                enable_pitr(ddb, name)
        if changes:
            report.changed("dynamodb table", name, ", ".join(changes))
        else:
            report.unchanged("dynamodb table", name)
