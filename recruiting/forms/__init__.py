"""Recruiting forms, one module per concern."""
