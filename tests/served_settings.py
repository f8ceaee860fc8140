"""Settings of the app instances the tests start with gunicorn: production's, except static files.

Production serves hashed names from a manifest that `collectstatic` writes (make run does); the
instances a test starts serve plain names from the source folders instead, so no test needs or writes
the checkout's staticfiles/.
"""

from shop.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True  # straight from the source folders: nothing collected is needed, or stale
