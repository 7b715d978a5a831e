"""`make audit` (pip-audit) fails the build on a known vulnerability, and says loudly
when the vulnerability service could not be reached (.ci/audit_requirements.py)."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit", ROOT / ".ci" / "audit_requirements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clean(name, version="1.0"):
    return {"name": name, "version": version, "vulns": []}


def test_a_known_vulnerability_fails_the_build(audit):
    report = {
        "dependencies": [
            clean("django", "6.1.3"),
            {
                "name": "requests",
                "version": "2.0.0",
                "vulns": [{"id": "GHSA-xxxx-yyyy-zzzz", "fix_versions": ["2.32.0"]}],
            },
        ]
    }
    status, lines = audit.verdict(report)
    assert status == 1
    assert "VULNERABLE requests 2.0.0: GHSA-xxxx-yyyy-zzzz (fixed in 2.32.0)" in lines


def test_a_clean_report_passes(audit):
    status, lines = audit.verdict({"dependencies": [clean("django"), clean("rules")]})
    assert status == 0
    assert lines == ["pip-audit: 2 of 2 pinned packages checked, 0 known vulnerabilities."]


def test_offline_nothing_is_checked_which_is_said_loudly_but_does_not_fail(audit):
    unreachable = "Dependency not found on PyPI and could not be audited: django (6.1.3)"
    report = {"dependencies": [{"name": "django", "skip_reason": unreachable}]}
    status, lines = audit.verdict(report)
    assert status == 0
    assert any(line.startswith("WARNING: 1 of 1 packages could NOT be checked") for line in lines)
    assert audit.verdict(report, strict=True)[0] == 2


def test_a_vulnerability_fails_even_when_other_packages_were_not_checked(audit):
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "not found"},
            {"name": "rich", "version": "1", "vulns": [{"id": "PYSEC-1", "fix_versions": []}]},
        ]
    }
    status, lines = audit.verdict(report)
    assert status == 1
    assert "VULNERABLE rich 1: PYSEC-1 (fixed in no fixed version yet)" in lines


def test_pip_audit_not_running_at_all_is_said_loudly(audit):
    status, lines = audit.verdict(None)
    assert status == 0
    assert "NO package was checked" in lines[1]
    assert audit.verdict(None, strict=True)[0] == 2


def test_ci_runs_the_audit_before_the_tests():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert commands.index("make audit") < commands.index("make test")
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(
        r"^audit: .*\n\t.*audit_requirements\.py requirements\.txt requirements-dev\.txt$",
        makefile,
        re.M,
    )


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r ")):
                assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.\-]+", line), f"{name}: {line}"


def test_pip_audit_is_pinned_for_development_and_the_security_packages_for_runtime():
    runtime = (ROOT / "requirements.txt").read_text()
    development = (ROOT / "requirements-dev.txt").read_text()
    assert "django-axes==" in runtime
    assert "django-otp==" in runtime
    assert "pip-audit==" in development
