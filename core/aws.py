"""What every AWS adapter (the DynamoDB backend, deploy/) reads off a botocore error."""

from __future__ import annotations

from botocore.exceptions import ClientError


def error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")
