"""python -m deploy {provision,static,iam-policy}: see README "Deploy".

Every failure ends with one clear line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys

from botocore.exceptions import BotoCoreError, ClientError


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    # Collecting static files and reading table names signs nothing, so a throwaway key lets the deploy
    # run where the app's secret is not available (a CI job).
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m deploy", description="Provision AWS and publish static files.")
    commands = root.add_subparsers(dest="command", required=True)
    provision = commands.add_parser("provision", help="create or update tables, bucket, CloudFront, alarms")
    provision.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    provision.add_argument("--iam", action="store_true", help="also create/update the app's IAM policy")
    provision.add_argument("--cognito", action="store_true",
                           help="also create the Cognito user pool, app client and groups shoppers sign in with")
    static = commands.add_parser("static", help="collect static files, upload changes, invalidate CloudFront")
    static.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    static.add_argument("--wait", action="store_true", help="wait until the invalidation completes")
    static.add_argument("--invalidate", action="append", default=[], metavar="PATH",
                        help="also invalidate PATH (retry a failed invalidation); repeatable")
    policy = commands.add_parser("iam-policy", help="print the app role's IAM policy JSON")
    policy.add_argument("--write", action="store_true", help="regenerate the committed deploy/iam-policy.json")
    return root


def run(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _setup_django()
    from deploy.errors import DeployError

    try:
        if args.command == "provision":
            from deploy.provision import provision

            provision(dry_run=args.dry_run, create_iam_policy=args.iam, create_user_pool=args.cognito)
        elif args.command == "static":
            from deploy.config import env
            from deploy.static import deploy_static

            bucket = env("STATIC_BUCKET")
            if not bucket:
                raise DeployError("STATIC_BUCKET is not set: the bucket `python -m deploy provision` printed.")
            deploy_static(bucket=bucket, distribution_id=env("CLOUDFRONT_DISTRIBUTION_ID") or None,
                          dry_run=args.dry_run, wait=args.wait, extra_paths=args.invalidate)
        else:
            print_policy(write=args.write)
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError) as error:  # anything a step did not translate itself
        print(f"error: AWS call failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; run the command again to finish", file=sys.stderr)
        return 130
    return 0


def print_policy(*, write: bool) -> None:
    from deploy import iam

    if write:
        iam.POLICY_FILE.write_text(iam.policy_json(iam.default_policy()))
        print(f"wrote {iam.POLICY_FILE}")
        return
    import boto3

    from deploy import config
    from deploy.provision import sender_identity
    from storage.dynamodb.tables import table_prefix

    names = config.names(boto3.Session())
    print(iam.policy_json(iam.render_policy(
        region=names.region, account=names.account, table_prefix=table_prefix(), static_bucket=names.static_bucket,
        media_bucket=names.media_bucket, namespace=names.namespace, email_identity=sender_identity())), end="")


if __name__ == "__main__":
    sys.exit(run())
