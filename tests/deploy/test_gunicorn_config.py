"""The gunicorn configuration reads the environment and logs access lines as JSON."""

from __future__ import annotations

import json
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from deploy.gunicorn_logging import JsonAccessLogger

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_bind_and_workers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 - the value under test
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    config = runpy.run_path(str(CONFIG))
    assert (config["bind"], config["workers"]) == ("0.0.0.0:9001", 3)
    assert config["logger_class"] == "deploy.gunicorn_logging.JsonAccessLogger"


def test_access_lines_are_json_without_the_query_string(caplog):
    logger = JsonAccessLogger.__new__(JsonAccessLogger)
    logger.access_log = logging.getLogger("gunicorn.access.test")
    logger._access_log_enabled = True
    response = SimpleNamespace(status="200 OK", headers=[("X-Request-ID", "req-12345678")], sent=12)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/account/", "QUERY_STRING": "token=secret",
               "REMOTE_ADDR": "10.0.0.1", "HTTP_USER_AGENT": 'agent "quoted"'}
    with caplog.at_level(logging.INFO, logger="gunicorn.access.test"):
        logger.access(response, None, environ, timedelta(milliseconds=12))
    line = json.loads(caplog.records[0].getMessage())
    assert (line["path"], line["status"], line["requestId"]) == ("/account/", 200, "req-12345678")
    assert line["durationMs"] == 12.0 and "secret" not in caplog.records[0].getMessage()
