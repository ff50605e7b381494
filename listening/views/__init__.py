"""Listening pages, one module per area; listening/urls.py joins their urlpatterns."""
