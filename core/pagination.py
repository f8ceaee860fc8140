"""Opaque, signed page tokens shared by both storage backends.

A backend puts whatever it needs to resume (SQL: the last row's sort key; DynamoDB: the
LastEvaluatedKey) into a dict; the token is that dict signed with SECRET_KEY, so a forged or
garbled token is rejected with `InvalidCursor` instead of reaching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.core import signing

from core.errors import InvalidCursor

T = TypeVar("T")
_SALT = "core.pagination"


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    extra: dict = field(default_factory=dict)


def encode_cursor(scope: str, position: dict) -> str:
    """`scope` names the listing and its sort, so a token from one list cannot drive another."""
    return signing.dumps({"s": scope, "p": position}, salt=_SALT, compress=True)


def decode_cursor(scope: str, token: str | None) -> dict | None:
    if not token:
        return None
    try:
        data = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidCursor() from None
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("p"), dict):
        raise InvalidCursor()
    return data["p"]
