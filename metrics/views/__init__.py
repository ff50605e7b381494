"""Metrics pages, one module per area; metrics/urls.py joins their urlpatterns."""
