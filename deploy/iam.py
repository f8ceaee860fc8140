"""The app role's least-privilege policy, generated from the table definitions in
shop/storage/dynamodb/tables.py, so a new table or index reaches the policy by regenerating it.

deploy/iam-policy.json is this policy for the default names with `*` for region and account (the
account is only known at deploy time); `provision --iam` creates it in IAM with the real values.
Regenerate the file with `python -m deploy iam-policy --write`; a test fails when it is stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from storage.dynamodb.tables import DEFINITIONS

POLICY_FILE = Path(__file__).with_name("iam-policy.json")
DEFAULT_STACK, DEFAULT_TABLE_PREFIX = "shop", "shop-"
STATIC_PREFIX, MEDIA_PREFIX = "static/", "media/"

# Exactly the calls shop/storage/dynamodb makes; TransactWriteItems is authorised per item action
# (Put/Update/Delete). BatchWriteItem and Scan beyond Categories serve `seed_shop` and its --reset.
TABLE_ACTIONS = [
    "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable",
    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
]
INDEX_ACTIONS = ["dynamodb:Query"]


def table_arns(region: str, account: str, prefix: str) -> list[str]:
    return [f"arn:aws:dynamodb:{region}:{account}:table/{prefix}{logical}" for logical in DEFINITIONS]


def index_arns(region: str, account: str, prefix: str) -> list[str]:
    return [
        f"arn:aws:dynamodb:{region}:{account}:table/{prefix}{logical}/index/{index['IndexName']}"
        for logical, definition in DEFINITIONS.items()
        for index in [*definition.get("GlobalSecondaryIndexes", []), *definition.get("LocalSecondaryIndexes", [])]
    ]


def render_policy(*, region: str, account: str, table_prefix: str, static_bucket: str, media_bucket: str,
                  namespace: str, email_identity: str = "*") -> dict:
    statements = [
        {"Sid": "ShopTables", "Effect": "Allow", "Action": TABLE_ACTIONS,
         "Resource": table_arns(region, account, table_prefix)},
        {"Sid": "ShopTableIndexes", "Effect": "Allow", "Action": INDEX_ACTIONS,
         "Resource": index_arns(region, account, table_prefix)},
        # Runtime reads the static manifest (S3ManifestStaticStorage); uploads are the deployer's job.
        {"Sid": "StaticManifestRead", "Effect": "Allow", "Action": ["s3:GetObject"],
         "Resource": [f"arn:aws:s3:::{static_bucket}/{STATIC_PREFIX}*"]},
        {"Sid": "MediaReadWrite", "Effect": "Allow", "Action": ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
         "Resource": [f"arn:aws:s3:::{media_bucket}/{MEDIA_PREFIX}*"]},
        # Without ListBucket a missing key answers 403 instead of 404 (django-storages' exists()).
        {"Sid": "ListOwnPrefixes", "Effect": "Allow", "Action": ["s3:ListBucket"],
         "Resource": sorted({f"arn:aws:s3:::{static_bucket}", f"arn:aws:s3:::{media_bucket}"}),
         "Condition": {"StringLike": {"s3:prefix": [f"{STATIC_PREFIX}*", f"{MEDIA_PREFIX}*"]}}},
        # Order and password emails (notifications.ses): SES v2 SendEmail is authorised as ses:SendEmail
        # (and ses:SendRawEmail for raw MIME) on the sender identity (SHOP_EMAIL_FROM's address, when known).
        {"Sid": "SendShopEmail", "Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"],
         "Resource": [f"arn:aws:ses:{region}:{account}:identity/{email_identity}"]},
        # PutMetricData has no resource ARN; the namespace condition is its least privilege.
        {"Sid": "MetricsInOwnNamespace", "Effect": "Allow", "Action": ["cloudwatch:PutMetricData"],
         "Resource": "*", "Condition": {"StringEquals": {"cloudwatch:namespace": namespace}}},
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def default_policy() -> dict:
    """What deploy/iam-policy.json holds: default table prefix and bucket naming, any region and account."""
    bucket = f"{DEFAULT_STACK}-assets-*"
    return render_policy(region="*", account="*", table_prefix=DEFAULT_TABLE_PREFIX, static_bucket=bucket,
                         media_bucket=bucket, namespace="Shop")


def policy_json(policy: dict) -> str:
    return json.dumps(policy, indent=2) + "\n"
