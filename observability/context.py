"""Per-request state kept in context variables, so log records and metric calls deep inside services
can reach the current request's id and metrics without passing the request around."""

from __future__ import annotations

import random
import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_META = "HTTP_X_REQUEST_ID"  # its key in request.META
# Ids from load balancers and clients: UUIDs, AWS trace ids ("Root=1-...") and similar tokens.
# Anything else (too long, spaces, quotes, newlines) is replaced, so a caller cannot inject log content.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:=-]{7,127}$")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def new_request_id() -> str:
    """A version 4 UUID in its usual form, as AWS request ids are. From the `random` module (reseeded in
    each forked worker) rather than uuid.uuid4(): ids need to be unique, not secret, and each request makes
    one, where os.urandom is a system call."""
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def accept_request_id(candidate: str | None) -> str:
    """The caller's id when it is well formed, a fresh one otherwise."""
    if candidate and _VALID_REQUEST_ID.match(candidate):
        return candidate
    return new_request_id()


def current_request_id() -> str | None:
    return _request_id.get()


def bind_request_id(request_id: str | None):
    return _request_id.set(request_id)


def unbind_request_id(token) -> None:
    _request_id.reset(token)
