"""The static/media bucket: private (public access blocked), encrypted, versioned; CloudFront reads
it through origin access control, allowed by the bucket policy set once the distribution exists."""

from __future__ import annotations

import json

from botocore.exceptions import ClientError

from core.aws import error_code
from deploy.errors import DeployError, is_denied, status_code
from deploy.report import Report

BLOCK_ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": True}
ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                         "BucketKeyEnabled": True}]}


def bucket_exists(s3, bucket: str) -> bool:
    try:
        s3.head_bucket(Bucket=bucket)
        return True
    except ClientError as error:
        if status_code(error) == 404:
            return False
        if is_denied(error):
            raise DeployError(f"Bucket {bucket!r} exists but these credentials cannot use it (another account "
                              "owns the name, or s3:ListBucket is missing). Set STATIC_BUCKET to another name."
                              ) from None
        raise


def ensure_bucket(s3, bucket: str, region: str, report: Report) -> None:
    if not bucket_exists(s3, bucket):
        report.created("s3 bucket", bucket, "public access blocked, encrypted, versioned")
        if report.dry_run:
            return
        options = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **options)
        _block_public(s3, bucket)
        _encrypt(s3, bucket)
        _version(s3, bucket)
        return
    changes = []
    try:
        current = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except ClientError as error:
        if error_code(error) != "NoSuchPublicAccessBlockConfiguration":
            raise
        current = {}
    if current != BLOCK_ALL:
        changes.append("block public access")
        if not report.dry_run:
            _block_public(s3, bucket)
    try:
        s3.get_bucket_encryption(Bucket=bucket)
    except ClientError as error:
        if error_code(error) != "ServerSideEncryptionConfigurationNotFoundError":
            raise
        changes.append("default encryption")
        if not report.dry_run:
            _encrypt(s3, bucket)
    if s3.get_bucket_versioning(Bucket=bucket).get("Status") != "Enabled":
        changes.append("versioning")
        if not report.dry_run:
            _version(s3, bucket)
    if changes:
        report.changed("s3 bucket", bucket, ", ".join(changes))
    else:
        report.unchanged("s3 bucket", bucket)


def _block_public(s3, bucket: str) -> None:
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=BLOCK_ALL)


def _encrypt(s3, bucket: str) -> None:
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=ENCRYPTION)


def _version(s3, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})


def cloudfront_read_policy(bucket: str, prefixes: list[str], distribution_arn: str, *, tls_only: bool) -> dict:
    statements = [
        {"Sid": "CloudFrontReadsAssets", "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
         "Action": "s3:GetObject", "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in prefixes],
         "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}}},
    ]
    if tls_only:
        statements.append(
            {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    return {"Version": "2012-10-17", "Statement": statements}


def ensure_bucket_policy(s3, bucket: str, policy: dict, report: Report) -> None:
    try:
        current = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as error:
        if error_code(error) not in {"NoSuchBucketPolicy", "NoSuchBucket"}:
            raise
        current = None
    if current == policy:
        report.unchanged("s3 bucket policy", bucket)
        return
    (report.created if current is None else report.changed)("s3 bucket policy", bucket, "CloudFront OAC read")
    if not report.dry_run:
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
