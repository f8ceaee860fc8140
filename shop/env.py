"""Reading settings from the environment, each parsed once at start-up with its allowed range.

A bad value raises ImproperlyConfigured with one line naming the variable, the value and what is
allowed; manage.py, the WSGI/ASGI entry points and gunicorn's configuration turn that into that one
line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE, FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off", ""})


def refuse(name: str, value: str, allowed: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={value!r} is not allowed: {allowed}.")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "1" if default else "0").lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise refuse(name, value, "1 or 0 (also true/false, yes/no, on/off)")


def env_int(name: str, default: int, *, minimum: int, maximum: int) -> int:
    raw = env(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise refuse(name, raw, f"a whole number from {minimum} to {maximum}") from None
    if not minimum <= value <= maximum:
        raise refuse(name, raw, f"a whole number from {minimum} to {maximum}")
    return value


def env_float(name: str, default: float, *, minimum: float, maximum: float) -> float:
    raw = env(name, str(default))
    try:
        value = float(raw)
    except ValueError:
        raise refuse(name, raw, f"a number from {minimum:g} to {maximum:g}") from None
    if not minimum <= value <= maximum:  # also refuses nan
        raise refuse(name, raw, f"a number from {minimum:g} to {maximum:g}")
    return value


def env_choice(name: str, default: str, choices: Iterable[str], *, case_sensitive: bool = True) -> str:
    options = list(choices)
    raw = env(name, default)
    value = raw if case_sensitive else raw.upper()
    if value not in options:
        raise refuse(name, raw, "one of " + ", ".join(options))
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


def env_origins(name: str) -> list[str]:
    """Comma-separated origins such as https://shop.example.com (scheme and host, nothing else)."""
    origins = env_list(name)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path or parts.query:
            raise refuse(name, origin, "origins like https://shop.example.com, comma-separated")
    return origins


def env_pairs(name: str, default: str = "") -> dict[str, str]:
    """Comma-separated `key:value` pairs, such as COGNITO_GROUPS=staff:staff,managers:shop-managers."""
    pairs = {}
    for part in env_list(name, default):
        key, sep, value = part.partition(":")
        if not (sep and key.strip() and value.strip()):
            raise refuse(name, part, "comma-separated key:value pairs, such as staff:staff")
        pairs[key.strip()] = value.strip()
    return pairs
# -- URLs, paths and addresses (issue 11: many instances) ---------------------------------------------


def redact(url: str) -> str:
    """The URL with its password replaced, so an error line never prints a secret."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    return url


def env_database_url(name: str, *, conn_max_age: int) -> dict | None:
    """DATABASES["default"] from a dj-database-url style URL (postgres://user:pass@host:5432/db), or None."""
    import dj_database_url  # only needed when the variable is set

    raw = env(name)
    if not raw:
        return None
    allowed = "a URL like postgres://user:password@host:5432/shop (or sqlite:////absolute/path.sqlite3)"
    if urlsplit(raw).scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise refuse(name, redact(raw), allowed)
    try:
        config = dj_database_url.parse(raw, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0)
    except (ValueError, dj_database_url.ParseError):
        raise refuse(name, redact(raw), allowed) from None
    if not config.get("NAME"):
        raise refuse(name, redact(raw), allowed + " that names a database")
    return config


def env_redis_url(name: str) -> str:
    """A redis://, rediss:// or unix:// URL, or empty."""
    raw = env(name)
    parts = urlsplit(raw)
    if raw and (parts.scheme not in {"redis", "rediss", "unix"} or not (parts.netloc or parts.path)):
        raise refuse(name, redact(raw), "a URL like redis://host:6379/0 (rediss:// for TLS)")
    if raw and parts.scheme != "unix":
        try:
            parts.port  # noqa: B018 - parsing it is the check
        except ValueError:
            raise refuse(name, redact(raw), "a URL like redis://host:6379/0 (rediss:// for TLS)") from None
    return raw


def env_sqlite_path(name: str, default: str) -> str:
    """A database file SQLite can open: its folder must exist and be writable (it makes the file)."""
    import os.path

    raw = env(name, default)
    path = os.path.abspath(raw)
    folder = os.path.dirname(path)
    if os.path.isdir(path) or not os.path.isdir(folder):
        raise refuse(name, raw, "a file path in an existing folder")
    if not os.access(path if os.path.exists(path) else folder, os.W_OK):
        raise refuse(name, raw, "a file path this user can write (and the folder, for SQLite's journal)")
    return path


def env_networks(name: str, default: str) -> list[str]:
    """Comma-separated IP addresses or networks (10.0.0.0/8), or * for any: which proxies are trusted."""
    import ipaddress

    values = env_list(name, default)
    for value in values:
        if value == "*":
            continue
        try:
            ipaddress.ip_network(value)  # strict, as gunicorn reads the same variable
        except ValueError:
            allowed = "IP addresses or networks like 10.0.0.0/8 (no host bits), comma-separated, or *"
            raise refuse(name, value, allowed) from None
    return values
