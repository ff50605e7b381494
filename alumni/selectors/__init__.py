"""Stage 2 read queries used by more than one view or by the API; one module per concern."""
