"""Settings for the test suite: the real settings, with a fast password hasher and files under a temp dir."""

import os
import tempfile

os.environ.setdefault("GONGJIAN_ENV", "test")

from gongjian.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="gongjian-test-media-")
# Each run keeps its audit chain head apart: the test databases are new every run.
AUDIT_HEAD_FILE = os.path.join(tempfile.mkdtemp(prefix="gongjian-test-audit-"), "audit_head.json")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The second factor is tested with the production roles in gongjian/accounts/tests (override_settings); the other
# tests log their users in with the password alone.
GONGJIAN_MFA_REQUIRED = {}
# Jobs run in the request that starts them (the pages answer as they did before the worker); the tests of the
# queue (core/tests/test_jobs.py) turn this off and run the worker's loop themselves.
GONGJIAN_JOBS_IMMEDIATE = True
# A failed delivery may be tried again at once (the back-off schedule itself is tested in supervision/tests).
GONGJIAN_DELIVERY_RETRY_SECONDS = 0
