"""Project-level pages: the dashboard and the health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from metrics.access import visible_rows
from metrics.models import Win
from programs import selectors as program_selectors

from .celery import app as celery_app


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = program_selectors.dashboard_for_user(request.user)  # type: ignore[arg-type]
    context["recent_wins"] = list(visible_rows(request.user, Win)[:5])  # type: ignore[arg-type]
    return render(request, "dashboard.html", context)


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


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static file."""
    # Resolved per request: with the manifest storage the hashed name exists only after
    # collectstatic, which must not be needed to import the URLconf.
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every component "ok" (or "eager" in embedded mode); 503 naming what is down."""
    database = _check_database()
    broker = _check_broker()
    worker = _check_worker(broker)
    checks = {"database": database, "broker": broker, "worker": worker}
    down = [name for name, value in checks.items() if value not in ("ok", "eager")]
    body = {"status": "ok" if not down else "unavailable", "checks": checks, "down": down}
    return JsonResponse(body, status=200 if not down else 503)
