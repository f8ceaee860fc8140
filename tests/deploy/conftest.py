"""Deploy tests: each gets its own bucket / stack / table prefix on the session's moto server."""

from __future__ import annotations

import uuid

import boto3
import pytest

from deploy import cdn
from deploy.config import Names


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
def site_static(tmp_path, settings):
    """A tiny static tree instead of the whole admin, so every run uploads a handful of files."""
    source = tmp_path / "static-src"
    source.mkdir()
    (source / "app.css").write_text("body { color: #222; }\n")
    (source / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (source / "robots.txt").write_text("User-agent: *\n")
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    return source


@pytest.fixture
def bucket(moto_server, unique) -> str:
    name = f"static-{unique}"
    boto3.client("s3").create_bucket(Bucket=name)
    return name


@pytest.fixture
def distribution_id(moto_server, bucket, unique) -> str:
    names = Names(stack=unique, region="us-east-1", account="123456789012", static_bucket=bucket,
                  media_bucket=bucket, namespace="Shop", service="shop")
    config = {**cdn.distribution_config(names, "app.example.com", "oac"), "CallerReference": unique}
    return boto3.client("cloudfront").create_distribution(DistributionConfig=config)["Distribution"]["Id"]


@pytest.fixture
def deploy_env(monkeypatch, bucket, distribution_id):
    monkeypatch.setenv("STATIC_BUCKET", bucket)
    monkeypatch.setenv("CLOUDFRONT_DISTRIBUTION_ID", distribution_id)
