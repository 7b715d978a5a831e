"""`make audit`: pip-audit over the pinned requirements; fails on any known vulnerability.

    python .ci/audit_requirements.py [REQUIREMENTS_FILE ...]
    (default: requirements.txt requirements-dev.txt; pip-audit does not follow
    the `-r requirements.txt` inside requirements-dev.txt, so name both)

Exit status: 1 when a pinned package has a known vulnerability. When the
vulnerability service cannot be reached (no network, or a proxy that hides
PyPI's JSON API), nothing could be checked: that is printed as a loud warning
and the exit status is 0, so an offline build still runs its tests. Set
AUDIT_STRICT=1 where the network is expected (a real CI runner) to make an
unchecked package fail the build too (exit 2).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOUND, UNCHECKED = 1, 2


def run_pip_audit(files):
    """pip-audit's JSON report, or None (with its error output) if it could not produce one."""
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"]
    # Every version is pinned (==) in these files, so audit them as written,
    # without resolving (and downloading) anything.
    command += ["--disable-pip", "--no-deps"]
    for name in files:
        command += ["--requirement", str(ROOT / name)]
    # The command is this script's own, with file names from the Makefile.
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)  # noqa: S603
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        return None, result.stderr


def verdict(report, strict=False):
    """(exit status, lines to print) for a pip-audit JSON report (None: no report at all)."""
    if report is None:
        lines = _banner("pip-audit could not run, so NO package was checked for vulnerabilities.")
        return (UNCHECKED if strict else 0), lines
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    unchecked = [d for d in dependencies if d.get("skip_reason")]
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(
                f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']}"
                f" (fixed in {fixes})"
            )
    if unchecked:
        lines += _banner(
            f"{len(unchecked)} of {len(dependencies)} packages could NOT be checked: "
            "the vulnerability service was not reachable. For example: "
            f"{unchecked[0]['skip_reason']}"
        )
    checked = len(dependencies) - len(unchecked)
    lines.append(
        f"pip-audit: {checked} of {len(dependencies)} pinned packages checked, "
        f"{sum(len(d['vulns']) for d in vulnerable)} known vulnerabilities."
    )
    if vulnerable:
        return FOUND, lines
    if unchecked and strict:
        return UNCHECKED, lines
    return 0, lines


def _banner(message):
    rule = "!" * 78
    return [rule, f"WARNING: {message}", "Set AUDIT_STRICT=1 to make this fail the build.", rule]


def main(argv):
    files = argv or ["requirements.txt", "requirements-dev.txt"]
    report, errors = run_pip_audit(files)
    if report is None and errors:
        print(errors.strip().splitlines()[-1], file=sys.stderr)
    status, lines = verdict(report, strict=os.environ.get("AUDIT_STRICT") == "1")
    print("\n".join(lines), file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
