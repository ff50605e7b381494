"""Reads used by more than one recruiting view, the API and the figures, one module per concern."""
