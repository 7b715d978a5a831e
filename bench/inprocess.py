"""The in-process half of `make bench`: query counts and uncached render times.

Run by bench/run.py with the bench database in DATABASE_URL. For each plan
size it loads the load-test statement (actions.load_data), then asks Django's
test client for each page, counting queries and timing renders with the page
and dashboard caches switched off (and once more with each on). It leaves the
largest plan in the database for the HTTP half, with a static copy of the
statement page (the same bytes, so the same size) and the pool of actions the
update POSTs go to.

    python -m bench.inprocess --sizes 10 100 1000 --password PW \\
        --static-copy PATH --pool PATH --out results.json
"""

import argparse
import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sutton_send.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from actions.load_data import MANAGER_USERNAME, SLUG, generate_load_data  # noqa: E402
from actions.models import Action  # noqa: E402
from reports.services import publish_progress_report  # noqa: E402

OFFICER_USERNAME = "loadtest-officer-1"
# Renders per page; the fastest is reported: other work on the machine only ever adds time.
RUNS = 7


def _measure(client, method, url, data=None, runs=RUNS, expect=200):
    """(queries of the last request, fastest of `runs` in milliseconds, bytes)."""
    timings, queries, size = [], None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == expect, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    return {"queries": queries, "ms": round(min(timings), 1), "bytes": size}


def measure_size(actions, password):
    result = generate_load_data(actions, password=password)
    statement = result.statement
    User = get_user_model()
    first = Action.objects.filter(statement=statement).order_by("pk").first()
    anonymous, manager, officer = Client(), Client(), Client()
    manager.force_login(User.objects.get(username=MANAGER_USERNAME))
    officer.force_login(User.objects.get(username=OFFICER_USERNAME))
    pages = {}
    with override_settings(PUBLIC_PAGE_CACHE=False):
        for name, url in [
            ("statement", f"/{SLUG}/"),
            ("action", first.get_absolute_url()),
            ("weakness", f"/{SLUG}/weaknesses/1/"),
            ("workstream", f"/{SLUG}/workstreams/1/"),
            ("measures", f"/{SLUG}/measures/"),
        ]:
            pages[name] = _measure(anonymous, "get", url)
    # With the cache on, a second anonymous reader costs one query (the version).
    pages["statement (cached)"] = _measure(anonymous, "get", f"/{SLUG}/", runs=3)
    # Dashboards built on every request, then as kept for a reader seeing theirs again.
    with override_settings(DASHBOARD_CACHE=False):
        pages["dashboard (officer)"] = _measure(officer, "get", "/manage/")
        pages["dashboard (manager)"] = _measure(manager, "get", "/manage/")
    pages["dashboard (officer, kept)"] = _measure(officer, "get", "/manage/", runs=3)
    update_url = f"/manage/actions/{first.pk}/update/"
    pages["update form"] = _measure(manager, "get", update_url)
    first.refresh_from_db()
    pages["update POST"] = _measure(
        manager,
        "post",
        update_url,
        {
            "status": "in_progress",
            "confidence": "at_risk",  # the form refuses "on track" past the due date
            "narrative": "Checked at the monthly meeting.",
            "public_summary": "The group checked progress this month.",
            "version": first.version,
        },
        runs=1,
        expect=302,
    )
    # Reports: progress against a weakness, the board report, a published progress report.
    weakness = statement.weaknesses.order_by("number").first()
    pages["weakness progress (internal)"] = _measure(
        manager, "get", f"/manage/weaknesses/{weakness.pk}/progress/"
    )
    board = f"/manage/plan/statements/{statement.pk}/board-report"
    pages["board report"] = _measure(manager, "get", f"{board}/", runs=3)
    pages["board report (XLSX)"] = _measure(manager, "get", f"{board}.xlsx", runs=3)
    report = publish_progress_report(
        statement, timezone.localdate(), "", User.objects.get(username=MANAGER_USERNAME)
    )
    with override_settings(PUBLIC_PAGE_CACHE=False):
        pages["progress report"] = _measure(anonymous, "get", report.get_absolute_url())
    return {"actions": actions, "pages": pages}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--password", required=True)
    parser.add_argument("--static-copy", required=True)
    parser.add_argument("--pool", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    results = [measure_size(size, args.password) for size in args.sizes]

    # The largest plan stays for the HTTP half: the statement page as a static file
    # of the same size, and the actions the update POSTs go to, with their versions.
    page = Client().get(f"/{SLUG}/")
    os.makedirs(os.path.dirname(args.static_copy), exist_ok=True)
    with open(args.static_copy, "wb") as copy:
        copy.write(page.content)
    pool = Action.objects.filter(statement__slug=SLUG, status=Action.Status.IN_PROGRESS).order_by(
        "pk"
    )
    with open(args.pool, "w") as out:
        out.writelines(f"{action.pk} {action.version}\n" for action in pool)
    first = Action.objects.filter(statement__slug=SLUG).order_by("pk").first()
    with open(args.out, "w") as out:
        json.dump(
            {
                "sizes": results,
                "action_url": first.get_absolute_url(),
                "statement_bytes": len(page.content),
            },
            out,
            indent=2,
        )


if __name__ == "__main__":
    main()
