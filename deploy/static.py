"""`python -m deploy static`: collect static files and publish only what changed to S3 + CloudFront.

Hashed names (shop.3f2a1c.css) never change content, so they are cached for a year and never
invalidated. Unhashed names (the manifest, favicon, robots, original copies) are cached briefly, and
the ones that changed are invalidated in one CloudFront invalidation. Files are compared with the
object's ETag, which is the content MD5 for the single-part uploads made here.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from django.contrib.staticfiles.management.commands.collectstatic import Command as CollectStatic
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from core.aws import error_code
from deploy.errors import DeployError, is_denied, status_code

PREFIX = "static/"
HASHED_CACHE = "public, max-age=31536000, immutable"
UNHASHED_CACHE = "public, max-age=300"
MAX_INVALIDATION_PATHS = 1000  # beyond this one wildcard is cheaper than listing every path
UPLOAD_THREADS = 8
MANIFEST = "staticfiles.json"  # Django's manifest: names every hashed file, so it goes up last
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/manifest+json", ".webmanifest")
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class StaticFile:
    name: str  # as collected, e.g. "shop.3f2a1c.css"
    path: Path
    md5: str
    hashed: bool

    @property
    def key(self) -> str:
        return PREFIX + self.name

    @property
    def url_path(self) -> str:
        return "/" + quote(self.key)

    @property
    def cache_control(self) -> str:
        return HASHED_CACHE if self.hashed else UNHASHED_CACHE

    @property
    def content_type(self) -> str:
        content_type = mimetypes.guess_type(self.name)[0] or "application/octet-stream"
        return f"{content_type}; charset=utf-8" if content_type.startswith(TEXT_TYPES) else content_type


def collect(target: Path) -> list[StaticFile]:
    """Runs collectstatic into `target` with Django's manifest storage (hashed copies + staticfiles.json)."""
    command = CollectStatic()
    command.storage = ManifestStaticFilesStorage(location=str(target))
    command.set_options(interactive=False, verbosity=0, link=False, clear=False, dry_run=False,
                        ignore_patterns=[], use_default_ignore_patterns=True, post_process=True)
    command.collect()
    manifest = json.loads((target / command.storage.manifest_name).read_text())
    hashed = set(manifest["paths"].values())
    files = []
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        name = path.relative_to(target).as_posix()
        files.append(StaticFile(name, path, hashlib.md5(path.read_bytes()).hexdigest(), name in hashed))  # noqa: S324 - ETag comparison, not security
    return files


def remote_etags(s3, bucket: str) -> dict[str, str]:
    etags = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=PREFIX):
        for item in page.get("Contents", []):
            etags[item["Key"]] = item["ETag"].strip('"')
    return etags


def check_bucket(s3, bucket: str) -> None:
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as error:
        if status_code(error) == 404 or error_code(error) in {"404", "NoSuchBucket"}:
            raise DeployError(f"Bucket {bucket!r} does not exist. Run `python -m deploy provision` and set "
                              "STATIC_BUCKET to the bucket it prints.") from None
        if is_denied(error):
            raise DeployError(f"No permission to use bucket {bucket!r}: the credentials need s3:ListBucket "
                              "and s3:PutObject on it.") from None
        raise DeployError(f"Cannot reach bucket {bucket!r}: {error}") from None


def check_distribution(cloudfront, distribution_id: str) -> None:
    try:
        cloudfront.get_distribution(Id=distribution_id)
    except ClientError as error:
        if error_code(error) == "NoSuchDistribution":
            raise DeployError(f"CloudFront distribution {distribution_id!r} does not exist: check "
                              "CLOUDFRONT_DISTRIBUTION_ID (provision prints it).") from None
        if is_denied(error):
            raise DeployError(f"No permission to read CloudFront distribution {distribution_id!r}: the "
                              "credentials need cloudfront:GetDistribution and CreateInvalidation.") from None
        raise DeployError(f"Cannot read CloudFront distribution {distribution_id!r}: {error}") from None


def upload(s3, bucket: str, item: StaticFile) -> None:
    s3.put_object(Bucket=bucket, Key=item.key, Body=item.path.read_bytes(), ContentType=item.content_type,
                  CacheControl=item.cache_control)


def upload_all(s3, bucket: str, items: list[StaticFile]) -> None:
    """Uploads in three phases, each only once the one before has fully succeeded: hashed files, then
    the other unhashed files, then the manifest, so the manifest never names a file not uploaded."""
    phases = [
        [item for item in items if item.hashed],
        [item for item in items if not item.hashed and item.name != MANIFEST],
        [item for item in items if item.name == MANIFEST],
    ]
    uploaded_unhashed: list[str] = []
    for phase in phases:
        failures: list[tuple[StaticFile, Exception]] = []
        with ThreadPoolExecutor(max_workers=UPLOAD_THREADS) as pool:
            for item, future in [(item, pool.submit(upload, s3, bucket, item)) for item in phase]:
                try:
                    future.result()
                except (BotoCoreError, ClientError) as error:
                    failures.append((item, error))
                else:
                    if not item.hashed:
                        uploaded_unhashed.append(item.url_path)
        if failures:
            item, error = failures[0]
            # Unhashed files that did go up now match the bucket, so a rerun would not invalidate
            # them: say exactly how to.
            retry = " ".join(f"--invalidate {path}" for path in sorted(uploaded_unhashed))
            raise DeployError(f"{len(failures)} of {len(items)} uploads failed (first: {item.key}: {error}); "
                              "later files and the manifest were not uploaded. Run the command again"
                              + (f" with {retry}" if retry else "") + ".")


def deploy_static(*, bucket: str, distribution_id: str | None, dry_run: bool = False, wait: bool = False,
                  extra_paths: list[str] | None = None, out: TextIO | None = None) -> dict:
    """Publishes the static files; returns what it did (uploaded keys, invalidated paths, invalidation id)."""
    out = out or sys.stdout  # looked up per call: tests and callers may swap sys.stdout
    session = boto3.Session()
    s3, cloudfront = session.client("s3"), session.client("cloudfront")
    try:
        # Every check before the first write, so a wrong bucket or distribution changes nothing.
        check_bucket(s3, bucket)
        if distribution_id:
            check_distribution(cloudfront, distribution_id)
        with tempfile.TemporaryDirectory(prefix="static-") as tmp:
            files = collect(Path(tmp))
            etags = remote_etags(s3, bucket)
            changed = [item for item in files if etags.get(item.key) != item.md5]
            # Hashed files first and the manifest last: a page never names a file not yet uploaded.
            changed.sort(key=lambda item: (not item.hashed, item.name == MANIFEST, item.name))
            paths = sorted({item.url_path for item in changed if not item.hashed} | set(extra_paths or []))
            if len(paths) > MAX_INVALIDATION_PATHS:
                paths = [f"/{PREFIX}*"]
            verb = "would upload" if dry_run else "upload"
            for item in changed:
                state = "changed" if item.key in etags else "new"
                print(f"  {verb} {item.key} ({state}, {item.content_type}, {item.cache_control})", file=out)
            print(f"{len(changed)} to upload, {len(files) - len(changed)} unchanged", file=out)
            if paths and not distribution_id:
                raise DeployError("CLOUDFRONT_DISTRIBUTION_ID is not set, so the changed unhashed files "
                                  f"({', '.join(paths)}) cannot be invalidated. Set it (provision prints it).")
            if dry_run:
                print(f"dry run, nothing was written; would invalidate {len(paths)} path(s)", file=out)
                for path in paths:
                    print(f"  would invalidate {path}", file=out)
                return {"uploaded": [], "paths": paths, "invalidation": None}
            upload_all(s3, bucket, changed)
        invalidation = invalidate(cloudfront, distribution_id, paths, wait=wait, out=out) if paths else None
        if not paths:
            print("no unhashed file changed: nothing to invalidate", file=out)
        return {"uploaded": [item.key for item in changed], "paths": paths, "invalidation": invalidation}
    except (BotoCoreError, ClientError) as error:
        raise DeployError(f"AWS call failed: {error}") from None


def invalidate(cloudfront, distribution_id: str, paths: list[str], *, wait: bool, out: TextIO) -> str:
    retry = "python -m deploy static " + " ".join(f"--invalidate {path}" for path in paths)
    try:
        invalidation = cloudfront.create_invalidation(DistributionId=distribution_id, InvalidationBatch={
            "Paths": {"Quantity": len(paths), "Items": paths},
            "CallerReference": uuid.uuid4().hex,  # unique: the same paths may change again later
        })["Invalidation"]
    except (BotoCoreError, ClientError) as error:
        raise DeployError(f"Files were uploaded but the CloudFront invalidation failed ({error}). "
                          f"Retry it with: {retry}") from None
    print(f"invalidation {invalidation['Id']} created for {len(paths)} path(s)", file=out)
    for path in paths:
        print(f"  invalidate {path}", file=out)
    if wait:
        wait_for_invalidation(cloudfront, distribution_id, invalidation["Id"])
        print(f"invalidation {invalidation['Id']} completed", file=out)
    return invalidation["Id"]


def wait_for_invalidation(cloudfront, distribution_id: str, invalidation_id: str,
                          delay: float = 10, attempts: int = 90) -> None:
    # Our own poll instead of botocore's waiter: it matches "Completed" exactly, while local
    # endpoints (moto) answer "COMPLETED".
    for attempt in range(attempts):
        status = cloudfront.get_invalidation(DistributionId=distribution_id, Id=invalidation_id)
        if status["Invalidation"]["Status"].lower() == "completed":
            return
        if attempt + 1 < attempts:
            time.sleep(delay)
    raise DeployError(f"Invalidation {invalidation_id} did not complete within {delay * attempts:g} s; "
                      "the files are uploaded, the CDN will refresh when it finishes.")
