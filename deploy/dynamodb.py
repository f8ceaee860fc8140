"""The shop's tables, brought to their definition by storage.dynamodb.provisioning (the same
routine `manage.py dynamodb_tables create` uses), reported as deploy steps."""

from __future__ import annotations

from deploy.report import Report
from storage.dynamodb.provisioning import ensure_tables


def provision_tables(ddb, report: Report) -> None:
    for outcome in ensure_tables(ddb, dry_run=report.dry_run):
        getattr(report, outcome.action)("dynamodb table", outcome.table, outcome.detail)
