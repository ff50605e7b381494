"""Listening: keyword families, boolean searches, source connectors and the conversations they find
(see DESIGN.md). Models arrive with the listening issue."""
