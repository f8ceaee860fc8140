"""EMF lines: the structure CloudWatch expects, and correct counts with AppSync's names."""

from __future__ import annotations

import json

from django.test import Client

from observability import count_metric


def assert_emf(document: dict) -> None:
    directive = document["_aws"]["CloudWatchMetrics"][0]
    assert isinstance(document["_aws"]["Timestamp"], int)
    assert directive["Namespace"]
    for dimension_set in directive["Dimensions"]:
        assert dimension_set and all(isinstance(document[name], str) for name in dimension_set)
    for metric in directive["Metrics"]:
        assert metric["Unit"] in {"Count", "Milliseconds"}
        assert isinstance(document[metric["Name"]], int | float)


def route_documents(log_output) -> list[dict]:
    return [doc for doc in log_output.emf() if "Route" in doc]


def test_requests_and_errors_are_counted_per_route(db, log_output):
    client = Client(raise_request_exception=False)
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page/")
    client.get("/test/boom/")

    documents = route_documents(log_output)
    for document in log_output.emf():
        assert_emf(document)
    assert documents[0]["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["Service"], ["Service", "Route"]]
    names = {metric["Name"] for metric in documents[0]["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert {"Requests", "Latency", "4XXError", "5XXError", "StorageCalls", "StorageLatency"} <= names
    assert sum(doc["Requests"] for doc in documents) == 4
    assert sum(doc["4XXError"] for doc in documents) == 1
    assert sum(doc["5XXError"] for doc in documents) == 1
    assert [doc["Route"] for doc in documents] == ["healthz", "healthz", "unmatched", "boom"]
    assert {doc["Service"] for doc in documents} == {"shop"}
    assert documents[3]["requestId"]


def test_graphql_operations_get_their_own_dimension_and_cache_metrics(client, log_output):
    client.get("/test/graphql")

    by_operation = {doc["Operation"]: doc for doc in log_output.emf() if "Operation" in doc}
    assert set(by_operation) == {"ProductList", "Cart"}
    # The request's own line carries the first operation; each further one gets a line of its own.
    assert by_operation["ProductList"]["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [
        ["Service"], ["Service", "Route"], ["Service", "Operation"]]
    assert by_operation["Cart"]["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["Service", "Operation"]]
    for document in by_operation.values():
        assert (document["Requests"], document["CacheHit"], document["5XXError"]) == (1, 1, 0)
    assert route_documents(log_output)[0]["CacheHit"] == 1
    assert len(log_output.emf()) == 2 and log_output.requests() == [by_operation["ProductList"]]


def test_a_page_request_writes_exactly_one_line(client, log_output):
    client.get("/healthz")
    [line] = log_output.lines()
    assert line["message"] == "request" and line["Route"] == "healthz" and line["Requests"] == 1


def test_count_metric_adds_business_events_to_the_request(client, log_output):
    client.get("/test/order/")

    [document] = route_documents(log_output)
    assert (document["OrdersPlaced"], document["OutOfStock"]) == (1, 2)
    assert {"Name": "OrdersPlaced", "Unit": "Count"} in document["_aws"]["CloudWatchMetrics"][0]["Metrics"]


def test_count_metric_outside_a_request_emits_its_own_line(log_output):
    count_metric("OrdersPlaced")
    [document] = log_output.emf()
    assert_emf(document)
    assert document["OrdersPlaced"] == 1 and document["Service"] == "shop"


def test_the_namespace_comes_from_settings(client, settings, log_output):
    settings.METRICS_NAMESPACE = "ShopStaging"
    client.get("/healthz")
    assert {doc["_aws"]["CloudWatchMetrics"][0]["Namespace"] for doc in log_output.emf()} == {"ShopStaging"}


def test_a_quieter_log_level_keeps_each_requests_metrics_line(tmp_path):
    """LOG_LEVEL=WARNING drops INFO chatter, never the request lines the alarms' metrics come from."""
    from tests.services import app_environment, manage

    env = app_environment(LOG_LEVEL="WARNING", SQLITE_PATH=str(tmp_path / "db.sqlite3"),
                          CACHE_DIR=str(tmp_path / "cache"), DJANGO_ALLOWED_HOSTS="testserver")
    done = manage("shell", "--no-imports", "-c",
                  "from django.test import Client; import logging; logging.getLogger('shop.chatter').info('noise');"
                  " Client().get('/robots.txt')", env=env)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [(line["path"], line["Requests"], line["_aws"]["CloudWatchMetrics"][0]["Namespace"]) for line in lines
            if line.get("message") == "request"] == [("/robots.txt", 1, "Shop")]
    assert "noise" not in done.stdout


def test_a_served_instances_output_is_gunicorns_lines_and_the_apps_json_lines_only(tmp_path):
    """What an operator reads on stdout: gunicorn's own messages, with their process ids, and one JSON line per
    request; never a "--- Logging error ---" from a record some handler could not format. (Python's warnings,
    such as whitenoise's about a missing staticfiles/ in a fresh checkout, go to the same output.)"""
    import re
    import urllib.request

    from tests.services import AppServer, app_environment, manage

    env = app_environment(LOG_LEVEL="INFO", SQLITE_PATH=str(tmp_path / "db.sqlite3"), CACHE_DIR=str(tmp_path / "cache"),
                          DJANGO_ALLOWED_HOSTS="127.0.0.1")
    assert manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    server = AppServer(env, workers=2, threads=2, log=tmp_path / "server.log").start()
    try:
        for _ in range(4):
            with urllib.request.urlopen(server.url + "/robots.txt", timeout=10) as response:
                assert response.status == 200
    finally:
        server.stop()
    gunicorn_line = re.compile(r"^\[[^]]+\] \[\d+\] \[[A-Z]+\] ")
    lines = (tmp_path / "server.log").read_text().splitlines()
    requests = [json.loads(line) for line in lines if line.startswith("{") and '"message":"request"' in line]
    assert [line["path"] for line in requests] == ["/robots.txt"] * 4
    assert [line for line in lines if line.startswith("[") and not gunicorn_line.match(line)] == []
    assert not [line for line in lines if "Logging error" in line or line.startswith("Traceback")]
