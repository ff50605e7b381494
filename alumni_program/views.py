"""Project-level pages: the health check and the favicon (the home page is in .home)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from accounts.authentication import ApiTokenAuthentication

from .celery import app as celery_app


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return f"down: {exc.__class__.__name__}"
    return "ok"


def _check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # kombu raises several types for an unreachable broker
        return f"down: {exc.__class__.__name__}"
    return "ok"


def _check_worker(broker: str) -> str:
    if broker == "eager":
        return "eager"
    if broker != "ok":
        return "unknown: broker down"
    try:
        replies = celery_app.control.ping(timeout=1.0)
    except Exception as exc:
        return f"down: {exc.__class__.__name__}"
    return "ok" if replies else "down: no worker answered"


HEALTH_QUEUE_CACHE_KEY = "healthz:queue"


def _check_queue() -> tuple[str, str]:
    """(broker, worker), remembered for HEALTHZ_CACHE_SECONDS: pinging the workers takes up to
    a second, and /healthz is anonymous, so a few clients polling it must not slow the site."""
    cached = cache.get(HEALTH_QUEUE_CACHE_KEY)
    if isinstance(cached, (list, tuple)) and len(cached) == 2:
        return str(cached[0]), str(cached[1])
    broker = _check_broker()
    worker = _check_worker(broker)
    cache.set(HEALTH_QUEUE_CACHE_KEY, (broker, worker), timeout=settings.HEALTHZ_CACHE_SECONDS)
    return broker, worker


def _check_may_see_details(request: HttpRequest) -> bool:
    """Details (which component, why) are for HR leads: signed in, or with an HR lead's API token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(user.is_hr_lead)
    try:
        found = ApiTokenAuthentication().authenticate(Request(request))
    except APIException:
        return False
    return found is not None and bool(found[0].is_hr_lead)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static file."""
    # Resolved per request: with the manifest storage the hashed name exists only after
    # collectstatic, which must not be needed to import the URLconf.
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} when the database, the broker and a worker answer (or "eager" in
    embedded mode), else 503 {"status": "down"}. HR leads (session or API token) also get each
    component's state and the names of those down; anonymous callers only up or down."""
    database = _check_database()
    broker, worker = _check_queue()
    checks = {"database": database, "broker": broker, "worker": worker}
    down = [name for name, value in checks.items() if value not in ("ok", "eager")]
    body: dict[str, object] = {"status": "ok" if not down else "down"}
    if _check_may_see_details(request):
        body.update(checks=checks, down=down)
    return JsonResponse(body, status=200 if not down else 503)
