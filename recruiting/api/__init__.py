"""Recruiting API: serializers and viewsets, one module per concern."""
