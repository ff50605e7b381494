"""Listening forms, one module per area of pages."""
