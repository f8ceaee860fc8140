"""Domain objects as JSON, for the messages the real-time bus carries between processes.

The records of the four subscribable types (Product, Category, CartItem, Order) are dataclasses; this
writes their fields (Decimal, datetime, enums and nested dataclasses included) and reads them back into
the same classes, so the process that delivers an event renders it exactly as the writing process saw it.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from cart.domain import CartItem
from catalog.domain import Category, ImageRendition, Product
from orders.domain import Order, OrderLine

RECORD_TYPES = {cls.__name__: cls for cls in (Product, Category, CartItem, Order)}
_NESTED = {cls.__name__: cls for cls in (ImageRendition, OrderLine)}


def dumps(record: object) -> dict:
    return {"type": type(record).__name__, "fields": _plain(record)}


def loads(data: dict) -> object:
    return _build(RECORD_TYPES[data["type"]], data["fields"])


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type, fields: dict) -> object:
    hints = _hints(cls)
    known = {field.name for field in dataclasses.fields(cls) if field.init}
    return cls(**{name: _value(hints[name], value) for name, value in fields.items() if name in known})


def _value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _value(next(arg for arg in typing.get_args(hint) if arg is not type(None)), value)
    if origin in (list, tuple):
        item = typing.get_args(hint)[0]
        values = [_value(item, v) for v in value]
        return tuple(values) if origin is tuple else values
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint) and hint.__name__ in _NESTED:
            return _build(hint, value)
        if issubclass(hint, Enum):
            return hint(value)
        if hint is Decimal:
            return Decimal(value)
        if hint is datetime:
            return datetime.fromisoformat(value)
    return value


def encode(message: dict) -> str:
    return json.dumps(message, separators=(",", ":"))


def decode(text: str | bytes) -> dict:
    return json.loads(text)
