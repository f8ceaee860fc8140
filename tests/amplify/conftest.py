"""The real aws-amplify npm client, run by Node (installed by `make test` with npm ci from package-lock.json)."""

from __future__ import annotations

import shutil

import pytest

from tests.services import ROOT


@pytest.fixture(scope="module")
def node() -> str:
    if not (ROOT / "node_modules" / "aws-amplify").is_dir():
        pytest.fail("node_modules/aws-amplify is missing: `make test` installs it with `npm ci` (package-lock.json)")
    return shutil.which("node") or pytest.fail("node is not on PATH")
