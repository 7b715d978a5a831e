"""Every page costs the same number of queries for a plan of 10 actions and of 100.

The plans come from generate_load_data, so measures, figures, updates and
comments grow with the actions, as in a real plan.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.load_data import MANAGER_USERNAME, SLUG, generate_load_data
from actions.models import Action
from sutton_send import versioned_cache

pytestmark = pytest.mark.django_db


def queries(client, method, url, data=None, expect=200):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == expect, url
    return len(captured)


def page_queries(client, settings):
    """Queries of each page and dashboard, uncached, for the load-test plan in the database."""
    settings.PUBLIC_PAGE_CACHE = False
    settings.DASHBOARD_CACHE = False
    User = get_user_model()
    first = Action.objects.filter(statement__slug=SLUG).order_by("pk").first()
    counts = {
        name: queries(client, "get", url)
        for name, url in [
            ("statement", f"/{SLUG}/"),
            ("action", first.get_absolute_url()),
            ("weakness", f"/{SLUG}/weaknesses/1/"),
            ("workstream", f"/{SLUG}/workstreams/1/"),
            ("measures", f"/{SLUG}/measures/"),
        ]
    }
    client.force_login(User.objects.get(username="loadtest-officer-1"))
    counts["dashboard (officer)"] = queries(client, "get", "/manage/")
    client.force_login(User.objects.get(username=MANAGER_USERNAME))
    counts["dashboard (manager)"] = queries(client, "get", "/manage/")
    update = f"/manage/actions/{first.pk}/update/"
    counts["update form"] = queries(client, "get", update)
    form = {
        "status": "in_progress",
        "confidence": "on_track",
        "narrative": "Checked at the monthly meeting.",
        "version": first.version,
    }
    counts["update POST"] = queries(client, "post", update, form, expect=302)
    client.logout()
    return counts


def test_every_page_costs_the_same_queries_at_10_and_100_actions(client, settings):
    versioned_cache.clear()
    generate_load_data(10)
    small = page_queries(client, settings)
    generate_load_data(100)
    large = page_queries(client, settings)
    assert large == small


def test_a_cached_public_page_costs_one_query_at_any_size(client):
    versioned_cache.clear()
    generate_load_data(100)
    client.get(f"/{SLUG}/")
    assert queries(client, "get", f"/{SLUG}/") == 1
