"""The production build, step by step where it runs without Docker: the Dockerfile's own
collectstatic (whitenoise's manifest storage follows every sourceMappingURL comment and fails on
a missing map), the gunicorn entry point, the Celery app and its beat schedule, and the paths the
Dockerfile and .dockerignore name. Each step runs in a fresh Python with a minimal production
environment, as in the image."""

from __future__ import annotations

import json
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
COMPOSE = (REPO_ROOT / "docker-compose.yml").read_text()
BIN = Path(sys.executable).parent


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "alumni_program.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "alumni.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'build.sqlite3'}",
        **extra,
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def dockerfile_collectstatic_env() -> dict[str, str]:
    """The variables the Dockerfile's collectstatic step sets (its RUN line, continuations joined)."""
    joined = DOCKERFILE.replace("\\\n", " ")
    line = next(line for line in joined.splitlines() if "collectstatic" in line and line.startswith("RUN"))
    words = shlex.split(line[len("RUN") :])
    return dict(word.split("=", 1) for word in words[: words.index("python")])


def test_the_dockerfiles_collectstatic_succeeds_with_production_storage(tmp_path):
    variables = dockerfile_collectstatic_env()
    assert variables["DJANGO_ENV"] == "production"
    env = production_env(tmp_path, **variables)
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'collect.sqlite3'}", STATIC_ROOT=str(tmp_path / "static"))

    result = run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)

    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/chartjs-4.5.1/chart.umd.min.js", "vendor/htmx-2.0.11/htmx.min.js", "css/app.css"):
        assert name in manifest, name
        assert (tmp_path / "static" / manifest[name]).exists()
        assert (tmp_path / "static" / (manifest[name] + ".gz")).exists()  # compressed too


def test_no_static_file_points_at_a_source_map_that_is_not_there():
    for path in (REPO_ROOT / "static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for target in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(errors="replace")):
            assert (path.parent / target).exists(), f"{path.relative_to(REPO_ROOT)} points at {target}"


def test_the_gunicorn_entry_point_loads_with_production_settings(tmp_path):
    cmd = re.search(r'CMD \["gunicorn", "([^"]+)"', DOCKERFILE)
    assert cmd, "the Dockerfile's CMD runs gunicorn"
    assert cmd.group(1) in COMPOSE  # web's command in docker compose names the same entry point

    result = run([str(BIN / "gunicorn"), "--check-config", cmd.group(1)], production_env(tmp_path))

    assert result.returncode == 0, result.stderr[-3000:]


def test_the_celery_app_loads_and_knows_every_scheduled_task(tmp_path):
    assert "celery -A alumni_program worker" in " ".join(COMPOSE.split()).replace('", "', " ").replace('["', "")
    probe = (
        "from alumni_program.celery import app; import django; django.setup(); "
        "from django.conf import settings; app.loader.import_default_modules(); "
        "missing = [e['task'] for e in settings.CELERY_BEAT_SCHEDULE.values() if e['task'] not in app.tasks]; "
        "print('missing', missing)"
    )

    result = run([sys.executable, "-c", probe], production_env(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:1/0"))

    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("missing []"), result.stdout


def test_what_the_dockerfile_copies_exists_and_the_image_keeps_the_app():
    for source in re.findall(r"^COPY (?:--\S+ )*(\S+) ", DOCKERFILE, flags=re.MULTILINE):
        assert source == "." or (REPO_ROOT / source).exists(), source
    ignored = {line.strip().rstrip("/") for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()}
    needed = {"manage.py", "requirements.txt", "alumni_program", "static", "templates", "core", "accounts"}
    assert not needed & ignored, needed & ignored
    assert (REPO_ROOT / "requirements.txt").read_text().count("gunicorn==") == 1


@pytest.mark.parametrize("command", ["check --deploy --fail-level ERROR", "migrate --check --plan"])
def test_manage_commands_the_image_runs_work_with_production_settings(tmp_path, command):
    result = run([sys.executable, "manage.py", *command.split()], production_env(tmp_path))

    # migrate --check exits 1 when migrations are unapplied (a fresh database): that is expected.
    assert result.returncode in ((0,) if command.startswith("check") else (0, 1)), result.stderr[-3000:]
    assert "Traceback" not in result.stderr
