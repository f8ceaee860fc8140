"""The development secret is refused unless DEBUG is on; a real one comes from the environment or a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT_KEY = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"


def run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", PRINT_KEY], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "shop.settings",
             "DJANGO_SECRET_KEY_FILE": str(tmp_path / "absent"), **env},
    )


def test_without_a_key_the_development_default_is_refused_when_debug_is_off(tmp_path):
    refused = run(tmp_path)
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY is not set" in refused.stderr
    allowed = run(tmp_path, DJANGO_DEBUG="1")
    assert allowed.returncode == 0 and allowed.stdout.startswith("DEVELOPMENT-DEFAULT")


def test_the_key_comes_from_the_environment_or_else_the_key_file(tmp_path):
    (tmp_path / "key").write_text("from-the-file\n")
    assert run(tmp_path, DJANGO_SECRET_KEY_FILE=str(tmp_path / "key")).stdout.strip() == "from-the-file"
    both = run(tmp_path, DJANGO_SECRET_KEY="from-env", DJANGO_SECRET_KEY_FILE=str(tmp_path / "key"))
    assert both.stdout.strip() == "from-env"


def test_manage_py_reports_a_missing_key_in_one_line(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_SECRET_KEY_FILE": str(tmp_path / "absent")},
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: DJANGO_SECRET_KEY is not set") and "Traceback" not in result.stderr
