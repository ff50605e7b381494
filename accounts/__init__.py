"""Users, roles, invitations, API tokens and the audit log; the allauth glue (second factor,
login rate limits). Sits just above core: it imports no other app (../shared/DESIGN.md)."""
