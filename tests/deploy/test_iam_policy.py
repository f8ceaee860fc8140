"""The committed IAM policy is current and names only the shop's own resources."""

from __future__ import annotations

import json

from deploy import iam
from storage.dynamodb.tables import DEFINITIONS


def test_committed_policy_file_is_current():
    assert iam.POLICY_FILE.read_text() == iam.policy_json(iam.default_policy()), (
        "deploy/iam-policy.json is stale: run `python -m deploy iam-policy --write`")


def test_policy_names_only_the_shops_tables_indexes_buckets_and_namespace():
    policy = json.loads(iam.POLICY_FILE.read_text())
    tables = {f"arn:aws:dynamodb:*:*:table/shop-{logical}" for logical in DEFINITIONS}
    indexes = {f"arn:aws:dynamodb:*:*:table/shop-{logical}/index/{index['IndexName']}"
               for logical, definition in DEFINITIONS.items()
               for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes") for index in definition.get(kind, [])}
    buckets = {"arn:aws:s3:::shop-assets-*"}
    objects = {"arn:aws:s3:::shop-assets-*/static/*", "arn:aws:s3:::shop-assets-*/media/*"}
    senders = {"arn:aws:ses:*:*:identity/*"}  # provision names SHOP_EMAIL_FROM's address instead
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow"
        actions = statement["Action"]
        assert all("*" not in action for action in actions), "no wildcard actions"
        resources = statement["Resource"]
        if resources == "*":  # only metrics, and only in the shop's namespace
            assert actions == ["cloudwatch:PutMetricData"]
            assert statement["Condition"] == {"StringEquals": {"cloudwatch:namespace": "Shop"}}
            continue
        assert set(resources) <= tables | indexes | buckets | objects | senders, statement["Sid"]
    named = {arn for statement in policy["Statement"] if statement["Resource"] != "*" for arn in statement["Resource"]}
    assert tables | indexes <= named


def test_rendered_policy_uses_the_real_account_region_and_prefix():
    policy = iam.render_policy(region="eu-west-1", account="111122223333", table_prefix="prod-",
                               static_bucket="assets", media_bucket="media", namespace="Prod")
    text = json.dumps(policy)
    assert "arn:aws:dynamodb:eu-west-1:111122223333:table/prod-Orders/index/byUser" in text
    assert "arn:aws:s3:::media/media/*" in text and "arn:aws:s3:::assets/static/*" in text
    assert '"cloudwatch:namespace": "Prod"' in text
