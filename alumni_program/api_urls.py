"""Everything under /api/v1/. Each app contributes its routes from its api.py."""

from django.urls import include, path

urlpatterns: list = [
]
