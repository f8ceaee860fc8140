from __future__ import annotations

import io
import json
import logging

import pytest

from observability.logs import JsonFormatter


@pytest.fixture(autouse=True)
def _test_urls(settings):
    settings.ROOT_URLCONF = "tests.observability.urls"


@pytest.fixture
def log_output():
    """Everything logged while the test runs, formatted by the shop's JSON formatter: `.text`, `.lines()`."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)

    class Output:
        @property
        def text(self) -> str:
            return stream.getvalue()

        def lines(self) -> list[dict]:
            return [json.loads(line) for line in stream.getvalue().splitlines()]

        def requests(self) -> list[dict]:
            return [line for line in self.lines() if line.get("message") == "request"]

        def emf(self) -> list[dict]:
            return [line for line in self.lines() if "_aws" in line]

    yield Output()
    root.removeHandler(handler)
