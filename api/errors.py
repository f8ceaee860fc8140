"""Turns whatever a request raised into AppSync's error shape, without leaking internals.

Every error gets `errorType` (AppSync's name) and the same value in `extensions.code`; `errorInfo`
carries the details a client acts on (the offending field, the short stock lines).
"""

from __future__ import annotations

import logging
import re

from graphql import GraphQLError

from core import errors as shop_errors

logger = logging.getLogger("shop.graphql")

GENERIC_MESSAGE = "An internal error occurred. Please try again later."


class Unauthorized(shop_errors.ShopError):
    code = "Unauthorized"

    @classmethod
    def to_access(cls, field: str, type_name: str) -> Unauthorized:
        return cls(f"Not Authorized to access {field} on type {type_name}")


class TooManyRequests(shop_errors.ShopError):
    """Too many failed sign-ins for the account or from the address; `retry_after` seconds to wait."""

    code = "TooManyRequests"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def error_info(error: shop_errors.ShopError) -> dict | None:
    if isinstance(error, shop_errors.ValidationError) and error.field:
        return {"field": camel(error.field)}
    if isinstance(error, TooManyRequests):
        return {"retryAfterSeconds": error.retry_after}
    if isinstance(error, shop_errors.StorageUnavailable):
        return {"retryAfterSeconds": error.retry_after}
    if isinstance(error, shop_errors.OutOfStock):
        return {
            "lines": [
                {"productId": line.product_id, "productName": line.product_name,
                 "requested": line.requested, "available": line.available}
                for line in error.lines
            ]
        }
    return None


def appsync_error(error_type: str, message: str, info: dict | None = None, base: dict | None = None) -> dict:
    formatted = dict(base or {})
    formatted.update(message=message, errorType=error_type, errorInfo=info)
    formatted["extensions"] = {**(info or {}), "code": error_type}
    return formatted


# graphql-core's messages for bad documents and variables are safe to show; they describe the
# client's own input. Only errors raised while resolving can carry internals.
_PYTHON_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")


def format_graphql_error(error: GraphQLError) -> dict:
    base = {key: value for key, value in error.formatted.items() if key in ("locations", "path")}
    original = error.original_error
    if isinstance(original, shop_errors.ShopError):
        if isinstance(original, shop_errors.StorageUnavailable):
            logger.warning("storage unavailable: %s", original)
        return appsync_error(original.code, original.message, error_info(original), base)
    if original is None or error.path is None or isinstance(original, GraphQLError):
        # Syntax, validation and variable errors come before execution (no path): they describe
        # the client's own document and variables, including our scalars' parse messages.
        return appsync_error("ValidationError", _PYTHON_REPR.sub("value", error.message), None, base)
    logger.error("unhandled error in GraphQL resolver", exc_info=original)
    return appsync_error("InternalFailure", GENERIC_MESSAGE, None, base)


def format_request_error(message: str, error_type: str = "MalformedHttpRequestException") -> dict:
    return appsync_error(error_type, message)
