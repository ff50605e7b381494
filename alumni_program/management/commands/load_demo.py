"""`manage.py load_demo [--password PW]`: demo data for Northwind Consulting (idempotent)."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from alumni_program.demo import DEFAULT_PASSWORD, FIRM, load_demo
from core.errors import DomainError

CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"
LOCMEM_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = (
        f"Load demo data for {FIRM}: users for each role, three pilots (one per stage), venues, "
        "companies, about 30 people, a year of ROI ledger (baselines, program costs, hires, introductions, "
        "assists), listening searches over a feed shipped with the app, Stage 1 recruiting, a Stage 2 "
        "alumni network of about 250 alumni, and Stage 3 business development: deals won, lost and open "
        "(assisted by alumni or not), help requests both ways (one stopped by the conflict-of-interest rule "
        "and disclosed, one confirmed past the guardrail), reference conversations and sales-cycle velocity. "
        "Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for the demo users created by this run (default: {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        if not password:
            raise CommandError("--password cannot be empty.")
        # The demo emails its fictitious alumni (surveys, a shared opening): in the embedded default
        # those would fill the console, so they are kept in memory and counted instead.
        quiet = settings.EMAIL_BACKEND == CONSOLE_EMAIL
        try:
            with override_settings(EMAIL_BACKEND=LOCMEM_EMAIL) if quiet else nullcontext():
                mail.outbox = []
                result = load_demo(password=password)
                sent = len(mail.outbox)
        except DomainError as exc:
            raise CommandError(f"Demo data not loaded (nothing was changed): {exc.message}") from exc

        if result.created_anything:
            self.stdout.write(self.style.SUCCESS(f"Demo data for {FIRM} loaded:"))
            for what, count in result.created.items():
                if count:
                    self.stdout.write(f"  {count:>3} {what}")
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already loaded: nothing new was created."))
        if quiet and sent:
            self.stdout.write(f"  {sent} emails to the demo's fictitious addresses were not printed.")
        for note in result.skipped:
            self.stdout.write(self.style.WARNING(f"  skipped {note}"))
        self.stdout.write(
            "Listening: press Run now on a search (Listening > Searches) to fill the inbox from the "
            "demo feed; it works offline."
        )

        self.stdout.write("")
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in as:")
        width = max(len(email) for email, *_ in result.logins)
        for email, shown, role, sees in result.logins:
            self.stdout.write(f"  {email:<{width}}  password: {shown}  role: {role} ({sees})")
