"""Settings for the test suite: the production settings, plus the test database and inline tasks."""

import os

import dj_database_url

os.environ.setdefault("QIFU_INSECURE_DEV_KEY", "1")

from qifu.settings import *  # noqa: F403
from qifu.settings import DATA_DIR, DATABASES

if os.environ.get("QIFU_TEST_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["QIFU_TEST_DATABASE_URL"])}
else:
    # A file, not memory, so that tests with real concurrent connections run on SQLite too (WAL, IMMEDIATE).
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-qifu-{os.getpid()}.sqlite3")}
# Fast hashing for the many test users; production's Argon2 is asserted by tests/accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
QIFU_TASKS_INLINE = True
CELERY_BROKER_URL = ""
MEDIA_ROOT = DATA_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
