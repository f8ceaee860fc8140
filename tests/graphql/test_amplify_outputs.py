"""`manage.py amplify_outputs`: the configuration files an Amplify front end loads to use this API."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.services import api_key_is_valid


def test_writes_outputs_with_a_working_api_key_and_aws_exports(db, tmp_path, settings):
    settings.COGNITO_USER_POOL_ID, settings.COGNITO_APP_CLIENT_IDS = "us-east-1_Pool123", ["client-1"]
    out = io.StringIO()
    call_command("amplify_outputs", "--url", "https://shop.example.com/graphql", "--out", str(tmp_path), stdout=out)
    outputs = json.loads((tmp_path / "amplify_outputs.json").read_text())
    data = outputs["data"]
    assert data["url"] == "https://shop.example.com/graphql" and data["default_authorization_type"] == "API_KEY"
    assert set(data["authorization_types"]) == {"AMAZON_COGNITO_USER_POOLS", "AWS_LAMBDA"}
    assert api_key_is_valid(data["api_key"])
    assert outputs["auth"]["user_pool_id"] == "us-east-1_Pool123"
    assert outputs["auth"]["user_pool_client_id"] == "client-1"
    exports = (tmp_path / "aws-exports.js").read_text()
    assert '"aws_appsync_graphqlEndpoint": "https://shop.example.com/graphql"' in exports
    assert '"aws_user_pools_web_client_id": "client-1"' in exports and "export default awsmobile" in exports
    answer = Client().post("/graphql", {"query": "{ listCategories { items { id } } }"},
                           content_type="application/json", HTTP_X_API_KEY=data["api_key"])
    assert "errors" not in answer.json()


def test_without_cognito_there_is_no_auth_section_and_user_pool_is_refused(db, tmp_path, settings):
    settings.COGNITO_USER_POOL_ID = ""
    call_command("amplify_outputs", "--api-key", "da2-given", "--out", str(tmp_path), stdout=io.StringIO())
    outputs = json.loads((tmp_path / "amplify_outputs.json").read_text())
    assert "auth" not in outputs and outputs["data"]["api_key"] == "da2-given"
    assert outputs["data"]["authorization_types"] == ["AWS_LAMBDA"]
    with pytest.raises(CommandError, match="COGNITO_USER_POOL_ID"):
        call_command("amplify_outputs", "--default-auth", "userPool", "--out", str(tmp_path))


@pytest.mark.parametrize("args", [["--url", "shop.example.com"], ["--out", "/no/such/folder"], ["--days", "400"]])
def test_bad_arguments_are_one_clear_error(db, args):
    with pytest.raises(CommandError):
        call_command("amplify_outputs", *args)
