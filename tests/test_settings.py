"""Settings come from the environment: production refuses to start half-configured, bad values
name their variable, and a fully configured production passes `check --deploy` with no warning.

Each case starts a fresh Python with an environment built from scratch, because settings are
read once at import time.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SETUP_DJANGO = "import django; django.setup(); print('settings loaded')"


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {
        "DJANGO_ENV": "production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "example.com",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run(args: list[str], variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(REPO_ROOT / "var"),
        "DJANGO_SETTINGS_MODULE": "alumni_program.settings",
        **variables,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def assert_refused(result: subprocess.CompletedProcess[str], variable: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "settings loaded" not in result.stdout
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert variable in last_line


def test_no_environment_at_all_starts_in_embedded_mode(tmp_path):
    result = run(
        [
            "-c",
            SETUP_DJANGO
            + "; from django.conf import settings; print(settings.DEBUG, settings.CELERY_TASK_ALWAYS_EAGER)",
        ],
        {},
    )

    assert result.returncode == 0, result.stderr
    assert "settings loaded" in result.stdout
    assert "True True" in result.stdout


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_variable(tmp_path, variable):
    result = run(["-c", SETUP_DJANGO], production_env(tmp_path, **{variable: None}))

    assert_refused(result, variable)


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_an_empty_required_variable(tmp_path, variable):
    result = run(["-c", SETUP_DJANGO], production_env(tmp_path, **{variable: ""}))

    assert_refused(result, variable)


def test_fully_configured_production_starts(tmp_path):
    result = run(
        ["-c", SETUP_DJANGO + "; from django.conf import settings; print(settings.DEBUG)"], production_env(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    assert "settings loaded\nFalse" in result.stdout


def test_production_passes_the_deploy_security_checks(tmp_path):
    result = run(["manage.py", "check", "--deploy"], production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "security." not in result.stdout + result.stderr


def test_production_check_deploy_reports_no_warning_at_all(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("django_env", ["development", "production"])
def test_a_bad_boolean_is_refused_naming_the_variable(tmp_path, django_env):
    variables = production_env(tmp_path, DEBUG="maybe") if django_env == "production" else {"DEBUG": "maybe"}

    result = run(["-c", SETUP_DJANGO], variables)

    assert_refused(result, "DEBUG")


def test_a_bad_integer_is_refused_naming_the_variable(tmp_path):
    result = run(["-c", SETUP_DJANGO], {"INVITATION_EXPIRY_DAYS": "a week"})

    assert_refused(result, "INVITATION_EXPIRY_DAYS")


@pytest.mark.parametrize("value", ["staging", "prod", "Production"])
def test_an_unknown_django_env_is_refused(tmp_path, value):
    result = run(["-c", SETUP_DJANGO], production_env(tmp_path, DJANGO_ENV=value))

    assert_refused(result, "DJANGO_ENV")


def test_a_malformed_database_url_is_refused_naming_the_variable(tmp_path):
    result = run(["-c", SETUP_DJANGO], {"DATABASE_URL": "not a url"})

    assert_refused(result, "DATABASE_URL")


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_PROXY_COUNT": "99"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_CLIENT_IP_HEADER": "X Real IP: 1"}, "TRUSTED_CLIENT_IP_HEADER"),
        ({"TRUSTED_PROXY_COUNT": "1", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "TRUSTED_CLIENT_IP_HEADER"),
    ],
    ids=["not-a-number", "negative", "absurd", "not-a-header-name", "both-set"],
)
def test_a_bad_client_address_source_is_refused_naming_the_variable(tmp_path, variables, named):
    result = run(["-c", SETUP_DJANGO], variables)

    assert_refused(result, named)


def test_the_client_address_source_reaches_allauth(tmp_path):
    probe = SETUP_DJANGO + "; from allauth import app_settings as a; print(a.TRUSTED_PROXY_COUNT)"

    result = run(["-c", probe], {"TRUSTED_PROXY_COUNT": "2"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("2")
