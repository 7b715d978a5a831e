"""Settings come from the environment, with no insecure fallbacks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env, DJANGO_SETTINGS_MODULE="sutton_send.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DEBUG, settings.TIME_ZONE, settings.LANGUAGE_CODE)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_debug_a_missing_secret_key_stops_the_app():
    result = load_settings(DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = load_settings(DEBUG="true", SECRET_KEY="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "Europe/London", "en-gb"]


def test_production_settings_start_with_a_secret_key():
    result = load_settings(DEBUG="false", SECRET_KEY="a-real-secret-from-the-environment")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_database_url_chooses_the_database():
    from django.conf import settings as live

    engine = live.DATABASES["default"]["ENGINE"]
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite3"
    )
    assert engine.endswith(expected)


def test_a_developers_env_file_is_read_by_the_app_but_not_by_the_tests(tmp_path, monkeypatch):
    """Copying .env.example to .env (DEBUG=true) must not make `make test` fail."""
    from sutton_send import dotenv

    name = "SUTTON_SEND_DOTENV_PROBE"
    monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text(f"{name}=from-the-file\n")

    assert dotenv.read(env_file) is False  # pytest is running
    assert name not in os.environ

    assert dotenv.read(env_file, modules={}) is True  # manage.py, gunicorn
    assert os.environ[name] == "from-the-file"
    monkeypatch.delenv(name)
