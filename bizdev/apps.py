from django.apps import AppConfig


class BizdevConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bizdev"
