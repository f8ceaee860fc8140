"""Writes the client configuration an Amplify front end needs to use this API: `amplify_outputs.json`
(Amplify Gen 2, read by `Amplify.configure(outputs)`) and `aws-exports.js` (Gen 1).

They name the GraphQL endpoint, the region, the default auth mode, an API key (made here unless one is
given) and, when COGNITO_USER_POOL_ID is set, the user pool and app client. Amplify has no setting for a
local Cognito endpoint in these files, so with AWS_ENDPOINT_URL(_COGNITO_IDP) set (moto locally) its URL is
written under `custom.cognito_user_pool_endpoint`, for the front end to pass as Amplify's own
`Auth.Cognito.userPoolEndpoint`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import boto3
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.services import API_KEY_MAX_DAYS, api_key_create
from core.errors import ValidationError

AUTH_TYPES = {"apiKey": "API_KEY", "userPool": "AMAZON_COGNITO_USER_POOLS", "lambda": "AWS_LAMBDA"}


class Command(BaseCommand):
    help = "Write amplify_outputs.json and aws-exports.js for an Amplify front end using this API."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/graphql",
                            help="The GraphQL endpoint as the browser reaches it (default %(default)s).")
        parser.add_argument("--api-key", default="", help="An existing API key to write (default: make a new one).")
        parser.add_argument("--days", type=int, default=API_KEY_MAX_DAYS, help="Lifetime of a new API key.")
        parser.add_argument("--default-auth", choices=sorted(AUTH_TYPES), default="apiKey",
                            help="The auth mode client.graphql() uses unless told otherwise (default apiKey).")
        parser.add_argument("--out", default=".", help="Folder to write the two files to (default: here).")

    def handle(self, *args, url: str, api_key: str, days: int, default_auth: str, out: str, **options) -> None:
        if not url.startswith(("http://", "https://")) or not url.rstrip("/").endswith("/graphql"):
            raise CommandError("--url must be the full GraphQL endpoint, e.g. https://shop.example.com/graphql.")
        if default_auth == "userPool" and not settings.COGNITO_USER_POOL_ID:
            raise CommandError("--default-auth userPool needs COGNITO_USER_POOL_ID and COGNITO_APP_CLIENT_IDS.")
        folder = Path(out)
        if not folder.is_dir():
            raise CommandError(f"--out {out}: no such folder.")
        if not api_key:
            try:
                api_key = api_key_create(name="amplify_outputs", days=days)[1]
            except ValidationError as error:
                raise CommandError(f"--days: {error.message}") from None
        outputs = amplify_outputs(url=url, api_key=api_key, default_auth=AUTH_TYPES[default_auth])
        (folder / "amplify_outputs.json").write_text(json.dumps(outputs, indent=2) + "\n")
        (folder / "aws-exports.js").write_text(aws_exports(outputs))
        self.stdout.write(f"Wrote {folder / 'amplify_outputs.json'} and {folder / 'aws-exports.js'} "
                          f"(endpoint {url}, default auth {AUTH_TYPES[default_auth]}).")


def region() -> str:
    pool = settings.COGNITO_USER_POOL_ID
    return boto3.session.Session().region_name or (pool.split("_", 1)[0] if pool else "us-east-1")


def amplify_outputs(*, url: str, api_key: str, default_auth: str) -> dict:
    where = region()
    modes = [mode for mode in ("API_KEY", "AMAZON_COGNITO_USER_POOLS", "AWS_LAMBDA")
             if mode != default_auth and (mode != "AMAZON_COGNITO_USER_POOLS" or settings.COGNITO_USER_POOL_ID)]
    outputs: dict = {
        "version": "1.3",
        "data": {"url": url, "aws_region": where, "default_authorization_type": default_auth,
                 "authorization_types": modes, "api_key": api_key},
    }
    if settings.COGNITO_USER_POOL_ID:
        outputs["auth"] = {
            "aws_region": where, "user_pool_id": settings.COGNITO_USER_POOL_ID,
            "user_pool_client_id": settings.COGNITO_APP_CLIENT_IDS[0], "username_attributes": ["email"],
            "standard_required_attributes": ["email"], "user_verification_types": ["email"],
            "groups": [{name: {"precedence": n}} for n, name in enumerate(settings.COGNITO_GROUPS)],
        }
        local = os.environ.get("AWS_ENDPOINT_URL_COGNITO_IDP") or os.environ.get("AWS_ENDPOINT_URL")
        if local:
            outputs["custom"] = {"cognito_user_pool_endpoint": local}
    return outputs


def aws_exports(outputs: dict) -> str:
    """The same configuration in Amplify Gen 1's aws-exports.js shape."""
    data = outputs["data"]
    config = {
        "aws_project_region": data["aws_region"],
        "aws_appsync_graphqlEndpoint": data["url"],
        "aws_appsync_region": data["aws_region"],
        "aws_appsync_authenticationType": data["default_authorization_type"],
        "aws_appsync_apiKey": data["api_key"],
    }
    if "auth" in outputs:
        config.update(aws_cognito_region=outputs["auth"]["aws_region"],
                      aws_user_pools_id=outputs["auth"]["user_pool_id"],
                      aws_user_pools_web_client_id=outputs["auth"]["user_pool_client_id"])
    return ("// Written by `python manage.py amplify_outputs`: this shop's API for an Amplify (Gen 1) front end.\n"
            f"const awsmobile = {json.dumps(config, indent=4)};\n\nexport default awsmobile;\n")
