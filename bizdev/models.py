"""Stage 3, business development (see DESIGN.md). Models arrive with the Stage 3 issue."""
