"""The one DynamoDB client per process, its error translation, and the generic item and batch helpers.

boto3 finds region, credentials and endpoint through its standard configuration (AWS_REGION,
profiles, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB), so the same code runs against AWS and a
local endpoint. Clients are thread-safe; sessions are not, so clients are built under a lock.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ReadTimeoutError,
)
from django.conf import settings

from core.aws import error_code
from core.errors import StorageUnavailable
from storage.metrics import record_storage_call

logger = logging.getLogger(__name__)

# Error codes that mean "DynamoDB is not serving us right now" once botocore's retries are spent.
UNAVAILABLE_CODES = frozenset({
    "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
    "InternalServerError", "ServiceUnavailable", "LimitExceededException",
    "ResourceNotFoundException", "UnrecognizedClientException", "AccessDeniedException",
    "InvalidSignatureException", "ExpiredTokenException",
})
NETWORK_ERRORS = (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)
# Threads of one gunicorn worker (and the 20-thread checkout test) share the client's pool.
MAX_POOL_CONNECTIONS = 50
BATCH_GET_SIZE = 100
BATCH_WRITE_SIZE = 25
BATCH_RETRIES = 8

_lock = threading.Lock()
_clients: dict[tuple, Any] = {}
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def _client_key() -> tuple:
    """Everything that shapes a client: a changed endpoint (tests, make run-dynamodb) gets a new one."""
    env = os.environ.get
    return (
        env("AWS_ENDPOINT_URL_DYNAMODB") or env("AWS_ENDPOINT_URL"), env("AWS_REGION") or env("AWS_DEFAULT_REGION"),
        env("AWS_PROFILE"), env("AWS_ACCESS_KEY_ID"), settings.DYNAMODB_RETRY_MODE, settings.DYNAMODB_MAX_ATTEMPTS,
        settings.DYNAMODB_TIMEOUT_SECONDS,
    )


def dynamodb_client() -> Any:
    """The process-wide low-level client, created on first use."""
    key = _client_key()
    client = _clients.get(key)
    if client is not None:
        return client
    with _lock:
        if key not in _clients:
            _clients[key] = _new_client()
        return _clients[key]


def _new_client() -> Any:
    timeout = settings.DYNAMODB_TIMEOUT_SECONDS
    config = Config(
        retries={"mode": settings.DYNAMODB_RETRY_MODE, "max_attempts": settings.DYNAMODB_MAX_ATTEMPTS},
        connect_timeout=timeout, read_timeout=timeout, max_pool_connections=MAX_POOL_CONNECTIONS,
    )
    try:
        # botocore reads AWS_DEFAULT_REGION and profiles; AWS_REGION (the SDKs' newer name) wins if set.
        region = os.environ.get("AWS_REGION") or None
        client = boto3.session.Session(region_name=region).client("dynamodb", config=config)
    except NoRegionError:
        raise StorageUnavailable("No AWS region is configured for DynamoDB (set AWS_REGION).") from None
    client.meta.events.register("before-call.dynamodb", _started)
    client.meta.events.register("after-call.dynamodb", _finished)
    client.meta.events.register("after-call-error.dynamodb", _finished)
    return client


def _started(model: Any, context: dict, **kwargs: Any) -> None:
    context["shop_call"] = (model.name, time.perf_counter())


def _finished(context: dict, **kwargs: Any) -> None:
    """after-call and after-call-error (no response at all) both count: a failed call is a call."""
    operation, started = context.pop("shop_call", ("Unknown", time.perf_counter()))
    record_storage_call(operation, (time.perf_counter() - started) * 1000)


def call(operation: str, *, expected_errors: frozenset[str] = frozenset(), **params: Any) -> dict:
    """Runs one API call (botocore retries throttling); an outage becomes StorageUnavailable.

    Other ClientErrors (conditional failures, cancelled transactions, and `expected_errors` such as
    a missing table while provisioning) are the caller's to map.
    """
    try:
        return getattr(dynamodb_client(), operation)(**params)
    except NETWORK_ERRORS as error:
        logger.warning("DynamoDB unreachable during %s: %s", operation, error)
        raise StorageUnavailable() from None
    except NoCredentialsError:
        logger.error("No AWS credentials found for DynamoDB")
        raise StorageUnavailable() from None
    except ClientError as error:
        if error_code(error) in UNAVAILABLE_CODES - expected_errors or _is_outage(error):
            logger.warning("DynamoDB refused %s: %s", operation, _describe(error))
            raise StorageUnavailable() from None
        raise
    except BotoCoreError as error:
        logger.warning("DynamoDB call %s failed: %s", operation, error)
        raise StorageUnavailable() from None


def _is_outage(error: ClientError) -> bool:
    """Any 5xx or 429 once retries are spent, whatever its body: a proxy or load balancer in front of
    the endpoint answers with HTML, which botocore reports with the bare status as its error code."""
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    return status >= 500 or status == 429


def _describe(error: ClientError) -> str:
    """Code, status and the first words of the message: an HTML error page is not worth logging whole."""
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    message = error.response.get("Error", {}).get("Message", "")
    return f"{error_code(error) or 'unknown'} (HTTP {status}): {message[:120]}"


def serialize(item: dict) -> dict:
    return {name: _serializer.serialize(value) for name, value in item.items()}


def deserialize(item: dict) -> dict:
    return {name: _deserializer.deserialize(value) for name, value in item.items()}


def values(**named: Any) -> dict:
    """ExpressionAttributeValues from keyword arguments: values(qty=2) -> {":qty": {"N": "2"}}."""
    return {f":{name}": _serializer.serialize(value) for name, value in named.items()}


def backoff(attempt: int) -> None:
    """Full-jitter exponential backoff for unprocessed batch items (50 ms base, 2 s cap)."""
    time.sleep(random.uniform(0, min(2.0, 0.05 * 2**attempt)))  # noqa: S311 - jitter, not security


def batch_get(table: str, keys: list[dict], *, consistent: bool = True) -> list[dict]:
    """BatchGetItem in chunks of 100 keys; unprocessed keys are retried with backoff."""
    found: list[dict] = []
    for start in range(0, len(keys), BATCH_GET_SIZE):
        pending = {table: {"Keys": [serialize(k) for k in keys[start : start + BATCH_GET_SIZE]],
                           "ConsistentRead": consistent}}
        for attempt in range(BATCH_RETRIES):
            response = call("batch_get_item", RequestItems=pending)
            found += [deserialize(item) for item in response.get("Responses", {}).get(table, [])]
            pending = response.get("UnprocessedKeys") or {}
            if not pending:
                break
            backoff(attempt)
        else:
            raise StorageUnavailable()
    return found


def batch_write(table: str, requests: list[dict], on_batch: Callable[[int], None] = lambda n: None) -> None:
    """BatchWriteItem in chunks of 25 requests ({"PutRequest": ...} / {"DeleteRequest": ...})."""
    for start in range(0, len(requests), BATCH_WRITE_SIZE):
        batch = requests[start : start + BATCH_WRITE_SIZE]
        pending = {table: batch}
        for attempt in range(BATCH_RETRIES):
            response = call("batch_write_item", RequestItems=pending)
            pending = response.get("UnprocessedItems") or {}
            if not pending:
                break
            backoff(attempt)
        else:
            raise StorageUnavailable()
        on_batch(len(batch))


def get_item(table: str, key: dict) -> dict | None:
    """One item by its key (strongly consistent), deserialized, or None."""
    response = call("get_item", TableName=table, Key=serialize(key), ConsistentRead=True)
    return deserialize(response["Item"]) if "Item" in response else None


def first_by_index(table: str, index: str, attribute: str, value: str) -> dict | None:
    """The first item whose index partition `attribute` equals `value` (slug lookups), or None."""
    response = call("query", TableName=table, IndexName=index, Limit=1, KeyConditionExpression="#a = :v",
                    ExpressionAttributeNames={"#a": attribute}, ExpressionAttributeValues=values(v=value))
    found = response.get("Items", [])
    return deserialize(found[0]) if found else None


def query_all(**params: Any) -> list[dict]:
    """Every item a Query (or Scan, with operation="scan") returns, following LastEvaluatedKey."""
    operation = params.pop("operation", "query")
    items: list[dict] = []
    while True:
        response = call(operation, **params)
        items += [deserialize(item) for item in response.get("Items", [])]
        if "LastEvaluatedKey" not in response:
            return items
        params["ExclusiveStartKey"] = response["LastEvaluatedKey"]
