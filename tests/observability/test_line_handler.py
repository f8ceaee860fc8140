"""The log handler of settings.LOGGING: whole lines, never interleaved, from any number of threads."""

from __future__ import annotations

import io
import json
import logging
import os
import select
import threading

import pytest

from observability.logs import JsonFormatter, LineHandler

THREADS, LINES = 8, 200


@pytest.fixture
def pipe_logger():
    """A logger whose LineHandler writes to a pipe, and a function that reads back all it wrote."""
    read_end, write_end = os.pipe()
    stream = os.fdopen(write_end, "w", encoding="utf-8")
    handler = LineHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.line_handler")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: os.read(read_end, 65536), b"")))
    reader.start()

    def written() -> list[str]:
        stream.close()
        reader.join(timeout=30)
        return b"".join(chunks).decode().splitlines()

    yield logger, written
    logger.removeHandler(handler)
    if not stream.closed:
        stream.close()
    reader.join(timeout=30)
    os.close(read_end)


def test_lines_from_many_threads_arrive_whole(pipe_logger):
    logger, written = pipe_logger

    def log_lines(thread: int) -> None:
        for n in range(LINES):
            logger.info("line", extra={"fields": {"thread": thread, "n": n, "padding": "x" * 300}})

    threads = [threading.Thread(target=log_lines, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    lines = [json.loads(line) for line in written()]
    expected = [(t, n) for t in range(THREADS) for n in range(LINES)]
    assert sorted((line["thread"], line["n"]) for line in lines) == expected


def test_a_line_longer_than_one_atomic_write_is_written_whole(pipe_logger):
    logger, written = pipe_logger
    logger.info("long", extra={"fields": {"padding": "y" * (select.PIPE_BUF * 3), "text": "née"}})
    logger.info("short")
    lines = [json.loads(line) for line in written()]
    assert [line["message"] for line in lines] == ["long", "short"]
    assert len(lines[0]["padding"]) == select.PIPE_BUF * 3 and lines[0]["text"] == "née"


def test_a_stream_without_a_file_and_the_handlers_filters_are_honoured():
    stream = io.StringIO()
    handler = LineHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(lambda record: record.getMessage() != "hidden")
    logger = logging.getLogger("tests.line_handler.stringio")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("shown")
        logger.warning("hidden")
    finally:
        logger.removeHandler(handler)
    assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == ["shown"]
