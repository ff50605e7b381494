"""Stage 2, alumni (see DESIGN.md). Models arrive with the Stage 2 issue."""
