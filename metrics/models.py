"""Metrics: the ledger of introductions, assists and hires, legacy cost baselines and ROI reports
(see DESIGN.md). Models arrive with the metrics issue."""
