"""Settings of the benchmark server (``gongjian bench``'s throughput scenario): the project's settings on the
benchmark's throw-away database, plus one minimal view to compare the API against. Never used in production.
"""

import os

from gongjian.settings import *  # noqa: F403
from gongjian.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["GONGJIAN_BENCH_DB_NAME"]
DATABASES["default"]["CONN_MAX_AGE"] = 60
ROOT_URLCONF = "gongjian.bench.urls"
