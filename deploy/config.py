"""Deploy settings, read from the environment (the same variables the app reads, see README "Deploy")."""

from __future__ import annotations

import os
from dataclasses import dataclass

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from deploy.errors import DeployError


@dataclass(frozen=True)
class Names:
    """Everything provisioning names. `stack` prefixes alarms, the OAC and the IAM policy and tags the
    distribution, so a second provision finds what the first one made."""

    stack: str
    region: str
    account: str
    static_bucket: str
    media_bucket: str
    namespace: str
    service: str

    @property
    def buckets(self) -> list[str]:
        return list(dict.fromkeys([self.static_bucket, self.media_bucket]))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def region(session: boto3.Session) -> str:
    if not session.region_name:
        raise DeployError("No AWS region configured: set AWS_DEFAULT_REGION (or a profile with a region).")
    return session.region_name


def account_id(session: boto3.Session) -> str:
    try:
        return session.client("sts").get_caller_identity()["Account"]
    except (BotoCoreError, ClientError) as error:
        raise DeployError(f"Cannot identify the AWS account (check credentials): {error}") from None


def names(session: boto3.Session) -> Names:
    stack = env("DEPLOY_STACK", "shop")
    where = region(session)  # first: without a region every AWS call fails less clearly
    account = account_id(session)
    static_bucket = env("STATIC_BUCKET", f"{stack}-assets-{account}")
    return Names(
        stack=stack, region=where, account=account,
        static_bucket=static_bucket, media_bucket=env("MEDIA_BUCKET", static_bucket),
        namespace=env("METRICS_NAMESPACE", "Shop"), service=env("METRICS_SERVICE", "shop"),
    )
