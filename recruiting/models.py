"""Stage 1, recruiting (see DESIGN.md). Models arrive with the Stage 1 issue."""
