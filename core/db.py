"""Model helpers every app uses."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def choices_check(field: str, choices: type[models.Choices], name: str) -> models.CheckConstraint:
    """A CheckConstraint that keeps ``field`` within ``choices``' values, built from the choices
    class itself so a new choice cannot be forgotten in the constraint. (Adding a choice changes
    the constraint: makemigrations writes the migration.)"""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)
