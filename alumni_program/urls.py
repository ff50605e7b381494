from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    # Login emails are managed by HR (invitations); allauth's own email page would let a user
    # switch their login address unchecked, so it sends them to their profile instead.
    path("accounts/email/", RedirectView.as_view(pattern_name="accounts:profile"), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("pilots/", include("programs.urls")),
    path("people/", include("people.urls")),
    path("metrics/", include("metrics.urls")),
    path("listening/", include("listening.urls")),
    path("api/v1/", include("alumni_program.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
