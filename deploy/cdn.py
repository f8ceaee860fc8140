"""The CloudFront distribution: the app is the default origin, the bucket serves /static/* and /media/*
through origin access control, viewers use HTTPS only. /graphql/realtime (the real-time API's
WebSockets) has a behaviour of its own: never cached, every viewer header (Sec-WebSocket-*) forwarded,
so CloudFront passes the upgrade through whatever the default behaviour caches.

The distribution is found again by its comment, and a tag holds a fingerprint of the configuration
we asked for, so a rerun updates it only when this code's configuration changed.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from deploy.config import Names
from deploy.report import Report

# AWS managed policies (identical ids in every account).
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # the app sees its own host name
FINGERPRINT_TAG = "deploy:config"
APP_ORIGIN, ASSET_ORIGIN = "app", "assets-{bucket}"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]


def comment(names: Names) -> str:
    return f"{names.stack}: app and /static/*, /media/* (managed by python -m deploy provision)"


def _methods(items: list[str]) -> dict:
    return {"Quantity": len(items), "Items": items,
            "CachedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]}}


def _asset_behavior(pattern: str, bucket: str) -> dict:
    return {"PathPattern": pattern, "TargetOriginId": ASSET_ORIGIN.format(bucket=bucket),
            "ViewerProtocolPolicy": "https-only", "AllowedMethods": _methods(["GET", "HEAD"]),
            "CachePolicyId": CACHING_OPTIMIZED, "Compress": True}


def _realtime_behavior() -> dict:
    # A WebSocket upgrade is a GET; CloudFront keeps the connection open once the app accepts it.
    return {"PathPattern": "/graphql/realtime", "TargetOriginId": APP_ORIGIN, "ViewerProtocolPolicy": "https-only",
            "AllowedMethods": _methods(["GET", "HEAD"]), "CachePolicyId": CACHING_DISABLED,
            "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST, "Compress": False}


def distribution_config(names: Names, app_domain: str, oac_id: str) -> dict:
    """The DistributionConfig we want, without CallerReference (fixed at creation)."""
    origins = [{"Id": APP_ORIGIN, "DomainName": app_domain, "CustomOriginConfig": {
        "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only",
        "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]}}}]
    for bucket in names.buckets:
        origins.append({"Id": ASSET_ORIGIN.format(bucket=bucket),
                        "DomainName": f"{bucket}.s3.{names.region}.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": oac_id})
    behaviors = [_realtime_behavior(), _asset_behavior("/static/*", names.static_bucket),
                 _asset_behavior("/media/*", names.media_bucket)]
    return {
        "Comment": comment(names),
        "Enabled": True,
        "Origins": {"Quantity": len(origins), "Items": origins},
        "DefaultCacheBehavior": {
            "TargetOriginId": APP_ORIGIN, "ViewerProtocolPolicy": "https-only",
            "AllowedMethods": _methods(ALL_METHODS), "CachePolicyId": CACHING_DISABLED,
            "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST, "Compress": True,
        },
        "CacheBehaviors": {"Quantity": len(behaviors), "Items": behaviors},
        "PriceClass": "PriceClass_100",
        "HttpVersion": "http2and3",
        "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
    }


def fingerprint(config: dict) -> str:
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]


def find_distribution(cloudfront, names: Names) -> dict | None:
    for page in cloudfront.get_paginator("list_distributions").paginate():
        for item in page.get("DistributionList", {}).get("Items", []):
            if item.get("Comment") == comment(names):
                return item
    return None


def ensure_oac(cloudfront, names: Names, report: Report) -> str:
    name = f"{names.stack}-assets"
    for page in cloudfront.get_paginator("list_origin_access_controls").paginate():
        for item in page.get("OriginAccessControlList", {}).get("Items", []):
            if item["Name"] == name:
                report.unchanged("cloudfront origin access control", name)
                return item["Id"]
    report.created("cloudfront origin access control", name)
    if report.dry_run:
        return "(new)"
    return cloudfront.create_origin_access_control(OriginAccessControlConfig={
        "Name": name, "Description": f"{names.stack} bucket access", "SigningProtocol": "sigv4",
        "SigningBehavior": "always", "OriginAccessControlOriginType": "s3",
    })["OriginAccessControl"]["Id"]


def ensure_distribution(cloudfront, names: Names, app_domain: str, oac_id: str, report: Report) -> dict | None:
    """Returns {"Id", "ARN", "DomainName"} of the distribution (None in a dry run before it exists)."""
    desired = distribution_config(names, app_domain, oac_id)
    wanted = fingerprint(desired)
    found = find_distribution(cloudfront, names)
    if found is None:
        report.created("cloudfront distribution", comment(names), f"app origin {app_domain}")
        if report.dry_run:
            return None
        created = cloudfront.create_distribution_with_tags(DistributionConfigWithTags={
            "DistributionConfig": {**desired, "CallerReference": f"{names.stack}-{uuid.uuid4().hex}"},
            "Tags": {"Items": [{"Key": "app", "Value": names.stack}, {"Key": FINGERPRINT_TAG, "Value": wanted}]},
        })["Distribution"]
        return {key: created[key] for key in ("Id", "ARN", "DomainName")}
    tags = cloudfront.list_tags_for_resource(Resource=found["ARN"])["Tags"].get("Items", [])
    current = next((tag["Value"] for tag in tags if tag["Key"] == FINGERPRINT_TAG), None)
    if current == wanted:
        report.unchanged("cloudfront distribution", found["Id"], found["DomainName"])
    else:
        report.changed("cloudfront distribution", found["Id"], "configuration updated")
        if not report.dry_run:
            response = cloudfront.get_distribution_config(Id=found["Id"])
            reference = response["DistributionConfig"]["CallerReference"]
            cloudfront.update_distribution(Id=found["Id"], IfMatch=response["ETag"],
                                           DistributionConfig={**desired, "CallerReference": reference})
            cloudfront.tag_resource(Resource=found["ARN"], Tags={"Items": [{"Key": FINGERPRINT_TAG, "Value": wanted}]})
    return {key: found[key] for key in ("Id", "ARN", "DomainName")}
