"""Stage 3 pages, one module per area, each with its own ``urlpatterns`` (bizdev.urls joins them)."""
