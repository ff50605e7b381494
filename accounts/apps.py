"""accounts' start-up wiring: its audit phrases, and the second-factor verdict of every login."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .audit import ACCOUNTS_PHRASES, register_phrases
        from .second_factor import note_login

        register_phrases(ACCOUNTS_PHRASES)

        # Every way into a session sends user_logged_in; the verdict on its second factor is
        # kept in the session and enforced by SecondFactorMiddleware (see accounts.second_factor).
        user_logged_in.connect(note_login, dispatch_uid="accounts.second_factor.note_login")
