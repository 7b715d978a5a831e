"""The committed front-end build collects into hashed, compressed files."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_collectstatic_builds_the_production_manifest(tmp_path):
    environment = {**os.environ, "DEBUG": "false", "SECRET_KEY": "collectstatic-test"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "collectstatic",
            "--noinput",
            "--settings",
            "sutton_send.settings",
        ],
        cwd=ROOT,
        env={**environment, "STATIC_ROOT": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "css/sutton.css" in manifest
    assert list(tmp_path.glob("css/sutton.*.css.gz")), "compressed, hashed CSS"


def test_no_gov_uk_branding_ships_with_the_service():
    css = (ROOT / "static/css/sutton.css").read_text()
    assert "GDS Transport" not in css
    assert not (ROOT / "static/assets/fonts").exists()
