"""The Cognito user pool the front end signs shoppers in with (`provision --cognito`), found again by name.

The pool is `<stack>-users` (email as an alias, a password policy), its app client `<stack>-web` is a
public client (no secret, as a browser front end needs) allowing SRP and password sign-in, and one
group per COGNITO_GROUPS key. The app then accepts the pool's tokens with the two settings printed.
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from core.aws import error_code
from deploy.config import Names
from deploy.report import Report

AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
PASSWORD_POLICY = {"MinimumLength": 8, "RequireLowercase": True, "RequireNumbers": True,
                   "RequireUppercase": False, "RequireSymbols": False}


def ensure_user_pool(idp, names: Names, groups: list[str], report: Report) -> tuple[str, str]:
    """(pool id, app client id); in a dry run of a new pool, placeholders."""
    pool_name, client_name = f"{names.stack}-users", f"{names.stack}-web"
    pool_id = _find_pool(idp, pool_name)
    if pool_id is None:
        report.created("cognito user pool", pool_name, "email alias, 8+ character passwords")
        if report.dry_run:
            for group in groups:
                report.created("cognito group", group)
            report.created("cognito app client", client_name, "public, SRP and password sign-in")
            return "(created on a real run)", "(created on a real run)"
        pool_id = idp.create_user_pool(PoolName=pool_name, AliasAttributes=["email"],
                                       AutoVerifiedAttributes=["email"],
                                       Policies={"PasswordPolicy": PASSWORD_POLICY})["UserPool"]["Id"]
    else:
        report.unchanged("cognito user pool", pool_name)
    for group in groups:
        _ensure_group(idp, pool_id, group, report)
    return pool_id, _ensure_client(idp, pool_id, client_name, report)


def _find_pool(idp, name: str) -> str | None:
    for page in idp.get_paginator("list_user_pools").paginate(MaxResults=60):
        for pool in page["UserPools"]:
            if pool["Name"] == name:
                return pool["Id"]
    return None


def _ensure_group(idp, pool_id: str, group: str, report: Report) -> None:
    try:
        idp.get_group(GroupName=group, UserPoolId=pool_id)
        report.unchanged("cognito group", group)
    except ClientError as error:
        if error_code(error) != "ResourceNotFoundException":
            raise
        report.created("cognito group", group, "mapped by COGNITO_GROUPS")
        if not report.dry_run:
            idp.create_group(GroupName=group, UserPoolId=pool_id, Description="Shop staff (see COGNITO_GROUPS)")


def _ensure_client(idp, pool_id: str, name: str, report: Report) -> str:
    clients = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    existing = next((c["ClientId"] for c in clients if c["ClientName"] == name), None)
    if existing is not None:
        report.unchanged("cognito app client", name)
        return existing
    report.created("cognito app client", name, "public, SRP and password sign-in")
    if report.dry_run:
        return "(created on a real run)"
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName=name, GenerateSecret=False,
                                       ExplicitAuthFlows=AUTH_FLOWS, ReadAttributes=["email", "email_verified", "name"],
                                       WriteAttributes=["email", "name"])["UserPoolClient"]["ClientId"]
