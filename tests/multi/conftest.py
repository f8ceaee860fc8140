"""Two app instances (gunicorn with uvicorn workers, `shop.asgi`) sharing one PostgreSQL, one Redis and one DynamoDB."""

from __future__ import annotations

import subprocess
import sys
import uuid
from dataclasses import dataclass

import pytest

from tests.services import ROOT, AppServer, app_environment, manage


@dataclass
class Cluster:
    env: dict[str, str]
    a: AppServer
    b: AppServer
    seed_outputs: list[str]

    def manage(self, *args: str) -> str:
        result = manage(*args, env=self.env)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


def together(*commands: list[str], env: dict[str, str]) -> list[subprocess.CompletedProcess]:
    """Runs the manage.py commands at the same moment, as instances starting together do."""
    processes = [subprocess.Popen([sys.executable, "manage.py", *command], cwd=ROOT, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for command in commands]
    results = []
    for process, command in zip(processes, commands, strict=True):
        out, err = process.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return results


@pytest.fixture(scope="module")
def cluster(postgres_server, redis_server, moto_server, tmp_path_factory):
    prefix = f"two{uuid.uuid4().hex[:8]}-"
    env = app_environment(DATABASE_URL=postgres_server.database(f"shop_{uuid.uuid4().hex[:8]}"),
                          REDIS_URL=redis_server.url, SHOP_STORAGE="dynamodb", DYNAMODB_TABLE_PREFIX=prefix,
                          SIGNIN_FAILURE_LIMIT="3", GRAPHQL_CACHE_TTL="300")
    tables = manage("dynamodb_tables", "create", env=env)
    assert tables.returncode == 0, tables.stderr
    migrated = together(["migrate", "--noinput"], ["migrate", "--noinput"], env=env)
    assert [r.returncode for r in migrated] == [0, 0], [r.stderr[-2000:] for r in migrated]
    seeded = together(*[["seed_shop", "--if-empty", "--no-progress"]] * 2, env=env)
    assert [r.returncode for r in seeded] == [0, 0], [r.stderr[-2000:] for r in seeded]
    logs = tmp_path_factory.mktemp("instances")
    a = AppServer(env, log=logs / "a.log").start()
    try:
        b = AppServer(env, log=logs / "b.log").start()
    except Exception:
        a.stop()
        raise
    try:
        yield Cluster(env=env, a=a, b=b, seed_outputs=[r.stdout for r in seeded])
    finally:
        a.stop()
        b.stop()
        manage("dynamodb_tables", "delete", env=env)
