"""/healthz needs nothing; /readyz needs the storage backend to answer."""

from __future__ import annotations

import boto3
import pytest

from storage.dynamodb.provisioning import ensure_tables
from tests.aws import MotoServer, aws_environment


def test_healthz_answers_without_dependencies(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_200_when_sqlite_answers(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"][0] == {"name": "storage", "backend": "sqlite", "ok": True}


def test_readyz_names_the_failing_check(db, client, monkeypatch):
    def broken():
        raise ConnectionError("down")

    monkeypatch.setattr("observability.health.unit_of_work", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["storage"] and body["checks"][0]["error"] == "ConnectionError"


@pytest.fixture
def own_dynamodb(settings):
    """A DynamoDB endpoint this test may stop and start (not the shared session server)."""
    server = MotoServer().start()
    settings.SHOP_STORAGE = "dynamodb"
    settings.READINESS_TIMEOUT_SECONDS = 1
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    settings.DYNAMODB_TIMEOUT_SECONDS = 1
    try:
        with aws_environment(server.url):
            yield server
    finally:
        server.stop()


def create_tables() -> None:
    ensure_tables(boto3.client("dynamodb"), wait=False, point_in_time_recovery=False)


def test_readyz_follows_the_dynamodb_endpoint_down_and_back(db, client, own_dynamodb):
    create_tables()
    assert client.get("/readyz").status_code == 200

    own_dynamodb.stop()
    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["failing"] == ["storage"]

    own_dynamodb.start()  # same port; a restarted moto is empty, so the tables are made again
    create_tables()
    assert client.get("/readyz").status_code == 200


def test_readyz_checks_the_shared_cache_and_database_too(db, client, settings):
    """With Redis as the cache (REDIS_URL) a stopped redis-server makes the instance unready."""
    from tests.services import RedisServer

    try:
        server = RedisServer().start()
    except FileNotFoundError as missing:
        pytest.skip(f"SKIPPED LOUDLY: {missing} is not installed; `apt-get install redis-server` (.ci/run does)")
    try:
        settings.REDIS_URL = server.url
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": server.url, "OPTIONS": {"socket_connect_timeout": 1}}}
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert [check["name"] for check in ready.json()["checks"]] == ["storage", "cache"]

        server.stop()
        down = client.get("/readyz")
        assert down.status_code == 503 and down.json()["failing"] == ["cache"]
    finally:
        server.stop()


def test_readyz_checks_django_database_when_the_shop_data_lives_elsewhere(db, client, own_dynamodb):
    create_tables()
    checks = client.get("/readyz").json()["checks"]
    assert [(check["name"], check["ok"]) for check in checks] == [("storage", True), ("database", True)]
