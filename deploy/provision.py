"""`python -m deploy provision`: creates or updates everything the shop runs on, idempotently.

Order matters: buckets before the distribution that reads them, the distribution before the bucket
policy that names it. Each step prints created / changed / unchanged (or the plan in a dry run).
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from core.aws import error_code
from deploy import alarms, buckets, cdn, cognito, config, dynamodb, iam, ses
from deploy.errors import DeployError, is_denied
from deploy.report import Report
from storage.dynamodb.tables import table_prefix


def provision(*, dry_run: bool = False, create_iam_policy: bool = False, create_user_pool: bool = False,
              out: TextIO | None = None) -> dict:
    """Returns the values the app and `deploy static` need (bucket, distribution id and domain)."""
    out = out or sys.stdout  # looked up per call: tests and callers may swap sys.stdout
    app_domain = config.env("APP_ORIGIN_DOMAIN")
    if not app_domain:
        raise DeployError("APP_ORIGIN_DOMAIN is not set: the host name CloudFront forwards page requests to "
                          "(e.g. the load balancer's DNS name, served over HTTPS).")
    session = boto3.Session()
    report = Report(dry_run=dry_run, out=out)
    try:
        names = config.names(session)
        print(f"{'Plan' if dry_run else 'Provisioning'} for {names.stack} in {names.region} "
              f"(account {names.account}):", file=out)
        dynamodb.provision_tables(session.client("dynamodb"), report)
        s3 = session.client("s3")
        for bucket in names.buckets:
            buckets.ensure_bucket(s3, bucket, names.region, report)
        cloudfront = session.client("cloudfront")
        oac_id = cdn.ensure_oac(cloudfront, names, report)
        distribution = cdn.ensure_distribution(cloudfront, names, app_domain, oac_id, report)
        if distribution:
            for bucket in names.buckets:
                prefixes = [prefix for prefix, owner in (("static/", names.static_bucket),
                                                         ("media/", names.media_bucket)) if owner == bucket]
                # A local endpoint (moto) speaks plain HTTP and enforces bucket policies: no TLS-only rule there.
                tls_only = not (s3.meta.endpoint_url or "").startswith("http://")
                policy = buckets.cloudfront_read_policy(bucket, prefixes, distribution["ARN"], tls_only=tls_only)
                buckets.ensure_bucket_policy(s3, bucket, policy, report)
        else:  # a dry run before the distribution exists: its ARN is unknown, the step is not
            for bucket in names.buckets:
                report.created("s3 bucket policy", bucket, "CloudFront OAC read, once the distribution exists")
        alarms.ensure_alarms(session.client("cloudwatch"), names, report)
        if sender := config.env("SHOP_EMAIL_FROM"):
            ses.ensure_sender_identity(session.client("sesv2"), sender, report)
        policy = iam.render_policy(region=names.region, account=names.account, table_prefix=table_prefix(),
                                   static_bucket=names.static_bucket, media_bucket=names.media_bucket,
                                   namespace=names.namespace, email_identity=sender_identity())
        if create_iam_policy:
            ensure_iam_policy(session.client("iam"), f"{names.stack}-app", names.account, policy, report)
        user_pool = cognito.ensure_user_pool(session.client("cognito-idp"), names, list(settings.COGNITO_GROUPS),
                                             report) if create_user_pool else None
    except ClientError as error:
        if is_denied(error):
            raise DeployError(f"Permission denied: {error}. Nothing after this step was changed.") from None
        raise DeployError(f"AWS call failed: {error}. Nothing after this step was changed.") from None
    except BotoCoreError as error:
        raise DeployError(f"AWS call failed: {error}. Nothing after this step was changed.") from None
    summary = {"STATIC_BUCKET": names.static_bucket, "MEDIA_BUCKET": names.media_bucket,
               "CLOUDFRONT_DISTRIBUTION_ID": distribution["Id"] if distribution else "(created on a real run)",
               "STATIC_CDN_DOMAIN": distribution["DomainName"] if distribution else "(created on a real run)"}
    print(f"{'Dry run, nothing written. ' if dry_run else ''}"
          f"{report.count('created')} created, {report.count('changed')} changed, "
          f"{report.count('unchanged')} unchanged.", file=out)
    print("Set these in the app's (and the static deploy's) environment:", file=out)
    if user_pool:
        summary.update(COGNITO_USER_POOL_ID=user_pool[0], COGNITO_APP_CLIENT_IDS=user_pool[1])
    for key, value in summary.items():
        print(f"  {key}={value}", file=out)
    if not create_iam_policy:
        print("IAM policy for the app's role: `python -m deploy iam-policy` prints it for this account "
              "(or pass --iam to create it).", file=out)
    return {**summary, "policy": policy, "report": report.lines}


def sender_identity() -> str:
    sender = config.env("SHOP_EMAIL_FROM")
    return ses.sender_address(sender) if sender else "*"


def ensure_iam_policy(client, name: str, account: str, policy: dict, report: Report) -> None:
    arn = f"arn:aws:iam::{account}:policy/{name}"
    try:
        current = client.get_policy(PolicyArn=arn)["Policy"]
    except ClientError as error:
        if error_code(error) != "NoSuchEntity":
            raise
        report.created("iam policy", name)
        if not report.dry_run:
            client.create_policy(PolicyName=name, PolicyDocument=json.dumps(policy),
                                 Description="Least privilege for the shop app's role (python -m deploy)")
        return
    document = client.get_policy_version(PolicyArn=arn, VersionId=current["DefaultVersionId"])
    document = document["PolicyVersion"]["Document"]
    if isinstance(document, str):  # botocore decodes it to a dict; older versions returned the JSON text
        document = json.loads(document)
    if document == policy:
        report.unchanged("iam policy", name)
        return
    report.changed("iam policy", name, "new default version")
    if report.dry_run:
        return
    versions = client.list_policy_versions(PolicyArn=arn)["Versions"]
    if len(versions) >= 5:  # IAM keeps at most five versions: drop the oldest non-default one
        oldest = min((v for v in versions if not v["IsDefaultVersion"]), key=lambda v: v["CreateDate"])
        client.delete_policy_version(PolicyArn=arn, VersionId=oldest["VersionId"])
    client.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(policy), SetAsDefault=True)
