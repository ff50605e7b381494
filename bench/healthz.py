"""/healthz: how long one anonymous call takes, and how much the remembered queue check saves.

Three situations, each measured over 50 anonymous calls after clearing the remembered answer
once (so the first call does the real broker/worker check and the rest reuse it for
HEALTHZ_CACHE_SECONDS):

1. embedded mode (no broker): the database check alone;
2. a dead broker (nothing listens on port 1): the first call pays the broker's connect timeout;
3. a live broker with no worker (when CELERY_BROKER_URL is set, as under `make bench`): the first
   call pays the 1 s worker ping.

The first call is what every call cost before the answer was remembered. An orchestrator's probe times out after a few seconds: the first call of
a dead broker must stay well below that. Figures only, no pass/fail (see bench/README.md).

    scripts/with-services.sh .venv/bin/python bench/healthz.py
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")
os.environ.setdefault("DEBUG", "false")
LIVE_BROKER = os.environ.get("CELERY_BROKER_URL", "")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from alumni_program import views  # noqa: E402
from alumni_program.celery import app as celery_app  # noqa: E402

CALLS = 50


def use_broker(url: str) -> None:
    settings.CELERY_BROKER_URL = url
    os.environ["CELERY_BROKER_URL"] = url
    celery_app.conf.broker_url = url


def measure(label: str) -> None:
    client = Client()
    cache.delete(views.HEALTH_QUEUE_CACHE_KEY)
    timings, statuses = [], set()
    for _ in range(CALLS):
        start = time.perf_counter()
        response = client.get("/healthz")
        timings.append((time.perf_counter() - start) * 1000)
        statuses.add(response.status_code)
    rest = timings[1:]
    print(
        f"{label:<34} status {sorted(statuses)}  first {timings[0]:8.1f} ms  "
        f"then median {statistics.median(rest):6.2f} ms  p95 {sorted(rest)[int(len(rest) * 0.95)]:6.2f} ms"
    )


def main() -> None:
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # one "503" line per call otherwise
    print(f"load average: {os.getloadavg()}  cache: {settings.CACHES['default']['BACKEND']}")
    print(f"HEALTHZ_CACHE_SECONDS={settings.HEALTHZ_CACHE_SECONDS}, {CALLS} anonymous calls each")
    use_broker("")
    measure("embedded (no broker)")
    use_broker("redis://127.0.0.1:1/0")
    measure("dead broker (port 1)")
    if LIVE_BROKER:
        use_broker(LIVE_BROKER)
        measure("live broker, no worker")
    else:
        print("live broker, no worker: skipped (CELERY_BROKER_URL not set)")


if __name__ == "__main__":
    main()
