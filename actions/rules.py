"""Object rules for actions, progress and comments (see workstreams/rules.py)."""

import rules

from workstreams.rules import can_read_internal, has_model_perm, is_programme_manager

can_record_progress = has_model_perm("actions.record_progress")
can_comment = has_model_perm("actions.add_comment")
can_moderate = has_model_perm("actions.moderate_comment")


@rules.predicate
def owns_action(user, action):
    return action is not None and action.owner.user_id == user.pk


@rules.predicate
def leads_action_workstream(user, action):
    return action is not None and action.workstream.lead.user_id == user.pk


# An officer updates an action they own, or any action of a workstream they lead.
rules.add_perm(
    "actions.update_action",
    is_programme_manager | (can_record_progress & (owns_action | leads_action_workstream)),
)
rules.add_perm("actions.read_internal", can_read_internal)
rules.add_perm("actions.moderate_comments", can_moderate)


# Comments, the parents' view and "you said, we did" --------------------------------

# A parent representative: comments and reads internal progress, but neither records
# progress nor runs the plan. Officers and programme managers are never taken for one.
is_parent_representative = (
    can_comment & can_read_internal & ~can_record_progress & ~is_programme_manager
)


def _statement_of(obj):
    from workstreams.models import Statement

    from .models import Comment

    if isinstance(obj, Statement):
        return obj
    if isinstance(obj, Comment):
        obj = obj.subject
    return obj.statement


def _responsible_user_ids(obj):
    """Who answers for `obj`: an action's owner and workstream lead, a measure's owner."""
    from .models import Action, Comment

    if isinstance(obj, Comment):
        obj = obj.subject
    if isinstance(obj, Action):
        return {obj.owner.user_id, obj.workstream.lead.user_id} - {None}
    return {obj.owner.user_id} - {None} if obj.owner_id else set()


@rules.predicate
def in_active_statement(user, obj):
    """Archived statements are a read-only record: nobody adds to them."""
    from workstreams.models import Statement

    return obj is not None and _statement_of(obj).status != Statement.Status.ARCHIVED


@rules.predicate
def responsible_for(user, obj):
    return obj is not None and user.pk in _responsible_user_ids(obj)


rules.add_perm("actions.comment_on_action", can_comment & in_active_statement)
rules.add_perm("actions.comment_on_measure", can_comment & in_active_statement)
rules.add_perm("actions.reply_to_comment", can_comment & in_active_statement)
# Whose reply answers a comment (and whose own comments wait for no answer).
rules.add_perm(
    "actions.answer_comment",
    is_programme_manager | (can_record_progress & responsible_for),
)
rules.add_perm("actions.give_parents_view", is_parent_representative & in_active_statement)
# The weekly digest (actions.reminders.plan_digests) goes to representatives on a
# workstream group; nobody else is ever sent one, so nobody else is offered one.
rules.add_perm("actions.get_digest", is_parent_representative)
rules.add_perm("actions.publish_parents_view", is_programme_manager)
rules.add_perm("actions.publish_you_said", is_programme_manager & can_moderate)
