"""manage.py dynamodb_tables against moto's server: idempotent create, status, dry run, delete."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import CommandError, call_command

from storage.dynamodb.client import dynamodb_client
from storage.dynamodb.tables import DEFINITIONS, table_name
from tests.aws import free_port


@pytest.fixture
def prefix(moto_server, settings) -> str:
    settings.DYNAMODB_TABLE_PREFIX = f"cmd{uuid.uuid4().hex[:8]}-"
    yield settings.DYNAMODB_TABLE_PREFIX
    call_command("dynamodb_tables", "delete")


def shop_tables(prefix: str) -> list[str]:
    names = dynamodb_client().list_tables(Limit=100)["TableNames"]
    return sorted(name for name in names if name.startswith(prefix))


def test_create_twice_is_idempotent_and_tables_are_encrypted_with_pitr(prefix, capsys):
    call_command("dynamodb_tables", "create")
    call_command("dynamodb_tables", "create")
    out = capsys.readouterr().out
    assert out.count(": created") == out.count(": exists") == len(DEFINITIONS)
    assert shop_tables(prefix) == sorted(table_name(logical) for logical in DEFINITIONS)

    client = dynamodb_client()
    for logical in DEFINITIONS:
        table = client.describe_table(TableName=table_name(logical))["Table"]
        assert table["TableStatus"] == "ACTIVE"
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        assert table["SSEDescription"]["Status"] == "ENABLED"
        backups = client.describe_continuous_backups(TableName=table_name(logical))
        pitr = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"

    call_command("dynamodb_tables", "status")
    status = capsys.readouterr().out
    assert status.count("ACTIVE") == status.count("PITR ENABLED") == status.count("SSE ENABLED") == len(DEFINITIONS)


def test_dry_run_prints_definitions_and_writes_nothing(prefix, capsys):
    call_command("dynamodb_tables", "create", "--dry-run")
    out = capsys.readouterr().out
    assert f'"{prefix}Products"' in out and '"PAY_PER_REQUEST"' in out and "allNewest" in out
    assert shop_tables(prefix) == []


def test_status_of_missing_tables_and_delete(prefix, capsys):
    with pytest.raises(CommandError, match="missing"):
        call_command("dynamodb_tables", "status")
    call_command("dynamodb_tables", "create")
    call_command("dynamodb_tables", "delete")
    assert shop_tables(prefix) == []
    call_command("dynamodb_tables", "delete")  # nothing left to delete: still fine
    assert capsys.readouterr().out.count(": missing") == len(DEFINITIONS)


def test_unreachable_endpoint_is_a_clear_command_error(prefix, settings, monkeypatch):
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(CommandError, match="not reachable"):
        call_command("dynamodb_tables", "create")
    monkeypatch.undo()
