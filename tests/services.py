"""Real PostgreSQL, Redis and gunicorn processes on 127.0.0.1 for tests (and `make loadtest`).

PostgreSQL and redis-server are the Debian packages' binaries (`.ci/run` installs them). PostgreSQL
refuses to run as root, so as root its binaries run as the `postgres` user (setpriv, no shell) in a
temporary data directory. Every process here is started on a free port and stopped by its owner.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.aws import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def wait_until(check, what: str, process: subprocess.Popen | None = None, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited during start-up (status {process.returncode})")
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds:g} s")


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM, seconds: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def postgres_bindir() -> Path | None:
    """The newest Debian PostgreSQL server binaries, or None when the package is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    """One PostgreSQL cluster in a temporary directory; `database(name)` gives a DATABASE_URL."""

    def __init__(self) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL server binaries (Debian package postgresql)")
        self.bindir = bindir
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="shop-pg-"))
        self.process: subprocess.Popen | None = None

    def _as_owner(self, command: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return command
        return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", *command]

    def start(self) -> PostgresServer:
        data = self.directory / "data"
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        subprocess.run(self._as_owner([str(self.bindir / "initdb"), "-D", str(data), "-U", "shop", "-A", "trust",
                                       "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True, timeout=120)
        self.process = subprocess.Popen(
            self._as_owner([str(self.bindir / "postgres"), "-D", str(data), "-p", str(self.port),
                            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.directory}",
                            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                            "-c", "max_connections=200"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, "PostgreSQL", self.process)
        return self

    def _answers(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url("postgres"), connect_timeout=1).close()
            return True
        except psycopg.OperationalError:
            return False

    def url(self, name: str) -> str:
        return f"postgres://shop@127.0.0.1:{self.port}/{name}"

    def database(self, name: str) -> str:
        """A new, empty database; its DATABASE_URL."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        stop(self.process, signal.SIGINT)  # "fast" shutdown: ends open sessions
        self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)


class RedisServer:
    def __init__(self) -> None:
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.access(self.binary, os.X_OK):
            raise FileNotFoundError("redis-server (Debian package redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", tempfile.gettempdir(), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, "redis-server", self.process)
        return self

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def flush(self) -> None:
        import redis

        redis.Redis.from_url(self.url).flushall()

    def stop(self) -> None:
        stop(self.process)
        self.process = None


# What every app instance started by a test needs besides its own variables: production settings
# (DEBUG off), served over plain http on 127.0.0.1, static files without a collected manifest.
APP_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "tests.served_settings",
    "DJANGO_SECRET_KEY": "served-by-tests-" + "x" * 40,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "LOG_LEVEL": "WARNING",
    "PYTHONPATH": str(ROOT),
}


def app_environment(**values: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SHOP_", "DYNAMODB_"))}
    return {**inherited, **APP_ENVIRONMENT, **values}


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


class AppServer:
    """`gunicorn shop.asgi` with deploy/gunicorn.conf.py (uvicorn workers), as `make run` starts it, on a free port."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, threads: int = 4, log: Path | None = None,
                 tls: tuple[Path, Path] | None = None, app: str = "shop.asgi:application",
                 worker_class: str | None = None) -> None:
        self.app, self.worker_class = app, worker_class  # other than deploy/gunicorn.conf.py's: benchmarks
        self.port = free_port()
        self.tls = tls  # (certificate, key): serve https and wss, as a TLS-terminating proxy in front would
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.env = {**env, "PORT": str(self.port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers),
                    "GUNICORN_THREADS": str(threads)}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> AppServer:
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", *self._tls_arguments(),
             *(["--worker-class", self.worker_class] if self.worker_class else []), self.app],
            cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT,
        )
        self._output = output
        try:
            wait_until(self._answers, f"gunicorn on {self.url}", self.process, seconds=60)
        except RuntimeError:
            self.stop()  # never leave a half-started server behind
            raise
        return self

    def _tls_arguments(self) -> list[str]:
        return ["--certfile", str(self.tls[0]), "--keyfile", str(self.tls[1])] if self.tls else []

    def _answers(self) -> bool:
        unverified = ssl._create_unverified_context() if self.tls else None  # noqa: S323 - our own test certificate
        try:
            return urllib.request.urlopen(f"{self.url}/healthz", timeout=2, context=unverified).status == 200
        except OSError:
            return False

    def stop(self) -> None:
        stop(self.process, seconds=30)
        self.process = None
        if self.log and not self._output.closed:
            self._output.close()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate and key for 127.0.0.1, valid for a day."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
