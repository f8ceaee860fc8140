"""The gunicorn configuration reads the environment and serves the ASGI entry point with uvicorn workers."""

from __future__ import annotations

import runpy
from pathlib import Path

from deploy.uvicorn_worker import WS_MAX_BYTES, ShopUvicornWorker

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_bind_and_workers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 - the value under test
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    config = runpy.run_path(str(CONFIG))
    assert (config["bind"], config["workers"]) == ("0.0.0.0:9001", 3)
    assert config["worker_class"] == "deploy.uvicorn_worker.ShopUvicornWorker"


def test_the_worker_writes_no_second_access_line_and_bounds_websocket_frames():
    assert ShopUvicornWorker.CONFIG_KWARGS["access_log"] is False
    assert ShopUvicornWorker.CONFIG_KWARGS["ws_max_size"] == WS_MAX_BYTES
