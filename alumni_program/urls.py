"""The project's URLs. The Django admin is mounted only when ADMIN_ENABLED (off in production by
default), and its login is allauth's: second factor and login rate limits apply to it too."""

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import home, views

# The admin's own login form would sign people in with a password alone: send them through allauth.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


def _app_password_change(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
    """The admin's own password change would skip what the app's does (revoking API tokens)."""
    return redirect("account_change_password")


admin.site.password_change = _app_password_change  # type: ignore[method-assign]

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    # Login emails are managed by HR (invitations); allauth's own email page would let a user
    # switch their login address unchecked, so it sends them to their profile instead.
    path("accounts/email/", RedirectView.as_view(pattern_name="accounts:profile"), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("pilots/", include("programs.urls")),
    path("people/", include("people.urls")),
    path("metrics/", include("metrics.urls")),
    path("listening/", include("listening.urls")),
    path("recruiting/", include("recruiting.urls")),
    path("alumni/", include("alumni.urls")),
    path("bizdev/", include("bizdev.urls")),
    path("api/v1/", include("alumni_program.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

if settings.ADMIN_ENABLED:
    urlpatterns.append(path("admin/", admin.site.urls))
