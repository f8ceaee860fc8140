"""Test settings: the project's settings with a test-only secret and fast, file-less static files."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite")

from shop.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A file database (threads in the concurrency tests share it), one per test process so parallel runs
# never share a file.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": os.environ.get("SQLITE_TEST_PATH")
    or os.path.join(tempfile.gettempdir(), f"shop-test-{os.getpid()}.sqlite3")
}
# One process: memory is shared enough, and each test starts with it cleared (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
VERSIONS_FILE = None  # in that cache too (tests/test_versions.py covers the mapped file)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test speed only
STATIC_ROOT = None  # whitenoise serves nothing in tests; avoids the "No directory" warning

# The test client speaks plain HTTP, like `make run` (tests/test_security.py checks the
# production defaults themselves in a subprocess).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False

EMAIL_DELIVERY = "command"  # no background thread: a test delivers the outbox itself (notifications.services)
