"""Who may open which workspace page: one small helper per level of access.

Every check asks `user.has_perm(perm, obj)` (roles are groups with model
permissions; object rules are in actions/rules.py and workstreams/rules.py).
Someone who may not see a thing gets 404; someone who may see it but not
change it gets 403.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from actions.models import Action
from workstreams.models import Statement, SuccessMeasure


def is_staff_member(user):
    """Officers and programme managers: the people the workspace is for."""
    return user.has_perm("actions.record_progress") or user.has_perm("workstreams.manage_plan")


def staff_only(view):
    """Signed in, in an officer's or programme manager's role; never cached."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(login_required(wrapped))


def managers_only(view):
    """Programme managers only."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("workstreams.manage_plan"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(login_required(wrapped))


def internal_readers_only(view):
    """Anyone who may read internal narratives: officers, managers, parent representatives."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("actions.view_internal"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(login_required(wrapped))


def active_actions():
    """Actions of statements still being worked on (archived ones are read-only)."""
    return Action.objects.exclude(statement__status=Statement.Status.ARCHIVED)


def get_action_for_update(request, pk):
    action = get_object_or_404(
        active_actions().select_related("statement", "workstream__lead", "owner"), pk=pk
    )
    if not request.user.has_perm("actions.update_action", action):
        raise PermissionDenied
    return action


def get_measure_for_recording(request, pk):
    measure = get_object_or_404(
        SuccessMeasure.objects.exclude(statement__status=Statement.Status.ARCHIVED).select_related(
            "statement", "owner"
        ),
        pk=pk,
    )
    if not request.user.has_perm("workstreams.record_measurement_for", measure):
        raise PermissionDenied
    return measure
