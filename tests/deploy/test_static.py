"""`python -m deploy static` against moto's server over HTTP."""

from __future__ import annotations

import json

import boto3
import pytest

from deploy.__main__ import run
from deploy.static import HASHED_CACHE, UNHASHED_CACHE

pytestmark = pytest.mark.dynamodb  # needs the local moto server

UNHASHED = {"/static/app.css", "/static/favicon.svg", "/static/robots.txt", "/static/staticfiles.json"}


def objects(bucket: str) -> dict[str, dict]:
    s3 = boto3.client("s3")
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: s3.head_object(Bucket=bucket, Key=key) for key in keys}


def invalidated_paths(distribution_id: str) -> list[set[str]]:
    cloudfront = boto3.client("cloudfront")
    items = cloudfront.list_invalidations(DistributionId=distribution_id)["InvalidationList"].get("Items", [])
    return [set(cloudfront.get_invalidation(DistributionId=distribution_id, Id=item["Id"])
                ["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]) for item in items]


def manifest(bucket: str) -> dict:
    body = boto3.client("s3").get_object(Bucket=bucket, Key="static/staticfiles.json")["Body"].read()
    return json.loads(body)["paths"]


def test_first_run_uploads_with_headers_and_invalidates_the_unhashed_paths(
        site_static, bucket, distribution_id, deploy_env, capsys):
    assert run(["static", "--wait"]) == 0

    stored = objects(bucket)
    hashed_css = "static/" + manifest(bucket)["app.css"]
    assert hashed_css != "static/app.css" and hashed_css in stored
    assert stored[hashed_css]["CacheControl"] == HASHED_CACHE == "public, max-age=31536000, immutable"
    assert stored[hashed_css]["ContentType"].startswith("text/css")
    for key in ("static/app.css", "static/robots.txt", "static/favicon.svg", "static/staticfiles.json"):
        assert stored[key]["CacheControl"] == UNHASHED_CACHE
    assert stored["static/robots.txt"]["ContentType"].startswith("text/plain")
    assert stored["static/favicon.svg"]["ContentType"].startswith("image/svg+xml")
    assert stored["static/staticfiles.json"]["ContentType"].startswith("application/json")
    assert invalidated_paths(distribution_id) == [UNHASHED]
    assert "completed" in capsys.readouterr().out


def test_second_run_with_nothing_changed_uploads_and_invalidates_nothing(
        site_static, bucket, distribution_id, deploy_env, capsys):
    assert run(["static"]) == 0
    before = {key: head["ETag"] for key, head in objects(bucket).items()}
    capsys.readouterr()

    assert run(["static"]) == 0

    assert "0 to upload" in capsys.readouterr().out
    assert {key: head["ETag"] for key, head in objects(bucket).items()} == before
    assert len(invalidated_paths(distribution_id)) == 1  # only the first run's


def test_a_changed_file_uploads_its_new_hashed_name_and_invalidates_only_changed_unhashed_paths(
        site_static, bucket, distribution_id, deploy_env):
    assert run(["static"]) == 0
    old_css = manifest(bucket)["app.css"]
    (site_static / "app.css").write_text("body { color: #000; }\n")

    assert run(["static"]) == 0

    new_css = manifest(bucket)["app.css"]
    stored = objects(bucket)
    assert new_css != old_css and f"static/{new_css}" in stored and f"static/{old_css}" in stored
    assert invalidated_paths(distribution_id)[-1] == {"/static/app.css", "/static/staticfiles.json"}


def test_dry_run_prints_the_plan_and_writes_nothing(site_static, bucket, distribution_id, deploy_env, capsys):
    assert run(["static", "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert "would upload static/robots.txt" in out and "would invalidate /static/robots.txt" in out
    assert objects(bucket) == {}
    assert invalidated_paths(distribution_id) == []


def test_a_missing_bucket_fails_clearly_and_writes_nothing(site_static, distribution_id, monkeypatch, capsys):
    monkeypatch.setenv("STATIC_BUCKET", "no-such-bucket-for-the-shop")
    monkeypatch.setenv("CLOUDFRONT_DISTRIBUTION_ID", distribution_id)

    assert run(["static"]) == 1

    err = capsys.readouterr().err
    assert "no-such-bucket-for-the-shop" in err and "does not exist" in err
    assert "Traceback" not in err
    assert invalidated_paths(distribution_id) == []


def test_an_unknown_distribution_fails_before_any_upload(site_static, bucket, monkeypatch, capsys):
    monkeypatch.setenv("STATIC_BUCKET", bucket)
    monkeypatch.setenv("CLOUDFRONT_DISTRIBUTION_ID", "ENOSUCHDIST")

    assert run(["static"]) == 1

    assert "ENOSUCHDIST" in capsys.readouterr().err
    assert objects(bucket) == {}


def test_unset_bucket_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.delenv("STATIC_BUCKET", raising=False)
    assert run(["static"]) == 1
    assert "STATIC_BUCKET is not set" in capsys.readouterr().err


def test_a_failed_upload_stops_before_the_manifest_and_says_what_to_invalidate(
        site_static, bucket, distribution_id, deploy_env, capsys):
    assert run(["static"]) == 0
    old_manifest = manifest(bucket)
    (site_static / "app.css").write_text("body { color: #333; }\n")
    (site_static / "robots.txt").write_text("User-agent: *\nDisallow: /cart/\n")
    # The bucket refuses the new hashed stylesheet: the first phase fails.
    deny = {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{bucket}/static/app.*.css"}
    boto3.client("s3").put_bucket_policy(
        Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [deny]}))
    capsys.readouterr()

    assert run(["static"]) == 1

    assert "uploads failed" in capsys.readouterr().err
    assert manifest(bucket) == old_manifest  # the manifest still names only files that exist
    assert boto3.client("s3").get_object(Bucket=bucket, Key="static/robots.txt")["Body"].read() == b"User-agent: *\n"
    assert len(invalidated_paths(distribution_id)) == 1  # only the first run's
