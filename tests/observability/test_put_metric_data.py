"""METRICS_PUT_METRIC_DATA=1: the same metrics reach CloudWatch in batches (moto's server over HTTP)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from observability import cloudwatch

pytestmark = pytest.mark.dynamodb  # needs the local moto server


@pytest.fixture
def publisher(moto_server, settings, monkeypatch):
    settings.METRICS_PUT_METRIC_DATA = True
    settings.METRICS_NAMESPACE = f"ShopTest{uuid.uuid4().hex[:8]}"
    # A long interval: the test flushes explicitly instead of waiting for the background thread.
    instance = cloudwatch.MetricsPublisher(interval_seconds=3600)
    monkeypatch.setattr(cloudwatch, "_publisher", instance)
    yield instance
    instance.close()


def test_request_metrics_are_batched_and_sent_with_put_metric_data(client, publisher, settings):
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page/")

    publisher.close()  # stops the thread after a final flush

    namespace = settings.METRICS_NAMESPACE
    metrics = boto3.client("cloudwatch").list_metrics(Namespace=namespace)["Metrics"]
    assert {"Requests", "Latency", "4XXError", "5XXError"} <= {metric["MetricName"] for metric in metrics}
    # Per route: moto (unlike CloudWatch) also matches a Service-only query to Service+Route data.
    assert sum_of(namespace, "Requests", Service="shop", Route="healthz") == 2
    assert sum_of(namespace, "4XXError", Service="shop", Route="unmatched") == 1
    assert sum_of(namespace, "4XXError", Service="shop", Route="healthz") == 0


def sum_of(namespace: str, metric: str, **dimensions: str) -> float:
    now = datetime.now(UTC)
    statistics = boto3.client("cloudwatch").get_metric_statistics(
        Namespace=namespace, MetricName=metric, Dimensions=[{"Name": k, "Value": v} for k, v in dimensions.items()],
        StartTime=now - timedelta(hours=1), EndTime=now + timedelta(hours=1), Period=7200, Statistics=["Sum"])
    return sum(point["Sum"] for point in statistics["Datapoints"])


def test_nothing_buffered_sends_nothing(publisher):
    assert publisher.flush() == 0
