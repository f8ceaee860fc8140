"""The one error type the deploy commands raise: its message is what the operator reads."""

from __future__ import annotations

from botocore.exceptions import ClientError

from core.aws import error_code


class DeployError(Exception):
    pass


def status_code(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


def is_denied(error: ClientError) -> bool:
    return status_code(error) == 403 or error_code(error) in {"AccessDenied", "AccessDeniedException",
                                                              "UnauthorizedOperation"}
