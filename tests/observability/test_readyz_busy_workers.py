"""/readyz answers "not ready" within its timeout even when every request thread is stuck on storage.

A real gunicorn (one worker, two request threads) on its own DynamoDB endpoint, which is then frozen
with SIGSTOP: two product pages take both request threads and hang on storage; the probe still
gets its 503 while they are hanging (shop/asgi.py answers probes on the event loop and threads of
their own, never behind the request threads).
"""

from __future__ import annotations

import json
import signal
import threading
import urllib.error
import urllib.request

from tests.aws import MotoServer, aws_environment
from tests.services import AppServer, app_environment, manage


def get(url: str, timeout: float) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_readyz_answers_503_in_time_while_storage_holds_every_request_thread(tmp_path):
    moto = MotoServer().start()
    app = None
    try:
        with aws_environment(moto.url):
            env = app_environment(SHOP_STORAGE="dynamodb", SQLITE_PATH=str(tmp_path / "db.sqlite3"),
                                  READINESS_TIMEOUT_SECONDS="1", DYNAMODB_TIMEOUT_SECONDS="30",
                                  DYNAMODB_MAX_ATTEMPTS="1", DJANGO_ALLOWED_HOSTS="127.0.0.1")
        for command in (["migrate", "--noinput", "-v0"], ["dynamodb_tables", "create"]):
            result = manage(*command, env=env)
            assert result.returncode == 0, result.stderr
        app = AppServer(env, threads=2).start()
        assert get(f"{app.url}/readyz", timeout=10)[0] == 200

        moto.process.send_signal(signal.SIGSTOP)
        stuck = [threading.Thread(target=get, args=(f"{app.url}/products/", 60)) for _ in range(2)]
        for thread in stuck:
            thread.start()
        status, body = get(f"{app.url}/readyz", timeout=10)  # storage would hold it for 30 s
        assert status == 503 and json.loads(body)["failing"] == ["storage"]
        assert all(thread.is_alive() for thread in stuck), "both request threads are still held by storage"
        assert get(f"{app.url}/healthz", timeout=10)[0] == 200

        moto.process.send_signal(signal.SIGCONT)
        for thread in stuck:
            thread.join(timeout=60)
        assert get(f"{app.url}/readyz", timeout=10)[0] == 200
    finally:
        if moto.process is not None:
            moto.process.send_signal(signal.SIGCONT)
        if app is not None:
            app.stop()
        moto.stop()
