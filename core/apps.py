"""The core app: registered only for its one table (core.models.JobClaim) and its migrations."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"
