"""`python -m deploy provision` against moto's server: creates everything once, then changes nothing."""

from __future__ import annotations

import json

import boto3
import pytest

from deploy.__main__ import run
from deploy.cdn import ALL_VIEWER_EXCEPT_HOST, CACHING_DISABLED
from deploy.provision import provision
from storage.dynamodb.tables import DEFINITIONS, table_name

# One report line per table, then the buckets, the distribution, the alarms, the IAM policy and SES.
STEPS = len(DEFINITIONS) + 8

pytestmark = pytest.mark.dynamodb  # needs the local moto server


@pytest.fixture
def stack(moto_server, settings, monkeypatch, unique) -> dict:
    settings.DYNAMODB_TABLE_PREFIX = f"t{unique}-"
    values = {"DEPLOY_STACK": f"s{unique}", "STATIC_BUCKET": f"assets-{unique}", "APP_ORIGIN_DOMAIN": "app.example.com",
              "METRICS_NAMESPACE": "Shop"}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("MEDIA_BUCKET", raising=False)
    return values


def test_provisioning_twice_creates_once_then_changes_nothing(stack, capsys):
    first = provision(create_iam_policy=True)
    assert {action for action, _, _ in first["report"]} == {"created"}

    second = provision(create_iam_policy=True)

    assert {action for action, _, _ in second["report"]} == {"unchanged"}
    assert len(second["report"]) == len(first["report"]) == STEPS
    assert second["CLOUDFRONT_DISTRIBUTION_ID"] == first["CLOUDFRONT_DISTRIBUTION_ID"]
    out = capsys.readouterr().out
    assert f"CLOUDFRONT_DISTRIBUTION_ID={first['CLOUDFRONT_DISTRIBUTION_ID']}" in out
    assert f"STATIC_BUCKET={stack['STATIC_BUCKET']}" in out
    cloudfront = boto3.client("cloudfront")
    comments = [item["Comment"] for item in cloudfront.list_distributions()["DistributionList"]["Items"]]
    assert sum(stack["DEPLOY_STACK"] in comment for comment in comments) == 1


def test_tables_have_pitr_sse_and_their_indexes(stack):
    provision()
    ddb = boto3.client("dynamodb")
    for logical, definition in DEFINITIONS.items():
        name = table_name(logical)
        table = ddb.describe_table(TableName=name)["Table"]
        assert table["SSEDescription"]["Status"] == "ENABLED"
        backups = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
        assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
        wanted = {index["IndexName"] for index in definition.get("GlobalSecondaryIndexes", [])}
        assert {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])} == wanted


def test_bucket_is_private_encrypted_versioned_and_behind_cloudfront_https_only(stack):
    result = provision()
    bucket, s3 = stack["STATIC_BUCKET"], boto3.client("s3")
    assert all(s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"].values())
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"

    config = boto3.client("cloudfront").get_distribution_config(Id=result["CLOUDFRONT_DISTRIBUTION_ID"])
    config = config["DistributionConfig"]
    origins = {origin["Id"]: origin for origin in config["Origins"]["Items"]}
    assert origins["app"]["DomainName"] == "app.example.com"
    assert origins["app"]["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    static = next(b for b in config["CacheBehaviors"]["Items"] if b["PathPattern"] == "/static/*")
    assert origins[static["TargetOriginId"]]["DomainName"].startswith(f"{bucket}.s3.")
    # moto does not echo OriginAccessControlId back; the OAC and the bucket policy granting it are checked.
    oacs = boto3.client("cloudfront").list_origin_access_controls()["OriginAccessControlList"]["Items"]
    assert f"{stack['DEPLOY_STACK']}-assets" in [oac["Name"] for oac in oacs]
    grant = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"][0]
    assert grant["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert grant["Condition"]["StringEquals"]["AWS:SourceArn"].endswith(result["CLOUDFRONT_DISTRIBUTION_ID"])
    assert static["ViewerProtocolPolicy"] == config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "https-only"
    realtime = next(b for b in config["CacheBehaviors"]["Items"] if b["PathPattern"] == "/graphql/realtime")
    assert (realtime["TargetOriginId"], realtime["CachePolicyId"], realtime["OriginRequestPolicyId"]) == (
        "app", CACHING_DISABLED, ALL_VIEWER_EXCEPT_HOST)  # WebSocket upgrades pass, never cached


def test_alarms_watch_the_apps_metrics(stack):
    provision()
    stack_name = stack["DEPLOY_STACK"]
    alarms = {alarm["AlarmName"]: alarm for alarm in boto3.client("cloudwatch").describe_alarms(
        AlarmNamePrefix=stack_name)["MetricAlarms"]}
    assert set(alarms) == {f"{stack_name}-5xx-error-rate", f"{stack_name}-p99-latency",
                           f"{stack_name}-dynamodb-throttles"}
    rate_metrics = {q["MetricStat"]["Metric"]["MetricName"] for q in alarms[f"{stack_name}-5xx-error-rate"]["Metrics"]
                    if "MetricStat" in q}
    assert rate_metrics == {"5XXError", "Requests"}
    latency = alarms[f"{stack_name}-p99-latency"]
    assert (latency["MetricName"], latency["Namespace"], latency["ExtendedStatistic"]) == ("Latency", "Shop", "p99")


def test_the_dry_run_plan_names_every_step_the_real_run_takes(stack):
    plan = provision(dry_run=True, create_iam_policy=True)["report"]
    real = provision(create_iam_policy=True)["report"]
    assert sorted(plan) == sorted(real) and len(real) == STEPS


def test_dry_run_prints_the_plan_and_creates_nothing(stack, capsys):
    assert run(["provision", "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert "would create   dynamodb table" in out and "Dry run, nothing written" in out
    tables = boto3.client("dynamodb").list_tables()["TableNames"]
    assert not [name for name in tables if name.startswith(f"t{stack['DEPLOY_STACK'][1:]}-")]
    assert stack["STATIC_BUCKET"] not in [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]]


def test_missing_app_origin_is_a_clear_error(stack, monkeypatch, capsys):
    monkeypatch.delenv("APP_ORIGIN_DOMAIN")
    assert run(["provision"]) == 1
    assert "APP_ORIGIN_DOMAIN is not set" in capsys.readouterr().err


def test_provision_creates_the_sender_identity_once(stack, monkeypatch, unique, capsys):
    address = f"orders@{unique}.example.com"
    monkeypatch.setenv("SHOP_EMAIL_FROM", f"Cloud Shop <{address}>")
    first = provision()
    assert ("created", "ses identity", address) in first["report"]
    assert "verification link" in capsys.readouterr().out
    second = provision()
    assert ("unchanged", "ses identity", address) in second["report"]
    assert boto3.client("sesv2").get_email_identity(EmailIdentity=address)["IdentityType"] == "EMAIL_ADDRESS"
    boto3.client("sesv2").delete_email_identity(EmailIdentity=address)


def test_a_sender_that_is_not_an_address_is_one_clear_error(stack, monkeypatch, capsys):
    monkeypatch.setenv("SHOP_EMAIL_FROM", "Cloud Shop")
    assert run(["provision"]) == 1
    assert "SHOP_EMAIL_FROM='Cloud Shop' is not an email address" in capsys.readouterr().err
